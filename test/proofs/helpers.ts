/**
 * Shared pieces of the access-proof specs.
 */
import type { ProofResult } from "../../proofs/prove";

/** Fewest requests a connection's matrix may have, per vendor: fewer means part of the matrix went missing. */
export const MIN_REQUESTS: Record<string, number> = { element: 35, elembio: 35, ica: 55, prequel: 20 };

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
