/**
 * Reads a connections file: YAML with source positions, then the schema, then the cross-field
 * rules. Every problem is collected and reported with `file:line:column`; nothing throws for bad
 * input, so neither `pulumi up` nor `npm run plan` ever shows a stack trace for a typo.
 */
import { readFileSync } from "fs";
import { LineCounter, parseDocument, isScalar } from "yaml";
import { describeIssue, joinMessage, rootMessage, type IssueContext } from "./issue-messages";
import { ConnectionsFileSchema, type ConnectionsFile } from "./schema";
import { resolveModel, type Path, type ResolveOptions, type RuleProblem } from "./rules";
import type { StackModel } from "./resolve";
import { decodeUtf8 } from "./utf8";
import { explainYamlErrors } from "./yaml-errors";
import { locate, pathToString, subjectOf } from "./yaml-positions";
import { checkDocument, TOO_DEEP, tooDeep } from "./yaml-safety";

export { pathToString } from "./yaml-positions";
export { decodeUtf8 } from "./utf8";

export interface Problem {
  severity: "error" | "warning";
  file: string;
  line: number;
  column: number;
  /** Where in the file, e.g. `connections[0].credential.externalId`. */
  path: string;
  /** What is wrong, the value found and the fix, starting with the connection or bucket it concerns. */
  message: string;
}

export type LoadResult =
  | {
      ok: true;
      model: StackModel;
      warnings: Problem[];
      /** A problem found later (the program's adoption check) at its place in the file. */
      problemAt(problem: RuleProblem): Problem;
    }
  | { ok: false; errors: Problem[]; warnings: Problem[] };

/** `file:line:column message`, the form editors and CI annotations understand. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity === "warning" ? "warning: " : ""}${problem.message}`;
}

/** Parses and validates the text of a connections file. `file` is the name used in messages. */
export function parseConnectionsText(text: string, file: string, options: ResolveOptions = {}): LoadResult {
  const lineCounter = new LineCounter();
  const deep = tooDeep(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const line = before.split("\n").length;
    return { ok: false, errors: [{ severity: "error", file, line, column: deep - before.lastIndexOf("\n"), path: "", message: TOO_DEEP }], warnings: [] };
  }
  // Keys are compared as the text they become (checkDocument), which also finds `123` and "123".
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  const yamlProblems = doc.errors.length > 0 ? explainYamlErrors(doc.errors, text) : checkDocument(doc, text, (offset) => at(offset).line);
  if (yamlProblems.length > 0) {
    const errors = yamlProblems.map((e) => ({ severity: "error" as const, file, ...at(e.offset), path: "", message: e.message }));
    return { ok: false, errors, warnings: [] };
  }

  // checkDocument bounded what aliases expand to; the library's own count would reject ordinary reuse.
  const data = doc.toJS({ maxAliasCount: -1 });
  const problem = (severity: Problem["severity"], path: Path, message: string, atKey: boolean): Problem => {
    const { node } = locate(doc.contents, path, atKey);
    // An unknown key is reported at the key, but named from the map that holds it.
    const { subject, field } = subjectOf(atKey ? path.slice(0, -1) : path, data);
    return { severity, file, ...at(node?.range?.[0]), path: pathToString(path), message: joinMessage(subject, field, message) };
  };

  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, errors: [problem("error", [], rootMessage(data), false)], warnings: [] };
  }

  const context: IssueContext = {
    data,
    sourceOf(path) {
      const { node } = locate(doc.contents, path, false);
      if (!isScalar(node) || !node.range) return undefined;
      return text.slice(node.range[0], node.range[1]);
    },
  };
  const parsed = ConnectionsFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const described = parsed.error.issues.flatMap((issue) => describeIssue(issue, context));
    // A misspelt required key is one mistake: "did you mean" says it, "is required" would repeat it.
    const suggested = new Set(described.filter((d) => d.suggests).map((d) => pathToString([...d.path.slice(0, -1), d.suggests!])));
    const errors = described.filter((d) => !(d.missing && suggested.has(pathToString(d.path)))).map((d) => problem("error", d.path, d.message, d.atKey));
    const others = rulesOverValidConnections(data, parsed.error.issues, options).map((p) => problem(p.severity, p.path, p.message, false));
    return {
      ok: false,
      errors: sortProblems([...errors, ...others.filter((p) => p.severity === "error")]),
      warnings: sortProblems(others.filter((p) => p.severity === "warning")),
    };
  }

  const { model, problems } = resolveModel(parsed.data as ConnectionsFile, options);
  const all = sortProblems(problems.map((p) => problem(p.severity, p.path, p.message, false)));
  const errors = all.filter((p) => p.severity === "error");
  const warnings = all.filter((p) => p.severity === "warning");
  if (errors.length > 0) return { ok: false, errors, warnings };
  return { ok: true, model, warnings, problemAt: (p) => problem(p.severity, p.path, p.message, false) };
}

