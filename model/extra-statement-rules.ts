/**
 * What `extraPolicyStatements` may not do to a bucket's composed policy, beyond what the schema
 * checks: allow a wildcard principal in any form, grant a vendor's own account (or identity
 * provider) directly, deny everyone the bucket-policy actions (a lock-out), and, as a warning,
 * grant administrative actions to another account.
 *
 * The lab's account is unknown when the file is loaded, so a grant cannot be told apart from one to
 * the lab's own account: administrative grants only warn. Vendor accounts come from the vendor
 * modules (`directAccessForbidden`), never from here.
 */
import type { ExtraPolicyStatement } from "../fields/statement";
import { oneOf, show } from "../fields/text";
import { bucketArn } from "../iam/s3";
import { ALL_VENDOR_MODULES } from "../vendors";

type Path = (string | number)[];
interface Problem {
  severity: "error" | "warning";
  path: Path;
  message: string;
}

/** `a, b and c` */
const allOf = (values: readonly string[]) => (values.length <= 1 ? values.join("") : `${values.slice(0, -1).join(", ")} and ${values[values.length - 1]}`);

/** The actions that read, replace or remove a bucket policy: denying them to everyone locks the account out. */
export const BUCKET_POLICY_ACTIONS = ["s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketPolicy"] as const;

/** Actions that let a principal take the bucket over: rewrite its policy or delete it. */
export const ADMINISTRATIVE_ACTIONS = ["s3:DeleteBucket", "s3:DeleteBucketPolicy", "s3:PutBucketPolicy"] as const;

/**
 * Condition keys that spare the account from a Deny to everyone: each tells principals apart, so a
 * condition on one of them (with any operator) can exempt the account's administrators. A condition
 * on anything else (source IP, VPC endpoint, tags of the request) may match the deployer's own
 * requests, so it does not count. `aws:SecureTransport` spares only as the TLS deny uses it (`Bool`
 * false): it then denies insecure requests, which no deployer sends.
 */
export const SPARING_CONDITION_KEYS = [
  "aws:PrincipalArn",
  "aws:PrincipalAccount",
  "aws:PrincipalOrgID",
  "aws:PrincipalOrgPaths",
  "aws:userid",
  "aws:username",
] as const;

