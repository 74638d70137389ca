/**
 * Seqera Platform Cloud's published facts (docs/vendors/seqera.md): the platform role that assumes
 * the customer's role, the trust it needs, the S3 statements of each use, and the CORS rule.
 */
import type { ConditionSpec, CorsRule, StatementSpec } from "../types";

/** Seqera Cloud's AWS account and the role in it that assumes the customer's role (seqera.md §3.1). */
export const SEQERA_ACCOUNT_ID = "161471496260";
export const SEQERA_PLATFORM_ROLE_ARN = `arn:aws:iam::${SEQERA_ACCOUNT_ID}:role/SeqeraPlatformCloudAccessRole`;

/** The origin of Seqera Cloud's web app, allowed by the bucket's CORS rule (seqera.md §6). */
export const SEQERA_CLOUD_ORIGIN = "https://cloud.seqera.io";

/**
 * The trust Seqera's role needs (seqera.md §3.1): sts:AssumeRole with the external ID Seqera
 * generates, and a separate sts:TagSession statement for the same principal.
 */
export const SEQERA_TRUST = {
  principal: { AWS: SEQERA_PLATFORM_ROLE_ARN },
  action: "sts:AssumeRole",
  tagSessionAction: "sts:TagSession",
  externalId: { operator: "StringEquals", key: "sts:ExternalId" },
} as const satisfies { principal: object; action: string; tagSessionAction: string; externalId: ConditionSpec };

/**
 * Keys with an assumed role (seqera.md §3.4): the user's only statement, Seqera's Sid verbatim, lets
 * it assume the connection's role with the external ID; the role's trust names the user with the
 * same action and condition.
 */
export const SEQERA_KEYS_ASSUME_ROLE = { sid: "AssumeRoleToManageBatchResources", action: "sts:AssumeRole" } as const;

/**
 * The first phase (seqera.md §3.3): before Seqera has generated the external ID, the role keeps the
 * external-ID condition with this placeholder and adds `Null sts:ExternalId = true`. Both cannot hold
 * at once (a request carrying the placeholder has an external ID; one without has none), so the
 * role trusts nobody while IAM still accepts the document.
 */
export const SEQERA_PENDING = {
  placeholder: "awaiting-seqera-generated-external-id",
  operator: "Null",
  key: "sts:ExternalId",
  value: "true",
} as const;

/**
 * The external ID Seqera generates: Seqera publishes no format, so AWS's rule for sts:ExternalId
 * applies (seqera.md §3.2, [AWS]).
 */
export const SEQERA_EXTERNAL_ID = {
  pattern: /^[\w+=,.@:/-]{2,1224}$/,
  allowed: "2 to 1224 characters of A-Z a-z 0-9 and + = , . @ : / _ - (no spaces)",
} as const;

/** The pipeline work directory (seqera.md §4.1): Seqera checks the bucket and reads Nextflow's log files. */
export const SEQERA_WORK_DIRECTORY_STATEMENTS = {
  S3CheckBucketWorkDirectory: { actions: ["s3:GetBucketLocation", "s3:ListBucket"], on: "bucket", source: "docs/vendors/seqera.md §4.1", inferred: false },
  S3ReadOnlyNextflowLogFiles: { actions: ["s3:GetObject"], on: "objects", source: "docs/vendors/seqera.md §4.1", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/**
 * Data Explorer and Studios read-write (seqera.md §4.2). The published statement names the bucket
 * and its objects in one statement; split here by what each action acts on, so the listing can be
 * confined to the prefix. The Data Explorer minimum (seqera.md §4.2) is the required part; the
 * tagging actions come only from the scoped statement.
 */
export const SEQERA_DATA_EXPLORER_STATEMENTS = {
  S3ReadWriteBucketsForStudiosDataExplorer: {
    actions: ["s3:GetObject", "s3:PutObject"],
    on: "objects",
    source: "docs/vendors/seqera.md §4.2",
    inferred: false,
  },
  S3DataExplorerObjectTagging: {
    actions: ["s3:GetObjectTagging", "s3:PutObjectTagging"],
    on: "objects",
    source: "docs/vendors/seqera.md §4.2, §9.1",
    inferred: true,
  },
  S3DataExplorerBucket: {
    actions: ["s3:GetBucketLocation", "s3:GetBucketPolicy", "s3:GetBucketAcl", "s3:ListBucket"],
    on: "bucket",
    source: "docs/vendors/seqera.md §4.2",
    inferred: false,
  },
} as const satisfies Record<string, StatementSpec>;

/** Deleting from Data Explorer (seqera.md §4.3, §9.1): only the scoped statement grants it, so it is a choice. */
export const SEQERA_DELETE_STATEMENTS = {
  S3DataExplorerDelete: { actions: ["s3:DeleteObject"], on: "objects", source: "docs/vendors/seqera.md §4.3, §9.1", inferred: true },
} as const satisfies Record<string, StatementSpec>;

/** Listing the account's buckets, for Seqera's bucket list and Data Explorer's auto-discovery (seqera.md §4.4): `Resource` must be `*`. */
export const SEQERA_DISCOVERY_STATEMENTS = {
  S3ListAllMyBuckets: { actions: ["s3:ListAllMyBuckets"], on: "any", source: "docs/vendors/seqera.md §4.4", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/** The Sids of the statements that mark a user as Seqera's (the vendor's published Sids, seqera.md §4). */
export const SEQERA_PUBLISHED_SIDS = ["S3CheckBucketWorkDirectory", "S3ReadOnlyNextflowLogFiles", "S3ReadWriteBucketsForStudiosDataExplorer"] as const;

/** S3 CORS for Data Explorer uploads, multi-file downloads and previews (seqera.md §6, verbatim; no MaxAgeSeconds is given). */
export const SEQERA_CORS_RULE: CorsRule = {
  allowedHeaders: ["*"],
  allowedMethods: ["PUT", "POST", "DELETE", "GET"],
  allowedOrigins: [SEQERA_CLOUD_ORIGIN],
  exposeHeaders: ["ETag"],
};
