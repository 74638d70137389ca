/**
 * The runs of the benchmark: the example plan, then for each size a generated file planned and
 * its baseline registered, alternating, each in a fresh process; progress is printed as runs finish.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { countTypes, type BaselineSpec } from "./baseline";
import { baselineSpec, inputDifferences } from "./baseline-spec";
import { generate, readFixture, toYaml } from "./generator";
import { loadAverage, measure, planNodeOptions, ROOT, type Sample } from "./measure";
import { runsText, summarize, type BenchResults, type Phases, type Row } from "./report";

const PLAN_CLI = path.join(ROOT, "cli", "plan.ts");
const EXAMPLE = path.join(ROOT, "connections", "example.yaml");

export interface BenchOptions {
  sizes: number[];
  runs: number;
  exampleRuns: number;
  stockBaseline: boolean;
  /** Keep the generated files and outputs (their directory is printed first). */
  keep: boolean;
  /** The benchmark's entry script: the baseline and phases children are started through it. */
  entry: string;
}

export async function runBench(options: BenchOptions, say: (line: string) => void): Promise<BenchResults> {
  const { sizes, runs, exampleRuns, entry } = options;
  const fixture = readFixture();
  const node = planNodeOptions();
  const dir = mkdtempSync(path.join(os.tmpdir(), "vendor-connections-bench-"));
  say(`node ${process.version}, ${os.cpus().length} CPU(s), node options of the plan script: ${node.join(" ")}; load ${loadAverage()}; files in ${dir}`);
  const rows: Row[] = [];
  let example: Sample | undefined;
  let phases: Phases | undefined;
  try {
    // One untimed plan first: a later run never pays for transpiling that an earlier one cached.
    measure(process.execPath, [...node, PLAN_CLI, "--connections", EXAMPLE, "--json"], path.join(dir, "warm-up.json"), dir);

    if (exampleRuns > 0) {
      const samples: Sample[] = [];
      for (let run = 0; run < exampleRuns; run++) samples.push(measure("npm", ["run", "--silent", "plan"], path.join(dir, "example.txt"), dir));
      example = summarize(samples);
      say(`npm run plan (connections/example.yaml): ${runsText(samples)} s; load ${loadAverage()}`);
    }

    for (const n of sizes) {
      const spec = generate(n, fixture);
      const yamlFile = path.join(dir, `connections-${n}.yaml`);
      const specFile = path.join(dir, `baseline-${n}.json`);
      const text = toYaml(spec);
      writeFileSync(yamlFile, text);
      // The baseline's documents come from the real model here, outside the timed processes.
      const baseline = baselineSpec(text, yamlFile, spec.stack);
      writeFileSync(specFile, JSON.stringify(baseline));
      const planOut = path.join(dir, `plan-${n}.json`);
      const baselineOut = path.join(dir, `baseline-${n}.out`);
      const plans: Sample[] = [];
      const baselines: Sample[] = [];
      const stocks: Sample[] = [];
      let resources = 0;
      for (let run = 0; run < runs; run++) {
        plans.push(measure(process.execPath, [...node, PLAN_CLI, "--connections", yamlFile, "--stack", spec.stack, "--json"], planOut, dir));
        baselines.push(measure(process.execPath, [...node, entry, "--baseline-child", specFile], baselineOut, dir));
        if (options.stockBaseline) {
          // With leak debugging on, the mock engine leaves the SDK's promise stack traces as shipped.
          const env = { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "1" };
          stocks.push(measure(process.execPath, [...node, entry, "--baseline-child", specFile], `${baselineOut}.stock`, dir, env));
        }
        resources = sameResources(n, planOut, baselineOut, baseline);
      }
      rows.push({ n, resources, plan: summarize(plans), baseline: summarize(baselines), stock: stocks.length > 0 ? summarize(stocks) : undefined });
      const stockText = stocks.length > 0 ? `; stock SDK baseline ${runsText(stocks)} s` : "";
      say(`N=${n}: ${resources} resources; plan ${runsText(plans)} s; baseline ${runsText(baselines)} s${stockText}; load ${loadAverage()}`);
      if (n === Math.max(...sizes)) {
        const phasesOut = path.join(dir, `phases-${n}.json`);
        measure(process.execPath, [...node, entry, "--phases-child", yamlFile], phasesOut, dir);
        phases = { n, ...JSON.parse(readFileSync(phasesOut, "utf8")) };
      }
    }
  } finally {
    if (!options.keep) rmSync(dir, { recursive: true, force: true });
  }
  return { rows, example, exampleRuns, phases };
}

/** Both programs must have registered the same resources, type by type, with the same documents: their count. */
function sameResources(n: number, planOut: string, baselineOut: string, baseline: BaselineSpec): number {
  const plan = JSON.parse(readFileSync(planOut, "utf8")) as { resources: Parameters<typeof inputDifferences>[1]; errors: unknown[]; violations: unknown[] };
  if (plan.errors.length > 0) throw new Error(`the generated file has errors: ${JSON.stringify(plan.errors.slice(0, 3))}`);
  if (plan.violations.length > 0) throw new Error(`the generated file has policy violations: ${JSON.stringify(plan.violations.slice(0, 3))}`);
  const planned = JSON.stringify(countTypes(plan.resources));
  const registered = readFileSync(baselineOut, "utf8").trim();
  if (planned !== registered) throw new Error(`N=${n}: plan registered ${planned}, baseline ${registered}`);
  const differences = inputDifferences(baseline, plan.resources);
  if (differences.length > 0) throw new Error(`N=${n}: the baseline's inputs differ from the plan's:\n${differences.join("\n")}`);
  return plan.resources.length;
}
