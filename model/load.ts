/**
 * Reads a connections file: YAML with source positions, then the schema, then the cross-field
 * rules. Every problem is collected and reported with `file:line:column`; nothing throws for bad
 * input, so neither `pulumi up` nor `npm run plan` ever shows a stack trace for a typo.
 */
import { readFileSync } from "fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { closest, oneOf, show } from "./text";
import { ConnectionsFileSchema, FIELD_OWNERS, type ConnectionsFile } from "./schema";
import { resolveModel, type Path } from "./rules";
import type { StackModel } from "./resolve";

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

export type LoadResult = { ok: true; model: StackModel; warnings: Problem[] } | { ok: false; errors: Problem[]; warnings: Problem[] };

/** `file:line:column message`, the form editors and CI annotations understand. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity === "warning" ? "warning: " : ""}${problem.message}`;
}

export function pathToString(path: Path): string {
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

interface Located {
  node: Node | undefined;
  /** True when the path ends at a key that exists; the position is then the key's. */
  keyNode?: Node;
}

/** The deepest YAML node along `path` (the key node when `atKey` and the key exists). */
function locate(root: Node | null | undefined, path: Path, atKey: boolean): Located {
  let node: Node | undefined = root ?? undefined;
  let keyNode: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      if (i === path.length - 1 && atKey) return { node: keyNode, keyNode };
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment] as Node;
    } else {
      break;
    }
  }
  return { node, keyNode };
}

/** The subject of a message: `connection "x"` or `bucket "b"`, and the field path inside it. */
function subjectOf(path: Path, data: unknown): { subject: string; field: string } {
  if (path[0] === "connections" && typeof path[1] === "number") {
    const connection = (data as { connections?: unknown[] })?.connections?.[path[1]] as { name?: unknown } | undefined;
    const name = typeof connection?.name === "string" ? `connection "${connection.name}"` : `connections[${path[1]}]`;
    return { subject: name, field: pathToString(path.slice(2)) };
  }
  if (path[0] === "buckets" && path.length >= 2) return { subject: `bucket "${path[1]}"`, field: pathToString(path.slice(2)) };
  return { subject: "", field: pathToString(path) };
}

/** The keys a strict object at `path` allows, found by walking the schema with the data's choices. */
function allowedKeysAt(path: Path, data: unknown): string[] {
  let schema: any = ConnectionsFileSchema;
  let value: any = data;
  const unwrap = () => {
    for (;;) {
      const def = schema?._zod?.def;
      if (def?.type === "optional" || def?.type === "default" || def?.type === "nullable") schema = def.innerType;
      else if (def?.type === "pipe") schema = def.in;
      else if (def?.type === "union" && def.discriminator) {
        const option = def.options.find((o: any) => o._zod.def.shape?.[def.discriminator]?._zod.def.values?.includes(value?.[def.discriminator]));
        if (!option) return;
        schema = option;
      } else return;
    }
  };
  for (const segment of [...path, undefined]) {
    unwrap();
    if (segment === undefined) break;
    const def = schema?._zod?.def;
    if (def?.type === "object") schema = def.shape[segment];
    else if (def?.type === "array") schema = def.element;
    else if (def?.type === "record") schema = def.valueType;
    else return [];
    value = value?.[segment];
  }
  return Object.keys(schema?._zod?.def?.shape ?? {});
}

interface Described {
  path: Path;
  message: string;
  atKey: boolean;
}

