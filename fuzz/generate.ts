/**
 * Mutated connections files for fuzzing the loader: structure-aware mutations of valid files
 * (values swapped for hostile ones, keys duplicated, aliases, merge keys, tags, nesting) and
 * byte-level ones (flipped, inserted and deleted bytes, invalid UTF-8, repeated blocks). Pure and
 * deterministic: input `index` of `seed` is the same on every machine, so any finding can be
 * regenerated from its two numbers.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, type Document, type Node } from "yaml";
import { VENDORS } from "../vendors";

export interface SeedFile {
  name: string;
  text: string;
}

export interface FuzzInput {
  /** `seed-index`, also the name used in messages. */
  name: string;
  bytes: Uint8Array;
  /** What was done to the seed file, in order. */
  mutations: string[];
}

/** mulberry32: small, fast and good enough to spread mutations; seeded per input. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values that broke, or could break, a loader: wildcards in disguise, reserved names, odd types. */
const HOSTILE_VALUES: unknown[] = [
  "",
  " ",
  "*",
  " *",
  "* ",
  "*\u200b",
  "\u200b",
  "\ufeffx",
  "a\u0000b",
  "a\u0007b",
  "\u202eab",
  "?",
  "${aws:username}",
  "${www.example.com:sub}",
  "arn:aws:iam::*:root",
  "arn:aws:s3:::*/*",
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "prototype",
  "<<",
  "~",
  "null",
  "yes",
  "0x1F",
  "1e400",
  "-",
  "s3://bucket/",
  "x".repeat(300),
  "é",
  "日本",
  "\t",
  "a\nb",
  0,
  -1,
  1.5,
  1e300,
  12345678901234567890,
  true,
  false,
  null,
  [],
  {},
  ["*"],
  { AWS: "*" },
  { __proto__x: 1 },
];

const HOSTILE_KEYS = ["__proto__", "constructor", "toString", "<<", "", " ", "name\u200b", "Type", "extra", "x".repeat(200), "123"];

/** Text snippets that exercise the parser: anchors, aliases, tags, directives, flow brackets, quotes. */
const TOKENS = [
  "&a ",
  "*a",
  "*nope",
  "<<: *a\n",
  "<<: x\n",
  "? ",
  ": ",
  "- ",
  "!!binary ",
  "!foo ",
  "!!str ",
  "%YAML 1.1\n---\n",
  "%FOO\n",
  "---\n",
  "...\n",
  "[",
  "]",
  "{",
  "}",
  "'",
  '"',
  "#",
  "|",
  ">",
  "\t",
  "\r",
  "\r\n",
  "\u00a0",
  "\u200b",
  "\ufeff",
  "\\",
  "\\x07",
  ": : ",
  "&a [*a]",
  "{a: b}: c\n",
  "[a]: b\n",
];

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const int = (rand: Rand, max: number) => Math.floor(rand() * max);

/** Every node of a document with its parent pair or list, iteratively (documents stay shallow, but mutations nest). */
function nodesOf(doc: Document): { node: Node; holder: { items: unknown[] }; index: number }[] {
  const found: { node: Node; holder: { items: unknown[] }; index: number }[] = [];
  const stack: Node[] = doc.contents ? [doc.contents as Node] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isMap(node) || isSeq(node)) {
      node.items.forEach((item, index) => {
        const child = (isPair(item) ? item.value : item) as Node | null;
        if (child && typeof child === "object") {
          found.push({ node: child, holder: node as unknown as { items: unknown[] }, index });
          stack.push(child);
        }
      });
    }
  }
  return found;
}

