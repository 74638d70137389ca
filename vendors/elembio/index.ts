/**
 * ElemBio Cloud AWS provider and storage connection, with optional HealthOmics Bases2Fastq:
 * docs/vendors/elembio.md.
 *
 * The provider holds the credential (a role trusting Element's account with an external ID, or an
 * IAM user); storage and compute connections reference it. Every optional permission is granted
 * only when the connection's feature asks for it.
 */
import { policyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { ELEMENT_ACCOUNT_ID, ELEMENT_MAX_SESSION_DURATION_SECONDS, ELEMENT_USER_ONLY_ACTIONS, elementTrustPolicy, externalIdHint } from "../element";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import type { Handoff, VendorContext, VendorModule, VendorProblem } from "../types";
import { executionRoleName, healthOmicsExecutionRole } from "./execution-role";
import { ELEMBIO_OPTIONAL_STATEMENTS, ELEMBIO_STATEMENTS, HEALTHOMICS_REGIONS, HEALTHOMICS_SERVICE } from "./facts";
import { elembioNeeds } from "./needs";
import { elembioHandoffSteps } from "./handoff-steps";
import { ElembioConnectionSchema, type ElembioConnection } from "./schema";

export * from "./facts";
export { executionRoleName, executionRolePrefix, healthOmicsExecutionRole } from "./execution-role";
export { ElembioConnectionSchema, type ElembioConnection } from "./schema";

type Connection = ResolvedConnection<ElembioConnection>;

function executionRoleArn(connection: Connection, context: VendorContext): string {
  return `arn:aws:iam::${context.accountId}:role/${executionRoleName(connection.name, context.stack)}`;
}

const healthOmicsEnabled = (connection: Connection) => connection.healthOmics?.enabled === true;

/** The provider policy of elembio.md §5 with only the statements the connection's features need. */
export function elembioPolicyStatements(connection: Connection, bucket: ResolvedBucket, context: VendorContext): PolicyStatement[] {
  const { S3ObjectWrite, S3ObjectListing, S3BucketLevelOperations, STSOperations } = ELEMBIO_STATEMENTS;
  const optional = ELEMBIO_OPTIONAL_STATEMENTS;
  const objects = objectArn(bucket.name, connection.prefix);
  const listing: PolicyStatement = { Sid: "S3ObjectListing", Effect: "Allow", Action: [...S3ObjectListing.actions], Resource: bucketArn(bucket.name) };
  if (connection.prefix) listing.Condition = listPrefixCondition(connection.prefix);
  const bucketActions = [...S3BucketLevelOperations.actions, ...(connection.manageBucketPolicy ? optional.S3BucketPolicyOperations.actions : [])];
  const statements: PolicyStatement[] = [
    { Sid: "S3ObjectWrite", Effect: "Allow", Action: [...S3ObjectWrite.actions], Resource: objects },
    listing,
    { Sid: "S3BucketLevelOperations", Effect: "Allow", Action: bucketActions, Resource: bucketArn(bucket.name) },
    {
      Sid: "STSOperations",
      Effect: "Allow",
      Action: [...STSOperations.actions, ...(connection.credential.type === "user" ? ELEMENT_USER_ONLY_ACTIONS : [])],
      Resource: "*",
    },
    ...kmsKeyStatement(bucket, connection.download ? [...KMS_ACTIONS_FOR.write, ...KMS_ACTIONS_FOR.read] : KMS_ACTIONS_FOR.write),
  ];
  if (connection.download) statements.push({ Sid: "S3ObjectRead", Effect: "Allow", Action: [...optional.S3ObjectRead.actions], Resource: objects });
  if (healthOmicsEnabled(connection)) {
    statements.push(
      { Sid: "OmicsOperations", Effect: "Allow", Action: [...optional.OmicsOperations.actions], Resource: "*" },
      {
        // The vendor template passes any role (`*`); this passes only the connection's own execution
        // role, keeping the vendor's iam:PassedToService condition.
        Sid: "OmicsPassRole",
        Effect: "Allow",
        Action: [...optional.OmicsPassRole.actions],
        Resource: executionRoleArn(connection, context),
        Condition: { StringEquals: { "iam:PassedToService": HEALTHOMICS_SERVICE } },
      },
    );
  }
  return statements;
}

function validate(connection: Connection, bucket: ResolvedBucket): VendorProblem[] {
  const problems: VendorProblem[] = [];
  const shared = bucket.connections.length > 1;
  if (healthOmicsEnabled(connection) && shared && connection.prefix === undefined) {
    problems.push({
      severity: "error",
      path: ["healthOmics", "enabled"],
      message: `HealthOmics runs with an execution role that reads and writes wherever a run says; bucket "${connection.bucket}" is shared with other connections and this connection has no prefix, so the role would reach theirs (docs/vendors/elembio.md §7). Give the connection a prefix (the role is then confined to it), or use a bucket of its own`,
    });
  } else if (healthOmicsEnabled(connection) && shared) {
    problems.push({
      severity: "warning",
      path: ["healthOmics", "enabled"],
      message: `bucket "${connection.bucket}" is shared with other connections, so the HealthOmics execution role reads and writes only under "${connection.prefix}/" (ElemBio's template gives it the whole bucket, docs/vendors/elembio.md §7): keep the runs Bases2Fastq reads, and the output location it writes, under s3://${connection.bucket}/${connection.prefix}/`,
    });
  }
  if (healthOmicsEnabled(connection) && !(HEALTHOMICS_REGIONS as readonly string[]).includes(connection.region)) {
    problems.push({
      severity: "error",
      path: ["healthOmics", "enabled"],
      message: `HealthOmics needs the bucket in a HealthOmics region, and bucket "${connection.bucket}" is in ${connection.region}: the shared workflow runs only in the bucket's region (docs/vendors/elembio.md §7). Use a bucket in ${HEALTHOMICS_REGIONS.join(", ")}, or turn healthOmics off`,
    });
  }
  if (connection.manageBucketPolicy && shared) {
    problems.push({
      severity: "error",
      path: ["manageBucketPolicy"],
      message: `would let ElemBio rewrite the whole bucket policy of "${connection.bucket}", which other connections share: it could grant itself their prefixes or remove the TLS-only statement (docs/vendors/elembio.md §8). Use sharedPrincipals for sharing, or give this connection a bucket of its own`,
    });
  } else if (connection.manageBucketPolicy) {
    problems.push({
      severity: "warning",
      path: ["manageBucketPolicy"],
      message: `lets ElemBio rewrite the bucket policy of "${connection.bucket}": until the next \`pulumi up\` puts back the composed policy (and removes ElemBio's sharing statements), ElemBio can grant any principal access to the bucket, or remove the TLS-only statement (docs/vendors/elembio.md §8, §11.3). Prefer sharedPrincipals, or copy ElemBio's statements into buckets.${connection.bucket}.extraPolicyStatements`,
    });
  }
  return problems;
}

export const elembio: VendorModule<ElembioConnection> = {
  vendor: "elembio",
  title: "ElemBio Cloud AWS provider",
  shortTitle: "ElemBio",
  connectionSchema: ElembioConnectionSchema,
  requiredFieldHints: {
    "credential.externalId": externalIdHint("elembio", "ElemBio Cloud (Providers > Amazon Web Services)"),
    "healthOmics.enabled": ": write enabled: true to run the HealthOmics workflow, or remove healthOmics",
  },
  needs: elembioNeeds,
  samples: {
    tag: "eb",
    features: [false, true].flatMap((download) =>
      [false, true].flatMap((manageBucketPolicy) => [false, true].map((omics) => ({ download, manageBucketPolicy, healthOmics: { enabled: omics } }))),
    ),
    roleCredential: (name) => ({ type: "role", externalId: `ext-${name}` }),
  },
  identifiers: [HEALTHOMICS_SERVICE],
  // ElemBio Cloud acts from Element's account, with the same external ID as the storage connection.
  directAccessForbidden: [
    {
      accountId: ELEMENT_ACCOUNT_ID,
      why: "ElemBio Cloud reaches the bucket through the provider's role, which Element's account may assume only with the external ID (docs/vendors/elembio.md §3)",
    },
  ],
  validate,
  identityPolicy: (connection, bucket, context) => policyDocument(elembioPolicyStatements(connection, bucket, context)),
  // The same trust as Element's storage connection: Element's account with the external ID (elembio.md §3).
  trustPolicy: (connection) => elementTrustPolicy(roleCredentialOf(connection).externalId),
  maxSessionDurationSeconds: ELEMENT_MAX_SESSION_DURATION_SECONDS,
  // Shared principals get read-only access to the prefix; ElemBio's own sharing grants the whole
  // bucket (elembio.md §8, §11.3).
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  executionRole: (connection, bucket, context) => (healthOmicsEnabled(connection) ? healthOmicsExecutionRole(connection, bucket, context) : undefined),
  handoffSteps: elembioHandoffSteps,
  // Providers, Storage and Compute Connections in ElemBio Cloud (elembio.md §6).
  handoff(connection): Handoff {
    const credential: Handoff =
      connection.credential.type === "role"
        ? { credentialType: "Role", roleArn: { credential: "roleArn" }, externalId: connection.credential.externalId }
        : { credentialType: "Access Keys", accessKey: { credential: "accessKeyId" }, secretKey: { credential: "secretAccessKey" } };
    const storage: Handoff = { provider: connection.name, name: connection.name, region: connection.region, bucketName: connection.bucket };
    if (connection.prefix) storage.prefix = connection.prefix;
    storage.useForRunUpload = true;
    // Data Explorer lists the prefix; downloads from it need `download: true`.
    storage.useForDataExploration = true;
    const handoff: Handoff = { provider: { name: connection.name, defaultRegion: connection.region, ...credential }, storageConnection: storage };
    if (healthOmicsEnabled(connection)) {
      handoff.computeConnection = {
        provider: connection.name,
        name: connection.name,
        executionRoleArn: { credential: "executionRoleArn" },
        region: connection.region,
      };
    }
    return handoff;
  },
};
