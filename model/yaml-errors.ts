/**
 * YAML syntax errors in words a person editing the file can act on. The parser's own messages
 * ("Nested mappings are not allowed in compact mappings") describe its state, not the mistake, and
 * often point at the end of the file (an unclosed quote) or at the line before the mistake (a key
 * indented too far). This module finds the mistake in the source and says how to fix it; an error
 * it does not recognise keeps the parser's message.
 */
import { Parser, type YAMLError } from "yaml";

export interface YamlProblem {
  /** Offset in the text where the mistake is. */
  offset: number;
  message: string;
}

const PREFIX = "YAML syntax error: ";

/** Explains every syntax error of a document; at most one problem per line (the first explains the rest). */
export function explainYamlErrors(errors: readonly YAMLError[], text: string): YamlProblem[] {
  const lines = text.split("\n");
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  // Binary search: a file of many broken lines has as many errors, each needing its line.
  const lineOf = (pos: number) => {
    let [low, high] = [0, lineStarts.length - 1];
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid] <= pos) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  let openings: Opening[] | undefined;
  const unclosedAt = (at: number) => unclosed((openings ??= findOpenings(text)), at);
  // Nesting too deep for the parser: every other error is a consequence of the same brackets.
  const exhausted = errors.find((error) => error.code === "RESOURCE_EXHAUSTION");
  if (exhausted) {
    return [
      {
        offset: exhausted.pos[0],
        message: `${PREFIX}values are nested hundreds of levels deep here, and a connections file never needs more than 8: close the brackets sooner, or remove the extra levels`,
      },
    ];
  }
  const explained = errors.map((error) => explain(error, lines, lineStarts, lineOf, unclosedAt));
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

