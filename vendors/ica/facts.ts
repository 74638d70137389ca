/**
 * Illumina Connected Analytics' published facts (docs/vendors/ica.md): its account, regions with
 * their OIDC providers and cross-account roles, the identity-policy template, CORS, and the trust
 * its role needs.
 */
import type { CorsRule, ConditionSpec, StatementSpec } from "../types";

/** ICA's storage configuration names: 3 to 63 characters (ica.md §5); the connection's name is used as one. */
export const ICA_CONFIGURATION_NAME_LENGTH = { min: 3, max: 63 } as const;

/**
 * The RoleSessionName prefix ICA generates per AWS_Role credential (ica.md §5, §7.3). AWS session names
 * are `[\w+=,.@-]`, at most 64 characters; the trust policy appends `-*`.
 */
export const ICA_ROLE_SESSION_NAME_PREFIX = {
  pattern: /^[A-Za-z0-9_+=,.@-]{1,62}$/,
  allowed: "1 to 62 characters of A-Z a-z 0-9 and _ + = , . @ -",
} as const;

/** Illumina's AWS account, home of the regional cross-account roles (ica.md §1, ica.md §8.2). */
export const ICA_ACCOUNT_ID = "079623148045";

/**
 * The OIDC namespace of India (ica.md §7.2, §12.1). ICA's OIDC table prints `aps1`, the namespace it also
 * gives Singapore, while the cross-account table's `ica_aps3_crossacct` suggests `aps3`. Kept as
 * printed until Illumina confirms; a role connection in India is warned about it, and the file's
 * `credential.oidcNamespace` chooses the other without editing code.
 */
export const ICA_INDIA_OIDC_NAMESPACE = "aps1";

/** An ICA cluster namespace, as both of ICA's tables write them (`use1`, `aps3`). */
export const ICA_NAMESPACE_PATTERN = /^[a-z]{3}\d$/;

export interface IcaRegion {
  /** ICA's name for the region. */
  name: string;
  /** Namespace of Illumina's cross-account role `ica_<ns>_crossacct` (ica.md §8.2). */
  crossAccountNamespace: string;
  /** ICA's EKS OIDC provider (ica.md §7.2); absent where ICA publishes none (ica.md §12.3). */
  oidc?: { id: string; namespace: string };
}

/** ICA project regions (ica.md §2) with their cross-account namespaces (ica.md §8.2) and OIDC providers (ica.md §7.2). */
export const ICA_REGIONS: Record<string, IcaRegion> = {
  "ap-southeast-2": { name: "Australia", crossAccountNamespace: "aps2", oidc: { id: "F4CD1AEAE6E0820F305F0230FAF6319C", namespace: "aps2" } },
  "ca-central-1": { name: "Canada", crossAccountNamespace: "cac1", oidc: { id: "4E70F8E1A204A4B2A22E4F7BA9A06D27", namespace: "cac1" } },
  "eu-central-1": { name: "Germany", crossAccountNamespace: "euc1", oidc: { id: "FD40D1945EBD71D8433A98C0CE04E625", namespace: "euc1" } },
  "ap-south-1": { name: "India", crossAccountNamespace: "aps3", oidc: { id: "4C3E0D308DB6DA9625FF938C57DAB3B6", namespace: ICA_INDIA_OIDC_NAMESPACE } },
  "ap-southeast-3": { name: "Indonesia", crossAccountNamespace: "aps4" },
  "il-central-1": { name: "Israel", crossAccountNamespace: "ilc1" },
  "ap-northeast-1": { name: "Japan", crossAccountNamespace: "apn1", oidc: { id: "31343141B6F8EA41F379AE795CFA7638", namespace: "apn1" } },
  "ap-southeast-1": { name: "Singapore", crossAccountNamespace: "aps1", oidc: { id: "4839F25C2D7F1765F0523616EB33711F", namespace: "aps1" } },
  "ap-northeast-2": { name: "South Korea", crossAccountNamespace: "apn2", oidc: { id: "F2F941225297CB2CD58E91A45ED1362D", namespace: "apn2" } },
  "eu-west-2": { name: "UK", crossAccountNamespace: "euw2", oidc: { id: "CC52F03C88D774F70AB9D2E2BABDF225", namespace: "euw2" } },
  "me-central-1": { name: "United Arab Emirates", crossAccountNamespace: "mec1" },
  "us-east-1": { name: "United States", crossAccountNamespace: "use1", oidc: { id: "10FBA7EDEB5930CCFC300EF5AC3DB2FE", namespace: "use1" } },
};

/** Illumina's regional role for cross-account copy and move (ica.md §8.2). */
export function icaCrossAccountRoleArn(region: string): string {
  return `arn:aws:iam::${ICA_ACCOUNT_ID}:role/ica_${ICA_REGIONS[region].crossAccountNamespace}_crossacct`;
}

/** The issuer of ICA's OIDC provider in a region, without `https://` (ica.md §7.2). */
export function icaOidcIssuer(region: string): string | undefined {
  const oidc = ICA_REGIONS[region]?.oidc;
  return oidc && `oidc.eks.${region}.amazonaws.com/id/${oidc.id}`;
}

