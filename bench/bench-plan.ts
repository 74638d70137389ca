/**
 * npm run bench:plan -- [--sizes 10,100,300,1000] [--runs 3] [--example-runs 5] [--no-stock-baseline] [--keep]
 *
 * Measures the offline plan against the budgets of DESIGN.md ("Budgets").
 *
 * 1. `npm run plan` on connections/example.yaml, `--example-runs` times: median wall time.
 * 2. For each size N, a connections file of N Element connections (four per bucket, distinct
 *    prefixes, roles and users, some shared principals, some SSE-KMS buckets), then, each in a
 *    fresh process started with the node options of the `plan` script:
 *
 *    plan      cli/plan.ts --connections FILE --json (the real program, policy pack included)
 *    baseline  a plain program that registers the same resources (same types, names, parents and
 *              count, similar inputs) straight with @pulumi/aws classes under the same mock
 *              engine, without the model, validation, document builders or policy pack: the
 *              SDK's own cost for those resources
 *    stock     the baseline again with the SDK as shipped (`PULUMI_DEBUG_PROMISE_LEAKS=1`, so the
 *              mock engine leaves the SDK's promise stack traces alone; `--no-stock-baseline` skips it)
 *
 *    They alternate, `--runs` times each; the table shows medians of wall time, CPU time (user +
 *    system) and peak RSS. Plan and baseline must register the same resources, type by type.
 * 3. At the largest N, one more plan in a process that also times its parts (`--phases-child`):
 *    loading the connections file and running the policy pack.
 *
 * Wall times include whatever else the machine is doing: the 1-minute load average is printed
 * beside them, and CPU times are shown as the steadier figure.
 */
import { spawnSync } from "child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { ELEMENT_MAX_SESSION_DURATION_SECONDS, ELEMENT_PRINCIPAL_ARN } from "../vendors/element";

const ROOT = path.resolve(__dirname, "..");
const PLAN_CLI = path.join(ROOT, "cli", "plan.ts");
const EXAMPLE = path.join(ROOT, "connections", "example.yaml");
const TIME = "/usr/bin/time";
const KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const PER_BUCKET = 4;

/** What the generator put in a file, for the baseline program. */
interface BenchConnection {
  name: string;
  prefix: string;
  credential: "role" | "user";
  externalId?: string;
  sharedPrincipal?: string;
}
interface BenchBucket {
  name: string;
  kms: boolean;
  connections: BenchConnection[];
}
interface BenchSpec {
  stack: string;
  tags: Record<string, string>;
  buckets: BenchBucket[];
}

const pad = (n: number, width = 4) => String(n).padStart(width, "0");

function generate(n: number): BenchSpec {
  const buckets: BenchBucket[] = [];
  for (let i = 0; i < n; i++) {
    const b = Math.floor(i / PER_BUCKET);
    if (!buckets[b]) buckets[b] = { name: `lab-bench-runs-${pad(b)}`, kms: b % 5 === 4, connections: [] };
    const slot = i % PER_BUCKET;
    const credential = slot % 2 === 0 ? "role" : "user";
    buckets[b].connections.push({
      name: `aviti-${pad(i)}`,
      prefix: `runs/instrument-${slot}`,
      credential,
      externalId: credential === "role" ? `lab-bench-${pad(i)}` : undefined,
      sharedPrincipal: slot === 0 && b % 2 === 0 ? `arn:aws:iam::111122223333:role/partner-reader-${pad(b)}` : undefined,
    });
  }
  return { stack: "bench", tags: { team: "genomics", "cost-center": "seq-core" }, buckets };
}