/**
 * When the schema rejects only some connections, the rules across connections (duplicate names,
 * bucket regions, KMS key regions, vendor checks) still run over the others, so one pass reports
 * every problem it can. A problem outside the connections (version, defaults, buckets) leaves no
 * trustworthy model to check, and nothing more is reported.
 */
function rulesOverValidConnections(data: Record<string, unknown>, issues: readonly { path: PropertyKey[] }[], options: ResolveOptions) {
  const rejected = new Set<number>();
  for (const { path } of issues) {
    if (path[0] !== "connections" || typeof path[1] !== "number") return [];
    rejected.add(path[1]);
  }
  const connections = Array.isArray(data.connections) ? data.connections : [];
  const kept = connections.map((_, index) => index).filter((index) => !rejected.has(index));
  if (kept.length === 0) return [];
  const parsed = ConnectionsFileSchema.safeParse({ ...data, connections: kept.map((index) => connections[index]) });
  if (!parsed.success) return [];
  return resolveModel(parsed.data as ConnectionsFile, options).problems.map((p) =>
    p.path[0] === "connections" && typeof p.path[1] === "number" ? { ...p, path: ["connections", kept[p.path[1]], ...p.path.slice(2)] } : p,
  );
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

/** The file a stack reads when `vendor-connections:connectionsFile` is not set. */
export function defaultConnectionsFile(stack: string): string {
  return `connections/${stack}.yaml`;
}

/**
 * The last text loaded and its result. The offline plan validates the file, then runs the program,
 * which loads it again: passing one cache to both loads parses unchanged text once (the model is
 * never mutated). A real `pulumi up` loads once and passes none.
 */
export class LoadCache {
  private last: { text: string; stack: string | undefined; result: LoadResult } | undefined;

  resultFor(text: string, stack: string | undefined, parse: () => LoadResult): LoadResult {
    if (this.last?.text !== text || this.last.stack !== stack) this.last = { text, stack, result: parse() };
    return this.last.result;
  }
}

export interface LoadOptions extends ResolveOptions {
  /** Reuse the result of an earlier load of the same text (see LoadCache). */
  cache?: LoadCache;
}

/** The same result, with its problems naming the file as `file`. */
function withFileName(result: LoadResult, file: string): LoadResult {
  const rename = (problems: Problem[]) => problems.map((p) => (p.file === file ? p : { ...p, file }));
  if (!result.ok) return { ...result, errors: rename(result.errors), warnings: rename(result.warnings) };
  return { ...result, warnings: rename(result.warnings), problemAt: (p) => ({ ...result.problemAt(p), file }) };
}

/**
 * Reads and validates a connections file; an unreadable file is reported like any other problem.
 * `options.stack` is the stack it is applied as, when the caller knows it (see ResolveOptions).
 */
export function loadConnectionsFile(path: string, displayName: string = path, options: LoadOptions = {}): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return {
      ok: false,
      errors: [
        {
          severity: "error",
          file: displayName,
          line: 1,
          column: 1,
          path: "",
          message: `cannot read the connections file (${reason}); create it, or point vendor-connections:connectionsFile at it`,
        },
      ],
      warnings: [],
    };
  }
  const decoded = decodeUtf8(bytes, displayName);
  if (!decoded.ok) return { ok: false, errors: [decoded.error], warnings: [] };
  const text = decoded.text;
  const { cache, ...resolve } = options;
  const parse = () => parseConnectionsText(text, displayName, resolve);
  return withFileName(cache ? cache.resultFor(text, options.stack, parse) : parse(), displayName);
}
