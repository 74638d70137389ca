/**
 * Runs a policy pack folder through the harness in a process of its own. `@pulumi/policy` serves
 * one pack per process (a second `new PolicyPack` exits the process), so a process that already
 * runs the source pack, such as the spec runner, checks a built copy of it here, as the Pulumi CLI
 * would: one process per pack, started in the pack's folder.
 *
 * The parent sends `{ config, stacks }` (recorded resources per stack) over the IPC channel; the
 * child configures the pack once, analyzes each stack and sends back the pack's policies, the
 * violations per stack and every file loading the pack brought in.
 */
import { spawn } from "child_process";
import * as path from "path";
import type { RecordedResource } from "./mock-engine";
import type { ConfigProblem, PolicyInfo } from "./policy-config";
import type { PolicyViolation } from "./policy-harness";

interface Request {
  config?: unknown;
  stacks: RecordedResource[][];
}

export interface PackRun {
  /** Every policy of the pack with its level and config schema, as the pack reports them. */
  policies: PolicyInfo[];
  /** Problems of the config; when there are any, nothing was analyzed. */
  configProblems: ConfigProblem[];
  /** The violations of each stack, in the order of the request. */
  violations: PolicyViolation[][];
  /** Absolute paths of the files Node loaded for the pack (its entry point, its dependencies). */
  loaded: string[];
}

const REGISTER = path.join(__dirname, "register.js");

/**
 * Runs the pack in `packDir` over each stack with `config` (the content of a
 * `--policy-pack-config` file; undefined: none). The child has no NODE_PATH, so the pack finds
 * packages only through node_modules folders, as it would once installed.
 */
export function analyzeInOwnProcess(packDir: string, stacks: RecordedResource[][], config?: unknown): Promise<PackRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", REGISTER, __filename, path.resolve(packDir)], {
      env: { ...process.env, NODE_PATH: "" },
      stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let output = "";
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    let run: PackRun | undefined;
    child.on("message", (message) => (run = message as PackRun));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (run && code === 0) resolve(run);
      else reject(new Error(`the policy pack process for ${packDir} ended with ${signal ?? `exit code ${code}`} and no result; its output:\n${output}`));
    });
    child.send({ config, stacks } satisfies Request);
  });
}

async function child(packDir: string, request: Request): Promise<PackRun> {
  const harness = await import("./policy-harness");
  harness.selectPolicyPack(packDir);
  const before = new Set(Object.keys(require.cache));
  const policies = await harness.policyInfos();
  const loaded = Object.keys(require.cache).filter((file) => !before.has(file));
  const configProblems = await harness.configureFromFile(request.config);
  const violations: PolicyViolation[][] = [];
  if (configProblems.length === 0) for (const resources of request.stacks) violations.push(await harness.analyze(resources));
  return { policies, configProblems, violations, loaded };
}

if (require.main === module) {
  process.once("message", (request) => {
    child(process.argv[2], request as Request).then(
      (run) => process.send!(run, () => process.disconnect()),
      (e) => {
        process.stderr.write(`${(e as Error).stack ?? e}\n`);
        process.exitCode = 1;
        process.disconnect();
      },
    );
  });
}
