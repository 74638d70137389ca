/**
 * IAM policy documents as plain data, in one canonical form.
 *
 * Every document this project renders goes through {@link policyDocument}: statements sorted by
 * `Sid`, every list sorted and de-duplicated, keys in a fixed order, `Version` always present. Two
 * renderings of the same intent are therefore byte-identical, so `pulumi preview` never shows a
 * diff that is only an ordering change.
 */

export const POLICY_VERSION = "2012-10-17";

/** Condition block: operator -> condition key -> value(s). */
export type Condition = Record<string, Record<string, string | string[]>>;

/** The principal types IAM's policy grammar has; a bucket policy may name any of them. */
export const PRINCIPAL_TYPES = ["AWS", "CanonicalUser", "Federated", "Service"] as const;
export type PrincipalType = (typeof PRINCIPAL_TYPES)[number];

/** A principal as IAM writes it: `"*"` or a map of principal type to one or more values. */
export type Principal = "*" | { [K in PrincipalType]?: string | string[] };

/**
 * A statement with every element IAM's grammar allows. `Action` is required here because every
 * builder names what it allows; a statement written in the connections file may use `NotAction`
 * instead ({@link AnyPolicyStatement}).
 */
export interface PolicyStatement {
  /** Always present: it names the concern and lets a reader (and the policy pack) find it. */
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  NotPrincipal?: Exclude<Principal, "*">;
  Action: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Condition;
}

/** A statement naming the actions it does not cover (`NotAction`) instead of those it does. */
export type NotActionStatement = Omit<PolicyStatement, "Action"> & { NotAction: string | string[] };

/** Any statement a rendered document may hold. */
export type AnyPolicyStatement = PolicyStatement | NotActionStatement;

export interface PolicyDocument<S extends AnyPolicyStatement = PolicyStatement> {
  Version: typeof POLICY_VERSION;
  Statement: S[];
}

/**
 * Every element of a statement, in the order rendered documents write them. The renderer refuses a
 * key outside this list instead of dropping it: a dropped `NotPrincipal` turns a deny-all-but-one
 * into a policy S3 refuses, a dropped `Condition` turns a conditional Allow into an unconditional one.
 */
export const STATEMENT_ELEMENTS = ["Sid", "Effect", "Principal", "NotPrincipal", "Action", "NotAction", "Resource", "NotResource", "Condition"] as const;

const sortedUnique = (values: string | string[]): string[] => [...new Set(typeof values === "string" ? [values] : values)].sort();

/** Object.fromEntries defines own properties, so no key (not even `__proto__`) is lost on the way. */
const entriesOf = <V>(record: Record<string, V>): [string, V][] =>
  Object.keys(record)
    .sort()
    .map((key) => [key, record[key]]);

function canonicalPrincipal<P extends Principal>(principal: P): P {
  if (principal === "*") return principal;
  return Object.fromEntries(PRINCIPAL_TYPES.filter((type) => principal[type] !== undefined).map((type) => [type, sortedUnique(principal[type]!)])) as P;
}

function canonicalCondition(condition: Condition): Condition {
  return Object.fromEntries(
    entriesOf(condition).map(([operator, keys]) => [
      operator,
      // A single scalar stays a scalar: "Bool": {"aws:SecureTransport": "false"} reads as AWS writes it.
      Object.fromEntries(entriesOf(keys).map(([key, value]) => [key, typeof value === "string" ? value : sortedUnique(value)])),
    ]),
  );
}

/**
 * Why a statement cannot be rendered as it is, or undefined. These are the shapes that would make a
 * rendered document mean something other than what was written (or be refused by AWS): the schema
 * rejects them in the connections file with a message, and builders never produce them, so one
 * reaching the renderer is a defect of this program, reported as an internal error.
 */
