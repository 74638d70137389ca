/**
 * npm run prove -- [--connections FILE] [--stack NAME] [--json] [--mismatches] [--bench [--rounds N]]
 *
 * Access proofs: plans a connections file offline, then asks an IAM policy evaluation engine, for
 * every connection, whether the vendor can make each request it needs and whether every request it
 * must not make (and everyone it must not reach) is refused. Prints one line per request; exit 1
 * when any answer differs from the expectation, 2 for invalid input.
 *
 * The engine (@cloud-copilot/iam-simulate) is AGPL-3.0 and a development dependency: this command
 * and the tests are its only users (see proofs/README.md).
 */
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import { connectionFiles, parseCommandLine, runMain, stackConnectionsFile, stackNameOf } from "./command-line";
import { ROOT } from "../offline/run-plan";
import { formatProblem } from "../model/load";
import { buildMatrix } from "../proofs/matrix";
import { proveCases, proveFile, summarize, type ProofResult } from "../proofs/prove";
import { workerEvaluator, type RequestEvaluator } from "../proofs/workers";
import { optimisationOff } from "../offline/optimisations";

const USAGE = `usage: npm run prove -- [--connections FILE] [--stack NAME] [--json] [--mismatches] [--bench [--rounds N]]

  --connections FILE  connections file to prove (default: the stack's, else connections/example.yaml;
                      with --bench: every file under connections/)
  --stack NAME        the stack: its connections file is found as the Pulumi program finds it
                      (vendor-connections:connectionsFile in Pulumi.NAME.yaml, else connections/NAME.yaml);
                      with --connections, only the stack name (default: the file's name without .yaml)
  --json              print one JSON document: { file, requests, mismatches, connections, results }
  --mismatches        print only the requests whose answer differs from the expectation
  --bench             measure requests evaluated per second (planning excluded) and print it
  --rounds N          evaluation rounds per file for --bench (default 5)`;

export const EXIT = { proved: 0, mismatch: 1, invalidInput: 2 } as const;

