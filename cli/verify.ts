/**
 * npm run verify -- --stack NAME [--connections FILE] [--format text|json|markdown] [--print-policy]
 *
 * After `pulumi up`: reads the lab's AWS account (read-only) and compares it with the offline plan
 * of the stack's connections file. Exit 0 when AWS matches, 1 on a mismatch, 2 when it cannot check.
 */
import { formatProblem } from "../model/load";
import { BadInput, parseCommandLine, runMain, stackConnectionsFile } from "./command-line";
import { MOCK_ACCOUNT_ID } from "../offline/mock-engine";
import { ROOT, runPlan } from "../offline/run-plan";
import { liveClients } from "../account/clients";
import { CannotCheck } from "../account/errors";
import { expectedFromPlan } from "../live/expected";
import { verifyPolicy } from "../live/read-policy";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "../live/report";
import { EXIT, exitCodeOf, verifyStack } from "../live/verify";
import { buildMatrix } from "../proofs/matrix";

const USAGE = `usage: npm run verify -- --stack NAME [--connections FILE] [--format text|json|markdown]
       npm run verify -- --print-policy [--stack NAME]

  --stack NAME         the stack to verify; its file is connections/NAME.yaml unless --connections says otherwise
  --connections FILE   the connections file the stack was applied from
  --format FORMAT      text (default), json or markdown (for a pull request or a job summary)
  --no-simulate        skip iam:SimulatePrincipalPolicy (for an endpoint without it, such as moto)
  --print-policy       print the read-only IAM policy verify needs (scoped to the stack's resources with --stack)

Credentials, region and endpoint come from the AWS SDK's usual sources: AWS_PROFILE, AWS_ACCESS_KEY_ID,
AWS_REGION, AWS_ENDPOINT_URL, a role of the machine. Nothing is written to AWS.`;

function fail(message: string): never {
  process.stderr.write(`verify: ${message}\n`);
  process.exit(EXIT.cannotCheck);
}

async function main(): Promise<void> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      stack: { type: "string" },
      connections: { type: "string" },
      format: { type: "string", default: "text" },
      "no-simulate": { type: "boolean", default: false },
      "print-policy": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    EXIT.cannotCheck,
  );
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const format = args.format as ReportFormat;
  if (!REPORT_FORMATS.includes(format)) fail(`--format ${JSON.stringify(args.format)} is not one of ${REPORT_FORMATS.join(", ")}`);
  if (args.stack === undefined && !args["print-policy"]) fail(`--stack NAME is required (the stack whose connections file to verify)\n${USAGE}`);

  const plan = async () => {
    // --stack means the stack: its file is found as the program finds it.
    const file = args.connections ?? stackConnectionsFile(args.stack!, ROOT);
    const planned = await runPlan({ connectionsFile: file, stack: args.stack! });
    if (planned.errors.length > 0 || !planned.model)
      fail(`the connections file has problems; fix them first (npm run plan):\n${planned.errors.map(formatProblem).join("\n")}`);
    return { ...planned, model: planned.model };
  };
  if (args["print-policy"]) {
    const expected = args.stack === undefined ? undefined : expectedFromPlan((await plan()).resources);
    return void process.stdout.write(`${JSON.stringify(verifyPolicy(expected), null, 2)}\n`);
  }
  const planned = await plan();
  const endpoint = process.env.AWS_ENDPOINT_URL;
  const report = await verifyStack({
    clients: liveClients(),
    stack: args.stack!,
    resources: planned.resources,
    connections: planned.connections,
    mockAccount: MOCK_ACCOUNT_ID,
    endpoint,
    // The same requests `npm run prove` evaluates offline, asked of AWS's own simulator.
    simulate: args["no-simulate"] ? undefined : buildMatrix(planned),
  });
  process.stdout.write(`${formatReport(report, format)}\n`);
  process.exitCode = exitCodeOf(report);
}

if (require.main === module) {
  // What cannot be checked exits 2 with its reason; anything else is one line and exit 3, never a stack trace.
  runMain("verify", () =>
    main().catch((e) => {
      throw e instanceof CannotCheck ? new BadInput(e.message) : e;
    }),
  );
}
