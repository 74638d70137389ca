/**
 * Access proofs of a connections file: plan it offline, build the matrix, evaluate every request.
 * Used by `npm run prove` and by the tests; it imports the simulator (through ./engine), so it is
 * never imported by the Pulumi program, the components, the vendor modules or the policy pack.
 */
import { runPlan, type Plan } from "../offline/run-plan";
import type { StackModel } from "../model/resolve";
import { evaluate, type Decision, type Verdict } from "./engine";
import { buildMatrix, type Expected, type PlanForProof, type ProofCase } from "./matrix";
import type { RequestEvaluator } from "./workers";

export interface ProofResult extends ProofCase {
  verdict: Verdict;
  /** True when AWS would answer as expected. */
  ok: boolean;
}

export function meetsExpectation(expected: Expected, decision: Decision | "Error"): boolean {
  if (decision === "Error") return false;
  return expected === "allow" ? decision === "Allowed" : decision !== "Allowed";
}

/**
 * Evaluates the cases one after another in this process (the simulator is CPU-bound; nothing is
 * gained by overlapping them in one thread), or with `evaluator`, e.g. in worker threads
 * (./workers): the same verdicts, in the same order.
 */
export async function proveCases(cases: ProofCase[], evaluator?: RequestEvaluator): Promise<ProofResult[]> {
  const verdicts: Verdict[] = [];
  if (evaluator) verdicts.push(...(await evaluator.evaluate(cases.map((c) => c.request))));
  else for (const c of cases) verdicts.push(await evaluate(c.request));
  return cases.map((c, i) => ({ ...c, verdict: verdicts[i], ok: meetsExpectation(c.expected, verdicts[i].decision) }));
}

export async function provePlan(plan: PlanForProof, evaluator?: RequestEvaluator): Promise<ProofResult[]> {
  return proveCases(buildMatrix(plan), evaluator);
}

export type FileProof = { ok: true; plan: Plan & { model: StackModel }; results: ProofResult[] } | { ok: false; plan: Plan };

/** Plans a connections file and proves every connection in it. Invalid input proves nothing. */
export async function proveFile(connectionsFile: string, stack: string, evaluator?: RequestEvaluator): Promise<FileProof> {
  const { log: _log, ...plan } = await runPlan({ connectionsFile, stack });
  if (plan.errors.length > 0 || !plan.model) return { ok: false, plan };
  const planned = plan as Plan & { model: StackModel };
  return { ok: true, plan: planned, results: await provePlan(planned, evaluator) };
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
