/**
 * Checks a parsed YAML document before it becomes plain data. YAML can express things a
 * connections file never needs and plain data cannot hold faithfully: aliases that name no anchor,
 * contain themselves or multiply into millions of values; lists or maps used as keys; keys that
 * differ only in how they are written (`123` and `"123"`); keys that data objects treat specially
 * (`__proto__`); tags and directives that change how values are read; and characters nobody can
 * see. Each is reported where it is, with the fix, instead of being dropped, merged or thrown.
 *
 * Every walk here is iterative and linear in the size of the document, so a hostile file costs no
 * more than an ordinary one of the same size.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Parser, type Document, type Node } from "yaml";
import type { YamlProblem } from "./yaml-errors";

const PREFIX = "YAML syntax error: ";

/** The deepest a connections file nests (a statement's Condition list is 8 levels); twice that is a mistake. */
export const MAX_DEPTH = 16;

/** Values aliases may add beyond the document's own: generous for reused blocks, far below a bomb. */
const ALIAS_EXPANSION_ALLOWANCE = 10_000;

/** Tags that only restate what YAML reads anyway (`!!str 123` keeps 123 as text). */
const CORE_TAGS = new Set(["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`));

/** Keys a data object cannot hold as an ordinary entry. */
const RESERVED_KEYS = new Set(["__proto__"]);

/**
 * Characters nobody sees or that change how text is shown: control characters (except tab and line
 * feed), format characters (zero-width space, joiners, byte order mark, direction marks), line and
 * paragraph separators, private-use and unpaired surrogate code units, and the other ignorable code points.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;

const CHARACTER_NAMES: Record<number, string> = {
  0x00: "null character",
  0x0d: "carriage return",
  0x00ad: "soft hyphen",
  0x200b: "zero-width space",
  0x200c: "zero-width non-joiner",
  0x200d: "zero-width joiner",
  0x200e: "left-to-right mark",
  0x200f: "right-to-left mark",
  0x2028: "line separator",
  0x2029: "paragraph separator",
  0x2060: "word joiner",
  0xfeff: "byte order mark",
};

function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

function characterName(char: string): string {
  const code = char.codePointAt(0)!;
  const name = Object.hasOwn(CHARACTER_NAMES, code)
    ? CHARACTER_NAMES[code]
    : code < 0x20 || (code >= 0x7f && code < 0xa0)
      ? "control character"
      : "invisible character";
  return `${codePoint(char)}, ${name}`;
}

/** The first character of `text` that is invisible or a control character (tab and line feed are ordinary). */
export function invisibleCharacter(text: string): { index: number; char: string } | undefined {
  for (let i = 0; i < text.length;) {
    const char = String.fromCodePoint(text.codePointAt(i)!);
    if (char !== "\t" && char !== "\n" && INVISIBLE.test(char)) return { index: i, char };
    i += char.length;
  }
  return undefined;
}

/** The text with its invisible characters written as `\u{...}`, short enough for one line. */
function visible(text: string): string {
  const shown = [...text]
    .map((c) => (c !== " " && (INVISIBLE.test(c) || c === "\t" || c === "\n") ? `\\u{${c.codePointAt(0)!.toString(16).toUpperCase()}}` : c))
    .join("");
  return shown.length > 60 ? `${shown.slice(0, 57)}...` : shown;
}

function tagName(tag: string): string {
  return tag.startsWith("tag:yaml.org,2002:") ? `!!${tag.slice("tag:yaml.org,2002:".length)}` : tag;
}

/** Where the tag written before the value at `start` begins (`start` itself when there is none). */
function tagStart(text: string, start: number): number {
  let i = start - 1;
  while (i >= 0 && (text[i] === " " || text[i] === "\t")) i--;
  while (i >= 0 && !/[\s[{,]/.test(text[i])) i--;
  return text[i + 1] === "!" ? i + 1 : start;
}

/**
 * The offset of the first collection nested deeper than MAX_DEPTH, from the parser's token tree,
 * before the document is built: building it recurses once per level, and a few thousand levels
 * exhaust the stack at a depth that depends on the caller.
 */
export function tooDeep(text: string): number | undefined {
  const pending: { token: unknown; depth: number }[] = [];
  const tokens = [...new Parser().parse(text)];
  for (let i = tokens.length - 1; i >= 0; i--) pending.push({ token: tokens[i], depth: 0 });
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (!token || typeof token !== "object") continue;
    if (Array.isArray(token)) {
      for (let i = token.length - 1; i >= 0; i--) pending.push({ token: token[i], depth });
      continue;
    }
    const t = token as { type?: string; offset?: number };
    const collection = t.type === "block-map" || t.type === "block-seq" || t.type === "flow-collection";
    const level = collection ? depth + 1 : depth;
    if (level > MAX_DEPTH) return t.offset ?? 0;
    const values = Object.values(t);
    for (let i = values.length - 1; i >= 0; i--) if (values[i] && typeof values[i] === "object") pending.push({ token: values[i], depth: level });
  }
  return undefined;
}

/** The message for nesting deeper than MAX_DEPTH. */
export const TOO_DEEP = `${PREFIX}values are nested more than ${MAX_DEPTH} levels deep here, and a connections file never needs more than 8: close the brackets sooner, or remove the extra levels`;

interface Visit {
  node: Node | null | undefined;
  depth: number;
  /** The map's key this node is, when it is one. */
  isKey: boolean;
}

/**
 * Every problem of the document's structure, in document order. `doc` must have parsed without
 * syntax errors; its warnings (unknown directives, unresolved tags) are reported here too.
 */
export function checkDocument(doc: Document.Parsed, text: string, lineOf: (offset: number) => number): YamlProblem[] {
  const problems: YamlProblem[] = [];
  const add = (offset: number | undefined, message: string, prefix = PREFIX) => problems.push({ offset: offset ?? 0, message: `${prefix}${message}` });

  for (const warning of doc.warnings) {
    if (warning.code === "BAD_DIRECTIVE") {
      add(
        warning.pos[0],
        `the directive "${text.slice(warning.pos[0], warning.pos[1]).trim() || "%"}" is not supported: delete this line (a connections file needs no directives)`,
      );
    } else if (warning.code !== "TAG_RESOLVE_FAILED") {
      // Unresolved tags are reported with every other unsupported tag, at the node.
      add(warning.pos[0], `${warning.message.split("\n")[0]}: rewrite this part as plain "key: value" lines`);
    }
  }
  const version = doc.directives?.yaml;
  if (version?.explicit && version.version !== "1.2") {
    const at = /^%YAML/m.exec(text)?.index;
    add(at, `the directive "%YAML ${version.version}" is not supported: delete this line; the file is read as YAML 1.2`);
  }

  // Anchors as the document defines them so far: an alias names the last anchor before it.
  const anchors = new Map<string, Node>();
  const targets = new Map<Node, Node>();
  let nodes = 0;
  const stack: Visit[] = [{ node: doc.contents as Node | null, depth: 1, isKey: false }];
  while (stack.length > 0) {
    const { node, depth, isKey } = stack.pop()!;
    if (!node) continue;
    nodes++;
    const start = node.range?.[0];
    if (depth > MAX_DEPTH) {
      add(start, TOO_DEEP, "");
      continue;
    }
    const tag = (node as { tag?: string }).tag;
    if (!isAlias(node) && tag && tag !== "!" && !CORE_TAGS.has(tag)) {
      // The node starts at its value; the tag is written just before it.
      add(
        start === undefined ? undefined : tagStart(text, start),
        `the tag "${tagName(tag)}" is not supported: remove it, and quote the value if it must stay text`,
      );
    }
    if (node.anchor) anchors.set(node.anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (!target) {
        add(
          start,
          `the alias "*${node.source}" names no anchor: write "&${node.source}" before a value above this line, or write the value here instead of the alias`,
        );
      } else if (target.range && start !== undefined && target.range[0] <= start && start < target.range[2]) {
        add(
          start,
          `the alias "*${node.source}" is inside the value its anchor "&${node.source}" names, so the value would contain itself: write the value out instead`,
        );
      } else if (isKey && !isScalar(target)) {
        add(start, `the alias "*${node.source}" used as a key names a list or map, and a key must be text: write the key out`);
      } else {
        targets.set(node, target);
      }
      continue;
    }
    if (isScalar(node) && typeof node.value === "string") {
      const found = invisibleCharacter(node.value);
      if (found) {
        // Point at the character itself when the source shows it as is (not as an escape).
        const source = node.range ? text.slice(node.range[0], node.range[1]) : "";
        const inSource = source.indexOf(found.char);
        add(
          inSource >= 0 ? start! + inSource : start,
          `${isKey ? "the key" : "the value"} "${visible(node.value)}" contains ${characterName(found.char)}, which cannot be seen: delete it (retype the ${isKey ? "key" : "value"} if unsure where it is)`,
          "",
        );
      }
    }
    const children: Visit[] = [];
    if (isMap(node)) {
      const seen = new Map<string, Node>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = pair.key as Node | null;
        const keyAt = key?.range?.[0] ?? (pair.value as Node | null)?.range?.[0] ?? start;
        if (key === null || (isScalar(key) && key.value === null)) {
          add(keyAt, `a value has no key before its colon: write "key: value", or remove the line`);
        } else if (isMap(key) || isSeq(key)) {
          add(
            keyAt,
            `a ${isMap(key) ? "map" : "list"} is used as a key, and keys must be text: write the key as text ("key: value"), or remove the "?" that starts it`,
          );
        } else if (isScalar(key)) {
          const name = String(key.value);
          const first = seen.get(name);
          if (name === "<<" && key.type === "PLAIN") {
            add(keyAt, `merge keys ("<<") are not supported: write the keys out here, or make the whole value an alias ("key: *name")`);
          } else if (RESERVED_KEYS.has(name)) {
            add(
              keyAt,
              `"${name}" cannot be used as a key: it is reserved, and reading the file would drop it (and what it holds) without a word; remove it, or rename it`,
              "",
            );
          } else if (first) {
            add(keyAt, `"${name}" is set twice in the same map (first on line ${lineOf(first.range![0])}): keep one of them`);
          } else {
            seen.set(name, key);
          }
        }
        children.push({ node: key, depth: depth + 1, isKey: true }, { node: pair.value as Node | null, depth: depth + 1, isKey: false });
      }
    } else if (isSeq(node)) {
      for (const item of node.items) children.push({ node: item as Node | null, depth: depth + 1, isKey: false });
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  if (problems.length === 0 && targets.size > 0) problems.push(...checkAliasExpansion(doc, targets, nodes));
  return problems.sort((a, b) => a.offset - b.offset);
}

/**
 * How many values and how deep the document is once every alias is replaced by what it names.
 * Sizes are computed bottom-up (an alias's anchor always ends before the alias starts), once per node.
 */
function checkAliasExpansion(doc: Document.Parsed, targets: Map<Node, Node>, nodes: number): YamlProblem[] {
  const size = new Map<Node, number>();
  const depth = new Map<Node, number>();
  const order: Node[] = [];
  const stack: { node: Node; expanded: boolean }[] = doc.contents ? [{ node: doc.contents as Node, expanded: false }] : [];
  while (stack.length > 0) {
    const entry = stack.pop()!;
    if (entry.expanded || isAlias(entry.node)) {
      order.push(entry.node);
      continue;
    }
    stack.push({ node: entry.node, expanded: true });
    // Children pushed last to first, so they come off the stack (and into `order`) in document order.
    const children = childrenOf(entry.node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], expanded: false });
  }
  const limit = nodes + ALIAS_EXPANSION_ALLOWANCE;
  let total = 0;
  for (const node of order) {
    const target = targets.get(node);
    if (target) {
      size.set(node, size.get(target) ?? 1);
      depth.set(node, depth.get(target) ?? 1);
    } else {
      let s = 1;
      let d = 0;
      for (const child of childrenOf(node)) {
        s += size.get(child) ?? 1;
        d = Math.max(d, depth.get(child) ?? 1);
      }
      size.set(node, s);
      depth.set(node, d + 1);
    }
    if (target) {
      total += size.get(node)!;
      if (total > limit || size.get(node)! > limit) {
        return [
          {
            offset: node.range?.[0] ?? 0,
            message: `${PREFIX}the aliases up to here repeat more than ${limit} values (an alias of a list of aliases repeats everything they name): write the values out, or alias only the blocks you reuse`,
          },
        ];
      }
    }
  }
  const root = doc.contents as Node | null;
  if (root && (depth.get(root) ?? 0) > MAX_DEPTH) {
    const deep = order.find((node) => targets.has(node) && (depth.get(node) ?? 0) > 1);
    return [
      {
        offset: deep?.range?.[0] ?? 0,
        message: `${PREFIX}with its aliases replaced, the file nests values more than ${MAX_DEPTH} levels deep, and a connections file never needs more than 8: alias only the blocks you reuse`,
      },
    ];
  }
  return [];
}

function childrenOf(node: Node): Node[] {
  if (isMap(node)) return node.items.flatMap((pair) => [pair.key, pair.value].filter((n): n is Node => n !== null && typeof n === "object" && "range" in n));
  if (isSeq(node)) return node.items.filter((n): n is Node => n !== null && typeof n === "object");
  return [];
}
