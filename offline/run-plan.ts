/**
 * The offline plan as data: validate a connections file, run a Pulumi program against it under
 * the mock engine (as a preview of a new stack), describe what it would create, and check it with
 * the vendor-guard policy pack through the pack's own analyzer handlers.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { startMockEngine, plainExports, plainValue, UNKNOWN, type RecordedResource } from "./mock-engine";
import { LoadCache, loadConnectionsFile, type Problem } from "../model/load";
import type { StackModel } from "../model/resolve";
import type { AdoptedBucketReader } from "../account/adopted-buckets";
import { bucketNotices } from "../components/bucket-plan";
import { oidcProviderNotices } from "../components";
import { analyze, configureFromFile, type PolicyViolation } from "./policy-harness";
import type { ConfigProblem } from "./policy-config";
import { label } from "../policypacks/vendor-guard/lib/types";

export const ROOT = path.resolve(__dirname, "..");
export const DEFAULT_PROGRAM = path.join(ROOT, "index.ts");

/** A resource of the plan, as the `resources` entries of `npm run plan -- --json`. */
export interface PlannedResource {
  type: string;
  name: string;
  urn: string;
  parent?: string;
  inputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  import?: string;
}

export interface PlannedConnection {
  name: string;
  vendor: string;
  bucket: string;
  prefix: string | null;
  region: string;
  credential: string;
  handoff: unknown;
}

export type { PolicyViolation } from "./policy-harness";

/** The plan JSON contract (DESIGN.md "Contracts"). */
export interface Plan {
  connections: PlannedConnection[];
  resources: PlannedResource[];
  violations: PolicyViolation[];
  errors: Problem[];
  /** Problems that do not stop the plan (overlapping prefixes, reminders). */
  warnings: Problem[];
  /** Things to read before applying: adopted buckets whose policy is replaced, and the like. */
  notices: string[];
}

export interface PlanOptions {
  /**
   * Path of the connections file, absolute or relative to the working directory. Optional with
   * `program`: a program that does not read a connections file plans without one.
   */
  connectionsFile?: string;
  stack: string;
  /** The Pulumi program to run; defaults to this project's index.ts. */
  program?: string;
  /** A policy pack config file, in the format of `pulumi preview --policy-pack-config`. */
  policyPackConfig?: string;
}

/** Inputs that hold IAM documents as JSON text; the plan shows them parsed. */
const POLICY_INPUTS = new Set(["policy", "assumeRolePolicy"]);

export function toPlannedResource(r: RecordedResource): PlannedResource {
  const inputs = plainValue(r.rawInputs) as Record<string, unknown>;
  for (const key of Object.keys(inputs)) {
    const value = inputs[key];
    if (POLICY_INPUTS.has(key) && typeof value === "string" && value.startsWith("{")) inputs[key] = JSON.parse(value);
  }
  const planned: PlannedResource = { type: r.type, name: r.name, urn: r.urn, inputs, protect: r.protect, retainOnDelete: r.retainOnDelete };
  if (r.parent) planned.parent = r.parent;
  if (r.importId) planned.import = r.importId;
  return planned;
}

function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith("..") ? file : relative;
}

/** Line and column (1-based) of the first `"key"` in a JSON text, to point at a config problem. */
function positionOf(text: string, key: string): { line: number; column: number } {
  const index = key === "" ? -1 : text.indexOf(`"${key}"`);
  if (index === -1) return { line: 1, column: 1 };
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Line and column (1-based) of an offset in a text. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Where JSON.parse stopped: the offset its message gives, else (some messages give none) the
 * shortest prefix of the text that is already wrong rather than merely unfinished.
 */
export function jsonErrorPosition(text: string, message: string): { line: number; column: number } {
  if (/Unexpected end of JSON input/.test(message)) return lineColumn(text, text.length);
  const at = /at position (\d+)/.exec(message);
  if (at) return lineColumn(text, Number(at[1]));
  const wrong = (k: number) => {
    try {
      JSON.parse(text.slice(0, k));
      return false;
    } catch (e) {
      const m = (e as Error).message;
      const position = /at position (\d+)/.exec(m);
      return !/Unexpected end of JSON input/.test(m) && (!position || Number(position[1]) < k);
    }
  };
  let [low, high] = [0, text.length];
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (wrong(mid)) high = mid;
    else low = mid + 1;
  }
  return lineColumn(text, Math.max(0, low - 1));
}

/**
 * Reads and applies the policy pack config (none: every policy at its own level and defaults).
 * Problems come back as plan errors pointing into the file.
 */
async function configurePolicies(configFile: string | undefined): Promise<Problem[]> {
  if (configFile === undefined) return toProblems(await configureFromFile(undefined), "", "");
  const file = path.resolve(configFile);
  const shown = displayPath(file);
  let text: string;
  let parsed: unknown;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    return [{ severity: "error", file: shown, line: 1, column: 1, path: "", message: `cannot read the policy pack config: ${(e as Error).message}` }];
  }
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    return [{ severity: "error", file: shown, ...jsonErrorPosition(text, message), path: "", message: `the policy pack config is not JSON: ${message}` }];
  }
  return toProblems(await configureFromFile(parsed), shown, text);
}

function toProblems(problems: ConfigProblem[], file: string, text: string): Problem[] {
  return problems.map((p) => ({
    severity: "error",
    file,
    ...positionOf(text, p.policy),
    path: p.path,
    message: `policy pack config: ${p.path === "" ? "" : `${p.path}: `}${p.message}`,
  }));
}

