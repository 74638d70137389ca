/**
 * Illumina Connected Analytics bring-your-own bucket: docs/vendors/ica.md to ica.md §10.
 *
 * Two credential methods: an IAM user with an access key (ica.md §6), or a role ICA assumes with web
 * identity from its EKS clusters through an OIDC provider in the customer's account (ica.md §7). Either
 * way the bucket carries ICA's CORS rule (ica.md §4), and cross-account copy or move adds a bucket-policy
 * statement for Illumina's regional role (ica.md §8).
 */
import { policyDocument, type Condition, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, objectArn } from "../../iam/s3";
import { sidNamespace } from "../../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { isVersioned, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import type { Handoff, OidcProviderSpec, VendorModule, VendorProblem, VendorStackProblem } from "../types";
import {
  ICA_ACCOUNT_ID,
  ICA_CONFIGURATION_NAME_LENGTH,
  ICA_CORS_RULE,
  ICA_CROSS_ACCOUNT_ACTIONS,
  ICA_INDIA_OIDC_NAMESPACE,
  ICA_KMS_ACTIONS,
  ICA_MAX_SESSION_DURATION_SECONDS,
  ICA_OIDC_AUDIENCE,
  ICA_REGIONS,
  ICA_ROLE_SESSION_NAME_PREFIX,
  ICA_STATEMENTS,
  ICA_TAGGING_ACTIONS,
  ICA_TRUST,
  ICA_VERSIONED_ACTIONS,
  icaAmbiguousNamespaceRegions,
  icaCrossAccountRoleArn,
  icaOidcIssuer,
  icaOidcNamespace,
  icaServiceAccountSubject,
} from "./facts";
import { icaNeeds } from "./needs";
import { icaHandoffSteps } from "./handoff-steps";
import { IcaConnectionSchema, type IcaConnection } from "./schema";

export * from "./facts";
export { IcaConnectionSchema, type IcaConnection } from "./schema";

type Connection = ResolvedConnection<IcaConnection>;

/** The identity policy: ica.md §6.1 or ica.md §6.2 by versioning, scoped to the prefix, plus tagging and KMS. */
export function icaPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const versioned = isVersioned(bucket);
  const { S3BucketOperations, S3ObjectOperations, STSFederationToken } = ICA_STATEMENTS;
  const objectActions: string[] = [...S3ObjectOperations.actions, ...(versioned ? ICA_VERSIONED_ACTIONS.objects : [])];
  if (connection.objectTagging) objectActions.push(...ICA_TAGGING_ACTIONS.objects, ...(versioned ? ICA_TAGGING_ACTIONS.versionedObjects : []));
  return [
    // ICA lists the bucket without an s3:prefix condition (aws.md §1, ica.md §12.5).
    {
      Sid: "S3BucketOperations",
      Effect: "Allow",
      Action: [...S3BucketOperations.actions, ...(versioned ? ICA_VERSIONED_ACTIONS.bucket : [])],
      Resource: bucketArn(bucket.name),
    },
    { Sid: "S3ObjectOperations", Effect: "Allow", Action: objectActions, Resource: objectArn(bucket.name, connection.prefix) },
    // GetFederationToken cannot be called with role credentials (ica.md §7.1, §12.4): users only.
    ...(connection.credential.type === "user"
      ? [{ Sid: "STSFederationToken", Effect: "Allow" as const, Action: [...STSFederationToken.actions], Resource: "*" }]
      : []),
    // The vendor lists the key in the bucket statement (ica.md §10); a statement of its own grants the same.
    ...kmsKeyStatement(bucket, ICA_KMS_ACTIONS),
  ];
}