/** A pattern with IAM's `*` and `?` wildcards as a regular expression. */
function wildcardPattern(pattern: string, flags: string): RegExp {
  // Runs of "*" are one wildcard; collapsed, a long run cannot make the match backtrack for long.
  const source = pattern
    .trim()
    .replace(/\*+/g, "*")
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${source}$`, flags);
}

/** Whether an IAM action pattern matches an action: IAM compares action names without regard to case. */
export function actionPatternMatches(pattern: string, action: string): boolean {
  return wildcardPattern(pattern, "i").test(action);
}

/** Whether a resource pattern matches an ARN: ARNs compare with regard to case. */
function resourcePatternMatches(pattern: string, arn: string): boolean {
  return wildcardPattern(pattern, "").test(arn);
}

/** The statement's actions among `actions`: matched by Action, or not excluded by NotAction. */
function coveredActions(statement: ExtraPolicyStatement, actions: readonly string[]): string[] {
  if (statement.Action !== undefined) {
    const patterns = [statement.Action].flat();
    return actions.filter((a) => patterns.some((p) => actionPatternMatches(p, a)));
  }
  const excluded = [statement.NotAction ?? []].flat();
  return actions.filter((a) => !excluded.some((p) => actionPatternMatches(p, a)));
}

/** Whether the statement applies to the bucket itself (where the bucket-level actions act). */
function coversBucket(statement: ExtraPolicyStatement, arn: string): boolean {
  if (statement.Resource !== undefined) return [statement.Resource].flat().some((p) => resourcePatternMatches(p, arn));
  return ![statement.NotResource ?? []].flat().some((p) => resourcePatternMatches(p, arn));
}

/** Each principal value with its path in the statement and its type. */
function principalValues(statement: ExtraPolicyStatement): { type: string; value: string; path: Path }[] {
  const principal = statement.Principal;
  if (principal === undefined) return [];
  if (typeof principal === "string") return [{ type: "*", value: principal, path: ["Principal"] }];
  return Object.entries(principal).flatMap(([type, listed]) =>
    listed === undefined
      ? []
      : Array.isArray(listed)
        ? listed.map((value, i) => ({ type, value, path: ["Principal", type, i] }))
        : [{ type, value: listed, path: ["Principal", type] }],
  );
}

/** The account an AWS principal names: a bare account ID, or an IAM or STS ARN. */
export function principalAccount(value: string): string | undefined {
  const trimmed = value.trim();
  if (/^\d{12}$/.test(trimmed)) return trimmed;
  return /^arn:aws[a-z-]*:(?:iam|sts)::(\d{12}):/.exec(trimmed)?.[1];
}

const EVERYONE_OF_TYPE: Record<string, string> = {
  "*": "everyone, anonymous users included",
  AWS: "every AWS principal, in every account",
  Service: "every AWS service, acting for any account",
  Federated: "the users of every identity provider",
  CanonicalUser: "every S3 canonical user",
};

function wildcardMessage(sid: string, type: string, value: string): string {
  const written = type === "*" ? `Principal ${show(value)}` : `{ ${type}: ${show(value)} }`;
  if (value.trim() === "*") {
    return `statement "${sid}" allows ${written}, which names ${EVERYONE_OF_TYPE[type] ?? "everyone"}, so it would make the bucket public; name the principals instead, e.g. { AWS: "arn:aws:iam::111122223333:role/reader" }`;
  }
  return `statement "${sid}" allows ${written}, a principal with a wildcard: IAM takes "*" only as the whole principal (everyone), never inside an ARN or name, so S3 refuses it or reads it as more than meant; name each account, role or user in full, e.g. arn:aws:iam::111122223333:role/reader`;
}

/** The registry's forbidden principals, matched against one principal value. */
function forbiddenVendors(type: string, value: string): { vendors: string[]; why: string } | undefined {
  const account = type === "AWS" ? principalAccount(value) : undefined;
  const provider = type === "Federated" ? value.trim().toLowerCase() : undefined;
  const vendors: string[] = [];
  let why: string | undefined;
  for (const module of ALL_VENDOR_MODULES) {
    for (const entry of module.directAccessForbidden) {
      const matches = entry.accountId !== undefined ? entry.accountId === account : entry.federated.toLowerCase() === provider;
      if (!matches || entry.allowedPrincipals?.includes(value.trim())) continue;
      vendors.push(module.vendor);
      why ??= entry.why;
    }
  }
  return why === undefined ? undefined : { vendors, why };
}

function vendorMessage(sid: string, type: string, value: string, found: { vendors: string[]; why: string }): string {
  const what = type === "AWS" ? `an AWS account (${principalAccount(value)})` : "an identity provider";
  const of = `${found.vendors.length > 1 ? "vendors" : "vendor"} ${allOf(found.vendors)}`;
  return `statement "${sid}" allows ${show(value)}, ${what} of ${of}, directly: ${found.why}; a bucket-policy grant bypasses that condition. Remove the principal: a connection (vendor: ${found.vendors[0]}) gives the vendor what it needs`;
}

/** Whether a condition spares the account from a Deny to everyone (see SPARING_CONDITION_KEYS). */
export function sparesAccount(condition: ExtraPolicyStatement["Condition"]): boolean {
  const sparing = new Set(SPARING_CONDITION_KEYS.map((k) => k.toLowerCase()));
  return Object.entries(condition ?? {}).some(([operator, keys]) =>
    Object.entries(keys).some(([key, value]) => {
      if (sparing.has(key.toLowerCase())) return true;
      if (key.toLowerCase() !== "aws:securetransport" || !/^Bool(IfExists)?$/.test(operator)) return false;
      return [value].flat().every((v) => String(v).toLowerCase() === "false");
    }),
  );
}

/** Whether a Deny names everyone: `*` in any AWS form, or everyone but the NotPrincipal. */
function deniesEveryone(statement: ExtraPolicyStatement): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  return principalValues(statement).some(({ type, value }) => (type === "*" || type === "AWS") && value.includes("*"));
}

function lockoutMessage(sid: string, bucket: string, statement: ExtraPolicyStatement, covered: string[]): string {
  const actions = statement.Action !== undefined ? `Action ${show(statement.Action)}` : `NotAction ${show(statement.NotAction)}`;
  const who = statement.NotPrincipal !== undefined ? `everyone but NotPrincipal ${show(statement.NotPrincipal)}` : "everyone";
  const sessions =
    statement.NotPrincipal !== undefined
      ? " NotPrincipal does not match a role's sessions (their ARNs are assumed-role ARNs), so even a role named there is denied."
      : "";
  return `statement "${sid}" denies ${allOf(covered)} (${actions}) on bucket "${bucket}" to ${who}, with no condition that spares this account: nobody, the deployer included, could read or replace the policy afterwards (pulumi up would fail, and only the account's root user could delete it).${sessions} Use Principal "*" with a condition that spares your administrators, e.g. ArnNotLike: { aws:PrincipalArn: "arn:aws:iam::<your account>:role/<admin role>" } (a condition on ${oneOf([...SPARING_CONDITION_KEYS])} spares the account, and so does Bool aws:SecureTransport false, the TLS deny's), or leave the bucket-policy actions out`;
}

function adminMessage(sid: string, bucket: string, statement: ExtraPolicyStatement, principals: string[], covered: string[]): string {
  const actions = statement.Action !== undefined ? `Action ${show(statement.Action)}` : `NotAction ${show(statement.NotAction)}`;
  return `statement "${sid}" allows ${principals.map((p) => show(p)).join(", ")} administrative actions on bucket "${bucket}": ${allOf(covered)} (${actions}). If that is another account, it can rewrite the bucket policy or delete the bucket; this stack's account is unknown when the file is loaded, so this is a warning. Grant only the actions it needs, e.g. s3:GetObject on ${bucketArn(bucket)}/<prefix>/*`;
}

