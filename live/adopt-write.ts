/**
 * Merges an adopted bucket's entry into a connections file, keeping its comments, order and
 * layout (the yaml package's Document API): only `buckets.<name>` changes.
 */
import { isMap, parseDocument } from "yaml";
import type { AdoptedEntry } from "./adopt";

export function mergeAdoptedEntry(text: string, bucket: string, entry: AdoptedEntry): string {
  const document = parseDocument(text);
  if (document.errors.length > 0) throw new Error(`the connections file is not valid YAML: ${document.errors[0].message}`);
  if (!isMap(document.get("buckets"))) document.set("buckets", document.createNode({}));
  const existing = document.getIn(["buckets", bucket]);
  if (!isMap(existing)) {
    document.setIn(["buckets", bucket], document.createNode(entry));
  } else {
    // Settings the file already has are overwritten with the live ones; its other keys stay.
    for (const [key, value] of Object.entries(entry)) existing.set(key, document.createNode(value));
  }
  return document.toString({ lineWidth: 0 });
}
