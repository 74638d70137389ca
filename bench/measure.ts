/** How the benchmark times a program: in a fresh process, wall time, CPU time and peak RSS. */
import { spawnSync } from "child_process";
import { closeSync, openSync, readFileSync } from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
const TIME = "/usr/bin/time";

export interface Sample {
  /** Wall time. */
  seconds: number;
  /** User + system CPU time: less sensitive than wall time to other work on the machine. */
  cpu?: number;
  rssMb?: number;
}

const hasTime = spawnSync(TIME, ["-f", "%e", "true"]).status === 0;

/** Runs `command args` in a fresh process with stdout to `stdoutFile`: wall time, CPU time, peak RSS. */
export function measure(command: string, args: string[], stdoutFile: string, dir: string, env: NodeJS.ProcessEnv = process.env): Sample {
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
export function planNodeOptions(): string[] {
  const script: string = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts.plan;
  const words = script.trim().split(/\s+/);
  const cli = words.indexOf("cli/plan.ts");
  if (words[0] !== "node" || cli === -1) throw new Error(`the plan script is not "node [options] cli/plan.ts": ${script}`);
  return words.slice(1, cli);
}

/** Other work on the machine shows in wall times: print the 1-minute load average beside them. */
export const loadAverage = () => os.loadavg()[0].toFixed(2);