export function statementDefect(statement: AnyPolicyStatement, kind?: DocumentKind): string | undefined {
  const record = statement as unknown as Record<string, unknown>;
  const unknown = Object.keys(record).filter((key) => !(STATEMENT_ELEMENTS as readonly string[]).includes(key));
  if (unknown.length > 0) return `has ${unknown.map((k) => JSON.stringify(k)).join(", ")}, which is not a statement element (${STATEMENT_ELEMENTS.join(", ")})`;
  const has = (key: string) => record[key] !== undefined;
  const empty = (value: unknown) => value === "" || (Array.isArray(value) && (value.length === 0 || value.some((v) => typeof v !== "string" || v === "")));
  if (typeof statement.Sid !== "string" || statement.Sid === "") return "has no Sid";
  if (statement.Effect !== "Allow" && statement.Effect !== "Deny") return `has Effect ${JSON.stringify(statement.Effect)}`;
  for (const [plain, negated] of [
    ["Principal", "NotPrincipal"],
    ["Action", "NotAction"],
    ["Resource", "NotResource"],
  ]) {
    if (has(plain) && has(negated)) return `has both ${plain} and ${negated}`;
    for (const key of [plain, negated]) if (has(key) && key !== "Principal" && key !== "NotPrincipal" && empty(record[key])) return `has an empty ${key}`;
  }
  if (!has("Action") && !has("NotAction")) return "has neither Action nor NotAction";
  for (const key of ["Principal", "NotPrincipal"] as const) {
    const principal = record[key];
    if (principal === undefined || principal === "*") continue;
    if (principal === null || typeof principal !== "object" || Array.isArray(principal)) return `has a ${key} that is neither "*" nor a map`;
    const types = Object.keys(principal);
    if (types.length === 0) return `has an empty ${key} map`;
    const foreign = types.filter((type) => !(PRINCIPAL_TYPES as readonly string[]).includes(type));
    if (foreign.length > 0)
      return `has the ${key} type ${foreign.map((t) => JSON.stringify(t)).join(", ")}, which IAM does not have (${PRINCIPAL_TYPES.join(", ")})`;
    for (const type of types) if (empty((principal as Record<string, unknown>)[type])) return `has an empty ${key} ${type}`;
  }
  if (statement.NotPrincipal !== undefined && statement.Effect === "Allow") return "allows NotPrincipal, which grants everyone else";
  if (kind === "resource" && !has("Principal") && !has("NotPrincipal")) return "has no Principal in a resource policy";
  if (kind === "identity" && (has("Principal") || has("NotPrincipal"))) return "has a Principal in an identity policy";
  if (has("Condition")) {
    const condition = record.Condition;
    if (condition === null || typeof condition !== "object" || Object.keys(condition).length === 0) return "has an empty Condition";
    for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
      if (keys === null || typeof keys !== "object" || Array.isArray(keys) || Object.keys(keys).length === 0)
        return `has a Condition operator ${operator} with no condition key`;
      for (const [key, value] of Object.entries(keys as Record<string, unknown>)) {
        if (typeof value !== "string" && !(Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string"))) {
          return `has the condition ${operator} ${key} with no value (or a value that is not text)`;
        }
      }
    }
  }
  return undefined;
}

/** Returns the statement with its keys in canonical order and every list sorted; no element is dropped. */
export function canonicalStatement<S extends AnyPolicyStatement>(statement: S): S {
  const record = statement as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const key of STATEMENT_ELEMENTS) {
    const value = record[key];
    if (value === undefined) continue;
    if (key === "Sid" || key === "Effect") out[key] = value;
    else if (key === "Principal" || key === "NotPrincipal") out[key] = canonicalPrincipal(value as Principal);
    else if (key === "Condition") out[key] = canonicalCondition(value as Condition);
    else out[key] = sortedUnique(value as string | string[]);
  }
  return out as unknown as S;
}

/**
 * What a document is attached to: a resource policy (bucket policy, trust policy) names its
 * principals in every statement; an identity policy never does.
 */
export type DocumentKind = "resource" | "identity";

/**
 * Builds a canonical policy document. Throws on a duplicate `Sid` and on a statement that would
 * not render as written ({@link statementDefect}): builders own their Sids and statements, and the
 * connections file is checked with messages in the model, so either is a programming error.
 */
export function policyDocument<S extends AnyPolicyStatement>(statements: S[], options: { kind?: DocumentKind } = {}): PolicyDocument<S> {
  const seen = new Set<string>();
  for (const statement of statements) {
    const defect = statementDefect(statement, options.kind);
    if (defect) throw new Error(`internal error: statement "${statement.Sid}" ${defect}; it cannot be rendered as written`);
    if (seen.has(statement.Sid)) throw new Error(`duplicate Sid "${statement.Sid}" in one policy document`);
    seen.add(statement.Sid);
  }
  return {
    Version: POLICY_VERSION,
    Statement: statements.map(canonicalStatement).sort((a, b) => (a.Sid < b.Sid ? -1 : a.Sid > b.Sid ? 1 : 0)),
  };
}

/** The JSON text handed to AWS. */
export function renderPolicy(document: PolicyDocument<AnyPolicyStatement>): string {
  return JSON.stringify(document);
}

/** All actions of a document's statements with the given effect, for assertions and checks. */
export function actionsOf(document: PolicyDocument<AnyPolicyStatement>, effect: "Allow" | "Deny" = "Allow"): string[] {
  return sortedUnique(document.Statement.filter((s) => s.Effect === effect).flatMap((s) => ("Action" in s ? s.Action : [])));
}