/** Every problem of one extra statement; `path` is the statement's path in the file. */
export function checkExtraStatementSafety(bucket: string, statement: ExtraPolicyStatement, path: Path, problems: Problem[]): void {
  const arn = bucketArn(bucket);
  const values = principalValues(statement);
  if (statement.Effect === "Allow") {
    const flagged = new Set<string>();
    for (const { type, value, path: at } of values) {
      if (value.includes("*")) {
        flagged.add(value);
        problems.push({ severity: "error", path: [...path, ...at], message: wildcardMessage(statement.Sid, type, value) });
        continue;
      }
      const found = forbiddenVendors(type, value);
      if (found) {
        flagged.add(value);
        problems.push({ severity: "error", path: [...path, ...at], message: vendorMessage(statement.Sid, type, value, found) });
      }
    }
    const others = values.filter(({ type, value }) => type === "AWS" && !flagged.has(value)).map(({ value }) => value);
    const covered = coveredActions(statement, ADMINISTRATIVE_ACTIONS);
    if (others.length > 0 && covered.length > 0 && coversBucket(statement, arn)) {
      const at = statement.Action !== undefined ? "Action" : "NotAction";
      problems.push({ severity: "warning", path: [...path, at], message: adminMessage(statement.Sid, bucket, statement, others, covered) });
    }
    return;
  }
  if (!deniesEveryone(statement) || sparesAccount(statement.Condition) || !coversBucket(statement, arn)) return;
  const covered = coveredActions(statement, BUCKET_POLICY_ACTIONS);
  if (covered.length === 0) return;
  const at = statement.NotPrincipal !== undefined ? "NotPrincipal" : "Principal";
  problems.push({ severity: "error", path: [...path, at], message: lockoutMessage(statement.Sid, bucket, statement, covered) });
}
