/** What the benchmark prints: the runs as they finish, the table of medians, and the verdicts against the budgets. */
import type { Sample } from "./measure";

/** One size of generated file: its medians. */
export interface Row {
  n: number;
  resources: number;
  plan: Sample;
  baseline: Sample;
  /** The baseline with the SDK as shipped (offline/mock-engine.ts leaves its promise stack traces alone). */
  stock?: Sample;
}

/** Where the CPU time of one plan of the largest file went, seconds. */
export interface Phases {
  n: number;
  total: number;
  model: number;
  policies: number;
  policyCount: number;
}

export interface BenchResults {
  rows: Row[];
  /** `npm run plan` on the example: medians over `exampleRuns` runs. */
  example?: Sample;
  exampleRuns: number;
  phases?: Phases;
}

export const runsText = (samples: Sample[]) =>
  samples.map((s) => `${s.seconds.toFixed(2)}${s.cpu === undefined ? "" : ` (cpu ${s.cpu.toFixed(2)})`}`).join(", ");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** Median of each field over the runs. */
export function summarize(samples: Sample[]): Sample {
  const of = (pick: (s: Sample) => number | undefined) => (samples.every((s) => pick(s) !== undefined) ? median(samples.map((s) => pick(s)!)) : undefined);
  return { seconds: of((s) => s.seconds)!, cpu: of((s) => s.cpu), rssMb: of((s) => s.rssMb) };
}

/** The markdown table of docs/benchmarks.md. */
export function table(rows: Row[]): string {
  const fmt = (v: number | undefined, digits: number) => (v === undefined || !Number.isFinite(v) ? "n/a" : v.toFixed(digits));
  const lines = [
    "| N | resources | plan s | baseline s | ratio | plan ms/connection | marginal ms/connection | plan CPU s | baseline CPU s | CPU ratio | plan RSS MB | baseline RSS MB | stock SDK baseline s (CPU s) |",
    "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
  ];
  rows.forEach((r, i) => {
    const previous = rows[i - 1];
    const marginal = previous ? ((r.plan.seconds - previous.plan.seconds) * 1000) / (r.n - previous.n) : undefined;
    const cpuRatio = r.plan.cpu !== undefined && r.baseline.cpu !== undefined ? r.plan.cpu / r.baseline.cpu : undefined;
    const cells = [
      r.n,
      r.resources,
      fmt(r.plan.seconds, 2),
      fmt(r.baseline.seconds, 2),
      fmt(r.plan.seconds / r.baseline.seconds, 2),
      fmt((r.plan.seconds * 1000) / r.n, 1),
      marginal === undefined ? "" : fmt(marginal, 1),
      fmt(r.plan.cpu, 2),
      fmt(r.baseline.cpu, 2),
      fmt(cpuRatio, 2),
      fmt(r.plan.rssMb, 0),
      fmt(r.baseline.rssMb, 0),
      r.stock ? `${fmt(r.stock.seconds, 2)} (${fmt(r.stock.cpu, 2)})` : "",
    ];
    lines.push(`| ${cells.join(" | ")} |`);
  });
  return lines.join("\n");
}

/** The lines printed once every run is done: the table, then each budget's verdict. */
export function report({ rows, example, exampleRuns, phases }: BenchResults): string[] {
  const lines: string[] = [];
  if (rows.length > 0) lines.push(`\n${table(rows)}\n`);
  if (example) {
    const cpu = example.cpu === undefined ? "" : `, CPU ${example.cpu.toFixed(2)} s`;
    lines.push(
      `budget: npm run plan on the example takes ${example.seconds.toFixed(2)} s wall${cpu} (median of ${exampleRuns}): ${example.seconds < 3 ? "within" : "OVER"} the 3 s budget`,
    );
  }
  lines.push(...linearity(rows));
  if (phases)
    lines.push(
      ...phaseLines(
        phases,
        rows.find((r) => r.n === phases.n),
      ),
    );
  const biggest = rows[rows.length - 1];
  if (biggest) {
    const ratio = biggest.plan.seconds / biggest.baseline.seconds;
    const cpu = biggest.plan.cpu !== undefined && biggest.baseline.cpu !== undefined ? `; CPU ${(biggest.plan.cpu / biggest.baseline.cpu).toFixed(2)}x` : "";
    lines.push(
      `budget: plan at N=${biggest.n} is ${ratio.toFixed(2)}x the SDK baseline in wall time${cpu}: ${ratio <= 1.3 ? "within" : "OVER"} the 1.3x budget`,
    );
  }
  return lines;
}

/**
 * Linearity: the fixed start-up cost (loading the SDK) dominates small files, so compare the
 * cost of each added connection between consecutive sizes from 100 connections up.
 */
function linearity(rows: Row[]): string[] {
  const lines: string[] = [];
  const large = rows.filter((r) => r.n >= 100);
  for (const [label, pick] of [
    ["wall", (s: Sample) => s.seconds],
    ["CPU", (s: Sample) => s.cpu],
  ] as const) {
    if (large.length < 2 || large.some((r) => pick(r.plan) === undefined)) continue;
    const marginals = large.slice(1).map((r, i) => ((pick(r.plan)! - pick(large[i].plan)!) * 1000) / (r.n - large[i].n));
    // Super-linear when a later connection costs clearly more than an earlier one.
    const growth = Math.max(...marginals) / marginals[0];
    const verdict = growth <= 1.5 ? "linear (no later interval costs more than 1.5x the first)" : "NOT linear";
    lines.push(
      `linearity (${label}): marginal ms per connection ${marginals.map((m) => m.toFixed(1)).join(", ")} between ${large.map((r) => r.n).join(", ")}: ${verdict}`,
    );
  }
  return lines;
}

function phaseLines({ n, total, model, policies, policyCount }: Phases, row: Row | undefined): string[] {
  const percent = (part: number) => `${((100 * part) / total).toFixed(0)}%`;
  const lines = [
    `where the CPU time of one plan at N=${n} goes (${total.toFixed(2)} s): loading and validating the connections file ${model.toFixed(2)} s (${percent(model)}), policy pack (${policyCount} policies) ${policies.toFixed(2)} s (${percent(policies)}), the rest (start-up, program, SDK, output) ${(total - model - policies).toFixed(2)} s`,
  ];
  if (row?.baseline.cpu !== undefined)
    lines.push(`  without the policy pack the plan would take ${((total - policies) / row.baseline.cpu).toFixed(2)}x the baseline's CPU time`);
  return lines;
}
