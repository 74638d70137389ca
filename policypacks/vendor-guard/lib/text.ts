/**
 * Pieces of violation messages. Every message names the resource, quotes the value found, cites
 * the requirement and ends with the fix: `<what> ; <requirement> (vendor-requirements.md §x). Fix: <how>.`
 */

/** `(vendor-requirements.md §1.2, §12 rule 1)` */
export const cite = (...sections: string[]) => `(vendor-requirements.md ${sections.join(", ")})`;

/** `"a", "b"` */
export const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

/** `a`, `a and b`, `a, b and c` */
export function sentenceList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** A value as a message quotes it: strings in quotes, the rest as JSON, `undefined` as `unset`. */
export function shown(value: unknown): string {
  if (value === undefined) return "unset";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** `statement` or `statements` by count. */
export const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
