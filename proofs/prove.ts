/**
 * Access proofs of a connections file: plan it offline, build the matrix, evaluate every request.
 * Used by `npm run prove` and by the tests; it imports the simulator (through ./engine), so it is
 * never imported by the Pulumi program, the components, the vendor modules or the policy pack.
 */
import { runPlan, type Plan } from "../offline/run-plan";
import type { StackModel } from "../model/resolve";
import { evaluate, type Decision, type Verdict } from "./engine";
import { buildMatrix, type Expected, type PlanForProof, type ProofCase } from "./matrix";

export interface ProofResult extends ProofCase {
  verdict: Verdict;
  /** True when AWS would answer as expected. */
  ok: boolean;
}

export function meetsExpectation(expected: Expected, decision: Decision | "Error"): boolean {
  if (decision === "Error") return false;
  return expected === "allow" ? decision === "Allowed" : decision !== "Allowed";
}

/** Evaluates the cases one after another (the simulator is CPU-bound; nothing is gained by overlapping). */
export async function proveCases(cases: ProofCase[]): Promise<ProofResult[]> {
  const results: ProofResult[] = [];
  for (const c of cases) {
    const verdict = await evaluate(c.request);
    results.push({ ...c, verdict, ok: meetsExpectation(c.expected, verdict.decision) });
  }
  return results;
}

export async function provePlan(plan: PlanForProof): Promise<ProofResult[]> {
  return proveCases(buildMatrix(plan));
}

export type FileProof = { ok: true; plan: Plan & { model: StackModel }; results: ProofResult[] } | { ok: false; plan: Plan };

/** Plans a connections file and proves every connection in it. Invalid input proves nothing. */
export async function proveFile(connectionsFile: string, stack: string): Promise<FileProof> {
  const { log: _log, ...plan } = await runPlan({ connectionsFile, stack });
  if (plan.errors.length > 0 || !plan.model) return { ok: false, plan };
  const planned = plan as Plan & { model: StackModel };
  return { ok: true, plan: planned, results: await provePlan(planned) };
}

/** Requests and mismatches per connection, in file order. */
export function summarize(results: ProofResult[]): { connection: string; requests: number; mismatches: number }[] {
  const byConnection = new Map<string, { connection: string; requests: number; mismatches: number }>();
  for (const r of results) {
    const entry = byConnection.get(r.connection) ?? { connection: r.connection, requests: 0, mismatches: 0 };
    entry.requests++;
    if (!r.ok) entry.mismatches++;
    byConnection.set(r.connection, entry);
  }
  return [...byConnection.values()];
}
