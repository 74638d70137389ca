/**
 * npm run plan -- [--connections FILE] [--program FILE.ts] [--policy-pack-config FILE] [--stack NAME] [--json]
 *
 * Plans a connections file offline: runs the real program under Pulumi's mock engine, as a preview
 * of a new stack, checks it with the vendor-guard policy pack, and prints each connection, the
 * resources per bucket, every IAM and bucket-policy document, the hand-off fields and the policy
 * violations. Exit code 0 when clean, 1 when a mandatory policy is violated, 2 for invalid input.
 */
import * as path from "path";
import { formatProblem } from "../model/load";
import { parseCommandLine, stackNameOf } from "./command-line";
import { ROOT, runPlan, type Plan, type PlannedResource } from "../offline/run-plan";

const USAGE = `usage: npm run plan -- [--connections FILE] [--program FILE.ts] [--policy-pack-config FILE] [--stack NAME] [--json]

  --connections FILE         connections file to plan (default: connections/example.yaml, or none with --program)
  --program FILE.ts          plan this Pulumi TypeScript program instead of index.ts (same mocks, same policy pack)
  --policy-pack-config FILE  vendor-guard configuration, as for pulumi preview --policy-pack-config:
                             {"policy-name": "advisory"} or {"policy-name": {"enforcementLevel": "...", "key": value}}
  --stack NAME               stack name (default: the file's name without .yaml or .ts)
  --json                     print one JSON document: { connections, resources, violations, errors, warnings, notices }`;

export const EXIT = { clean: 0, mandatoryViolation: 1, invalidInput: 2 } as const;

function parse(argv: string[]) {
  return parseCommandLine(
    argv,
    {
      connections: { type: "string" },
      program: { type: "string" },
      "policy-pack-config": { type: "string" },
      stack: { type: "string" },
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

  const children = (urn: string) => plan.resources.filter((r) => r.parent === urn);
  for (const component of componentOrder(plan)) {
    const title = component.type.endsWith("ConnectedBucket") ? `Bucket ${component.name}` : `Connection ${component.name}`;
    out.push("", title);
    for (const child of children(component.urn)) {
      out.push(`  + ${child.type}  ${child.name}${options(child)}`);
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
    for (const r of others) out.push(`  + ${r.type}  ${r.name}${options(r)}`);
  }
  if (plan.notices.length > 0) out.push("", "Read before applying", ...plan.notices.map((n) => `  ! ${n}`));
  if (plan.warnings.length > 0) out.push("", "Warnings", ...plan.warnings.map((w) => `  ${formatProblem(w)}`));
  out.push("", plan.violations.length === 0 ? "Policy violations: none" : "Policy violations");
  for (const v of plan.violations) out.push(`  ${v.enforcement}  ${v.policy}  ${v.resource}`, indent(v.message, "      "));
  return out.join("\n");
}

export function exitCode(plan: Plan): number {
  if (plan.errors.length > 0) return EXIT.invalidInput;
  return plan.violations.some((v) => v.enforcement === "mandatory") ? EXIT.mandatoryViolation : EXIT.clean;
}

async function main(): Promise<void> {
  const args = parse(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const file = args.connections ?? (args.program ? undefined : path.join(ROOT, "connections", "example.yaml"));
  const planned = file ?? args.program!;
  const stack = args.stack ?? stackNameOf(planned);
  const { model: _model, log, ...plan } = await runPlan({ connectionsFile: file, program: args.program, policyPackConfig: args["policy-pack-config"], stack });
  if (args.json) {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
  } else {
    const title = [args.program, file].filter((f): f is string => f !== undefined).map((f) => path.relative(process.cwd(), path.resolve(f)));
    process.stdout.write(`${formatPlan(plan, title.join(" with "))}\n`);
    for (const line of log) process.stderr.write(`program: ${line}\n`);
  }
  process.exitCode = exitCode(plan);
}

if (require.main === module) {
  main().catch((e) => {
    // Only a defect in this program gets here: bad input is reported as plan errors above.
    process.stderr.write(`plan failed: ${(e as Error).stack ?? e}\n`);
    process.exit(3);
  });
}
