/**
 * Element Biosciences' published facts (docs/vendors/element.md): its account, session duration,
 * external-ID rules, the upload template its two products share, and the trust its role needs.
 */
import type { ConditionSpec, StatementSpec } from "../types";

/** Element's AWS account (element.md §1, §4, element.md §4); the role trusts its root principal, as ElemBio Cloud's page writes it (elembio.md §3). */
export const ELEMENT_ACCOUNT_ID = "588258415937";
export const ELEMENT_PRINCIPAL_ARN = `arn:aws:iam::${ELEMENT_ACCOUNT_ID}:root`;

/** element.md §4; elembio.md §3: "maximum session duration of 12 hours", which is also the AWS maximum (element.md §10.8). */
export const ELEMENT_MAX_SESSION_DURATION_SECONDS = 43_200;

/**
 * External ID rules (element.md §4, §10.7; elembio.md §3): Element's charset (alphanumerics and `@ : , = - . / _`,
 * no spaces) with AWS's length limits. AWS would also accept `+`; the narrower vendor set wins.
 */
export const ELEMENT_EXTERNAL_ID = {
  pattern: /^[A-Za-z0-9@:,=./_-]{2,1224}$/,
  allowed: "2 to 1224 characters of A-Z a-z 0-9 and @ : , = . / _ - (no spaces)",
} as const;

/**
 * The upload template Element's two products share, statement by statement: the AVITI storage
 * connection (element.md §3) and the ElemBio Cloud provider (elembio.md §5) publish the same Sids and actions. Each
 * product's table adds where its page states them, and whether that page only implies them.
 */
export const ELEMENT_UPLOAD_TEMPLATE = {
  S3ObjectWrite: { actions: ["s3:PutObject"], on: "objects" },
  S3ObjectListing: { actions: ["s3:ListBucket"], on: "bucket" },
  S3BucketLevelOperations: { actions: ["s3:GetBucketLocation"], on: "bucket" },
  STSOperations: { actions: ["sts:GetCallerIdentity"], on: "any" },
} as const satisfies Record<string, Omit<StatementSpec, "source" | "inferred">>;

type UploadSid = keyof typeof ELEMENT_UPLOAD_TEMPLATE;

/** The shared template with one product's sources. */
export function uploadStatements<S extends Record<UploadSid, Pick<StatementSpec, "source" | "inferred">>>(sources: S) {
  const out = {} as { [K in UploadSid]: (typeof ELEMENT_UPLOAD_TEMPLATE)[K] & S[K] };
  for (const sid of Object.keys(ELEMENT_UPLOAD_TEMPLATE) as UploadSid[]) Object.assign(out, { [sid]: { ...ELEMENT_UPLOAD_TEMPLATE[sid], ...sources[sid] } });
  return out;
}

/** The storage-connection policy template (element.md §3), statement by statement. */
export const ELEMENT_STATEMENTS = uploadStatements({
  S3ObjectWrite: { source: "docs/vendors/element.md §3", inferred: false },
  S3ObjectListing: { source: "docs/vendors/element.md §3, §9", inferred: false },
  S3BucketLevelOperations: { source: "docs/vendors/element.md §3, §9", inferred: true },
  STSOperations: { source: "docs/vendors/element.md §3, §9", inferred: true },
});

/** Added to `STSOperations` for IAM users only ("as a security measure", element.md §3, §5, §10.3). */
export const ELEMENT_USER_ONLY_ACTIONS = ["sts:GetFederationToken"] as const;

/**
 * The trust statement Element's role needs (element.md §4; elembio.md §3): Element's account assumes the role, only
 * with the customer's external ID. The builder writes it and the policy pack checks it from here.
 */
export const ELEMENT_TRUST = {
  principal: { AWS: ELEMENT_PRINCIPAL_ARN },
  action: "sts:AssumeRole",
  externalId: { operator: "StringEquals", key: "sts:ExternalId" },
} as const satisfies { principal: object; action: string; externalId: ConditionSpec };
