/**
 * ElemBio Cloud's published facts (docs/vendors/elembio.md): the provider template (Element's
 * upload template with ElemBio's sources), its optional permissions, and HealthOmics.
 */
import { uploadStatements } from "../element/facts";
import type { ConditionSpec, StatementSpec } from "../types";

/** The provider role template (§2.4, verbatim from E-cloud), statement by statement. */
export const ELEMBIO_STATEMENTS = uploadStatements({
  S3ObjectWrite: { source: "§2.4", inferred: false },
  S3ObjectListing: { source: "§2.4", inferred: false },
  S3BucketLevelOperations: { source: "§2.4", inferred: false },
  STSOperations: { source: "§2.4", inferred: false },
});

/** Optional permissions (§2.4 requirement matrix), each with the feature that turns it on. */
export const ELEMBIO_OPTIONAL_STATEMENTS = {
  /** `download: true`: presigned-URL downloads from the data browser. */
  S3ObjectRead: { actions: ["s3:GetObject"], on: "objects", source: "§2.4 (optional: download)", inferred: false },
  /** `manageBucketPolicy: true`: data sharing through the bucket policy (§2.9). */
  S3BucketPolicyOperations: {
    actions: ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
    on: "bucket",
    source: "§2.4 (optional: sharing), §2.9",
    inferred: false,
  },
  /** `healthOmics.enabled: true`: the verified Bases2Fastq flow (§2.6). */
  OmicsOperations: { actions: ["omics:GetWorkflow", "omics:StartRun", "omics:GetRun", "omics:CancelRun"], on: "any", source: "§2.4 (optional: HealthOmics)", inferred: false },
  OmicsPassRole: { actions: ["iam:PassRole"], on: "any", source: "§2.4 (optional: HealthOmics)", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/** `iam:PassedToService` and the execution role's trusted service (§0b, §2.6). */
export const HEALTHOMICS_SERVICE = "omics.amazonaws.com";

/**
 * HealthOmics regions per AWS (§2.6, [F row 18]). A snapshot that may be stale, and Element
 * publishes no list of its own: extend it here when AWS adds a region.
 */
export const HEALTHOMICS_REGIONS = ["us-east-1", "us-west-2", "ap-southeast-1", "eu-central-1", "eu-west-1", "eu-west-2", "il-central-1"] as const;

/**
 * The execution role's inline policy (§2.6): the workflow's logs, images and bucket. The vendor's
 * `S3` statement puts all five actions on both the bucket and `B/*`; it is split here by resource
 * kind, which grants the same and keeps each action on the ARN it applies to (§10).
 */
export const HEALTHOMICS_EXECUTION_STATEMENTS = {
  LogsAndECR: { actions: ["cloudwatch:*", "ecr:GetDownloadUrlForLayer", "logs:*", "ecr:BatchGetImage"], on: "any", source: "§2.6", inferred: false },
  S3Objects: { actions: ["s3:PutObject", "s3:GetObjectAcl", "s3:GetObject", "s3:PutObjectAcl"], on: "objects", source: "§2.6 (S3)", inferred: false },
  S3Bucket: { actions: ["s3:ListBucket"], on: "bucket", source: "§2.6 (S3)", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/**
 * The trust statement of the HealthOmics execution role (§2.6): the service assumes it, and only
 * for runs of this account (the confused-deputy hardening §12 rule 17 suggests). The builder
 * writes it and the policy pack checks it from here.
 */
export const HEALTHOMICS_EXECUTION_TRUST = {
  principal: { Service: HEALTHOMICS_SERVICE },
  action: "sts:AssumeRole",
  sourceAccount: { operator: "StringEquals", key: "aws:SourceAccount" },
} as const satisfies { principal: object; action: string; sourceAccount: ConditionSpec };
