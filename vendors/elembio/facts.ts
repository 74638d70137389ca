/**
 * ElemBio Cloud's published facts (docs/vendors/elembio.md): the provider template (Element's
 * upload template with ElemBio's sources), its optional permissions, and HealthOmics.
 */
import { uploadStatements } from "../element/facts";
import type { ConditionSpec, StatementSpec } from "../types";

/** The provider role template (elembio.md §5, verbatim from ElemBio Cloud's setup page), statement by statement. */
export const ELEMBIO_STATEMENTS = uploadStatements({
  S3ObjectWrite: { source: "docs/vendors/elembio.md §5", inferred: false },
  S3ObjectListing: { source: "docs/vendors/elembio.md §5", inferred: false },
  S3BucketLevelOperations: { source: "docs/vendors/elembio.md §5", inferred: false },
  STSOperations: { source: "docs/vendors/elembio.md §5", inferred: false },
});

/** Optional permissions (elembio.md §5.2), each with the feature that turns it on. */
export const ELEMBIO_OPTIONAL_STATEMENTS = {
  /** `download: true`: presigned-URL downloads from the data browser. */
  S3ObjectRead: { actions: ["s3:GetObject"], on: "objects", source: "docs/vendors/elembio.md §5.2", inferred: false },
  /** `manageBucketPolicy: true`: data sharing through the bucket policy (elembio.md §8). */
  S3BucketPolicyOperations: {
    actions: ["s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy"],
    on: "bucket",
    source: "docs/vendors/elembio.md §5.2, §8",
    inferred: false,
  },
  /** `healthOmics.enabled: true`: the verified Bases2Fastq flow (elembio.md §7). */
  OmicsOperations: {
    actions: ["omics:GetWorkflow", "omics:StartRun", "omics:GetRun", "omics:CancelRun"],
    on: "any",
    source: "docs/vendors/elembio.md §5.1, §5.2, §7.1",
    inferred: false,
  },
  OmicsPassRole: { actions: ["iam:PassRole"], on: "any", source: "docs/vendors/elembio.md §5.1, §5.2, §7.1", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/** `iam:PassedToService` and the execution role's trusted service (elembio.md §1, elembio.md §7). */
export const HEALTHOMICS_SERVICE = "omics.amazonaws.com";

/**
 * HealthOmics regions per AWS (elembio.md §7, §7.4). A snapshot that may be stale, and Element
 * publishes no list of its own: extend it here when AWS adds a region.
 */
export const HEALTHOMICS_REGIONS = ["us-east-1", "us-west-2", "ap-southeast-1", "eu-central-1", "eu-west-1", "eu-west-2", "il-central-1"] as const;

/**
 * The execution role's inline policy (elembio.md §7): the workflow's logs, images and bucket. The vendor's
 * `S3` statement puts all five actions on both the bucket and `B/*`; it is split here by resource
 * kind, which grants the same and keeps each action on the ARN it applies to (aws.md §1).
 */
export const HEALTHOMICS_EXECUTION_STATEMENTS = {
  LogsAndECR: {
    actions: ["cloudwatch:*", "ecr:GetDownloadUrlForLayer", "logs:*", "ecr:BatchGetImage"],
    on: "any",
    source: "docs/vendors/elembio.md §7",
    inferred: false,
  },
  S3Objects: {
    actions: ["s3:PutObject", "s3:GetObjectAcl", "s3:GetObject", "s3:PutObjectAcl"],
    on: "objects",
    source: "docs/vendors/elembio.md §7.3",
    inferred: false,
  },
  S3Bucket: { actions: ["s3:ListBucket"], on: "bucket", source: "docs/vendors/elembio.md §7.3", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/**
 * The trust statement of the HealthOmics execution role (elembio.md §7): the service assumes it, and only
 * for runs of this account (the confused-deputy hardening elembio.md §7.2 suggests). The builder
 * writes it and the policy pack checks it from here.
 */
export const HEALTHOMICS_EXECUTION_TRUST = {
  principal: { Service: HEALTHOMICS_SERVICE },
  action: "sts:AssumeRole",
  sourceAccount: { operator: "StringEquals", key: "aws:SourceAccount" },
} as const satisfies { principal: object; action: string; sourceAccount: ConditionSpec };
