/**
 * npm run -s handoff -- --stack NAME [--outputs FILE|-] [--format markdown|html] [--show-secrets]
 *
 * The hand-off sheet: per connection, the forms to fill in the vendor's UI, field by field, with
 * the values. Exit code 0, 2 for invalid input, 3 when something else fails.
 */
import { readFileSync } from "fs";
import * as path from "path";
import { formatProblem } from "../model/load";
import { buildSheet, handoffOutputs } from "../offline/handoff-sheet";
import { renderHtml, renderMarkdown } from "../offline/handoff-render";
import { ROOT, runPlan } from "../offline/run-plan";
import { BadInput, CommandFailure, parseCommandLine, stackConnectionsFile as findStackConnectionsFile } from "./command-line";

const USAGE = `usage: npm run -s handoff -- --stack NAME [--outputs FILE|-] [--format markdown|html] [--show-secrets]

  --stack NAME      the stack whose connections file is read: vendor-connections:connectionsFile in
                    Pulumi.<stack>.yaml, else connections/<stack>.yaml
  --outputs FILE|-  the stack's outputs, saved with: pulumi stack output --stack NAME --json --show-secrets
                    (- reads them from standard input). Without it, values come from the offline plan
                    and what only AWS knows reads [after pulumi up].
  --format FORMAT   markdown (default), or html: one page to print, with nothing to download
  --show-secrets    print secret values (secret access keys) that the outputs hold; without it they are withheld`;

export const EXIT = { ok: 0, invalidInput: 2, failure: 3 } as const;

class InvalidInput extends Error {}

/** The stack's connections file, as the program finds it (cli/command-line.ts), or undefined when the stack has neither file. */
export function stackConnectionsFile(stack: string, root: string = ROOT): string | undefined {
  try {
    return findStackConnectionsFile(stack, root);
  } catch (e) {
    if (e instanceof BadInput) return undefined;
    if (e instanceof CommandFailure) throw new InvalidInput(e.message);
    throw e;
  }
}

function readOutputs(source: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (e) {
    throw new InvalidInput(`cannot read the outputs ${source === "-" ? "from standard input" : source}: ${(e as Error).message}`);
  }
  const outputs = handoffOutputs(text);
  if (!outputs.ok) throw new InvalidInput(`${source === "-" ? "standard input" : source}: ${outputs.message}`);
  return outputs.outputs;
}

async function main(): Promise<number> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      stack: { type: "string" },
      outputs: { type: "string" },
      format: { type: "string", default: "markdown" },
      "show-secrets": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
    USAGE,
    EXIT.invalidInput,
  );
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (args.stack === undefined) throw new InvalidInput("--stack is required: the stack whose hand-off to print, e.g. --stack prod");
  if (args.format !== "markdown" && args.format !== "html") throw new InvalidInput(`--format ${args.format} is not a format: use markdown or html`);
  const file = stackConnectionsFile(args.stack);
  if (file === undefined) {
    throw new InvalidInput(`stack "${args.stack}" has neither Pulumi.${args.stack}.yaml nor connections/${args.stack}.yaml: create one, or name another stack`);
  }
  const outputs = args.outputs === undefined ? undefined : readOutputs(args.outputs);
  const { model, errors, connections } = await runPlan({ connectionsFile: file, stack: args.stack });
  if (!model || errors.length > 0) {
    process.stderr.write(`${errors.map(formatProblem).join("\n")}\n`);
    return EXIT.invalidInput;
  }
  const planned = Object.fromEntries(connections.map((c) => [c.name, c.handoff]));
  const sheet = buildSheet(model, { stack: args.stack, file: path.relative(process.cwd(), file), outputs, planned, showSecrets: args["show-secrets"] });
  process.stdout.write(args.format === "html" ? renderHtml(sheet) : renderMarkdown(sheet));
  if (args["show-secrets"] && !sheet.showsSecrets) {
    const why = outputs === undefined ? "the offline plan holds no secret; give --outputs" : "the outputs given hold no secret value";
    process.stderr.write(`handoff: --show-secrets showed nothing: ${why}\n`);
  }
  return EXIT.ok;
}

if (require.main === module) {
  main().then(
    (code) => (process.exitCode = code),
    (e) => {
      if (e instanceof InvalidInput) {
        process.stderr.write(`handoff: ${e.message}\n${USAGE}\n`);
        process.exit(EXIT.invalidInput);
      }
      // Not bad input: one line, never a stack trace.
      process.stderr.write(`handoff failed: ${(e as Error).message ?? e}\n`);
      process.exit(EXIT.failure);
    },
  );
}
