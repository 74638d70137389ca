/**
 * npm run fuzz -- [--count N] [--seed S] [--out DIR]
 *
 * Runs the loader over N mutated connections files (default 20,000; see fuzz/generate.ts)
 * and prints how many were accepted, cleanly rejected, badly worded, crashed, slow or hung, with
 * the slowest time per 100 KB. Inputs run in a worker watched by this process, so an input that
 * never finishes is reported as a hang instead of stopping the run. Every crashing, badly worded,
 * slow or hanging input is saved to DIR (default fuzz-findings/) for reproduction with
 * `npm run plan -- --connections FILE`. Exit code 0 when none was found, 1 otherwise, 2 for a bad
 * command line.
 */
import { mkdirSync, writeFileSync } from "fs";
import * as path from "path";
import { Worker } from "worker_threads";
import { parseCommandLine, runMain } from "./command-line";
import { fuzzInput } from "../fuzz/generate";
import { budgetMs, classify, seedFiles, type Outcome, type OutcomeClass } from "../fuzz/outcome";

const ROOT = path.resolve(__dirname, "..");
const USAGE = `usage: npm run fuzz -- [--count N] [--seed S] [--out DIR]

  --count N   inputs to run (default 20000)
  --seed S    seed of the run (default 1); the same seed and count give the same inputs
  --out DIR   where failing inputs are saved (default fuzz-findings)`;

/** An input that has not finished after this long is a hang (the budget of a 100 KB input is 1 s). */
const HANG_MS = 10_000;

type Report = { index: number; size: number } & Outcome;

/** The worker: runs inputs from `start` and reports each one before and after. */
function work(seed: number, start: number, count: number): void {
  const { parentPort } = require("worker_threads") as typeof import("worker_threads");
  const seeds = seedFiles(ROOT);
  for (let index = start; index < count; index++) {
    const input = fuzzInput(seeds, seed, index);
    parentPort!.postMessage({ started: index });
    parentPort!.postMessage({ index, size: input.bytes.length, ...classify(input.bytes, input.name) } satisfies Report);
  }
  parentPort!.postMessage({ done: true });
}

function runWorker(seed: number, start: number, count: number, onReport: (r: Report) => void): Promise<{ hung?: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(`require("sucrase/register"); require(${JSON.stringify(__filename)}).work(${seed}, ${start}, ${count});`, { eval: true });
    let current = start;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void worker.terminate().then(() => resolve({ hung: current })), HANG_MS);
    };
    arm();
    worker.on("message", (message: { started?: number; done?: boolean } & Partial<Report>) => {
      if (message.started !== undefined) {
        current = message.started;
        arm();
      } else if (message.done) {
        clearTimeout(timer);
        void worker.terminate().then(() => resolve({}));
      } else {
        onReport(message as Report);
      }
    });
    worker.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function main(): Promise<void> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      count: { type: "string", default: "20000" },
      seed: { type: "string", default: "1" },
      out: { type: "string", default: "fuzz-findings" },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    2,
  );
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const [count, seed] = [Number(args.count), Number(args.seed)];
  if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
    process.stderr.write(`--count must be a positive whole number and --seed a whole number\n${USAGE}\n`);
    process.exit(2);
  }
  const seeds = seedFiles(ROOT);
  const counts: Record<OutcomeClass | "hang", number> = { accepted: 0, "clean-error": 0, "bad-message": 0, crash: 0, slow: 0, hang: 0 };
  const saved: string[] = [];
  let slowest: Report | undefined;
  let longest: Report | undefined;
  const save = (index: number, outcome: string, detail: string) => {
    const input = fuzzInput(seeds, seed, index);
    mkdirSync(args.out!, { recursive: true });
    const file = path.join(args.out!, `${outcome}-${input.name}.yaml`);
    writeFileSync(file, input.bytes);
    writeFileSync(`${file}.txt`, `${outcome}: ${detail}\nmutations: ${input.mutations.join("; ")}\n`);
    saved.push(file);
  };
  const started = Date.now();
  for (let start = 0; start < count;) {
    let next = count;
    const { hung } = await runWorker(seed, start, count, (report) => {
      counts[report.outcome]++;
      // Time per 100 KB is only meaningful for inputs large enough to outweigh the timer's noise.
      if (report.size >= 10_000 && (!slowest || report.msPer100Kb > slowest.msPer100Kb)) slowest = report;
      if (!longest || report.ms > longest.ms) longest = report;
      if (report.outcome !== "accepted" && report.outcome !== "clean-error") save(report.index, report.outcome, report.detail ?? "");
    });
    if (hung !== undefined) {
      counts.hang++;
      save(hung, "hang", `no result after ${HANG_MS / 1000} s (budget ${budgetMs(fuzzInput(seeds, seed, hung).bytes.length).toFixed(0)} ms)`);
      next = hung + 1;
    }
    start = next;
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const lines = [
    `fuzz: ${count} inputs, seed ${seed}, ${seconds} s`,
    ...Object.entries(counts).map(([outcome, n]) => `  ${outcome.padEnd(12)} ${n}`),
    slowest
      ? `  slowest per size: ${slowest.msPer100Kb.toFixed(0)} ms per 100 KB (input ${seed}-${slowest.index}, ${slowest.size} bytes, ${slowest.ms.toFixed(1)} ms; budget 1000)`
      : "  slowest per size: no input of 10 KB or more",
    longest ? `  longest: ${longest.ms.toFixed(1)} ms (input ${seed}-${longest.index}, ${longest.size} bytes)` : "",
    ...(saved.length > 0 ? ["", `saved ${saved.length} failing input(s):`, ...saved.map((f) => `  ${f}`)] : []),
  ];
  process.stdout.write(`${lines.filter((l) => l !== "").join("\n")}\n`);
  process.exitCode = saved.length > 0 ? 1 : 0;
}

export { work };

if (require.main === module) runMain("fuzz", main);
