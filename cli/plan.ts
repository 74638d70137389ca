/**
 * npm run plan -- [--connections FILE | --stack NAME] [--program FILE.ts] [--policy-pack-config FILE]
 *                 [--base REF | --base-file FILE] [--format text|markdown|json] [--json]
 *
 * Plans a connections file offline: runs the real program under Pulumi's mock engine, as a preview
 * of a new stack, checks it with the vendor-guard policy pack, and prints each connection, the
 * resources per bucket, every IAM and bucket-policy document, the hand-off fields and the policy
 * violations; with a base, first what the change grants and revokes. Exit code 0 when clean, 1 when
 * a mandatory policy is violated, 2 for invalid input, 3 for any other failure.
 */
import { existsSync } from "fs";
import * as path from "path";
import { formatProblem } from "../model/load";
import { BadInput, CommandFailure, parseCommandLine, runMain, stackConnectionsFile, stackNameOf } from "./command-line";
import { ROOT, runPlan, type Plan, type PlannedResource } from "../offline/run-plan";
import { diffPlans, physicalNameOf, type AccessDiff } from "../offline/access-diff";
import { BaseRevisionError, fileAtRevision } from "../offline/base-revision";
import { formatDiffText } from "../offline/diff-lines";
import { renderMarkdown } from "../offline/markdown-report";

const USAGE = `usage: plan [--connections FILE | --stack NAME] [--program FILE.ts] [--policy-pack-config FILE]
            [--base REF | --base-file FILE] [--format text|markdown|json] [--json]
  (run it as npm run -s plan -- ...: -s keeps npm's banner off stdout, so the output pipes into jq)

  --connections FILE         connections file to plan (default: the stack's, else connections/example.yaml)
  --stack NAME               the stack: its connections file is found as the Pulumi program finds it
                             (vendor-connections:connectionsFile in Pulumi.NAME.yaml, else connections/NAME.yaml);
                             with --connections or --program, only the stack name the plan uses
  --program FILE.ts          plan this Pulumi TypeScript program instead of index.ts (same mocks, same policy pack)
  --policy-pack-config FILE  vendor-guard configuration, as for pulumi preview --policy-pack-config:
                             {"policy-name": "advisory"} or {"policy-name": {"enforcementLevel": "...", "key": value}}
  --base REF                 also plan the connections file as it is at git revision REF, and report what the
                             change grants and revokes, the resources it creates, replaces and deletes, the
                             hand-off fields that change and the warnings and verdicts that are new
  --base-file FILE           the same, with the base version of the connections file in FILE
  --format FORMAT            text (default), markdown (a pull request comment or step summary) or json:
                             { connections, resources, violations, errors, warnings, notices[, diff] }
  --json                     the same as --format json`;

export const EXIT = { clean: 0, mandatoryViolation: 1, invalidInput: 2, failure: 3 } as const;

const FORMATS = ["text", "markdown", "json"] as const;
type Format = (typeof FORMATS)[number];

