/**
 * The HealthOmics execution role (docs/vendors/elembio.md §7): its name, where it may read and
 * write, and its documents. The role is the service's, passed by ElemBio's provider credential.
 */
import { policyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import { IAM_NAME_MAX_LENGTH, physicalName } from "../../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { KMS_ACTIONS_FOR, kmsKeyStatement } from "../shared";
import type { ExecutionRoleSpec, VendorContext } from "../types";
import { HEALTHOMICS_EXECUTION_STATEMENTS, HEALTHOMICS_EXECUTION_TRUST } from "./facts";
import type { ElembioConnection } from "./schema";

type Connection = ResolvedConnection<ElembioConnection>;

/** The HealthOmics execution role's name: the connection's credential name with `-omics`. */
export function executionRoleName(connectionName: string, stack: string): string {
  return physicalName([connectionName, stack, "omics"], IAM_NAME_MAX_LENGTH);
}

/** The HealthOmics execution role (elembio.md §7): trusted by the service, with the vendor's inline policy. */
export function healthOmicsExecutionRole(connection: Connection, bucket: ResolvedBucket, context: VendorContext): ExecutionRoleSpec {
  const { LogsAndECR, S3Objects, S3Bucket } = HEALTHOMICS_EXECUTION_STATEMENTS;
  const confinedTo = executionRolePrefix(connection, bucket);
  const listing: PolicyStatement = { Sid: "S3Bucket", Effect: "Allow", Action: [...S3Bucket.actions], Resource: bucketArn(bucket.name) };
  if (confinedTo) listing.Condition = listPrefixCondition(confinedTo);
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
      // ElemBio's template is bucket-wide: the workflow reads and writes where each run says (elembio.md §7).
      // On a bucket shared with other connections it is confined to this connection's prefix.
      { Sid: "S3Objects", Effect: "Allow", Action: [...S3Objects.actions], Resource: objectArn(bucket.name, confinedTo) },
      listing,
      ...kmsKeyStatement(bucket, [...KMS_ACTIONS_FOR.write, ...KMS_ACTIONS_FOR.read]),
    ]),
  };
}

/**
 * Where the HealthOmics execution role may read and write: ElemBio's template gives it the whole
 * bucket (elembio.md §7), which is right for a bucket the connection has alone. ElemBio starts runs with the
 * role and chooses their inputs and outputs, so on a bucket shared with other connections the
 * template would let it reach their prefixes: there the role is confined to this connection's
 * prefix, and Bases2Fastq must read runs and write its output under it (the validation warns).
 * Rejecting HealthOmics on shared buckets was the alternative; confining keeps the common layout
 * (one bucket, a folder per vendor) working with least privilege.
 */
export function executionRolePrefix(connection: Connection, bucket: ResolvedBucket): string | undefined {
  return bucket.connections.length > 1 ? connection.prefix : undefined;
}