/** Turns one zod issue into messages that say what is wrong, the value found and the fix. */
function describeIssue(issue: z.core.$ZodIssue, data: unknown): Described[] {
  const path = issue.path as Path;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(path, data);
      return issue.keys.map((key) => {
        const owner = FIELD_OWNERS[key];
        const suggestion = closest(key, allowed);
        const fix = owner && !allowed.includes(key)
          ? `"${key}" is only for ${owner}`
          : suggestion
            ? `did you mean "${suggestion}"?`
            : `allowed here: ${allowed.join(", ")}`;
        return { path: [...path, key], message: `unknown key "${key}": ${fix}`, atKey: true };
      });
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const value = (input as Record<string, unknown> | undefined)?.[discriminator];
        const where = path[path.length - 1] === discriminator ? path : [...path, discriminator];
        if (value === undefined) return [{ path: where, message: `is required: use ${oneOf(options)}`, atKey: false }];
        const suggestion = typeof value === "string" ? closest(value, options) : undefined;
        const owner = discriminator === "type" ? " for this vendor" : "";
        return [{ path: where, message: `${show(value)} is not supported${owner}: use ${oneOf(options)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, atKey: false }];
      }
      return [{ path, message: `${show(input)} does not match any allowed form`, atKey: false }];
    }
    case "invalid_type":
      if (input === undefined) return [{ path, message: "is required", atKey: false }];
      return [{ path, message: issue.message.startsWith("Invalid input") ? `must be ${article(issue.expected)}; got ${show(input)}` : issue.message, atKey: false }];
    case "too_small":
    case "too_big":
      return [{ path, message: issue.message.startsWith("Too") ? `${show(input)}: ${issue.message.toLowerCase()}` : issue.message, atKey: false }];
    case "invalid_key":
      return [{ path, message: issue.issues.map((i) => i.message).join("; "), atKey: true }];
    default:
      return [{ path, message: issue.message, atKey: false }];
  }
}

function article(expected: string): string {
  return ({ string: "text", number: "a number", boolean: "true or false", object: "a map of keys", array: "a list" } as Record<string, string>)[expected] ?? expected;
}

/** Parses and validates the text of a connections file. `file` is the name used in messages. */
export function parseConnectionsText(text: string, file: string): LoadResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => ({
      severity: "error" as const,
      file,
      ...at(e.pos[0]),
      path: "",
      message: `YAML syntax error: ${e.message.split("\n")[0]}`,
    }));
    return { ok: false, errors, warnings: [] };
  }

  const data = doc.toJS();
  const problem = (severity: Problem["severity"], path: Path, message: string, atKey: boolean): Problem => {
    const { node } = locate(doc.contents, path, atKey);
    // An unknown key is reported at the key, but named from the map that holds it.
    const { subject, field } = subjectOf(atKey ? path.slice(0, -1) : path, data);
    const prefix = [subject, field].filter(Boolean).join(": ");
    return { severity, file, ...at(node?.range?.[0]), path: pathToString(path), message: prefix ? `${prefix}: ${message}` : message };
  };

  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, errors: [problem("error", [], "the file must be a map with version and connections (see connections/example.yaml)", false)], warnings: [] };
  }

  const parsed = ConnectionsFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const errors = parsed.error.issues.flatMap((issue) => describeIssue(issue, data).map((d) => problem("error", d.path, d.message, d.atKey)));
    return { ok: false, errors: sortProblems(errors), warnings: [] };
  }

  const { model, problems } = resolveModel(parsed.data as ConnectionsFile);
  const all = sortProblems(problems.map((p) => problem(p.severity, p.path, p.message, false)));
  const errors = all.filter((p) => p.severity === "error");
  const warnings = all.filter((p) => p.severity === "warning");
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, model, warnings };
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

/** The file a stack reads when `vendor-connections:connectionsFile` is not set. */
export function defaultConnectionsFile(stack: string): string {
  return `connections/${stack}.yaml`;
}

/** Reads and validates a connections file; an unreadable file is reported like any other problem. */
export function loadConnectionsFile(path: string, displayName: string = path): LoadResult {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return {
      ok: false,
      errors: [{ severity: "error", file: displayName, line: 1, column: 1, path: "", message: `cannot read the connections file (${reason}); create it, or point vendor-connections:connectionsFile at it` }],
      warnings: [],
    };
  }
  return parseConnectionsText(text, displayName);
}
