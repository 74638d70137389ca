/**
 * Illumina Connected Analytics bring-your-own bucket: vendor-requirements.md §3 to §8.
 *
 * Two credential methods: an IAM user with an access key (§4), or a role ICA assumes with web
 * identity from its EKS clusters through an OIDC provider in the customer's account (§5). Either
 * way the bucket carries ICA's CORS rule (§3.3), and cross-account copy or move adds a bucket-policy
 * statement for Illumina's regional role (§6).
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/document";
import { bucketArn, objectArn } from "../iam/s3";
import { sidNamespace } from "../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import type { IcaConnection } from "../model/schema";
import { isVersioned, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "./shared";
import type { CorsRule, Handoff, OidcProviderSpec, StatementSpec, VendorModule, VendorProblem, VendorStackProblem } from "./types";

type Connection = ResolvedConnection<IcaConnection>;

/**
 * The RoleSessionName prefix ICA generates per AWS_Role credential (§3.4, §5.3). AWS session names
 * are `[\w+=,.@-]`, at most 64 characters; the trust policy appends `-*`.
 */
export const ICA_ROLE_SESSION_NAME_PREFIX = {
  pattern: /^[A-Za-z0-9_+=,.@-]{1,62}$/,
  allowed: "1 to 62 characters of A-Z a-z 0-9 and _ + = , . @ -",
} as const;

/** Illumina's AWS account, home of the regional cross-account roles (§0b, §6.2). */
export const ICA_ACCOUNT_ID = "079623148045";

/**
 * The OIDC namespace of India (§5.2, §11.1). ICA's OIDC table prints `aps1`, the namespace it also
 * gives Singapore, while the cross-account table's `ica_aps3_crossacct` suggests `aps3`. Kept as
 * printed until Illumina confirms; a role connection in India is warned about it.
 */
export const ICA_INDIA_OIDC_NAMESPACE = "aps1";

export interface IcaRegion {
  /** ICA's name for the region. */
  name: string;
  /** Namespace of Illumina's cross-account role `ica_<ns>_crossacct` (§6.2). */
  crossAccountNamespace: string;
  /** ICA's EKS OIDC provider (§5.2); absent where ICA publishes none (§11.3). */
  oidc?: { id: string; namespace: string };
}

/** ICA project regions (§3.1) with their cross-account namespaces (§6.2) and OIDC providers (§5.2). */
export const ICA_REGIONS: Record<string, IcaRegion> = {
  "ap-southeast-2": { name: "Australia", crossAccountNamespace: "aps2", oidc: { id: "F4CD1AEAE6E0820F305F0230FAF6319C", namespace: "aps2" } },
  "ca-central-1": { name: "Canada", crossAccountNamespace: "cac1", oidc: { id: "4E70F8E1A204A4B2A22E4F7BA9A06D27", namespace: "cac1" } },
  "eu-central-1": { name: "Germany", crossAccountNamespace: "euc1", oidc: { id: "FD40D1945EBD71D8433A98C0CE04E625", namespace: "euc1" } },
  "ap-south-1": { name: "India", crossAccountNamespace: "aps3", oidc: { id: "4C3E0D308DB6DA9625FF938C57DAB3B6", namespace: ICA_INDIA_OIDC_NAMESPACE } },
  "ap-southeast-3": { name: "Indonesia", crossAccountNamespace: "aps4" },
  "il-central-1": { name: "Israel", crossAccountNamespace: "ilc1" },
  "ap-northeast-1": { name: "Japan", crossAccountNamespace: "apn1", oidc: { id: "31343141B6F8EA41F379AE795CFA7638", namespace: "apn1" } },
  "ap-southeast-1": { name: "Singapore", crossAccountNamespace: "aps1", oidc: { id: "4839F25C2D7F1765F0523616EB33711F", namespace: "aps1" } },
  "ap-northeast-2": { name: "South Korea", crossAccountNamespace: "apn2", oidc: { id: "F2F941225297CB2CD58E91A45ED1362D", namespace: "apn2" } },
  "eu-west-2": { name: "UK", crossAccountNamespace: "euw2", oidc: { id: "CC52F03C88D774F70AB9D2E2BABDF225", namespace: "euw2" } },
  "me-central-1": { name: "United Arab Emirates", crossAccountNamespace: "mec1" },
  "us-east-1": { name: "United States", crossAccountNamespace: "use1", oidc: { id: "10FBA7EDEB5930CCFC300EF5AC3DB2FE", namespace: "use1" } },
};

