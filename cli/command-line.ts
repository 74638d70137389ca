/**
 * What the project's commands (`plan`, `prove`) share on the command line.
 */
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import { parseArgs, type ParseArgsConfig } from "util";
import { parse as parseYaml } from "yaml";
import { defaultConnectionsFile } from "../model/load";

/**
 * Parses `argv` strictly. A mistake prints the parser's message and the command's usage and exits
 * with `exitCode` (each command's "invalid input" code).
 */
export function parseCommandLine<O extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: O, usage: string, exitCode: number) {
  try {
    return parseArgs({ args: argv, options, strict: true }).values;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n${usage}\n`);
    process.exit(exitCode);
  }
}

/** The stack a file is planned as when none is named: the file's name (`connections/prod.yaml` -> `prod`). */
export function stackNameOf(file: string): string {
  return path.basename(file).replace(/\.(ya?ml|ts)$/, "");
}

/** Every connections file under a directory, recursively, in a stable order. */
export function connectionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return connectionFiles(full);
      return /\.ya?ml$/.test(entry.name) ? [full] : [];
    });
}

/** A failure that is not bad input (a missing file, a git error): one line on stderr, exit 3. */
export class CommandFailure extends Error {}

/** Bad input found before planning (a stack with no files): one line on stderr, exit 2. */
export class BadInput extends Error {}

/**
 * The connections file of stack `stack`, found exactly as the Pulumi program finds it:
 * `vendor-connections:connectionsFile` in `Pulumi.<stack>.yaml`, else `connections/<stack>.yaml`,
 * both relative to the project. A stack with neither is refused.
 */
export function stackConnectionsFile(stack: string, root: string): string {
  const settings = path.join(root, `Pulumi.${stack}.yaml`);
  const fallback = path.join(root, defaultConnectionsFile(stack));
  if (existsSync(settings)) {
    let parsed: unknown;
    try {
      parsed = parseYaml(readFileSync(settings, "utf8"));
    } catch (e) {
      throw new CommandFailure(`${path.relative(process.cwd(), settings)} is not valid YAML: ${(e as Error).message.split("\n")[0]}`);
    }
    const config = (parsed as { config?: Record<string, unknown> } | null)?.config ?? {};
    const configured = config["vendor-connections:connectionsFile"];
    if (typeof configured === "string") return path.resolve(root, configured);
    // A stack with settings reads connections/<stack>.yaml, as the program does; a missing file is
    // then the loader's "cannot read" problem, with the fix.
    return fallback;
  }
  if (existsSync(fallback)) return fallback;
  const stacks = readdirSync(root)
    .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined);
  throw new BadInput(
    `stack "${stack}" has no settings file (Pulumi.${stack}.yaml) and no connections file (${defaultConnectionsFile(stack)}); stacks here: ${stacks.join(", ") || "none"}. Fix: name one of them, or create ${defaultConnectionsFile(stack)}`,
  );
}

/** Runs a command's main: a CommandFailure or any other error is one line on stderr and exit 3, never a stack trace. */
export function runMain(command: string, main: () => Promise<void>): void {
  // A reader that stops early (`| head`) is not a failure.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  main().catch((e: unknown) => {
    const message = e instanceof Error ? e.message : String(e);
    if (e instanceof BadInput) {
      process.stderr.write(`${command}: ${message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${command} failed: ${message.split("\n")[0]}\n`);
    // The trace helps whoever fixes a defect; a user never needs it.
    if (process.env.VENDOR_CONNECTIONS_DEBUG) process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(3);
  });
}
