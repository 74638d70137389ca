/**
 * npm run adopt -- --bucket NAME [--stack NAME] [--connections FILE] [--write]
 *
 * Reads an existing bucket (read-only) and prints its `buckets.<NAME>` entry, or with --write
 * merges it into the stack's connections file, so that applying the file keeps every policy
 * statement and CORS rule the bucket has. Exit 0 when adoptable, 1 when refused, 2 when it cannot read.
 */
import { existsSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { BadInput, parseCommandLine, runMain, stackConnectionsFile } from "./command-line";
import { ROOT, runPlan } from "../offline/run-plan";
import { denyInsecureTransport } from "../iam/s3";
import { liveClients } from "../account/clients";
import { CannotCheck } from "../account/errors";
import { readForAdoption } from "../live/adopt";
import { mergeAdoptedEntry } from "../live/adopt-write";
import { statementsOf } from "../iam/policy-diff";

const USAGE = `usage: npm run adopt -- --bucket NAME [--stack NAME] [--connections FILE] [--write]

  --bucket NAME        the existing bucket to adopt
  --stack NAME         the stack whose file receives it (connections/NAME.yaml); default dev
  --connections FILE   the connections file, instead of connections/NAME.yaml
  --write              merge the entry into the file (comments and layout kept); otherwise print it`;

const EXIT = { adoptable: 0, refused: 1, cannotRead: 2 } as const;

function fail(message: string, code: number = EXIT.cannotRead): never {
  process.stderr.write(`adopt: ${message}\n`);
  process.exit(code);
}

/** The statements the program composes for the bucket, when the file already has connections on it. */
async function generatedStatements(file: string, stack: string, bucket: string): Promise<Record<string, unknown>[]> {
  const own = [denyInsecureTransport(bucket) as unknown as Record<string, unknown>];
  if (!existsSync(file)) return own;
  const plan = await runPlan({ connectionsFile: file, stack });
  const policy = plan.resources.find(
    (r) => r.type === "aws:s3/bucketPolicy:BucketPolicy" && JSON.stringify(r.inputs.policy ?? "").includes(`arn:aws:s3:::${bucket}"`),
  );
  return policy ? statementsOf(policy.inputs.policy) : own;
}

/** The stack's file as the program finds it; connections/<stack>.yaml for a stack that has none yet (printing needs no file). */
function stackFile(stack: string): string {
  try {
    return stackConnectionsFile(stack, ROOT);
  } catch (e) {
    if (e instanceof BadInput) return path.join(ROOT, "connections", `${stack}.yaml`);
    throw e;
  }
}

async function main(): Promise<void> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      bucket: { type: "string" },
      stack: { type: "string", default: "dev" },
      connections: { type: "string" },
      write: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    EXIT.cannotRead,
  );
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  if (!args.bucket) fail(`--bucket NAME is required\n${USAGE}`);
  const bucket = args.bucket;
  const file = path.resolve(args.connections ?? stackFile(args.stack!));
  const clients = liveClients();
  // Any region reaches GetBucketLocation; the other reads follow S3's redirect to the bucket's region.
  const report = await readForAdoption(clients.s3(process.env.AWS_REGION ?? "us-east-1"), bucket, await generatedStatements(file, args.stack!, bucket));
  for (const line of report.lines) process.stdout.write(`  ${line}\n`);
  if (report.refusals.length > 0) {
    fail(`bucket "${bucket}" cannot be adopted safely; nothing was written:\n${report.refusals.map((r) => `  - ${r}`).join("\n")}`, EXIT.refused);
  }
  const snippet = stringify({ buckets: { [bucket]: report.entry } }, { lineWidth: 0 });
  if (!args.write) {
    process.stdout.write(`\nbuckets.${bucket} for ${path.relative(process.cwd(), file)} (write it with --write):\n\n${snippet}`);
    return;
  }
  if (!existsSync(file))
    fail(
      `${path.relative(process.cwd(), file)} does not exist: create the stack's file first (see connections/example.yaml), or print the entry without --write`,
    );
  writeFileSync(file, mergeAdoptedEntry(readFileSync(file, "utf8"), bucket, report.entry));
  process.stdout.write(`\nwrote buckets.${bucket} into ${path.relative(process.cwd(), file)}; review it with npm run plan, then pulumi preview\n`);
}

if (require.main === module) {
  // What cannot be read exits 2 with its reason; anything else is one line and exit 3, never a stack trace.
  runMain("adopt", () =>
    main().catch((e) => {
      throw e instanceof CannotCheck ? new BadInput(e.message) : e;
    }),
  );
}