/** Illumina's regional role for cross-account copy and move (§6.2). */
export function icaCrossAccountRoleArn(region: string): string {
  return `arn:aws:iam::${ICA_ACCOUNT_ID}:role/ica_${ICA_REGIONS[region].crossAccountNamespace}_crossacct`;
}

/** The issuer of ICA's OIDC provider in a region, without `https://` (§5.2). */
export function icaOidcIssuer(region: string): string | undefined {
  const oidc = ICA_REGIONS[region]?.oidc;
  return oidc && `oidc.eks.${region}.amazonaws.com/id/${oidc.id}`;
}

/**
 * The service accounts ICA's storage service runs as in a region's cluster: the `:sub` the trust
 * policy allows (§5.3, §5.6 verbatim). The trailing `*` makes it a pattern (StringLike).
 */
export function icaServiceAccountSubject(namespace: string): string {
  return `system:serviceaccount:${namespace}:irsa-${namespace}-gds*`;
}

/** The OIDC provider's client ID, which is also the `:aud` the trust policy expects (§5.2, §5.3). */
export const ICA_OIDC_AUDIENCE = "sts.amazonaws.com";

/** §5.4: "the storage configuration will not go online" otherwise. */
export const ICA_MAX_SESSION_DURATION_SECONDS = 43_200;

/** CORS for browser uploads from ICA (§3.3, verbatim; no MaxAgeSeconds is specified). */
export const ICA_CORS_RULE: CorsRule = {
  allowedHeaders: ["*"],
  allowedMethods: ["HEAD", "GET", "PUT", "POST", "DELETE"],
  allowedOrigins: ["https://ica.illumina.com"],
  exposeHeaders: ["ETag", "x-amz-meta-custom-header"],
};

/**
 * The identity policy of §4.1 (verbatim ICA-user; the role method's JSON was not retrieved, §0 row
 * 4, so for roles the same S3 sets are [INF]). The vendor statements have no Sids; these name them.
 */
export const ICA_STATEMENTS = {
  S3BucketOperations: {
    actions: ["s3:PutBucketNotification", "s3:ListBucket", "s3:GetBucketNotification", "s3:GetBucketLocation"],
    on: "bucket",
    source: "§4.1",
    inferred: false,
  },
  S3ObjectOperations: { actions: ["s3:PutObject", "s3:GetObject", "s3:RestoreObject", "s3:DeleteObject"], on: "objects", source: "§4.1, prefix scoping §4.2", inferred: false },
  STSFederationToken: { actions: ["sts:GetFederationToken"], on: "any", source: "§4.1 (user method)", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/** Added on versioned or versioning-suspended buckets (§4.2, §3.2). */
export const ICA_VERSIONED_ACTIONS = {
  bucket: ["s3:ListBucketVersions", "s3:GetBucketVersioning"],
  objects: ["s3:DeleteObjectVersion", "s3:GetObjectVersion"],
} as const;

/** `objectTagging: true` (§6.3); the version-tagging pair on versioned buckets is [3P]. */
export const ICA_TAGGING_ACTIONS = {
  objects: ["s3:GetObjectTagging", "s3:PutObjectTagging"],
  versionedObjects: ["s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging"],
} as const;

/** SSE-KMS buckets: on exactly the bucket's key (§8). */
export const ICA_KMS_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] as const;

/**
 * The cross-account statement (§6.1 verbatim for copy). Move adds `s3:DeleteObject`, and versioned
 * buckets the version actions, both [3P] (§6.1, §11.13).
 */
export const ICA_CROSS_ACCOUNT_ACTIONS = {
  copy: ["s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:GetObject"],
  move: ["s3:DeleteObject"],
  versionedCopy: ["s3:GetObjectVersion"],
  versionedMove: ["s3:DeleteObjectVersion"],
} as const;

/** The identity policy: §4.1 or §4.2 by versioning, scoped to the prefix, plus tagging and KMS. */
export function icaPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const versioned = isVersioned(bucket);
  const { S3BucketOperations, S3ObjectOperations, STSFederationToken } = ICA_STATEMENTS;
  const objectActions: string[] = [...S3ObjectOperations.actions, ...(versioned ? ICA_VERSIONED_ACTIONS.objects : [])];
  if (connection.objectTagging) objectActions.push(...ICA_TAGGING_ACTIONS.objects, ...(versioned ? ICA_TAGGING_ACTIONS.versionedObjects : []));
  return [
    // ICA lists the bucket without an s3:prefix condition (§10, §11.10).
    { Sid: "S3BucketOperations", Effect: "Allow", Action: [...S3BucketOperations.actions, ...(versioned ? ICA_VERSIONED_ACTIONS.bucket : [])], Resource: bucketArn(bucket.name) },
    { Sid: "S3ObjectOperations", Effect: "Allow", Action: objectActions, Resource: objectArn(bucket.name, connection.prefix) },
    // GetFederationToken cannot be called with role credentials (§5.1, §11.5): users only.
    ...(connection.credential.type === "user" ? [{ Sid: "STSFederationToken", Effect: "Allow" as const, Action: [...STSFederationToken.actions], Resource: "*" }] : []),
    // The vendor lists the key in the bucket statement (§8); a statement of its own grants the same.
    ...kmsKeyStatement(bucket, ICA_KMS_ACTIONS),
  ];
}