/** The role trust of ica.md §7.3: ICA's EKS service account, through the account's OIDC provider. */
export function icaTrustPolicy(connection: Connection, accountId: string): PolicyDocument {
  const { roleSessionNamePrefix } = roleCredentialOf(connection);
  const region = ICA_REGIONS[connection.region];
  const issuer = icaOidcIssuer(connection.region);
  if (!region?.oidc || !issuer) throw new Error(`ICA publishes no OIDC provider for ${connection.region}`);
  const credential = roleCredentialOf(connection);
  const namespace = icaOidcNamespace(connection.region, credential.oidcNamespace) ?? region.oidc.namespace;
  const { action, subject, audience, sessionName } = ICA_TRUST;
  const condition: Condition = {};
  const add = (operator: string, key: string, value: string) => (condition[operator] = { ...condition[operator], [key]: value });
  add(subject.operator, `${issuer}${subject.keySuffix}`, icaServiceAccountSubject(namespace));
  add(sessionName.operator, sessionName.key, `${roleSessionNamePrefix}${sessionName.suffix}`);
  add(audience.operator, `${issuer}${audience.keySuffix}`, ICA_OIDC_AUDIENCE);
  return policyDocument([
    {
      Sid: "IcaAssumeRoleWithWebIdentity",
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${issuer}` },
      Action: action,
      Condition: condition,
    },
  ]);
}

/** The cross-account statement for Illumina's regional role, confined to the prefix (ica.md §8). */
export function icaCrossAccountStatement(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const mode = connection.crossAccount ?? "none";
  if (mode === "none") return [];
  const versioned = isVersioned(bucket);
  const actions: string[] = [...ICA_CROSS_ACCOUNT_ACTIONS.copy, ...(versioned ? ICA_CROSS_ACCOUNT_ACTIONS.versionedCopy : [])];
  if (mode === "move") actions.push(...ICA_CROSS_ACCOUNT_ACTIONS.move, ...(versioned ? ICA_CROSS_ACCOUNT_ACTIONS.versionedMove : []));
  if (connection.objectTagging) actions.push(...ICA_TAGGING_ACTIONS.objects, ...(versioned ? ICA_TAGGING_ACTIONS.versionedObjects : []));
  return [
    {
      // The vendor's statement names the whole bucket (B and B/*); every action in it acts on
      // objects, so the objects under the connection's prefix are all it needs.
      Sid: `${sidNamespace(connection.name)}IcaCrossAccount`,
      Effect: "Allow",
      Principal: { AWS: icaCrossAccountRoleArn(connection.region) },
      Action: actions,
      Resource: objectArn(bucket.name, connection.prefix),
    },
  ];
}

const regionList = () =>
  Object.entries(ICA_REGIONS)
    .map(([code, r]) => `${code} (${r.name})`)
    .join(", ");

function validate(connection: Connection, bucket: ResolvedBucket): VendorProblem[] {
  const { min, max } = ICA_CONFIGURATION_NAME_LENGTH;
  if (connection.name.length < min || connection.name.length > max) {
    // The hand-off gives the connection's name as the configuration name, which ICA would refuse.
    return [
      {
        severity: "error",
        path: ["name"],
        message: `"${connection.name}" is the storage configuration name ICA is given, and ICA accepts ${min} to ${max} characters (it has ${connection.name.length}) (docs/vendors/ica.md §5); rename the connection`,
      },
    ];
  }
  const region = ICA_REGIONS[connection.region];
  if (!region) {
    return [
      {
        severity: "error",
        path: ["bucket"],
        message: `bucket "${connection.bucket}" is in ${connection.region}, but ICA connects only buckets in its project's region (docs/vendors/ica.md §2): ${regionList()}. Use a bucket in your ICA project's region`,
      },
    ];
  }
  const problems: VendorProblem[] = [];
  if (connection.credential.type === "role") {
    if (!region.oidc) {
      problems.push({
        severity: "error",
        path: ["credential", "type"],
        message: `ICA publishes no OIDC provider for ${region.name} (${connection.region}), so the role method cannot work there (docs/vendors/ica.md §7.2, §12.3); use credential type user`,
      });
    } else if (icaAmbiguousNamespaceRegions().includes(connection.region)) {
      const chosen = connection.credential.oidcNamespace;
      const tables = [region.oidc.namespace, region.crossAccountNamespace];
      problems.push({
        severity: "warning",
        path: ["credential", chosen === undefined ? "type" : "oidcNamespace"],
        message:
          chosen === undefined
            ? `ICA's documents disagree on ${region.name}'s namespace (${tables[0]} in the OIDC table, ${tables[1]} for its cross-account role, docs/vendors/ica.md §12.1); the trust policy uses ${ICA_INDIA_OIDC_NAMESPACE}. Confirm with Illumina, and set credential.oidcNamespace to the namespace it confirms`
            : `the trust policy uses namespace ${chosen} for ${region.name}, where ICA's documents disagree (${tables.join(" or ")}, docs/vendors/ica.md §12.1)${tables.includes(chosen) ? "" : `; ${chosen} is neither of them, so check it with Illumina`}`,
      });
    }
  }
  if (
    connection.credential.type === "role" &&
    connection.credential.oidcNamespace !== undefined &&
    !icaAmbiguousNamespaceRegions().includes(connection.region)
  ) {
    problems.push({
      severity: "error",
      path: ["credential", "oidcNamespace"],
      message: `ICA's tables agree on ${region.name}'s namespace (${region.oidc?.namespace ?? "none"}), so there is nothing to choose; remove oidcNamespace (it is for ${icaAmbiguousNamespaceRegions().join(", ")} only, docs/vendors/ica.md §12.1)`,
    });
  }
  if (connection.prefix === undefined) {
    problems.push({
      severity: "warning",
      path: ["bucket"],
      message: `ICA advises against the bucket's root folder (docs/vendors/ica.md §3, §12.6): give the connection a prefix so projects see only their folder`,
    });
  }
  if (bucket.encryption.type === "sse-kms" && (connection.crossAccount ?? "none") !== "none") {
    problems.push({
      severity: "warning",
      path: ["crossAccount"],
      message: `cross-account ${connection.crossAccount} on an SSE-KMS bucket also needs the key policy of ${bucket.encryption.kmsKeyArn} to let ${icaCrossAccountRoleArn(connection.region)} use the key (docs/vendors/ica.md §10); this program does not manage the key`,
    });
  }
  return problems;
}