function explain(
  error: YAMLError,
  lines: string[],
  lineStarts: number[],
  lineOf: (offset: number) => number,
  unclosedAt: (offset: number) => YamlProblem | undefined,
): YamlProblem {
  const at = error.pos[0];
  const line = lineOf(at);
  const fallback = { offset: at, message: `${PREFIX}${fallbackMessage(error)}` };
  switch (error.code) {
    case "TAB_AS_INDENT":
      return { offset: at, message: `${PREFIX}this line is indented with a tab, and YAML allows only spaces: replace the tab with spaces` };
    case "MULTIPLE_DOCS":
      return { offset: at, message: `${PREFIX}the file holds more than one YAML document (a second one starts at this "---"): keep one document per file` };
    case "MISSING_CHAR":
      if (/quote/.test(error.message)) return unclosedAt(at) ?? fallback;
      return layout(lines, lineStarts, line) ?? fallback;
    case "BAD_INDENT":
      if (/^Flow (map|sequence)/.test(error.message)) return unclosedAt(at) ?? fallback;
      return layout(lines, lineStarts, line) ?? fallback;
    case "BLOCK_AS_IMPLICIT_KEY":
      // "prefix: runs: aviti": two keys on one line; the layout of the lines around says nothing.
      if (/^Nested mappings/.test(error.message) && /^ *(- +)?[^\s:#"'{[][^:#]*: +[^\s"'{[#][^#]*?: /.test(lines[line] ?? "")) return fallback;
      return layout(lines, lineStarts, line) ?? fallback;
    case "MULTILINE_IMPLICIT_KEY":
    case "UNEXPECTED_TOKEN":
      return layout(lines, lineStarts, line) ?? fallback;
    default:
      return fallback;
  }
}

/**
 * The parser's words for an error no finer rule recognised, turned into what to change. The
 * parser describes its own state ("Unexpected scalar token in YAML stream"); these say what the
 * line probably looks like and how to write it.
 */
function fallbackMessage(error: YAMLError): string {
  const said = error.message.split("\n")[0];
  if (/Nested mappings are not allowed in compact mappings/.test(said)) {
    return 'this line has a second "key: value" on the same line as a key: put the inner map on its own lines, indented under the key, or quote the value if its ": " is part of the text';
  }
  if (/All mapping items must start at the same column/.test(said)) {
    return "this key is not in line with the other keys of its map: indent every key of one map by the same number of spaces";
  }
  if (/All (collection|sequence) items must start at the same column|Sequence item without - indicator/.test(said)) {
    return 'this item is not in line with the items above it: start every "- " of one list at the same column';
  }
  if (/A block sequence may not be used as an implicit map key/.test(said)) {
    return 'a "- " list is written where a key belongs: put the list on the lines after its key ("key:" then "  - item"), indented under it';
  }
  if (/Block collections are not allowed within flow collections/.test(said)) {
    return 'inside "[ ]" or "{ }" everything is written on the line, with ", " between items: write "- " lists and "key:" lines outside the brackets';
  }
  if (/Plain value cannot start with reserved character/.test(said)) {
    return 'a value cannot start with "@" or "`" unless quoted: put the value in quotes';
  }
  if (/Comments must be separated from other tokens|Map comment with trailing content/.test(said)) {
    return 'a "#" starts a comment only after a space, and nothing may follow a comment on its line: put a space before "#", or quote the value if "#" is part of it';
  }
  if (/indicator must be at most 1024 chars/.test(said)) return 'this key is longer than YAML allows (1,024 characters) before its ":": shorten it';
  if (/Unexpected .*token|Unexpected .* at node end/.test(said)) {
    return 'this text is outside any "key: value" line: give it a key ("key: value"), indent it under the key it belongs to, or turn it into a comment with "#"';
  }
  if (/Implicit keys need to be on a single line|Implicit map keys need to be followed by map values/.test(said)) {
    return 'a key must be followed by ": " on the same line: write "key: value", or quote text that spans lines';
  }
  if (/Implicit keys of flow sequence pairs|Missing , (or : )?between flow|Unexpected , in flow|Unexpected : in flow/.test(said)) {
    return 'the "[ ]" or "{ }" on this line is not written as a list or map: separate items with ", " and write map entries as "key: value"';
  }
  if (/Sequence items are not allowed on the same line with map values|Sequence items must not have preceding content/.test(said)) {
    return 'a "- " item cannot follow a key on the same line: start the list on the next line, indented under the key';
  }
  if (/Tabs are not allowed/.test(said)) return "this line uses a tab, and YAML allows only spaces for indentation: replace the tab with spaces";
  if (/anchor|alias/i.test(said)) return 'an anchor ("&name") or alias ("*name") here is incomplete: give it a name of letters, digits and "-", or remove it';
  if (/tag/i.test(said)) return "the tag on this line is not valid: remove it, and quote the value if it must stay text";
  if (/[Dd]irective/.test(said))
    return 'a directive ("%...") can only come before "---" at the start of the file, and a connections file needs none: delete it';
  if (/block scalar/i.test(said))
    return 'the "|" or ">" text block here is not written as YAML expects: indent its lines under the key, or write the value on one line in quotes';
  if (/escape|Invalid (escape|character)|Invalid code point/i.test(said))
    return 'the quoted text here has an escape ("\\...") YAML does not know: write the character itself, or use single quotes';
  if (/document|Document/.test(said)) return 'the file holds text after its end ("..." or a second "---"): keep one document per file';
  return 'the line does not read as "key: value", a "- " list item or a comment: compare its indentation, quotes and brackets with the lines around it';
}

interface Opening {
  offset: number;
  kind: "double" | "single" | "map" | "list";
}

/**
 * The quote, `{` or `[` that is never closed. The parser reports it where it gave up (often the end
 * of the file); the mistake is where it was opened, so the message points there.
 */
function findOpenings(text: string): Opening[] {
  const openings: Opening[] = [];
  // Iterative: a file of thousands of nested brackets must not exhaust the call stack.
  const pending: unknown[] = [...new Parser().parse(text)];
  while (pending.length > 0) {
    const token = pending.pop();
    if (!token || typeof token !== "object") continue;
    if (Array.isArray(token)) {
      for (const item of token) pending.push(item);
      continue;
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
    for (const value of Object.values(t)) if (value && typeof value === "object") pending.push(value);
  }
  return openings.sort((a, b) => a.offset - b.offset);
}

function unclosed(openings: Opening[], at: number): YamlProblem | undefined {
  // The opening nearest before the error is the one the parser gave up on.
  // Openings are sorted by offset (findOpenings): the last one at or before the error.
  let [low, high] = [-1, openings.length - 1];
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (openings[mid].offset <= at) low = mid;
    else high = mid - 1;
  }
  const opening = low >= 0 ? openings[low] : undefined;
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
 * Whether a key at `column` lines up with a key of an enclosing map above `from` (then it is
 * indented correctly, and the error is elsewhere on its line). Looks back a bounded number of lines,
 * so a file of many errors stays linear.
 */
function alignedWithEarlierKey(lines: string[], from: number, column: number): boolean {
  for (let k = from; k >= 0 && k > from - 500; k--) {
    const kv = isContent(lines[k]) ? keyValue(lines[k]) : undefined;
    if (!kv) continue;
    if (kv.column === column) return true;
    if (kv.column < column) return false;
  }
  return false;
}

/**
 * Mistakes of layout, found from the lines around the error: a missing colon, a colon without the
 * space after it, and a key indented more or less than the keys beside it.
 */
function layout(lines: string[], lineStarts: number[], line: number): YamlProblem | undefined {
  const text = lines[line];
  if (!isContent(text)) return undefined;
  const start = lineStarts[line] + indentOf(text);
  const body = text
    .trim()
    .replace(/^- +/, "")
    .replace(/\s+#.*$/, "");
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
  if (here && above && here.column < above.column && !/^ *- /.test(text) && !alignedWithEarlierKey(lines, previous, here.column)) {
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