/**
 * The service accounts ICA's storage service runs as in a region's cluster: the `:sub` the trust
 * policy allows (ica.md §7.3, §7.6 verbatim). The trailing `*` makes it a pattern (StringLike).
 */
export function icaServiceAccountSubject(namespace: string): string {
  return `system:serviceaccount:${namespace}:irsa-${namespace}-gds*`;
}

/** The OIDC provider's client ID, which is also the `:aud` the trust policy expects (ica.md §7.2, §7.3). */
export const ICA_OIDC_AUDIENCE = "sts.amazonaws.com";

/** ica.md §7.4: "the storage configuration will not go online" otherwise. */
export const ICA_MAX_SESSION_DURATION_SECONDS = 43_200;

/** CORS for browser uploads from ICA (ica.md §4, verbatim; no MaxAgeSeconds is specified). */
export const ICA_CORS_RULE: CorsRule = {
  allowedHeaders: ["*"],
  allowedMethods: ["HEAD", "GET", "PUT", "POST", "DELETE"],
  allowedOrigins: ["https://ica.illumina.com"],
  exposeHeaders: ["ETag", "x-amz-meta-custom-header"],
};

/**
 * The identity policy of ica.md §6.1 (verbatim from ICA's IAM-user page; the role method's JSON was not retrieved, ica.md §11 row
 * 4, so for roles the same S3 sets are [INF]). The vendor statements have no Sids; these name them.
 */
export const ICA_STATEMENTS = {
  S3BucketOperations: {
    actions: ["s3:PutBucketNotification", "s3:ListBucket", "s3:GetBucketNotification", "s3:GetBucketLocation"],
    on: "bucket",
    source: "docs/vendors/ica.md §6.1",
    inferred: false,
  },
  S3ObjectOperations: {
    actions: ["s3:PutObject", "s3:GetObject", "s3:RestoreObject", "s3:DeleteObject"],
    on: "objects",
    source: "docs/vendors/ica.md §6.1, §6.3",
    inferred: false,
  },
  STSFederationToken: { actions: ["sts:GetFederationToken"], on: "any", source: "docs/vendors/ica.md §6.1", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/** Added on versioned or versioning-suspended buckets (ica.md §6.2, §3). */
export const ICA_VERSIONED_ACTIONS = {
  bucket: ["s3:ListBucketVersions", "s3:GetBucketVersioning"],
  objects: ["s3:DeleteObjectVersion", "s3:GetObjectVersion"],
} as const;

/** `objectTagging: true` (ica.md §8.3, §6.4); the version-tagging pair on versioned buckets is [third-party]. */
export const ICA_TAGGING_ACTIONS = {
  objects: ["s3:GetObjectTagging", "s3:PutObjectTagging"],
  versionedObjects: ["s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging"],
} as const;

/** SSE-KMS buckets: on exactly the bucket's key (ica.md §10). */
export const ICA_KMS_ACTIONS = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] as const;

/**
 * The cross-account statement (ica.md §8.1 verbatim for copy). Move adds `s3:DeleteObject`, and versioned
 * buckets the version actions, both [third-party] (ica.md §8.1, §12.8).
 */
export const ICA_CROSS_ACCOUNT_ACTIONS = {
  copy: ["s3:PutObject", "s3:ListMultipartUploadParts", "s3:AbortMultipartUpload", "s3:GetObject"],
  move: ["s3:DeleteObject"],
  versionedCopy: ["s3:GetObjectVersion"],
  versionedMove: ["s3:DeleteObjectVersion"],
} as const;

/**
 * The trust statement ICA's role needs (ica.md §7.3): ICA's service account assumes it with web
 * identity through the account's OIDC provider for the region. Condition keys under the issuer are
 * `<issuer>:sub` and `<issuer>:aud`. The builder writes it and the policy pack checks it from here.
 */
export const ICA_TRUST = {
  action: "sts:AssumeRoleWithWebIdentity",
  /** The trailing `*` of the service account (verbatim ica.md §7.3) needs StringLike. */
  subject: { operator: "StringLike", keySuffix: ":sub" },
  audience: { operator: "StringEquals", keySuffix: ":aud" },
  /** `<RoleSessionName prefix>-*`: ICA names its sessions with the prefix it generated. */
  sessionName: { operator: "StringLike", key: "sts:RoleSessionName", suffix: "-*" },
} as const satisfies { action: string; sessionName: ConditionSpec & { suffix: string } } & Record<
  "subject" | "audience",
  { operator: string; keySuffix: string }
>;

/** The regions where ICA's OIDC and cross-account tables disagree on the namespace (India). */
export const icaAmbiguousNamespaceRegions = (): string[] =>
  Object.entries(ICA_REGIONS)
    .filter(([, region]) => region.oidc !== undefined && region.oidc.namespace !== region.crossAccountNamespace)
    .map(([code]) => code);

/** The namespace of ICA's service account for a role connection: the file's choice where ICA's tables disagree, else the table's. */
export function icaOidcNamespace(region: string, chosen: string | undefined): string | undefined {
  return chosen ?? ICA_REGIONS[region]?.oidc?.namespace;
}
