/**
 * Shared pieces of the access-proof specs.
 */
import type { ResolvedConnection, StackModel } from "../../model/resolve";
import { bucketOf } from "../../model/resolve";
import { ACCOUNT_ID } from "../../proofs/matrix";
import { needsOf } from "../../proofs/needs";
import type { ProofResult } from "../../proofs/prove";

/**
 * The actions a connection's vendor needs (from the vendor module's own `needs`) that no allowed
 * request of its matrix asks for: anything listed means part of the matrix went missing.
 */
export function unprovedNeeds(model: StackModel, connection: ResolvedConnection, results: ProofResult[]): string[] {
  const needs = needsOf(connection, bucketOf(model, connection), { accountId: ACCOUNT_ID, credentialName: connection.name });
  const needed = [...needs.objects, ...needs.bucket, ...(needs.list ? [needs.list] : []), ...needs.global, ...needs.kms].map((n) => n.action);
  const asked = new Set(results.filter((r) => r.connection === connection.name && r.expected === "allow").map((r) => r.request.action));
  return [...new Set(needed)].filter((action) => !asked.has(action)).sort();
}

/** The mismatched requests, one per line, for an assertion message. */
export function describeMismatches(results: ProofResult[], limit = 15): string {
  const bad = results.filter((r) => !r.ok);
  return bad
    .slice(0, limit)
    .map((r) => `${r.connection} | ${r.who}: ${r.what} | expected ${r.expected}, got ${r.verdict.decision} | ${r.verdict.deciding.join("; ")}`)
    .concat(bad.length > limit ? [`... and ${bad.length - limit} more`] : [])
    .join("\n");
}

/** `connection | who: what` of every mismatch, sorted, for exact comparisons. */
export function mismatchKeys(results: ProofResult[]): string[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => `${r.connection} | ${r.who}: ${r.what}`)
    .sort();
}
