/**
 * The offline plan as data: validate a connections file, run a Pulumi program against it under
 * the mock engine (as a preview of a new stack), and describe what it would create.
 */
import * as path from "path";
import { startMockEngine, plainExports, plainValue, type RecordedResource } from "./mock-engine";
import { loadConnectionsFile, type Problem } from "../model/load";
import type { StackModel } from "../model/resolve";
import { bucketNotices } from "../components/bucket-plan";

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

export interface PolicyViolation {
  policy: string;
  enforcement: "advisory" | "mandatory";
  resource: string;
  message: string;
}

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
  /** Path of the connections file, absolute or relative to the working directory. */
  connectionsFile: string;
  stack: string;
  /** The Pulumi program to run; defaults to this project's index.ts. */
  program?: string;
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

/**
 * Plans one connections file. Invalid input yields `errors` and nothing else; the program is not run.
 */
export async function runPlan(options: PlanOptions): Promise<Plan & { model?: StackModel; log: string[] }> {
  const file = path.resolve(options.connectionsFile);
  const shown = displayPath(file);
  const loaded = loadConnectionsFile(file, shown);
  const empty = { connections: [], resources: [], violations: [], notices: [], log: [] as string[] };
  if (!loaded.ok) return { ...empty, errors: loaded.errors, warnings: loaded.warnings };

  const engine = startMockEngine({ stack: options.stack, preview: true, config: { "vendor-connections:connectionsFile": file } });
  // The SDK reports program warnings on the console when no engine is attached; keep them for the plan.
  const log: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void log.push(args.map(String).join(" ").replace(/^warning: \[runtime\] /, ""));
  let programExports: Record<string, unknown>;
  try {
    const program = path.resolve(options.program ?? DEFAULT_PROGRAM);
    // A program registers its resources when it is loaded: load it afresh for every plan.
    delete require.cache[require.resolve(program)];
    const loaded: unknown = require(program);
    // A program either exports its outputs or (like index.ts) exports a function returning them.
    programExports = ((typeof loaded === "function" ? await loaded() : loaded) ?? {}) as Record<string, unknown>;
    await engine.settle();
  } finally {
    console.warn = warn;
  }

  const handoff = ((await plainExports(programExports.handoff ?? {})) ?? {}) as Record<string, unknown>;
  const model = loaded.model;
  const connections: PlannedConnection[] = model.connections.map((c) => ({
    name: c.name,
    vendor: c.vendor,
    bucket: c.bucket,
    prefix: c.prefix ?? null,
    region: c.region,
    credential: c.credential.type,
    handoff: handoff[c.name] ?? null,
  }));
  const warningMessages = new Set(loaded.warnings.map((w) => w.message));
  return {
    connections,
    resources: engine.resources.map(toPlannedResource),
    violations: [],
    errors: [],
    warnings: loaded.warnings,
    notices: model.buckets.flatMap(bucketNotices),
    model,
    log: log.filter((line) => ![...warningMessages].some((m) => line.includes(m))),
  };
}
