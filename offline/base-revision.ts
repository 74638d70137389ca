/**
 * The connections file as it was at a git revision, for the access diff. git runs with an argument
 * array (never a shell string), so a ref or a path is never interpreted by a shell.
 */
import { execFileSync } from "child_process";
import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";

/** A git failure: the caller reports it as one line. */
export class BaseRevisionError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message).trim();
    throw new BaseRevisionError(stderr.split("\n")[0] || (e as Error).message);
  }
}

/**
 * Writes the file's content at `ref` to a fresh temporary directory, under the same name (the plan
 * names the stack after it), and returns that path; `undefined` when the file did not exist at `ref`
 * (a new stack: everything it grants is new).
 */
export function fileAtRevision(file: string, ref: string): string | undefined {
  const absolute = path.resolve(file);
  const dir = path.dirname(absolute);
  const top = git(dir, ["rev-parse", "--show-toplevel"]).trim();
  const inRepo = path.relative(top, absolute).split(path.sep).join("/");
  try {
    git(dir, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new BaseRevisionError(`--base ${ref}: no such commit in ${top}. Fix: name a branch, tag or commit (git log --oneline shows them)`);
  }
  const listed = git(top, ["ls-tree", "--name-only", ref, "--", inRepo]).trim();
  if (listed === "") return undefined;
  const text = git(top, ["show", `${ref}:${inRepo}`]);
  const copy = path.join(mkdtempSync(path.join(os.tmpdir(), "vendor-connections-base-")), path.basename(absolute));
  writeFileSync(copy, text);
  return copy;
}
