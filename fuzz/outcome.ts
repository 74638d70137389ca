/**
 * What the loader did with one fuzz input, in the classes the fuzzer counts: accepted (a model),
 * a clean error (every error positioned and in plain words), a bad message, a crash (an
 * exception) or slow (over the time budget for its size).
 */
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { decodeUtf8, parseConnectionsText, type LoadResult } from "../model/load";
import type { SeedFile } from "./generate";

export type OutcomeClass = "accepted" | "clean-error" | "bad-message" | "crash" | "slow";

export interface Outcome {
  outcome: OutcomeClass;
  ms: number;
  /** Milliseconds per 100 KB of input. */
  msPer100Kb: number;
  detail?: string;
}

/** No input may take longer than 1 s per 100 KB; small inputs get the time of 10 KB (timer and GC noise). */
export const BUDGET_MS_PER_100KB = 1000;
export const budgetMs = (size: number) => (BUDGET_MS_PER_100KB * Math.max(size, 10_000)) / 100_000;

/** Words that only a program's internals produce. */
const INTERNALS = /TypeError|ReferenceError|RangeError|SyntaxError|undefined|\[object Object\]|NaN|Infinity|function |=>|\bat .*\.(ts|js):\d+/;

/** The loader on bytes, as loadConnectionsFile reads a file. */
export function load(bytes: Uint8Array, name: string): LoadResult {
  const decoded = decodeUtf8(bytes, name);
  if (!decoded.ok) return { ok: false, errors: [decoded.error], warnings: [] };
  return parseConnectionsText(decoded.text, name);
}

export function classify(bytes: Uint8Array, name: string): Outcome {
  const start = process.hrtime.bigint();
  let result: LoadResult;
  try {
    result = load(bytes, name);
  } catch (e) {
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    return { outcome: "crash", ms, msPer100Kb: (ms / Math.max(bytes.length, 1)) * 100_000, detail: (e as Error).stack ?? String(e) };
  }
  let ms = Number(process.hrtime.bigint() - start) / 1e6;
  // Over budget once may be a pause of the machine (garbage collection, other work): an input is
  // slow only when it is over budget every time, so it is timed twice more and the fastest counts.
  for (let retry = 0; retry < 2 && ms > budgetMs(bytes.length); retry++) {
    const again = process.hrtime.bigint();
    load(bytes, name);
    ms = Math.min(ms, Number(process.hrtime.bigint() - again) / 1e6);
  }
  const msPer100Kb = (ms / Math.max(bytes.length, 1)) * 100_000;
  if (ms > budgetMs(bytes.length)) return { outcome: "slow", ms, msPer100Kb, detail: `${ms.toFixed(0)} ms for ${bytes.length} bytes` };
  if (result.ok) return result.model ? { outcome: "accepted", ms, msPer100Kb } : { outcome: "bad-message", ms, msPer100Kb, detail: "accepted without a model" };
  if (result.errors.length === 0) return { outcome: "bad-message", ms, msPer100Kb, detail: "rejected without an error" };
  for (const error of result.errors) {
    const positioned = error.file === name && Number.isInteger(error.line) && Number.isInteger(error.column) && error.line >= 1 && error.column >= 1;
    if (!positioned) return { outcome: "bad-message", ms, msPer100Kb, detail: `no position: ${JSON.stringify(error)}` };
    if (typeof error.message !== "string" || error.message.trim() === "" || INTERNALS.test(error.message)) {
      return { outcome: "bad-message", ms, msPer100Kb, detail: `${error.line}:${error.column} ${error.message}` };
    }
  }
  return { outcome: "clean-error", ms, msPer100Kb };
}

/** The valid files the fuzzer mutates: the shipped examples and the valid test fixtures. */
export function seedFiles(root: string): SeedFile[] {
  const dirs = ["connections", path.join("connections", "examples"), path.join("test", "fixtures", "valid")];
  return dirs.flatMap((dir) =>
    readdirSync(path.join(root, dir))
      .filter((f) => /\.ya?ml$/.test(f))
      .sort()
      .map((f) => ({ name: path.join(dir, f), text: readFileSync(path.join(root, dir, f), "utf8") })),
  );
}