function toYaml(spec: BenchSpec): string {
  const lines = ["version: 1", "defaults:", "  region: us-east-1", "  tags:", ...Object.entries(spec.tags).map(([k, v]) => `    ${k}: ${v}`), "buckets:"];
  for (const b of spec.buckets) {
    lines.push(`  ${b.name}:`, "    versioning: enabled", b.kms ? `    encryption: { type: sse-kms, kmsKeyArn: ${KMS_KEY} }` : "    encryption: { type: sse-s3 }");
  }
  lines.push("connections:");
  for (const b of spec.buckets) {
    for (const c of b.connections) {
      lines.push(`  - name: ${c.name}`, "    vendor: element", `    bucket: ${b.name}`, `    prefix: ${c.prefix}`);
      lines.push(c.credential === "role" ? `    credential: { type: role, externalId: ${c.externalId} }` : "    credential: { type: user }");
      if (c.sharedPrincipal) lines.push("    sharedPrincipals:", `      - arn: ${c.sharedPrincipal}`, "        description: Partner lab (read-only)");
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The baseline: a plain Pulumi program registering the plan's resources directly. Documents are
 * literal JSON of the same shape and size as the real ones; nothing is validated or composed.
 */
async function baselineProgram(spec: BenchSpec): Promise<void> {
  const pulumi = await import("@pulumi/pulumi");
  const aws = await import("@pulumi/aws");
  // A component with no inputs, as a plain program writes one.
  class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string) {
      super(type, name, {});
    }
    done(): void {
      this.registerOutputs({});
    }
  }
  const region = "us-east-1";
  const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  for (const b of spec.buckets) {
    const component = new Component("vendor-connections:index:ConnectedBucket", b.name);
    const parent = { parent: component };
    const bucket = new aws.s3.Bucket(b.name, { bucket: b.name, region, tags: spec.tags }, { ...parent, protect: true, retainOnDelete: true });
    const ownership = new aws.s3.BucketOwnershipControls(`${b.name}-ownership-controls`, { bucket: bucket.id, region, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const pab = new aws.s3.BucketPublicAccessBlock(
      `${b.name}-public-access-block`,
      { bucket: bucket.id, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    const rule = b.kms ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_KEY }, bucketKeyEnabled: true } : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } };
    new aws.s3.BucketServerSideEncryptionConfiguration(`${b.name}-encryption`, { bucket: bucket.id, region, rules: [rule] }, parent);
    new aws.s3.BucketVersioning(`${b.name}-versioning`, { bucket: bucket.id, region, versioningConfiguration: { status: "Enabled" } }, parent);
    const arn = `arn:aws:s3:::${b.name}`;
    const statements: object[] = [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ];
    for (const c of b.connections) {
      if (!c.sharedPrincipal) continue;
      statements.push(
        { Sid: `${c.name}SharedList`, Effect: "Allow", Principal: { AWS: [c.sharedPrincipal] }, Action: ["s3:ListBucket"], Resource: [arn], Condition: { StringLike: { "s3:prefix": [`${c.prefix}/*`] } } },
        { Sid: `${c.name}SharedRead`, Effect: "Allow", Principal: { AWS: [c.sharedPrincipal] }, Action: ["s3:GetObject"], Resource: [`${arn}/${c.prefix}/*`] },
      );
    }
    new aws.s3.BucketPolicy(`${b.name}-policy`, { bucket: bucket.id, region, policy: doc(statements) }, { ...parent, dependsOn: [pab, ownership] });
    component.done();

    for (const c of b.connections) {
      const access = new Component("vendor-connections:index:VendorAccess", c.name);
      const child = { parent: access };
      const tags = { ...spec.tags, "vendor-connections:connection": c.name, "vendor-connections:vendor": "element" };
      const name = `${c.name}-${spec.stack}`;
      const policy = doc([
        { Sid: "S3BucketLevelOperations", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [arn] },
        { Sid: "S3ObjectListing", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arn], Condition: { StringLike: { "s3:prefix": [`${c.prefix}/*`] } } },
        { Sid: "S3ObjectWrite", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${arn}/${c.prefix}/*`] },
        { Sid: "STSOperations", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: ["*"] },
        ...(b.kms ? [{ Sid: "KMSKeyOperations", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KMS_KEY] }] : []),
      ]);
      if (c.credential === "role") {
        const role = new aws.iam.Role(
          `${c.name}-role`,
          {
            name,
            description: `Element Biosciences AVITI storage connection: connection ${c.name} (vendor-connections, stack ${spec.stack})`,
            assumeRolePolicy: doc([
              { Sid: "ElementAssumeRole", Effect: "Allow", Principal: { AWS: ELEMENT_PRINCIPAL_ARN }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": c.externalId } } },
            ]),
            maxSessionDuration: ELEMENT_MAX_SESSION_DURATION_SECONDS,
            tags,
          },
          child,
        );
        new aws.iam.RolePolicy(`${c.name}-policy`, { role: role.id, name: "element-access", policy }, child);
      } else {
        const user = new aws.iam.User(`${c.name}-user`, { name, tags }, child);
        new aws.iam.UserPolicy(`${c.name}-policy`, { user: user.id, name: "element-access", policy }, child);
        new aws.iam.AccessKey(`${c.name}-access-key`, { user: user.id }, child);
      }
      access.done();
    }
  }
}

/** Child process: runs the baseline under the mock engine and prints the resource types it registered. */
async function baselineChild(specFile: string): Promise<void> {
  const { startMockEngine } = await import("../offline/mock-engine");
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as BenchSpec;
  const engine = startMockEngine({ stack: spec.stack, preview: true });
  await baselineProgram(spec);
  await engine.settle();
  process.stdout.write(`${JSON.stringify(countTypes(engine.resources))}\n`);
}

/**
 * Child process: one plan in this process, as cli/plan.ts --json makes it, with the CPU time of
 * two of its parts: loading and validating the connections file (run-plan does it; the program's
 * own load of the same text reuses that result) and checking the resources with the policy pack.
 * Prints them as JSON, seconds.
 */
async function phasesChild(file: string): Promise<void> {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const spent = { model: 0, policies: 0 };
  // Both are called through their modules' exports, so wrapping the exports times every call.
  const load = await import("../model/load");
  const harness = await import("../offline/policy-harness");
  const loadConnectionsFile = load.loadConnectionsFile;
  const analyze = harness.analyze;
  Object.assign(load, {
    loadConnectionsFile: (...args: Parameters<typeof loadConnectionsFile>) => {
      const start = cpu();
      try {
        return loadConnectionsFile(...args);
      } finally {
        spent.model += cpu() - start;
      }
    },
  });
  Object.assign(harness, {
    analyze: async (...args: Parameters<typeof analyze>) => {
      const start = cpu();
      try {
        return await analyze(...args);
      } finally {
        spent.policies += cpu() - start;
      }
    },
  });
  const { runPlan } = await import("../offline/run-plan");
  const { model: _model, log: _log, ...plan } = await runPlan({ connectionsFile: file, stack: "bench" });
  const output = JSON.stringify(plan, null, 2);
  const total = cpu();
  const policyCount = (await harness.policyInfos()).length;
  process.stdout.write(`${JSON.stringify({ total, ...spent, policyCount, resources: plan.resources.length, bytes: output.length })}\n`);
}

function countTypes(resources: { type: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

interface Sample {
  /** Wall time. */
  seconds: number;
  /** User + system CPU time: less sensitive than wall time to other work on the machine. */
  cpu?: number;
  rssMb?: number;
}

const hasTime = spawnSync(TIME, ["-f", "%e", "true"]).status === 0;

/** Runs `command args` in a fresh process with stdout to `stdoutFile`: wall time, CPU time, peak RSS. */
function measure(command: string, args: string[], stdoutFile: string, dir: string, env: NodeJS.ProcessEnv = process.env): Sample {
  const timeFile = path.join(dir, "time.txt");
  const out = openSync(stdoutFile, "w");
  const start = process.hrtime.bigint();
  const result = spawnSync(hasTime ? TIME : command, hasTime ? ["-f", "%U %S %M", "-o", timeFile, command, ...args] : args, {
    cwd: ROOT,
    env,
    stdio: ["ignore", out, "pipe"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  closeSync(out);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${result.status}:\n${result.stderr}`);
  if (!hasTime) return { seconds };
  const [user, system, rssKb] = readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { seconds, cpu: user + system, rssMb: rssKb / 1024 };
}

/**
 * The node options of the `plan` script (`node -r ./offline/register.js cli/plan.ts` -> `-r
 * ./offline/register.js`): plan and baseline run exactly as `npm run plan` runs.
 */
function planNodeOptions(): string[] {
  const script: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.plan;
  const words = script.trim().split(/\s+/);
  const cli = words.indexOf("cli/plan.ts");
  if (words[0] !== "node" || cli === -1) throw new Error(`the plan script is not "node [options] cli/plan.ts": ${script}`);
  return words.slice(1, cli);
}

/** Other work on the machine shows in wall times: print the 1-minute load average beside them. */
const loadAverage = () => os.loadavg()[0].toFixed(2);

const runsText = (samples: Sample[]) => samples.map((s) => `${s.seconds.toFixed(2)}${s.cpu === undefined ? "" : ` (cpu ${s.cpu.toFixed(2)})`}`).join(", ");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

interface Row {
  n: number;
  resources: number;
  plan: Sample;
  baseline: Sample;
  /** The baseline with the SDK as shipped (offline/mock-engine.ts leaves its promise stack traces alone). */
  stock?: Sample;
}

/** Median of each field over the runs. */
function summarize(samples: Sample[]): Sample {
  const of = (pick: (s: Sample) => number | undefined) => (samples.every((s) => pick(s) !== undefined) ? median(samples.map((s) => pick(s)!)) : undefined);
  return { seconds: of((s) => s.seconds)!, cpu: of((s) => s.cpu), rssMb: of((s) => s.rssMb) };
}

function table(rows: Row[]): string {
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
  if (values["baseline-child"]) return baselineChild(values["baseline-child"]);
  if (values["phases-child"]) return phasesChild(values["phases-child"]);

  const sizes = values.sizes!.split(",").filter(Boolean).map(Number);
  const runs = Number(values.runs);
  const exampleRuns = Number(values["example-runs"]);
  const node = planNodeOptions();
  const dir = mkdtempSync(path.join(os.tmpdir(), "vendor-connections-bench-"));
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(`node ${process.version}, ${os.cpus().length} CPU(s), node options of the plan script: ${node.join(" ")}; load ${loadAverage()}; files in ${dir}`);
  const rows: Row[] = [];
  let example: Sample | undefined;
  let phases: { n: number; total: number; model: number; policies: number; policyCount: number } | undefined;
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
      const spec = generate(n);
      const yamlFile = path.join(dir, `connections-${n}.yaml`);
      const specFile = path.join(dir, `baseline-${n}.json`);
      writeFileSync(yamlFile, toYaml(spec));
      writeFileSync(specFile, JSON.stringify(spec));
      const planOut = path.join(dir, `plan-${n}.json`);
      const baselineOut = path.join(dir, `baseline-${n}.out`);
      const plans: Sample[] = [];
      const baselines: Sample[] = [];
      const stocks: Sample[] = [];
      let resources = 0;
      for (let run = 0; run < runs; run++) {
        plans.push(measure(process.execPath, [...node, PLAN_CLI, "--connections", yamlFile, "--stack", spec.stack, "--json"], planOut, dir));
        baselines.push(measure(process.execPath, [...node, __filename, "--baseline-child", specFile], baselineOut, dir));
        if (!values["no-stock-baseline"]) {
          // With leak debugging on, the mock engine leaves the SDK's promise stack traces as shipped.
          const env = { ...process.env, PULUMI_DEBUG_PROMISE_LEAKS: "1" };
          stocks.push(measure(process.execPath, [...node, __filename, "--baseline-child", specFile], `${baselineOut}.stock`, dir, env));
        }
        // Both programs must have registered the same resources, type by type.
        const plan = JSON.parse(readFileSync(planOut, "utf8")) as { resources: { type: string }[]; errors: unknown[]; violations: unknown[] };
        if (plan.errors.length > 0) throw new Error(`the generated file has errors: ${JSON.stringify(plan.errors.slice(0, 3))}`);
        if (plan.violations.length > 0) throw new Error(`the generated file has policy violations: ${JSON.stringify(plan.violations.slice(0, 3))}`);
        const planned = JSON.stringify(countTypes(plan.resources));
        const registered = readFileSync(baselineOut, "utf8").trim();
        if (planned !== registered) throw new Error(`N=${n}: plan registered ${planned}, baseline ${registered}`);
        resources = plan.resources.length;
      }
      rows.push({ n, resources, plan: summarize(plans), baseline: summarize(baselines), stock: stocks.length > 0 ? summarize(stocks) : undefined });
      const stockText = stocks.length > 0 ? `; stock SDK baseline ${runsText(stocks)} s` : "";
      say(`N=${n}: ${resources} resources; plan ${runsText(plans)} s; baseline ${runsText(baselines)} s${stockText}; load ${loadAverage()}`);
      if (n === Math.max(...sizes)) {
        const phasesOut = path.join(dir, `phases-${n}.json`);
        measure(process.execPath, [...node, __filename, "--phases-child", yamlFile], phasesOut, dir);
        phases = { n, ...JSON.parse(readFileSync(phasesOut, "utf8")) };
      }
    }
  } finally {
    if (!values.keep) rmSync(dir, { recursive: true, force: true });
  }

  if (rows.length > 0) say(`\n${table(rows)}\n`);
  if (example) {
    const cpu = example.cpu === undefined ? "" : `, CPU ${example.cpu.toFixed(2)} s`;
    say(`budget: npm run plan on the example takes ${example.seconds.toFixed(2)} s wall${cpu} (median of ${exampleRuns}): ${example.seconds < 3 ? "within" : "OVER"} the 3 s budget`);
  }
  // Linearity: the fixed start-up cost (loading the SDK) dominates small files, so compare the
  // cost of each added connection between consecutive sizes from 100 connections up.
  const large = rows.filter((r) => r.n >= 100);
  for (const [label, pick] of [["wall", (s: Sample) => s.seconds], ["CPU", (s: Sample) => s.cpu]] as const) {
    if (large.length < 2 || large.some((r) => pick(r.plan) === undefined)) continue;
    const marginals = large.slice(1).map((r, i) => ((pick(r.plan)! - pick(large[i].plan)!) * 1000) / (r.n - large[i].n));
    // Super-linear when a later connection costs clearly more than an earlier one.
    const growth = Math.max(...marginals) / marginals[0];
    const verdict = growth <= 1.5 ? "linear (no later interval costs more than 1.5x the first)" : "NOT linear";
    say(`linearity (${label}): marginal ms per connection ${marginals.map((m) => m.toFixed(1)).join(", ")} between ${large.map((r) => r.n).join(", ")}: ${verdict}`);
  }
  const biggest = rows[rows.length - 1];
  if (phases) {
    const { n, total, model, policies, policyCount } = phases;
    const row = rows.find((r) => r.n === n);
    const percent = (part: number) => `${((100 * part) / total).toFixed(0)}%`;
    say(`where the CPU time of one plan at N=${n} goes (${total.toFixed(2)} s): loading and validating the connections file ${model.toFixed(2)} s (${percent(model)}), policy pack (${policyCount} policies) ${policies.toFixed(2)} s (${percent(policies)}), the rest (start-up, program, SDK, output) ${(total - model - policies).toFixed(2)} s`);
    if (row?.baseline.cpu !== undefined) {
      say(`  without the policy pack the plan would take ${((total - policies) / row.baseline.cpu).toFixed(2)}x the baseline's CPU time`);
    }
  }
  if (biggest) {
    const ratio = biggest.plan.seconds / biggest.baseline.seconds;
    const cpu = biggest.plan.cpu !== undefined && biggest.baseline.cpu !== undefined ? `; CPU ${(biggest.plan.cpu / biggest.baseline.cpu).toFixed(2)}x` : "";
    say(`budget: plan at N=${biggest.n} is ${ratio.toFixed(2)}x the SDK baseline in wall time${cpu}: ${ratio <= 1.3 ? "within" : "OVER"} the 1.3x budget`);
  }
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
