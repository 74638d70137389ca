/**
 * AWS's size quotas for policy documents, measured the way AWS measures them (pure).
 *
 * How AWS counts:
 * - IAM counts characters and does not count whitespace: its quotas page says "IAM does not count
 *   white space when calculating the size of a policy against these limits", and GetAccountSummary
 *   reports the quotas "in non-whitespace characters". So an IAM document is measured as the
 *   number of characters of its JSON text, every whitespace character left out (also inside
 *   strings, as IAM does).
 * - S3 gives the bucket-policy quota as 20 KB without saying how whitespace counts, so a bucket
 *   policy is measured as the UTF-8 bytes of the exact (minified) text this program sends: if
 *   whitespace counts, it is counted; if not, the measure errs on the safe side.
 * The user and role quotas apply to the sum of all of an identity's inline policies.
 */
import { renderPolicy, type AnyPolicyStatement, type PolicyDocument } from "./document";

export type LimitKind = "bucketPolicy" | "userInlinePolicies" | "roleInlinePolicies" | "managedPolicy" | "roleTrustPolicy";

export interface PolicyLimit {
  /** What is limited, for messages: "the bucket policy", "a user's inline policies". */
  what: string;
  /** Who sets the quota, for messages: "S3", "IAM". */
  service: "S3" | "IAM";
  limit: number;
  unit: "bytes" | "characters";
  /** The quota as AWS can raise it on request, when it is adjustable. */
  adjustableTo?: number;
}

/** The quotas in force by default (AWS IAM and STS quotas; S3 bucket policy size). */
export const POLICY_LIMITS: Record<LimitKind, PolicyLimit> = {
  bucketPolicy: { what: "a bucket policy", service: "S3", limit: 20_480, unit: "bytes" },
  userInlinePolicies: { what: "all of a user's inline policies together", service: "IAM", limit: 2_048, unit: "characters" },
  roleInlinePolicies: { what: "all of a role's inline policies together", service: "IAM", limit: 10_240, unit: "characters" },
  managedPolicy: { what: "a managed policy", service: "IAM", limit: 6_144, unit: "characters" },
  roleTrustPolicy: { what: "a role trust policy", service: "IAM", limit: 2_048, unit: "characters", adjustableTo: 8_192 },
};

/** IAM's measure: characters of the JSON text, whitespace not counted. */
export function iamPolicySize(text: string): number {
  return [...text.replace(/\s/gu, "")].length;
}

/** S3's measure: UTF-8 bytes of the text sent. */
export function s3PolicySize(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The size of one rendered document against the quota of `kind`. */
export function documentSize(kind: LimitKind, document: PolicyDocument<AnyPolicyStatement>): number {
  const text = renderPolicy(document);
  return POLICY_LIMITS[kind].service === "S3" ? s3PolicySize(text) : iamPolicySize(text);
}

/**
 * The size of one statement as it adds to a document (its text and the comma before it), for
 * saying which part of an oversized document is the largest.
 */
export function statementSize(kind: LimitKind, statement: AnyPolicyStatement): number {
  const text = `${JSON.stringify(statement)},`;
  return POLICY_LIMITS[kind].service === "S3" ? s3PolicySize(text) : iamPolicySize(text);
}

export interface SizeCheck {
  kind: LimitKind;
  size: number;
  limit: number;
  over: boolean;
}

/** Measures documents that share one quota (a user's inline policies add up) against it. */
export function checkSize(kind: LimitKind, documents: PolicyDocument<AnyPolicyStatement>[]): SizeCheck {
  const size = documents.reduce((sum, document) => sum + documentSize(kind, document), 0);
  const { limit } = POLICY_LIMITS[kind];
  return { kind, size, limit, over: size > limit };
}

const number = (n: number) => n.toLocaleString("en-US");

/** "24,816 bytes, over S3's limit of 20,480 bytes for a bucket policy (by 4,336)" */
export function describeSize(check: SizeCheck): string {
  const { service, unit, what, adjustableTo } = POLICY_LIMITS[check.kind];
  const measured = unit === "characters" ? `${number(check.size)} characters (whitespace not counted, as ${service} counts)` : `${number(check.size)} bytes`;
  const quota = adjustableTo ? `${service}'s default limit of ${number(check.limit)} ${unit}` : `${service}'s limit of ${number(check.limit)} ${unit}`;
  return `${measured}, over ${quota} for ${what} (by ${number(check.size - check.limit)})`;
}
