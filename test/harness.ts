/**
 * Shared test helpers: the mock engine (the same one `npm run plan` uses), golden files, and
 * small lookups over recorded resources.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { startMockEngine, type MockEngine, type RecordedResource, plainValue } from "../offline/mock-engine";
import { parseConnectionsText } from "../model/load";
import type { StackModel } from "../model/resolve";

export const GOLDEN_DIR = path.join(__dirname, "golden");
const ROOT = path.resolve(__dirname, "..");

/**
 * Runs one of the project's commands (`cli/plan.ts`, `cli/prove.ts`) as a user would, from the
 * project root, with the loader the package scripts use: transpiled files cached, the SDK's unused
 * modules deferred (about half the CPU of a small plan).
 */
export function runCli(command: "plan" | "prove", args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["-r", path.join(ROOT, "offline", "register.js"), path.join(ROOT, "cli", `${command}.ts`), ...args], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Compares `value` with `test/golden/<name>.json`. `UPDATE_GOLDEN=1 npm test` rewrites the files;
 * the diff is then reviewed like code. Always pair a golden with targeted assertions.
 */
export function assertGolden(name: string, value: unknown): void {
  const file = path.join(GOLDEN_DIR, `${name}.json`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === "1" || !existsSync(file)) {
    if (process.env.CI === "true" && !existsSync(file)) assert.fail(`golden file ${name}.json is missing; run UPDATE_GOLDEN=1 npm test and commit it`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    return;
  }
  assert.strictEqual(
    text,
    readFileSync(file, "utf8"),
    `golden ${name}.json differs; if the change is intended, run UPDATE_GOLDEN=1 npm test and review the diff`,
  );
}

/** Parses YAML text into a model, failing the test with every problem if it is invalid. */
export function modelOf(yaml: string): StackModel {
  const result = parseConnectionsText(yaml, "test.yaml");
  if (!result.ok) assert.fail(result.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("\n"));
  return result.model;
}

/**
 * For a component spec: installs the mock engine before the suite, loads the components after it
 * (as the program does), and forgets what was recorded between tests.
 */
export function useComponents(): { engine: MockEngine; components: typeof import("../components") } {
  const suite = {} as { engine: MockEngine; components: typeof import("../components") };
  before(async () => {
    suite.engine = mockEngine({ stack: "test" });
    suite.components = await import("../components");
  });
  beforeEach(async () => {
    await suite.engine.settle();
    suite.engine.reset();
  });
  return suite;
}

/** Starts the mock engine for a spec file (mocks are process-global: call it in `before`). */
export function mockEngine(options: { preview?: boolean; stack?: string } = {}): MockEngine {
  return startMockEngine({ stack: options.stack ?? "test", preview: options.preview ?? false });
}

/** Plain inputs of a recorded resource, with policy documents parsed. */
export function inputsOf(resource: RecordedResource): Record<string, any> {
  const inputs = plainValue(resource.rawInputs) as Record<string, any>;
  for (const key of ["policy", "assumeRolePolicy"]) {
    if (typeof inputs[key] === "string" && inputs[key].startsWith("{")) inputs[key] = JSON.parse(inputs[key]);
  }
  return inputs;
}

/** The one recorded resource of a type (and name), failing when there is not exactly one. */
export function only(resources: RecordedResource[], type: string, name?: string): RecordedResource {
  const found = resources.filter((r) => r.type === type && (name === undefined || r.name === name));
  assert.strictEqual(found.length, 1, `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}`);
  return found[0];
}

/** `[type, name]` of every child of a component, sorted. */
export function childrenOf(resources: RecordedResource[], parentUrn: string): [string, string][] {
  return resources
    .filter((r) => r.parent === parentUrn)
    .map((r): [string, string] => [r.type, r.name])
    .sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
}

/** Resolves an Output in a test (non-preview runs: every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** A file with one bucket and one connection, for vendor tests. */
export function oneConnection(connection: string, options: { region?: string; bucket?: string } = {}) {
  const model = modelOf(`
version: 1
defaults: { region: ${options.region ?? "us-east-1"} }
buckets:
  lab-runs: ${options.bucket ?? "{}"}
connections:
  - name: conn-a
    bucket: lab-runs
${connection
  .trim()
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
`);
  return { connection: model.connections[0] as any, bucket: model.buckets[0], model };
}

/** The statement with this Sid, failing when it is missing. */
export function statementOf(document: { Statement: { Sid: string }[] }, sid: string): any {
  const found = document.Statement.find((s) => s.Sid === sid);
  assert.ok(found, `statement ${sid} missing; have ${document.Statement.map((s) => s.Sid).join(", ")}`);
  return found;
}

export const TEST_CONTEXT = { accountId: "123456789012", stack: "test" };