/** One structure-aware mutation of a parsed document; returns its description. */
function mutateDocument(doc: Document, rand: Rand): string {
  const nodes = nodesOf(doc);
  const maps = nodes.filter(({ node }) => isMap(node)).map(({ node }) => node) as unknown as { items: unknown[] }[];
  if (doc.contents && isMap(doc.contents)) maps.push(doc.contents as unknown as { items: unknown[] });
  const target = nodes.length > 0 ? pick(rand, nodes) : undefined;
  switch (int(rand, 10)) {
    case 0:
      if (target && isScalar(target.node)) {
        const value = pick(rand, HOSTILE_VALUES);
        (target.node as { value: unknown }).value = value;
        return `value -> ${JSON.stringify(value)}`;
      }
      return "none";
    case 1: {
      if (maps.length === 0) return "none";
      const map = pick(rand, maps);
      const key = pick(rand, HOSTILE_KEYS);
      map.items.push(doc.createPair(key, pick(rand, HOSTILE_VALUES)));
      return `add key ${JSON.stringify(key)}`;
    }
    case 2: {
      const map = maps.length > 0 ? pick(rand, maps) : undefined;
      if (!map || map.items.length === 0) return "none";
      const i = int(rand, map.items.length);
      map.items.splice(i, 1);
      return `delete pair ${i}`;
    }
    case 3: {
      const map = maps.length > 0 ? pick(rand, maps) : undefined;
      if (!map || map.items.length === 0) return "none";
      const pair = map.items[int(rand, map.items.length)] as { clone?: () => unknown };
      if (!pair.clone) return "none";
      map.items.push(pair.clone());
      return "duplicate key";
    }
    case 4:
      if (target) {
        const wrap = rand() < 0.5 ? doc.createNode([target.node]) : doc.createNode({ [pick(rand, HOSTILE_KEYS)]: target.node });
        target.holder.items[target.index] = isPair(target.holder.items[target.index])
          ? Object.assign(target.holder.items[target.index] as object, { value: wrap })
          : wrap;
        return "wrap in list or map";
      }
      return "none";
    case 5:
      if (target && nodes.length > 1) {
        const source = pick(rand, nodes).node;
        source.anchor = "a";
        const alias = doc.createAlias(source as never, "a");
        if (isPair(target.holder.items[target.index])) (target.holder.items[target.index] as { value: unknown }).value = alias;
        else target.holder.items[target.index] = alias;
        return "alias";
      }
      return "none";
    case 6: {
      // Every vendor key, plus near misses: a capitalised key and a vendor the file format lacks.
      const vendors = [...VENDORS, VENDORS[0].toUpperCase(), "unknown-vendor"];
      const scalar = nodes.find(
        ({ node }) => isScalar(node) && [...VENDORS, "role", "user", "sse-s3", "sse-kms"].includes(String((node as { value: unknown }).value)),
      );
      if (!scalar) return "none";
      const value = String((scalar.node as { value: unknown }).value);
      (scalar.node as { value: unknown }).value = ["role", "user"].includes(value) ? pick(rand, ["role", "user", "oidc"]) : pick(rand, vendors);
      return "swap vendor or type";
    }
    case 7:
      if (target) {
        let value: unknown = pick(rand, HOSTILE_VALUES);
        for (let i = 0, depth = 1 + int(rand, 40); i < depth; i++) value = rand() < 0.5 ? [value] : { k: value };
        if (isPair(target.holder.items[target.index])) (target.holder.items[target.index] as { value: unknown }).value = doc.createNode(value);
        return "nest";
      }
      return "none";
    case 8: {
      const seq = nodes.map(({ node }) => node).find((node) => isSeq(node)) as unknown as { items: unknown[] } | undefined;
      if (!seq || seq.items.length === 0) return "none";
      const copies = 1 + int(rand, 30);
      const item = seq.items[int(rand, seq.items.length)] as { clone?: () => unknown };
      for (let i = 0; i < copies; i++) seq.items.push(item.clone ? item.clone() : item);
      return `repeat item x${copies}`;
    }
    default:
      if (target && isScalar(target.node) && typeof (target.node as { value: unknown }).value === "string") {
        const node = target.node as { value: string };
        const at = int(rand, node.value.length + 1);
        node.value = node.value.slice(0, at) + pick(rand, ["\u200b", "\ufeff", " ", "*", "\u0000", "\u00ad", "\u2028", "$", "?"]) + node.value.slice(at);
        return "insert character in value";
      }
      return "none";
  }
}

/** One byte-level mutation; returns its description. */
function mutateBytes(bytes: number[], rand: Rand, seeds: readonly SeedFile[]): string {
  const at = int(rand, bytes.length + 1);
  switch (int(rand, 8)) {
    case 0:
      if (bytes.length > 0) bytes[Math.min(at, bytes.length - 1)] = int(rand, 256);
      return `byte ${at} -> random`;
    case 1: {
      const token = [...Buffer.from(pick(rand, TOKENS))];
      bytes.splice(at, 0, ...token);
      return `insert token at ${at}`;
    }
    case 2: {
      const length = 1 + int(rand, 40);
      bytes.splice(at, length);
      return `delete ${length} bytes at ${at}`;
    }
    case 3: {
      const invalid = pick(rand, [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf5, 0x80, 0x80, 0x80]]);
      bytes.splice(at, 0, ...invalid);
      return `invalid UTF-8 at ${at}`;
    }
    case 4: {
      // A block of lines repeated: the cost of a file must grow linearly with it.
      const start = int(rand, bytes.length + 1);
      const block = bytes.slice(start, start + 1 + int(rand, 200));
      const times = 1 + int(rand, rand() < 0.1 ? 400 : 20);
      const copies: number[] = [];
      for (let i = 0; i < times; i++) copies.push(...block);
      bytes.splice(start, 0, ...copies);
      return `repeat ${block.length} bytes x${times}`;
    }
    case 5: {
      const other = [...Buffer.from(pick(rand, seeds).text)];
      const from = int(rand, other.length);
      bytes.splice(at, 0, ...other.slice(from, from + 1 + int(rand, 300)));
      return "splice from another seed";
    }
    case 6: {
      // Re-indent a line: tabs, one space more or less.
      const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
      bytes.splice(lineStart, 0, ...pick(rand, [[0x09], [0x20], [0x20, 0x20, 0x20]]));
      return `indent line at ${lineStart}`;
    }
    default:
      if (bytes.length > 0) bytes.splice(at, 0, int(rand, 32));
      return `control byte at ${at}`;
  }
}

/** Input `index` of a run seeded with `seed`. */
export function fuzzInput(seeds: readonly SeedFile[], seed: number, index: number): FuzzInput {
  const rand = prng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const base = pick(rand, seeds);
  const mutations = [`seed ${base.name}`];
  let text = base.text;
  const structural = 1 + int(rand, 3);
  if (rand() < 0.7) {
    const doc = parseDocument(text, { uniqueKeys: false });
    for (let i = 0; i < structural; i++) mutations.push(mutateDocument(doc, rand));
    try {
      text = doc.toString({ lineWidth: 0 });
    } catch {
      mutations.push("(not printable; seed kept)");
    }
  }
  const bytes = [...Buffer.from(text, "utf8")];
  const byteLevel = rand() < 0.6 ? 1 + int(rand, 4) : 0;
  for (let i = 0; i < byteLevel; i++) mutations.push(mutateBytes(bytes, rand, seeds));
  return { name: `${seed}-${index}`, bytes: Uint8Array.from(bytes), mutations };
}
