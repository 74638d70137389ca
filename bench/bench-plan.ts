/**
 * npm run bench:plan -- [--sizes 10,100,300,1000] [--runs 3] [--example-runs 5] [--no-stock-baseline] [--keep]
 *
 * Measures the offline plan against the budgets of DESIGN.md ("Budgets").
 *
 * 1. `npm run plan` on connections/example.yaml, `--example-runs` times: median wall time.
 * 2. For each size N, a connections file of N connections of the vendor in
 *    fixtures/connection.yaml (four per bucket, distinct prefixes, roles and users, some shared
 *    principals, some SSE-KMS buckets), then, each in a fresh process started with the node
 *    options of the `plan` script:
 *
 *    plan      cli/plan.ts --connections FILE --json (the real program, policy pack included)
 *    baseline  a plain program that registers the same resources (same types, names, parents and
 *              count, the same documents, computed beforehand in this process by the real model)
 *              straight with @pulumi/aws classes under the same mock engine, without the model,
 *              validation, document builders or policy pack: the SDK's own cost for those resources
 *    stock     the baseline again with the SDK as shipped (`PULUMI_DEBUG_PROMISE_LEAKS=1`, so the
 *              mock engine leaves the SDK's promise stack traces alone; `--no-stock-baseline` skips it)
 *
 *    They alternate, `--runs` times each; the table shows medians of wall time, CPU time (user +
 *    system) and peak RSS. Plan and baseline must register the same resources, type by type, and
 *    the plan's documents, names and session durations must be the baseline's.
 * 3. At the largest N, one more plan in a process that also times its parts (`--phases-child`):
 *    loading the connections file and running the policy pack.
 *
 * Wall times include whatever else the machine is doing: the 1-minute load average is printed
 * beside them, and CPU times are shown as the steadier figure.
 *
 * The pieces: generator.ts (the synthetic connections files, from fixtures/connection.yaml),
 * baseline.ts (the SDK-floor program), baseline-spec.ts (its inputs, from the model), phases.ts
 * (where a plan's CPU time goes), measure.ts (timing a process), run.ts (the runs) and report.ts
 * (the table and the verdicts).
 */
import { parseArgs } from "util";

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      sizes: { type: "string", default: "10,100,300,1000" },
      runs: { type: "string", default: "3" },
      "example-runs": { type: "string", default: "5" },
      "no-stock-baseline": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      "baseline-child": { type: "string" },
      "phases-child": { type: "string" },
    },
    strict: true,
  });
  // Imported only where used: a child process loads nothing it does not time (run.ts brings the
  // model and the vendor modules, which the baseline must not pay for).
  if (values["baseline-child"]) return (await import("./baseline")).baselineChild(values["baseline-child"]);
  if (values["phases-child"]) return (await import("./phases")).phasesChild(values["phases-child"]);
  const { runBench } = await import("./run");
  const { report } = await import("./report");

  const say = (line: string) => process.stdout.write(`${line}\n`);
  const results = await runBench(
    {
      sizes: values.sizes!.split(",").filter(Boolean).map(Number),
      runs: Number(values.runs),
      exampleRuns: Number(values["example-runs"]),
      stockBaseline: !values["no-stock-baseline"],
      keep: values.keep!,
      entry: __filename,
    },
    say,
  );
  for (const line of report(results)) say(line);
}

main().catch((e) => {
  // A wrong fixture is bad input: its message says what to fix. Anything else is a fault of the bench.
  const error = e as Error;
  process.stderr.write(`bench failed: ${error.name === "FixtureError" ? error.message : (error.stack ?? e)}\n`);
  process.exit(1);
});