// CrossGuard's advisory for a policy that read a value unknown during preview; a stack policy's
// names no resource, only the property path.
const CANNOT_RUN = /^can't run policy '([^']+)' from policy pack '[^']+' during preview: .* at \.(\w+)/;

/**
 * CrossGuard's "can't run policy ... during preview" advisories, said per resource and policy: which
 * resource's value was unknown, and which check therefore did not run on it. A stack policy's advisory
 * names no resource, so it becomes one notice per resource whose property at that path is unknown.
 */
export function couldNotCheck(violations: PolicyViolation[], resources: readonly RecordedResource[]): PolicyViolation[] {
  const unknownAt = (r: RecordedResource, property: string) =>
    [r.rawInputs[property], r.rawOutputs[property]].some((value) => value !== undefined && JSON.stringify(plainValue(value)).includes(UNKNOWN));
  return violations.flatMap((v) => {
    const match = CANNOT_RUN.exec(v.message);
    if (!match) return [v];
    const [, policy, property] = match;
    const suspects = v.resource === "" ? resources.filter((r) => unknownAt(r, property)) : resources.filter((r) => r.urn === v.resource);
    if (suspects.length === 0) return [v];
    return suspects.map((r) => ({
      ...v,
      resource: r.urn,
      message: `could not check ${label(r)}: its ${property} is not known during preview, so ${policy} did not run on it. Fix: build the value from inputs known before apply (a bucket's name rather than its ARN), or check again with pulumi preview once it exists.`,
    }));
  });
}

/**
 * The message of a program log line that repeats a loader warning (`file:line:column warning:
 * message`, the file named as the program saw it), looked up in a set so a plan with thousands of
 * warnings filters its log in linear time.
 */
function warningMessageOf(line: string): string | undefined {
  const marker = " warning: ";
  const at = line.indexOf(marker);
  return at === -1 ? undefined : line.slice(at + marker.length);
}

/**
 * Runs a Pulumi program under the engine already installed and returns its outputs. A program
 * registers its resources when it is loaded, so it is loaded afresh every time; it either exports
 * its outputs or (like index.ts) exports a function returning them.
 */
export async function runProgram(program: string, options: OfflineProgramOptions = {}): Promise<Record<string, unknown>> {
  const resolved = path.resolve(program);
  delete require.cache[require.resolve(resolved)];
  const loaded: unknown = require(resolved);
  // index.ts takes these options; a hand-written program ignores the argument.
  const programOptions = { readAdoptedBucket: NOT_READ_OFFLINE, ...options };
  return ((typeof loaded === "function" ? await loaded(programOptions) : loaded) ?? {}) as Record<string, unknown>;
}

/** What the offline plan gives the program: its load cache, and how adopted buckets are read. */
export interface OfflineProgramOptions {
  loadCache?: LoadCache;
  /** Offline, nothing is read (the plan's notice says what that leaves unchecked); tests pass a stub. */
  readAdoptedBucket?: AdoptedBucketReader;
  /** What the last update applied to adopted buckets (the stack output); tests pass a stub. */
  readAppliedRecord?: () => Promise<unknown>;
}

const NOT_READ_OFFLINE: AdoptedBucketReader = async () => undefined;

/**
 * Plans one connections file (or a program without one). Invalid input yields `errors` and nothing
 * else; the program is not run.
 */
export async function runPlan(options: PlanOptions): Promise<Plan & { model?: StackModel; log: string[] }> {
  const file = options.connectionsFile === undefined ? undefined : path.resolve(options.connectionsFile);
  const loadCache = new LoadCache();
  const loaded = file === undefined ? undefined : loadConnectionsFile(file, displayPath(file), { stack: options.stack, cache: loadCache });
  const configErrors = await configurePolicies(options.policyPackConfig);
  const empty = { connections: [], resources: [], violations: [], notices: [], log: [] as string[] };
  const loadErrors = loaded && !loaded.ok ? loaded.errors : [];
  if (loadErrors.length > 0 || configErrors.length > 0) return { ...empty, errors: [...loadErrors, ...configErrors], warnings: loaded?.warnings ?? [] };

  const engine = startMockEngine({ stack: options.stack, preview: true, config: file === undefined ? {} : { "vendor-connections:connectionsFile": file } });
  // The SDK reports program warnings on the console when no engine is attached; keep them for the plan.
  const log: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) =>
    void log.push(
      args
        .map(String)
        .join(" ")
        .replace(/^warning: \[runtime\] /, ""),
    );
  let programExports: Record<string, unknown>;
  try {
    programExports = await runProgram(options.program ?? DEFAULT_PROGRAM, { loadCache });
    await engine.settle();
  } finally {
    console.warn = warn;
  }

  const handoff = ((await plainExports(programExports.handoff ?? {})) ?? {}) as Record<string, unknown>;
  const model = loaded?.ok ? loaded.model : undefined;
  const connections: PlannedConnection[] = (model?.connections ?? []).map((c) => ({
    name: c.name,
    vendor: c.vendor,
    bucket: c.bucket,
    prefix: c.prefix ?? null,
    region: c.region,
    credential: c.credential.type,
    handoff: handoff[c.name] ?? null,
  }));
  const warnings = loaded?.warnings ?? [];
  const warningMessages = new Set<string | undefined>(warnings.map((w) => w.message));
  return {
    connections,
    resources: engine.resources.map(toPlannedResource),
    violations: couldNotCheck(await analyze(engine.resources), engine.resources),
    errors: [],
    warnings,
    notices: [...(model?.buckets ?? []).flatMap(bucketNotices), ...oidcProviderNotices(model?.connections ?? [], options.stack)],
    model,
    log: log.filter((line) => !warningMessages.has(warningMessageOf(line))),
  };
}
