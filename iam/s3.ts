/**
 * S3 ARNs and the vendor-neutral statements of a bucket policy.
 *
 * ARN shapes follow docs/vendors/aws.md §1: object actions on object ARNs (`B/*` or `B/P/*`),
 * bucket actions on the bucket ARN, prefix scoping of `s3:ListBucket` through `s3:prefix`.
 */
import type { Condition, PolicyStatement } from "./document";

/** The ARN partition of every region this project accepts (fields/regions.ts): where the vendors' principals live. */
export const PARTITION = "aws";

/** `arn:aws:s3:::bucket` */
export function bucketArn(bucket: string): string {
  return `arn:${PARTITION}:s3:::${bucket}`;
}

/** `arn:aws:s3:::bucket/prefix/*`, or `arn:aws:s3:::bucket/*` without a prefix (aws.md §1). */
export function objectArn(bucket: string, prefix?: string): string {
  return prefix ? `${bucketArn(bucket)}/${prefix}/*` : `${bucketArn(bucket)}/*`;
}

/**
 * `StringLike s3:prefix = ["P/*"]`, the condition that confines `s3:ListBucket` to a prefix (aws.md §1).
 * `P/*` also matches `P/` itself; clients list with a prefix ending in `/`.
 */
export function listPrefixCondition(prefix: string): Condition {
  return { StringLike: { "s3:prefix": [`${prefix}/*`] } };
}

/** Sid of the statement every bucket policy of this project starts with. */
export const DENY_INSECURE_TRANSPORT_SID = "DenyInsecureTransport";

/**
 * Denies every request that does not use TLS, for everyone (DESIGN.md safety rules; the same
 * statement as terraform-aws-modules' `denyInsecureTransport` and CDK's `enforceSSL`).
 */
export function denyInsecureTransport(bucket: string): PolicyStatement {
  return {
    Sid: DENY_INSECURE_TRANSPORT_SID,
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn(bucket), `${bucketArn(bucket)}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}

/** Read-only actions given to a connection's shared principals. */
export const SHARED_READ_ACTIONS = {
  objects: ["s3:GetObject"],
  list: ["s3:ListBucket"],
  location: ["s3:GetBucketLocation"],
} as const;

/**
 * Read-only access for the principals a connection shares its data with, confined to the
 * connection's prefix. ElemBio's own sharing feature grants the whole bucket (elembio.md §8, §11.3); this
 * program grants only the prefix, because the other connections on the bucket are not theirs.
 *
 * @param sidPrefix the connection's Sid namespace (see `sidNamespace`)
 */
export function sharedReadStatements(sidPrefix: string, bucket: string, prefix: string | undefined, principalArns: string[]): PolicyStatement[] {
  if (principalArns.length === 0) return [];
  const Principal = { AWS: principalArns };
  const list: PolicyStatement = {
    Sid: `${sidPrefix}SharedList`,
    Effect: "Allow",
    Principal,
    Action: [...SHARED_READ_ACTIONS.list],
    Resource: bucketArn(bucket),
  };
  if (prefix) list.Condition = listPrefixCondition(prefix);
  return [
    { Sid: `${sidPrefix}SharedRead`, Effect: "Allow", Principal, Action: [...SHARED_READ_ACTIONS.objects], Resource: objectArn(bucket, prefix) },
    list,
    // GetBucketLocation carries no s3:prefix key, so it cannot share the list statement's condition.
    { Sid: `${sidPrefix}SharedLocation`, Effect: "Allow", Principal, Action: [...SHARED_READ_ACTIONS.location], Resource: bucketArn(bucket) },
  ];
}
