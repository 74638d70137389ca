/**
 * YAML syntax errors in words a person editing the file can act on. The parser's own messages
 * ("Nested mappings are not allowed in compact mappings") describe its state, not the mistake, and
 * often point at the end of the file (an unclosed quote) or at the line before the mistake (a key
 * indented too far). This module finds the mistake in the source and says how to fix it; an error
 * it does not recognise keeps the parser's message.
 */
import { isMap, isPair, isScalar, isSeq, Parser, type Document, type Node, type YAMLError } from "yaml";

export interface YamlProblem {
  /** Offset in the text where the mistake is. */
  offset: number;
  message: string;
}

const PREFIX = "YAML syntax error: ";

/** Explains every syntax error of a document; at most one problem per line (the first explains the rest). */
export function explainYamlErrors(errors: readonly YAMLError[], text: string, doc: Document.Parsed): YamlProblem[] {
  const lines = text.split("\n");
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const lineOf = (pos: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= pos) line++;
    return line;
  };
  const explained = errors.map((error) => explain(error, text, lines, lineStarts, lineOf, doc));
  const seen = new Set<number>();
  return explained
    .sort((a, b) => a.offset - b.offset)
    .filter((problem) => {
      const line = lineOf(problem.offset);
      if (seen.has(line)) return false;
      seen.add(line);
      return true;
    });
}

function explain(error: YAMLError, text: string, lines: string[], lineStarts: number[], lineOf: (offset: number) => number, doc: Document.Parsed): YamlProblem {
  const at = error.pos[0];
  const line = lineOf(at);
  const fallback = { offset: at, message: `${PREFIX}${error.message.split("\n")[0]}` };
  switch (error.code) {
    case "TAB_AS_INDENT":
      return { offset: at, message: `${PREFIX}this line is indented with a tab, and YAML allows only spaces: replace the tab with spaces` };
    case "DUPLICATE_KEY":
      return duplicateKey(at, doc, (offset) => lineOf(offset) + 1) ?? fallback;
    case "MULTIPLE_DOCS":
      return { offset: at, message: `${PREFIX}the file holds more than one YAML document (a second one starts at this "---"): keep one document per file` };
    case "MISSING_CHAR":
      if (/quote/.test(error.message)) return unclosed(text, at) ?? fallback;
      return layout(lines, lineStarts, line) ?? fallback;
    case "BAD_INDENT":
      if (/^Flow (map|sequence)/.test(error.message)) return unclosed(text, at) ?? fallback;
      return layout(lines, lineStarts, line) ?? fallback;
    case "BLOCK_AS_IMPLICIT_KEY":
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      return layout(lines, lineStarts, line) ?? fallback;
    default:
      return fallback;
  }
}

