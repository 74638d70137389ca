/**
 * S3 ARN shapes and the kind of resource each S3 action acts on (docs/vendors/aws.md §1).
 *
 * Object actions act on object ARNs (`arn:aws:s3:::B/*`, `arn:aws:s3:::B/P/*`), bucket actions on
 * the bucket ARN (`arn:aws:s3:::B`). An action paired only with the other shape grants nothing:
 * that is how Element's no-prefix instruction breaks uploads (element.md §3, §10.2, §3.2).
 */

/** An S3 bucket or object ARN, split. `key` is absent for a bucket ARN. */
export interface S3Arn {
  bucket: string;
  key?: string;
}

const S3_ARN = /^arn:aws[a-z-]*:s3:::([^/]+)(?:\/(.*))?$/;

/** The bucket and key pattern of `arn:aws:s3:::B[/K]`; undefined for anything else (`*`, access points). */
export function parseS3Arn(resource: string): S3Arn | undefined {
  const match = S3_ARN.exec(resource);
  if (!match) return undefined;
  return match[2] === undefined ? { bucket: match[1] } : { bucket: match[1], key: match[2] };
}

export function isBucketArn(resource: string): boolean {
  const arn = parseS3Arn(resource);
  return arn !== undefined && arn.key === undefined;
}

export const isObjectArn = (resource: string) => parseS3Arn(resource)?.key !== undefined;

// S3's action names follow the resource they act on, with a few families named otherwise. The
// patterns list the families; an action in neither list (ListAllMyBuckets, access points, jobs)
// is not judged.
const BUCKET_ACTIONS = [
  /^s3:(Create|Delete)Bucket$/i,
  /^s3:(Get|Put|Delete)Bucket\w+$/i,
  /^s3:ListBucket\w*$/i,
  /^s3:(Get|Put)(Lifecycle|Replication|Encryption|Accelerate|Analytics|Inventory|Metrics|IntelligentTiering)Configuration$/i,
];
const OBJECT_ACTIONS = [
  /^s3:(Get|Put|Delete|Restore|Replicate)Object\w*$/i,
  /^s3:(AbortMultipartUpload|ListMultipartUploadParts|BypassGovernanceRetention|ReplicateDelete|ReplicateTags|ObjectOwnerOverrideToBucketOwner)$/i,
];

/** What an exact S3 action acts on: `"object"`, `"bucket"`, or undefined (not judged, or a wildcard). */
export function s3ActionScope(action: string): "object" | "bucket" | undefined {
  if (/[*?]/.test(action)) return undefined;
  if (OBJECT_ACTIONS.some((pattern) => pattern.test(action))) return "object";
  if (BUCKET_ACTIONS.some((pattern) => pattern.test(action))) return "bucket";
  return undefined;
}

export const isS3Action = (action: string) => /^s3:/i.test(action);

/**
 * The literal key prefix an object key pattern grants: everything before its first wildcard.
 * `runs/aviti/*` -> `runs/aviti/`; `*` -> `` (the whole bucket).
 */
export function keyPrefix(keyPattern: string): string {
  const wildcard = keyPattern.search(/[*?]/);
  return wildcard === -1 ? keyPattern : keyPattern.slice(0, wildcard);
}
