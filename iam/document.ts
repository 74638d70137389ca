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

/** A principal as IAM writes it: `"*"` or a map of principal type to one or more values. */
export type Principal = "*" | { AWS?: string | string[]; Federated?: string | string[]; Service?: string | string[] };

export interface PolicyStatement {
  /** Always present: it names the concern and lets a reader (and the policy pack) find it. */
  Sid: string;
  Effect: "Allow" | "Deny";
  Principal?: Principal;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Condition;
}

export interface PolicyDocument {
  Version: typeof POLICY_VERSION;
  Statement: PolicyStatement[];
}

const sortedUnique = (values: string | string[]): string[] => [...new Set(typeof values === "string" ? [values] : values)].sort();

function canonicalPrincipal(principal: Principal): Principal {
  if (principal === "*") return principal;
  const out: Exclude<Principal, "*"> = {};
  for (const key of ["AWS", "Federated", "Service"] as const) {
    const value = principal[key];
    if (value !== undefined) out[key] = sortedUnique(value);
  }
  return out;
}

function canonicalCondition(condition: Condition): Condition {
  const out: Condition = {};
  for (const operator of Object.keys(condition).sort()) {
    const keys: Record<string, string | string[]> = {};
    for (const key of Object.keys(condition[operator]).sort()) {
      const value = condition[operator][key];
      // A single scalar stays a scalar: "Bool": {"aws:SecureTransport": "false"} reads as AWS writes it.
      keys[key] = typeof value === "string" ? value : sortedUnique(value);
    }
    out[operator] = keys;
  }
  return out;
}

/** Returns the statement with its keys in canonical order and every list sorted. */
export function canonicalStatement(statement: PolicyStatement): PolicyStatement {
  const out: PolicyStatement = {
    Sid: statement.Sid,
    Effect: statement.Effect,
    ...(statement.Principal !== undefined && { Principal: canonicalPrincipal(statement.Principal) }),
    Action: sortedUnique(statement.Action),
  };
  if (statement.Resource !== undefined) out.Resource = sortedUnique(statement.Resource);
  if (statement.Condition !== undefined) out.Condition = canonicalCondition(statement.Condition);
  return out;
}

/**
 * Builds a canonical policy document. Throws on a duplicate `Sid`: builders own their Sids, so a
 * duplicate is a programming error (user-supplied Sids are checked with a message in the model).
 */
export function policyDocument(statements: PolicyStatement[]): PolicyDocument {
  const seen = new Set<string>();
  for (const { Sid } of statements) {
    if (seen.has(Sid)) throw new Error(`duplicate Sid "${Sid}" in one policy document`);
    seen.add(Sid);
  }
  return {
    Version: POLICY_VERSION,
    Statement: statements.map(canonicalStatement).sort((a, b) => (a.Sid < b.Sid ? -1 : a.Sid > b.Sid ? 1 : 0)),
  };
}

/** The JSON text handed to AWS. */
export function renderPolicy(document: PolicyDocument): string {
  return JSON.stringify(document);
}

/** All actions of a document's statements with the given effect, for assertions and checks. */
export function actionsOf(document: PolicyDocument, effect: "Allow" | "Deny" = "Allow"): string[] {
  return sortedUnique(document.Statement.filter((s) => s.Effect === effect).flatMap((s) => s.Action));
}
