/**
 * Pieces every vendor module uses in the same way.
 */
import type { PolicyStatement } from "../iam/document";
import { sharedReadStatements } from "../iam/s3";
import { sidNamespace } from "../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../fields/resolved";

/**
 * The bucket-policy statements of a connection's `sharedPrincipals`: read-only, confined to the
 * connection's prefix, Sids namespaced by the connection.
 */
export function sharedPrincipalStatements(connection: ResolvedConnection): PolicyStatement[] {
  return sharedReadStatements(
    sidNamespace(connection.name),
    connection.bucket,
    connection.prefix,
    connection.sharedPrincipals.map((p) => p.arn),
  );
}

/**
 * KMS actions a principal needs on an SSE-KMS bucket's key [AWS]: writing an object asks KMS for a
 * data key, and reading (or completing a multipart upload, which reads the parts) decrypts one.
 */
export const KMS_ACTIONS_FOR = {
  write: ["kms:GenerateDataKey", "kms:Decrypt"],
  read: ["kms:Decrypt"],
} as const;

/**
 * The statement that lets a connection use its bucket's KMS key, or nothing on an SSE-S3 bucket.
 * Kept apart from the S3 statements so every statement names one kind of resource.
 */
export function kmsKeyStatement(bucket: ResolvedBucket, actions: readonly string[], sid = "KMSKeyOperations"): PolicyStatement[] {
  if (bucket.encryption.type !== "sse-kms" || actions.length === 0) return [];
  return [{ Sid: sid, Effect: "Allow", Action: [...actions], Resource: bucket.encryption.kmsKeyArn }];
}

/** Whether the bucket keeps (or kept) object versions, so version-aware actions are needed. */
export function isVersioned(bucket: ResolvedBucket): boolean {
  return bucket.versioning === "enabled" || bucket.versioning === "suspended";
}

/**
 * The connection's role credential. VendorAccess asks for a trust policy only for role
 * credentials, so anything else here is a defect of the caller, not of the file.
 */
export function roleCredentialOf<Credential extends { type: string }>(connection: {
  name: string;
  credential: Credential;
}): Extract<Credential, { type: "role" }> {
  if (connection.credential.type !== "role") throw new Error(`connection "${connection.name}" has no role credential`);
  return connection.credential as Extract<Credential, { type: "role" }>;
}
