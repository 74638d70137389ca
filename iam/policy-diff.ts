/**
 * Compares a live policy document with the planned one up to canonical form: AWS returns policies
 * with single-element lists as scalars, its own key order, and bare account IDs in principals
 * rewritten to `arn:aws:iam::ID:root`, none of which changes what the policy grants.
 */
import { canonicalStatement, type AnyPolicyStatement } from "./document";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PolicyDiff {
  /** Live statements the plan does not have (by Sid; without a Sid, by content). */
  extra: string[];
  /** Planned statements missing from AWS. */
  missing: string[];
  /** Statements on both sides whose content differs. */
  changed: string[];
}

const toList = (value: Json): Json[] => (Array.isArray(value) ? value : [value]);
const sortedStrings = (value: Json): Json[] => [...new Set(toList(value).map((v) => (typeof v === "string" ? v : JSON.stringify(v))))].sort();
const principalValue = (value: Json): Json[] =>
  sortedStrings(toList(value).map((v) => (typeof v === "string" && /^\d{12}$/.test(v) ? `arn:aws:iam::${v}:root` : v)));

/** One statement in the form compared: every list sorted, every condition value a list, principals as ARNs. */
export function comparableStatement(statement: Record<string, Json>): Record<string, Json> {
  const out = { ...(canonicalStatement(statement as unknown as AnyPolicyStatement) as unknown as Record<string, Json>) };
  for (const key of ["Principal", "NotPrincipal"]) {
    const principal = out[key];
    if (principal && typeof principal === "object" && !Array.isArray(principal)) {
      out[key] = Object.fromEntries(Object.entries(principal).map(([type, value]) => [type, principalValue(value)]));
    }
  }
  const condition = out.Condition;
  if (condition && typeof condition === "object" && !Array.isArray(condition)) {
    out.Condition = Object.fromEntries(
      Object.entries(condition).map(([operator, keys]) => [
        operator,
        Object.fromEntries(Object.entries(keys as Record<string, Json>).map(([key, value]) => [key, sortedStrings(value)])),
      ]),
    );
  }
  return out;
}

/** Statements of a document (a single statement object counts as a list of one). */
export function statementsOf(document: unknown): Record<string, Json>[] {
  const statement = (document as { Statement?: unknown } | undefined)?.Statement;
  if (statement === undefined) return [];
  return (Array.isArray(statement) ? statement : [statement]) as Record<string, Json>[];
}

/** How a statement is named in reports: its Sid, or its content when it has none. */
export function statementLabel(statement: Record<string, Json>): string {
  const sid = statement.Sid;
  return typeof sid === "string" && sid !== "" ? `Sid "${sid}"` : `statement without Sid ${JSON.stringify(comparableStatement(statement))}`;
}

const identity = (statement: Record<string, Json>) =>
  typeof statement.Sid === "string" && statement.Sid !== "" ? `sid:${statement.Sid}` : `content:${JSON.stringify(comparableStatement(statement))}`;

export function diffPolicies(planned: unknown, live: unknown): PolicyDiff {
  const index = (document: unknown) => new Map(statementsOf(document).map((s) => [identity(s), s] as const));
  const want = index(planned);
  const have = index(live);
  const diff: PolicyDiff = { extra: [], missing: [], changed: [] };
  for (const [key, statement] of have) if (!want.has(key)) diff.extra.push(statementLabel(statement));
  for (const [key, statement] of want) {
    const found = have.get(key);
    if (!found) diff.missing.push(statementLabel(statement));
    else if (JSON.stringify(comparableStatement(found)) !== JSON.stringify(comparableStatement(statement))) diff.changed.push(statementLabel(statement));
  }
  return diff;
}

export const samePolicy = (diff: PolicyDiff) => diff.extra.length + diff.missing.length + diff.changed.length === 0;

export function describeDiff(diff: PolicyDiff): string {
  const parts = [
    diff.extra.length > 0 && `extra in AWS: ${diff.extra.join(", ")}`,
    diff.missing.length > 0 && `missing from AWS: ${diff.missing.join(", ")}`,
    diff.changed.length > 0 && `changed in AWS: ${diff.changed.join(", ")}`,
  ].filter(Boolean);
  return parts.join("; ");
}

/** IAM returns policy documents URL-encoded; S3 returns them as plain JSON text. */
export function parsePolicyText(text: string | undefined): unknown {
  if (text === undefined || text === "") return undefined;
  const plain = text.trimStart().startsWith("{") ? text : decodeURIComponent(text);
  return JSON.parse(plain);
}