/** The second occurrence of a key, named with the line of the first. */
function duplicateKey(at: number, doc: Document.Parsed, lineNumber: (offset: number) => number): YamlProblem | undefined {
  let found: YamlProblem | undefined;
  const walk = (node: unknown): void => {
    if (found) return;
    if (isMap(node)) {
      const pairs = node.items.filter(isPair);
      const index = pairs.findIndex((pair) => isScalar(pair.key) && pair.key.range?.[0] === at);
      if (index >= 0) {
        const key = String((pairs[index].key as { value: unknown }).value);
        const first = pairs.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
        const firstAt = (first?.key as Node | undefined)?.range?.[0];
        const where = firstAt !== undefined && firstAt !== at ? ` (first on line ${lineNumber(firstAt)})` : "";
        found = { offset: at, message: `${PREFIX}"${key}" is set twice in the same map${where}: keep one of them` };
        return;
      }
      for (const pair of pairs) walk(pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  return found;
}

interface Opening {
  offset: number;
  kind: "double" | "single" | "map" | "list";
}

/**
 * The quote, `{` or `[` that is never closed. The parser reports it where it gave up (often the end
 * of the file); the mistake is where it was opened, so the message points there.
 */
function unclosed(text: string, at: number): YamlProblem | undefined {
  const openings: Opening[] = [];
  const walk = (token: unknown): void => {
    if (!token || typeof token !== "object") return;
    if (Array.isArray(token)) {
      token.forEach(walk);
      return;
    }
    const t = token as { type?: string; offset?: number; source?: string; start?: unknown; end?: unknown };
    if (t.type === "double-quoted-scalar" || t.type === "single-quoted-scalar") {
      const quote = t.type === "double-quoted-scalar" ? '"' : "'";
      const source = t.source ?? "";
      const closed = source.length >= 2 && source.endsWith(quote) && (quote === "'" || !/(^|[^\\])(\\\\)*\\"$/.test(source));
      if (!closed) openings.push({ offset: t.offset ?? 0, kind: quote === '"' ? "double" : "single" });
    }
    if (t.type === "flow-collection") {
      const start = (t.start as { source?: string } | undefined)?.source;
      const closing = start === "{" ? "}" : "]";
      const ends = Array.isArray(t.end) ? (t.end as { source?: string }[]) : [];
      if (!ends.some((e) => e.source === closing)) openings.push({ offset: t.offset ?? 0, kind: start === "{" ? "map" : "list" });
    }
    for (const value of Object.values(t)) if (value && typeof value === "object") walk(value);
  };
  for (const token of new Parser().parse(text)) walk(token);
  // The opening nearest before the error is the one the parser gave up on.
  const opening = openings.filter((o) => o.offset <= at).sort((a, b) => b.offset - a.offset)[0];
  if (!opening) return undefined;
  switch (opening.kind) {
    case "double":
      return { offset: opening.offset, message: `${PREFIX}the double quote (") opened here is never closed: add " at the end of the value` };
    case "single":
      return { offset: opening.offset, message: `${PREFIX}the single quote (') opened here is never closed: add ' at the end of the value` };
    case "map":
      return { offset: opening.offset, message: `${PREFIX}the "{" opened here is never closed: add "}" after the last entry, on the same line` };
    case "list":
      return { offset: opening.offset, message: `${PREFIX}the "[" opened here is never closed: add "]" after the last item, on the same line` };
  }
}

function indentOf(line: string): number {
  return /^ */.exec(line)![0].length;
}

/** A line with something on it other than a comment. */
function isContent(line: string | undefined): line is string {
  return line !== undefined && line.trim() !== "" && !line.trim().startsWith("#");
}

/** `key: value` of a block line (after an optional "- "), with the column of the key. */
function keyValue(line: string): { key: string; value: string; column: number } | undefined {
  const match = /^( *)(- +)?([^\s:#"'{[][^:#]*?):(?: +(.*))?$/.exec(line.replace(/\s+#.*$/, ""));
  if (!match) return undefined;
  return { key: match[3], value: (match[4] ?? "").trim(), column: match[1].length + (match[2]?.length ?? 0) };
}

/**
 * Mistakes of layout, found from the lines around the error: a missing colon, a colon without the
 * space after it, and a key indented more or less than the keys beside it.
 */
function layout(lines: string[], lineStarts: number[], line: number): YamlProblem | undefined {
  const text = lines[line];
  if (!isContent(text)) return undefined;
  const start = lineStarts[line] + indentOf(text);
  const body = text.trim().replace(/^- +/, "").replace(/\s+#.*$/, "");
  const bodyStart = lineStarts[line] + text.indexOf(body);

  // "vendor:element": a colon with no space after it does not separate a key from its value.
  const glued = /^([A-Za-z_][\w-]*):(\S.*)$/.exec(body);
  if (glued && !/: /.test(body)) {
    return { offset: bodyStart, message: `${PREFIX}"${body}" needs a space after the colon: write "${glued[1]}: ${glued[2]}"` };
  }
  // "bucket lab-runs-prod": no colon at all.
  if (!body.includes(":") && !/^["'{[]/.test(body)) {
    const [key, ...rest] = body.split(/\s+/);
    const fix = rest.length > 0 ? `write "${key}: ${rest.join(" ")}"` : `write "${key}: <value>"`;
    return { offset: bodyStart, message: `${PREFIX}"${body}" has no colon after its key: ${fix}` };
  }

  const here = keyValue(text);
  let previous = line - 1;
  while (previous >= 0 && !isContent(lines[previous])) previous--;
  const above = previous >= 0 ? keyValue(lines[previous]) : undefined;
  // A key indented less than the key above it, but more than the map that holds both.
  if (here && above && here.column < above.column && !/^ *- /.test(text)) {
    return {
      offset: start,
      message: `${PREFIX}"${here.key}:" is indented ${here.column} spaces, but "${above.key}:" above it ${above.column}: indent the keys of one map by the same number of spaces`,
    };
  }
  // A key indented more than the key above it, whose value is already on its own line: YAML reads
  // the deeper line as part of that value.
  let next = line + 1;
  while (next < lines.length && !isContent(lines[next])) next++;
  const below = next < lines.length ? keyValue(lines[next]) : undefined;
  if (here && here.value !== "" && below && below.column > here.column) {
    return {
      offset: lineStarts[next] + below.column,
      message: `${PREFIX}"${below.key}:" is indented more than "${here.key}:" above it, so YAML reads it as part of ${here.key}'s value: indent it like "${here.key}:"`,
    };
  }
  return undefined;
}