/** Role connections in one region share the account's OIDC provider: they must agree on adopting it. */
function validateTogether(connections: Connection[]): VendorStackProblem[] {
  const problems: VendorStackProblem[] = [];
  const byIssuer = new Map<string, Connection>();
  for (const connection of connections) {
    if (connection.credential.type !== "role") continue;
    const issuer = icaOidcIssuer(connection.region);
    if (!issuer) continue;
    const first = byIssuer.get(issuer);
    if (!first) {
      byIssuer.set(issuer, connection);
      continue;
    }
    const adopt = (c: Connection) => (c.credential.type === "role" && c.credential.adoptOidcProvider) === true;
    if (adopt(first) !== adopt(connection)) {
      problems.push({
        connection: connection.name,
        severity: "error",
        path: ["credential", "adoptOidcProvider"],
        message: `connections "${first.name}" and "${connection.name}" share the account's OIDC provider for ${connection.region}, but only one says adoptOidcProvider: true; the provider exists once per account, so set the same value on both`,
      });
    }
  }
  return problems;
}

export const ica: VendorModule<IcaConnection> = {
  vendor: "ica",
  title: "Illumina Connected Analytics storage",
  shortTitle: "ICA",
  connectionSchema: IcaConnectionSchema,
  requiredFieldHints: {
    "credential.roleSessionNamePrefix": " for ica role credentials; copy it from ICA > System Settings > Credentials when you create the AWS_Role credential",
  },
  needs: icaNeeds,
  samples: {
    tag: "ica",
    features: ["none", "copy", "move"].flatMap((crossAccount) => [false, true].map((objectTagging) => ({ crossAccount, objectTagging }))),
    roleCredential: () => ({ type: "role", roleSessionNamePrefix: "a1b2c3d4" }),
  },
  identifiers: [
    ICA_ACCOUNT_ID,
    ...ICA_CORS_RULE.allowedOrigins,
    ...Object.values(ICA_REGIONS).flatMap((region) => (region.oidc ? [region.oidc.id] : [])),
    "_crossacct",
    "irsa-",
    ICA_ROLE_SESSION_NAME_PREFIX.allowed,
  ],
  directAccessForbidden: [
    {
      accountId: ICA_ACCOUNT_ID,
      // Illumina publishes these roles to be named in bucket policies (ica.md §8.2).
      allowedPrincipals: Object.keys(ICA_REGIONS).map(icaCrossAccountRoleArn),
      why: "ICA reaches the bucket through the connection's user or role, whose trust admits only ICA's service account with its session-name prefix (docs/vendors/ica.md §7.3); Illumina's account may be named only by its cross-account roles ica_<ns>_crossacct (docs/vendors/ica.md §8.2), which crossAccount adds",
    },
  ],
  validate,
  validateTogether,
  identityPolicy: (connection, bucket) => policyDocument(icaPolicyStatements(connection, bucket)),
  trustPolicy: (connection, context) => icaTrustPolicy(connection, context.accountId),
  maxSessionDurationSeconds: ICA_MAX_SESSION_DURATION_SECONDS,
  bucketPolicyStatements: (connection, bucket) => [...sharedPrincipalStatements(connection), ...icaCrossAccountStatement(connection, bucket)],
  corsRules: () => [ICA_CORS_RULE],
  oidcProvider(connection): OidcProviderSpec | undefined {
    const issuer = icaOidcIssuer(connection.region);
    if (connection.credential.type !== "role" || !issuer) return undefined;
    // `oidc-<region>`: the name existing stacks know (one provider per region for ICA).
    return {
      logicalName: `oidc-${connection.region}`,
      url: `https://${issuer}`,
      clientIds: [ICA_OIDC_AUDIENCE],
      adopt: connection.credential.adoptOidcProvider === true,
    };
  },
  // System Settings > Credentials, then System Settings > Storage (ica.md §5, §6.7, §7.5).
  handoffSteps: icaHandoffSteps,
  handoff(connection, bucket): Handoff {
    const credential: Handoff =
      connection.credential.type === "role"
        ? {
            name: connection.name,
            type: "AWS_Role",
            note: `The role trusts sessions named ${connection.credential.roleSessionNamePrefix}-*: the RoleSessionName prefix ICA generated when you created this credential. Nothing to paste here.`,
          }
        : { name: connection.name, type: "AWS user", accessKeyId: { credential: "accessKeyId" }, secretAccessKey: { credential: "secretAccessKey" } };
    const storage: Handoff = { type: "AWS_S3", region: connection.region, configurationName: connection.name, bucketName: connection.bucket };
    // ICA's key prefix must end with "/" (ica.md §3, §5).
    if (connection.prefix) storage.keyPrefix = `${connection.prefix}/`;
    if (connection.credential.type === "role") storage.roleArn = { credential: "roleArn" };
    if (bucket.encryption.type === "sse-kms") storage.serverSideEncryption = { algorithm: "aws:kms", keyName: bucket.encryption.kmsKeyArn };
    return { storageCredential: credential, storageConfiguration: storage };
  },
};