/** The role trust of §5.3 [INF]: ICA's EKS service account, through the account's OIDC provider. */
export function icaTrustPolicy(connection: Connection, accountId: string): PolicyDocument {
  const { roleSessionNamePrefix } = roleCredentialOf(connection);
  const region = ICA_REGIONS[connection.region];
  const issuer = icaOidcIssuer(connection.region);
  if (!region?.oidc || !issuer) throw new Error(`ICA publishes no OIDC provider for ${connection.region}`);
  const namespace = region.oidc.namespace;
  return policyDocument([
    {
      Sid: "IcaAssumeRoleWithWebIdentity",
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::${accountId}:oidc-provider/${issuer}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: {
        // The trailing `*` of the service account (verbatim §5.3) needs StringLike.
        StringLike: {
          [`${issuer}:sub`]: icaServiceAccountSubject(namespace),
          "sts:RoleSessionName": `${roleSessionNamePrefix}-*`,
        },
        StringEquals: { [`${issuer}:aud`]: ICA_OIDC_AUDIENCE },
      },
    },
  ]);
}

/** The cross-account statement for Illumina's regional role, confined to the prefix (§6). */
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

const regionList = () => Object.entries(ICA_REGIONS).map(([code, r]) => `${code} (${r.name})`).join(", ");

function validate(connection: Connection, bucket: ResolvedBucket): VendorProblem[] {
  const region = ICA_REGIONS[connection.region];
  if (!region) {
    return [
      {
        severity: "error",
        path: ["bucket"],
        message: `bucket "${connection.bucket}" is in ${connection.region}, but ICA connects only buckets in its project's region (§3.1): ${regionList()}. Use a bucket in your ICA project's region`,
      },
    ];
  }
  const problems: VendorProblem[] = [];
  if (connection.credential.type === "role") {
    if (!region.oidc) {
      problems.push({
        severity: "error",
        path: ["credential", "type"],
        message: `ICA publishes no OIDC provider for ${region.name} (${connection.region}), so the role method cannot work there (§5.2, §11.3); use credential type user`,
      });
    } else if (connection.region === "ap-south-1") {
      problems.push({
        severity: "warning",
        path: ["credential", "type"],
        message: `ICA's documents disagree on India's namespace (aps1 in the OIDC table, aps3 for its cross-account role, §11.1); the trust policy uses ${ICA_INDIA_OIDC_NAMESPACE}. Confirm with Illumina; the value is ICA_INDIA_OIDC_NAMESPACE in vendors/ica.ts`,
      });
    }
  }
  if (connection.prefix === undefined) {
    problems.push({
      severity: "warning",
      path: ["bucket"],
      message: `ICA advises against the bucket's root folder (§3.2, §11.11): give the connection a prefix so projects see only their folder`,
    });
  }
  if (bucket.encryption.type === "sse-kms" && (connection.crossAccount ?? "none") !== "none") {
    problems.push({
      severity: "warning",
      path: ["crossAccount"],
      message: `cross-account ${connection.crossAccount} on an SSE-KMS bucket also needs the key policy of ${bucket.encryption.kmsKeyArn} to let ${icaCrossAccountRoleArn(connection.region)} use the key (§8); this program does not manage the key`,
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
    return { url: `https://${issuer}`, clientIds: [ICA_OIDC_AUDIENCE], adopt: connection.credential.adoptOidcProvider === true };
  },
  // System Settings > Credentials, then System Settings > Storage (§3.4, §4.3, §5.5).
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
    // ICA's key prefix must end with "/" (§3.2, §3.4).
    if (connection.prefix) storage.keyPrefix = `${connection.prefix}/`;
    if (connection.credential.type === "role") storage.roleArn = { credential: "roleArn" };
    if (bucket.encryption.type === "sse-kms") storage.serverSideEncryption = { algorithm: "aws:kms", keyName: bucket.encryption.kmsKeyArn };
    return { storageCredential: credential, storageConfiguration: storage };
  },
};