function parse(argv: string[]) {
  return parseCommandLine(
    argv,
    {
      connections: { type: "string" },
      program: { type: "string" },
      "policy-pack-config": { type: "string" },
      stack: { type: "string" },
      base: { type: "string" },
      "base-file": { type: "string" },
      format: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    EXIT.invalidInput,
  );
}

const indent = (text: string, by: string) =>
  text
    .split("\n")
    .map((line) => by + line)
    .join("\n");

/** A policy document with one statement per line: short enough to review, exact enough to trust. */
function formatDocument(document: { Version?: string; Statement?: unknown[] }): string {
  if (!Array.isArray(document.Statement)) return JSON.stringify(document);
  return [`Version ${document.Version}`, ...document.Statement.map((s) => `  ${JSON.stringify(s)}`)].join("\n");
}

/** Buckets first, then connections in file order. */
function componentOrder(plan: Plan) {
  const order = (r: PlannedResource) => (r.type.endsWith("ConnectedBucket") ? -1 : plan.connections.findIndex((c) => c.name === r.name));
  return plan.resources.filter((r) => r.type.startsWith("vendor-connections:")).sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
}

function options(r: PlannedResource): string {
  const flags = [r.protect && "protect", r.retainOnDelete && "retainOnDelete", r.import && `import ${r.import}`].filter(Boolean);
  return flags.length > 0 ? `  [${flags.join(", ")}]` : "";
}

/** The name in AWS beside the logical name, when it differs and is known. */
function physical(r: PlannedResource): string {
  const name = physicalNameOf(r);
  return name && name !== r.name ? `  (${name})` : "";
}

/** Human-readable plan: what a reviewer reads in a pull request. */
export function formatPlan(plan: Plan, file: string): string {
  const out: string[] = [];
  if (plan.errors.length > 0) {
    out.push(`Plan for ${file}: ${plan.errors.length} problem(s); nothing was planned.`, "", ...plan.errors.map(formatProblem));
    if (plan.warnings.length > 0) out.push("", ...plan.warnings.map(formatProblem));
    return out.join("\n");
  }
  out.push(
    `Plan for ${file}: ${plan.connections.length} connection(s), ${plan.resources.filter((r) => !r.type.startsWith("vendor-connections:")).length} AWS resource(s)`,
  );
  if (plan.connections.length > 0) out.push("", "Connections");
  for (const c of plan.connections) {
    out.push(`  ${c.name}  ${c.vendor}  ${c.credential}  s3://${c.bucket}/${c.prefix ? `${c.prefix}/` : ""}  ${c.region}`);
  }
  // Before the buckets: an adopted bucket's notice points at the composed policy printed below it.
  if (plan.notices.length > 0) out.push("", "Read before applying", ...plan.notices.map((n) => `  ! ${n}`));

  const children = (urn: string) => plan.resources.filter((r) => r.parent === urn);
  for (const component of componentOrder(plan)) {
    const title = component.type.endsWith("ConnectedBucket") ? `Bucket ${component.name}` : `Connection ${component.name}`;
    out.push("", title);
    for (const child of children(component.urn)) {
      out.push(`  + ${child.type}  ${child.name}${physical(child)}${options(child)}`);
      for (const key of ["assumeRolePolicy", "policy"]) {
        const document = child.inputs[key];
        if (document && typeof document === "object") out.push(indent(`${key}: ${formatDocument(document)}`, "      "));
      }
    }
    // A program planned without its connections file has components but no connections to hand off.
    const connection = plan.connections.find((c) => c.name === component.name);
    if (component.type.endsWith("VendorAccess") && connection) {
      const handoff = connection.handoff;
      out.push("  hand-off (paste into the vendor's UI; [secret]: pulumi stack output handoff --show-secrets):");
      out.push(indent(JSON.stringify(handoff, null, 2), "      "));
    }
  }
  const others = plan.resources.filter((r) => !r.parent && !r.type.startsWith("vendor-connections:"));
  if (others.length > 0) {
    out.push("", "Other resources");
    for (const r of others) out.push(`  + ${r.type}  ${r.name}${physical(r)}${options(r)}`);
  }
  if (plan.warnings.length > 0) out.push("", "Warnings", ...plan.warnings.map((w) => `  ${formatProblem(w)}`));
  out.push("", plan.violations.length === 0 ? "Policy violations: none" : "Policy violations");
  for (const v of plan.violations) out.push(`  ${v.enforcement}  ${v.policy}  ${v.resource}`, indent(v.message, "      "));
  return out.join("\n");
}

export function exitCode(plan: Plan): number {
  if (plan.errors.length > 0) return EXIT.invalidInput;
  return plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.mandatoryViolation : EXIT.clean;
}

/** A plan without its model and program log: the JSON contract. */
type PlanResult = Plan & { log: string[] };

/** The plan of the base version; a file that did not exist there plans as nothing. */
async function planBase(args: { base?: string; "base-file"?: string }, file: string | undefined, options: Parameters<typeof runPlan>[0]): Promise<Plan> {
  if (file === undefined) throw new BadInput("--base and --base-file need a connections file: give --connections or --stack");
  let baseFile: string | undefined;
  try {
    baseFile = args["base-file"] ?? fileAtRevision(file, args.base!);
  } catch (e) {
    // A ref that names no commit is the user's to fix; any other git failure is not.
    if (e instanceof BaseRevisionError && e.message.startsWith("--base")) throw new BadInput(e.message);
    throw e;
  }
  if (baseFile === undefined) return { connections: [], resources: [], violations: [], errors: [], warnings: [], notices: [] };
  const { model: _model, log: _log, ...plan } = await runPlan({ ...options, connectionsFile: baseFile });
  if (plan.errors.length > 0)
    throw new CommandFailure(
      `the base version (${args.base ?? baseFile}) has ${plan.errors.length} problem(s), so there is nothing to compare with: ${formatProblem(plan.errors[0])}`,
    );
  return plan;
}

function formatOf(args: { format?: string; json?: boolean }): Format {
  if (args.json) return "json";
  const format = args.format ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(`--format ${format}: not a format; use one of ${FORMATS.join(", ")}\n${USAGE}\n`);
    process.exit(EXIT.invalidInput);
  }
  return format as Format;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const format = formatOf(args);
  if (args.base !== undefined && args["base-file"] !== undefined) {
    process.stderr.write(`--base and --base-file: give one of them\n${USAGE}\n`);
    process.exit(EXIT.invalidInput);
  }
  if (args.program !== undefined && !existsSync(args.program)) throw new CommandFailure(`--program ${args.program}: no such file`);
  if (args["base-file"] !== undefined && !existsSync(args["base-file"])) throw new BadInput(`--base-file ${args["base-file"]}: no such file`);
  const byStack = args.stack !== undefined && args.connections === undefined && args.program === undefined;
  const file =
    args.connections ?? (byStack ? stackConnectionsFile(args.stack!, ROOT) : args.program ? undefined : path.join(ROOT, "connections", "example.yaml"));
  const planned = file ?? args.program!;
  const stack = args.stack ?? stackNameOf(planned);
  const options = { connectionsFile: file, program: args.program, policyPackConfig: args["policy-pack-config"], stack };
  const { model: _model, ...plan }: PlanResult & { model?: unknown } = await runPlan(options);
  const withBase = args.base !== undefined || args["base-file"] !== undefined;
  const diff: AccessDiff | undefined = withBase && plan.errors.length === 0 ? diffPlans(await planBase(args, file, options), plan) : undefined;
  const { log, ...document } = plan;
  const title = [args.program, file].filter((f): f is string => f !== undefined).map((f) => path.relative(process.cwd(), path.resolve(f)));
  const baseName = args.base ?? (args["base-file"] ? path.relative(process.cwd(), path.resolve(args["base-file"])) : undefined);
  if (format === "json") {
    process.stdout.write(`${JSON.stringify(diff ? { ...document, diff } : document, null, 2)}\n`);
  } else if (format === "markdown") {
    process.stdout.write(renderMarkdown({ plan: document, stack, file: title.join(" with "), diff, base: baseName }));
  } else {
    process.stdout.write(`Stack ${stack}\n`);
    if (diff) process.stdout.write(`${formatDiffText(diff, baseName!)}\n\n`);
    process.stdout.write(`${formatPlan(document, title.join(" with "))}\n`);
    for (const line of log) process.stderr.write(`program: ${line}\n`);
  }
  process.exitCode = exitCode(document);
}

if (require.main === module) runMain("plan", main);