function parse(argv: string[]) {
  return parseCommandLine(
    argv,
    {
      connections: { type: "string" },
      stack: { type: "string" },
      json: { type: "boolean", default: false },
      mismatches: { type: "boolean", default: false },
      bench: { type: "boolean", default: false },
      rounds: { type: "string", default: "5" },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    EXIT.invalidInput,
  );
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** The table a reviewer reads: one request per line, the deciding statement where the answer differs. */
export function formatResults(results: ProofResult[], file: string, onlyMismatches: boolean): string {
  const mismatches = results.filter((r) => !r.ok);
  const shown = onlyMismatches ? mismatches : results;
  const rows = shown.map((r) => ({
    connection: r.connection,
    request: `${r.who}: ${r.what}`,
    expected: r.expected,
    verdict: r.verdict.decision,
    extra: r.ok ? "" : `   <- ${r.verdict.deciding.join("; ")} (expected because: ${r.why})`,
  }));
  const width = (key: "connection" | "request" | "expected" | "verdict", title: string) => Math.max(title.length, ...rows.map((row) => row[key].length));
  const w = {
    connection: width("connection", "connection"),
    request: width("request", "request"),
    expected: width("expected", "expected"),
    verdict: width("verdict", "verdict"),
  };
  const line = (c: string, q: string, e: string, v: string, extra = "") =>
    `${pad(c, w.connection)}  ${pad(q, w.request)}  ${pad(e, w.expected)}  ${pad(v, w.verdict)}${extra}`.trimEnd();
  const out = [`Access proofs for ${file}: ${results.length} request(s), ${mismatches.length} mismatch(es)`, ""];
  if (rows.length > 0) {
    out.push(line("connection", "request", "expected", "verdict"));
    for (const row of rows) out.push(line(row.connection, row.request, row.expected, row.verdict, row.extra));
    out.push("");
  }
  for (const s of summarize(results)) out.push(`  ${pad(s.connection, w.connection)}  ${s.requests} request(s), ${s.mismatches} mismatch(es)`);
  return out.join("\n");
}

export function resultsJson(results: ProofResult[], file: string) {
  return {
    file,
    requests: results.length,
    mismatches: results.filter((r) => !r.ok).length,
    connections: summarize(results),
    results: results.map((r) => ({
      connection: r.connection,
      who: r.who,
      what: r.what,
      expected: r.expected,
      verdict: r.verdict.decision,
      ok: r.ok,
      deciding: r.verdict.deciding,
      why: r.why,
      ...(r.verdict.notes.length > 0 && { notes: r.verdict.notes }),
      request: { principal: r.request.principal, action: r.request.action, resource: r.request.resource, context: r.request.context },
    })),
  };
}

/**
 * Requests per second over every file: all are planned and proved once first (which also warms
 * the engine: its action and condition-key data load on first use), then each matrix is built and
 * evaluated `rounds` times. Wall and CPU time are both reported: on a shared machine the CPU figure
 * is the steadier one.
 */
async function bench(files: string[], rounds: number, evaluator: RequestEvaluator | undefined): Promise<string> {
  const lines: string[] = [];
  let requests = 0;
  let wall = 0;
  let cpu = 0;
  const proofs = [];
  for (const file of files) {
    const proof = await proveFile(file, stackNameOf(file), evaluator);
    if (!proof.ok) throw new Error(`${file} does not plan: ${proof.plan.errors.map(formatProblem).join("; ")}`);
    proofs.push({ file, proof });
  }
  for (const { file, proof } of proofs) {
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let evaluated = 0;
    for (let i = 0; i < rounds; i++) evaluated += (await proveCases(buildMatrix(proof.plan), evaluator)).length;
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpuBefore);
    const cpuSeconds = (used.user + used.system) / 1e6;
    requests += evaluated;
    wall += elapsed;
    cpu += cpuSeconds;
    lines.push(
      `  ${path.relative(ROOT, file)}: ${evaluated / rounds} request(s), ${(evaluated / elapsed).toFixed(0)} requests/s (${(evaluated / cpuSeconds).toFixed(0)} per CPU second)`,
    );
  }
  return [
    `${requests} requests evaluated in ${wall.toFixed(2)} s: ${(requests / wall).toFixed(0)} requests/s, ${(requests / cpu).toFixed(0)} per CPU second (${rounds} rounds per file, planning excluded, ${evaluator ? `${proofWorkers()} worker threads` : "in one thread"}, node ${process.version}, ${os.cpus().length} CPU(s))`,
    ...lines,
  ].join("\n");
}

/**
 * One worker per core, at most four: each loads the simulator and the project's modules in its own
 * heap, and the proofs of one file are a few thousand requests at most.
 */
function proofWorkers(): number {
  return Math.min(os.availableParallelism(), 4);
}

/**
 * The worker threads (started at once: they load the simulator while the file is planned), unless
 * there is one core or VENDOR_CONNECTIONS_OPTIMISATIONS switches them off.
 */
function startWorkers(): RequestEvaluator | undefined {
  const workers = proofWorkers();
  return workers > 1 && !optimisationOff("prove-workers") ? workerEvaluator(workers) : undefined;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const evaluator = startWorkers();
  try {
    await prove(args, evaluator);
  } finally {
    await evaluator?.close();
  }
}

async function prove(args: ReturnType<typeof parse>, evaluator: RequestEvaluator | undefined): Promise<void> {
  if (args.bench) {
    const files = args.connections ? [path.resolve(args.connections)] : connectionFiles(path.join(ROOT, "connections"));
    const rounds = Number(args.rounds);
    if (!Number.isInteger(rounds) || rounds < 1) {
      process.stderr.write(`--rounds must be a positive whole number; got ${JSON.stringify(args.rounds)}\n`);
      process.exit(EXIT.invalidInput);
    }
    process.stdout.write(`${await bench(files, rounds, evaluator)}\n`);
    return;
  }
  const file = args.connections ?? (args.stack !== undefined ? stackConnectionsFile(args.stack, ROOT) : path.join(ROOT, "connections", "example.yaml"));
  const shown = path.relative(process.cwd(), path.resolve(file));
  const stack = args.stack ?? stackNameOf(file);
  const proof = await proveFile(file, stack, evaluator);
  if (!proof.ok) {
    if (args.json) process.stdout.write(`${JSON.stringify({ file: shown, errors: proof.plan.errors }, null, 2)}\n`);
    else process.stderr.write(`${shown}: ${proof.plan.errors.length} problem(s); nothing was proved.\n\n${proof.plan.errors.map(formatProblem).join("\n")}\n`);
    process.exitCode = EXIT.invalidInput;
    return;
  }
  if (args.json) process.stdout.write(`${JSON.stringify(resultsJson(proof.results, shown), null, 2)}\n`);
  else process.stdout.write(`Stack ${stack}\n${formatResults(proof.results, shown, args.mismatches ?? false)}\n`);
  process.exitCode = proof.results.every((r) => r.ok) ? EXIT.proved : EXIT.mismatch;
}

// Only a defect gets past main (a plan the matrix cannot read); bad input is reported in it.
if (require.main === module) runMain("prove", main);
