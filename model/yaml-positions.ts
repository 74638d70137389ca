/**
 * Where a path of the file is in its YAML source: the node (or the key) a message points at, and
 * the subject a message names (`connection "x"`, `bucket "b"`).
 */
import { isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import type { Path } from "./rules";

/** `connections[0].credential.externalId` */
export function pathToString(path: Path): string {
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

export interface Located {
  node: Node | undefined;
  /** True when the path ends at a key that exists; the position is then the key's. */
  keyNode?: Node;
}

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A map's pairs by key, built once per map: a map with thousands of keys is located in linear time. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
    keyIndexes.set(map, index);
  }
  return index;
}

/** The deepest YAML node along `path` (the key node when `atKey` and the key exists). */
export function locate(root: Node | null | undefined, path: Path, atKey: boolean): Located {
  let node: Node | undefined = root ?? undefined;
  let keyNode: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
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
export function subjectOf(path: Path, data: unknown): { subject: string; field: string } {
  if (path[0] === "connections" && typeof path[1] === "number") {
    const connection = (data as { connections?: unknown[] })?.connections?.[path[1]] as { name?: unknown } | undefined;
    // A message about the name itself shows the name; naming the connection by it again would repeat it.
    const byName = typeof connection?.name === "string" && !(path.length === 3 && path[2] === "name");
    const name = byName ? `connection "${connection!.name}"` : `connections[${path[1]}]`;
    return { subject: name, field: pathToString(path.slice(2)) };
  }
  if (path[0] === "buckets" && path.length >= 2) return { subject: `bucket "${path[1]}"`, field: pathToString(path.slice(2)) };
  return { subject: "", field: pathToString(path) };
}
