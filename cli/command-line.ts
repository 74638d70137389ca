/**
 * What the project's commands (`plan`, `prove`) share on the command line.
 */
import { readdirSync } from "fs";
import * as path from "path";
import { parseArgs, type ParseArgsConfig } from "util";

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
