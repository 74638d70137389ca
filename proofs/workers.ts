/**
 * Evaluating requests in worker threads. The simulator is CPU-bound and synchronous at heart, so
 * one process uses one core; `npm run prove` spreads a file's requests over one worker per core.
 * Each worker loads the simulator once and answers batches of requests in order; the answers are
 * put back in the order of the requests, so the output is the same, byte for byte, as evaluating
 * them one after another in the process itself.
 */
import * as path from "path";
import { Worker } from "worker_threads";
import { evaluate, type AccessRequest, type Verdict } from "./engine";

/** Evaluates requests; the answers are in the order of the requests. */
export interface RequestEvaluator {
  evaluate(requests: AccessRequest[]): Promise<Verdict[]>;
  close(): Promise<void>;
}

/** Requests per message: large enough that posting costs little, small enough to keep every worker busy to the end. */
const BATCH = 16;

type Reply = { id: number; verdicts: Verdict[] } | { id: number; error: string };

/** The worker's side: answers `{ id, requests }` with `{ id, verdicts }`. */
export function work(): void {
  const { parentPort } = require("worker_threads") as typeof import("worker_threads");
  parentPort!.on("message", async ({ id, requests }: { id: number; requests: AccessRequest[] }) => {
    try {
      const verdicts: Verdict[] = [];
      for (const request of requests) verdicts.push(await evaluate(request));
      parentPort!.postMessage({ id, verdicts } satisfies Reply);
    } catch (e) {
      parentPort!.postMessage({ id, error: (e as Error).stack ?? String(e) } satisfies Reply);
    }
  });
}

interface Batch {
  id: number;
  requests: AccessRequest[];
  done: (verdicts: Verdict[]) => void;
  failed: (error: Error) => void;
}

/**
 * The node options of this process without its `-r`/`--require` modules. A worker inherits them and
 * resolves a relative one (`-r ./offline/register.js`) against the working directory of the
 * moment, which the policy harness changes while it loads the pack, so a worker started then
 * failed to start; the worker loads the loader itself, by its absolute path.
 */
function withoutPreloads(argv: string[]): string[] {
  return argv.filter((arg, i) => !/^(-r|--require)(=|$)/.test(arg) && !/^(-r|--require)$/.test(argv[i - 1] ?? ""));
}

/** A pool of `size` workers, started now; each loads this project's TypeScript as the commands do. */
export function workerEvaluator(size: number): RequestEvaluator {
  const register = path.join(__dirname, "..", "offline", "register.js");
  const queue: Batch[] = [];
  const running = new Map<number, Batch>();
  const idle: Worker[] = [];
  let nextId = 0;
  let broken: Error | undefined;
  let closing = false;

  const fail = (error: Error) => {
    broken ??= error;
    for (const batch of [...running.values(), ...queue.splice(0)]) batch.failed(error);
    running.clear();
  };
  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const batch = queue.shift()!;
      running.set(batch.id, batch);
      // Held open while it works, so the process waits for the answer; let go when idle, so a
      // pool nobody closed does not keep the process alive.
      worker.ref();
      worker.postMessage({ id: batch.id, requests: batch.requests });
    }
  };

  const workers = Array.from({ length: size }, () => {
    const worker = new Worker(`require(${JSON.stringify(register)}); require(${JSON.stringify(__filename)}).work();`, {
      eval: true,
      execArgv: withoutPreloads(process.execArgv),
    });
    worker.unref();
    worker.on("message", (reply: Reply) => {
      const batch = running.get(reply.id);
      running.delete(reply.id);
      worker.unref();
      idle.push(worker);
      if (batch) {
        if ("error" in reply) batch.failed(new Error(`a proof worker failed: ${reply.error}`));
        else batch.done(reply.verdicts);
      }
      dispatch();
    });
    worker.on("error", (e) => fail(e));
    worker.on("messageerror", (e) => fail(e));
    // Any exit before close() is a failure, even a clean one: the batch it held would wait forever.
    worker.on("exit", (code) => {
      if (!closing) fail(new Error(`a proof worker stopped (exit code ${code}) before the proofs were done`));
    });
    idle.push(worker);
    return worker;
  });

  return {
    async evaluate(requests) {
      if (broken) throw broken;
      const parts: Promise<Verdict[]>[] = [];
      for (let start = 0; start < requests.length; start += BATCH) {
        parts.push(
          new Promise((done, failed) => {
            queue.push({ id: nextId++, requests: requests.slice(start, start + BATCH), done, failed });
          }),
        );
      }
      dispatch();
      return (await Promise.all(parts)).flat();
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
