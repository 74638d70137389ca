/**
 * ElemBio Cloud AWS provider and storage connection, with optional HealthOmics Bases2Fastq:
 * vendor-requirements.md §2.
 *
 * The provider holds the credential (a role trusting Element's account with an external ID, or an
 * IAM user); storage and compute connections reference it. Every optional permission is granted
 * only when the connection's feature asks for it.
 */
import { policyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import { physicalName, IAM_NAME_MAX_LENGTH } from "../../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { ELEMENT_MAX_SESSION_DURATION_SECONDS, ELEMENT_USER_ONLY_ACTIONS, elementTrustPolicy, externalIdHint } from "../element";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import type { ExecutionRoleSpec, Handoff, VendorContext, VendorModule, VendorProblem } from "../types";
import { ELEMBIO_OPTIONAL_STATEMENTS, ELEMBIO_STATEMENTS, HEALTHOMICS_EXECUTION_STATEMENTS, HEALTHOMICS_EXECUTION_TRUST, HEALTHOMICS_REGIONS, HEALTHOMICS_SERVICE } from "./facts";
import { elembioNeeds } from "./needs";
import { ElembioConnectionSchema, type ElembioConnection } from "./schema";

export * from "./facts";
export { ElembioConnectionSchema, type ElembioConnection } from "./schema";

type Connection = ResolvedConnection<ElembioConnection>;

/** The HealthOmics execution role's name: the connection's credential name with `-omics`. */
export function executionRoleName(connectionName: string, stack: string): string {
  return physicalName([connectionName, stack, "omics"], IAM_NAME_MAX_LENGTH);
}

function executionRoleArn(connection: Connection, context: VendorContext): string {
  return `arn:aws:iam::${context.accountId}:role/${executionRoleName(connection.name, context.stack)}`;
}

const healthOmicsEnabled = (connection: Connection) => connection.healthOmics?.enabled === true;

/** The provider policy of §2.4 with only the statements the connection's features need. */
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

/** The HealthOmics execution role (§2.6): trusted by the service, with the vendor's inline policy. */
export function healthOmicsExecutionRole(connection: Connection, bucket: ResolvedBucket, context: VendorContext): ExecutionRoleSpec {
  const { LogsAndECR, S3Objects, S3Bucket } = HEALTHOMICS_EXECUTION_STATEMENTS;
  return {
    name: executionRoleName(connection.name, context.stack),
    description: `HealthOmics execution role for ElemBio connection ${connection.name} (vendor-connections, stack ${context.stack})`,
    trustPolicy: policyDocument([
      {
        Sid: "HealthOmicsAssumeRole",
        Effect: "Allow",
        Principal: { ...HEALTHOMICS_EXECUTION_TRUST.principal },
        Action: HEALTHOMICS_EXECUTION_TRUST.action,
        Condition: { [HEALTHOMICS_EXECUTION_TRUST.sourceAccount.operator]: { [HEALTHOMICS_EXECUTION_TRUST.sourceAccount.key]: context.accountId } },
      },
    ]),
    policy: policyDocument([
      { Sid: "LogsAndECR", Effect: "Allow", Action: [...LogsAndECR.actions], Resource: "*" },
      // Not prefix-scoped: the workflow reads and writes where each run says (§2.6).
      { Sid: "S3Objects", Effect: "Allow", Action: [...S3Objects.actions], Resource: objectArn(bucket.name) },
      { Sid: "S3Bucket", Effect: "Allow", Action: [...S3Bucket.actions], Resource: bucketArn(bucket.name) },
      ...kmsKeyStatement(bucket, [...KMS_ACTIONS_FOR.write, ...KMS_ACTIONS_FOR.read]),
    ]),
  };
}

function validate(connection: Connection): VendorProblem[] {
  const problems: VendorProblem[] = [];
  if (healthOmicsEnabled(connection) && !(HEALTHOMICS_REGIONS as readonly string[]).includes(connection.region)) {
    problems.push({
      severity: "error",
      path: ["healthOmics", "enabled"],
      message: `HealthOmics needs the bucket in a HealthOmics region, and bucket "${connection.bucket}" is in ${connection.region}: the shared workflow runs only in the bucket's region (§2.6). Use a bucket in ${HEALTHOMICS_REGIONS.join(", ")}, or turn healthOmics off`,
    });
  }
  if (connection.manageBucketPolicy) {
    problems.push({
      severity: "warning",
      path: ["manageBucketPolicy"],
      message: `ElemBio will be able to edit (and delete) the bucket policy of "${connection.bucket}", which this program composes and owns: each \`pulumi up\` puts back the composed policy and removes ElemBio's sharing statements (§2.7, §11.17). Prefer sharedPrincipals, or copy ElemBio's statements into buckets.${connection.bucket}.extraPolicyStatements`,
    });
  }
  return problems;
}

export const elembio: VendorModule<ElembioConnection> = {
  vendor: "elembio",
  title: "ElemBio Cloud AWS provider",
  connectionSchema: ElembioConnectionSchema,
  requiredFieldHints: {
    "credential.externalId": externalIdHint("elembio", "ElemBio Cloud (Providers > Amazon Web Services)"),
    "healthOmics.enabled": ": write enabled: true to run the HealthOmics workflow, or remove healthOmics",
  },
  needs: elembioNeeds,
  identifiers: [HEALTHOMICS_SERVICE],
  validate,
  identityPolicy: (connection, bucket, context) => policyDocument(elembioPolicyStatements(connection, bucket, context)),
  // The same trust as Element's storage connection: Element's account with the external ID (§2.2).
  trustPolicy: (connection) => elementTrustPolicy(roleCredentialOf(connection).externalId),
  maxSessionDurationSeconds: ELEMENT_MAX_SESSION_DURATION_SECONDS,
  // Shared principals get read-only access to the prefix; ElemBio's own sharing grants the whole
  // bucket (§2.9, §11.17).
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  executionRole: (connection, bucket, context) => (healthOmicsEnabled(connection) ? healthOmicsExecutionRole(connection, bucket, context) : undefined),
  // Providers, Storage and Compute Connections in ElemBio Cloud (§2.5).
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
      handoff.computeConnection = { provider: connection.name, name: connection.name, executionRoleArn: { credential: "executionRoleArn" }, region: connection.region };
    }
    return handoff;
  },
};
