/**
 * Pieces of violation messages. Every message names the resource, quotes the value found, cites
 * the requirement and ends with the fix: `<what> ; <requirement> (docs/vendors/<page>.md §N). Fix: <how>.`
 */

/**
 * `cite("element.md §2", "element.md §4", "aws.md §3")` -> `(docs/vendors/element.md §2, §4;
 * docs/vendors/aws.md §3)`: the project's vendor reference pages, grouped by page, in order.
 */
export function cite(...references: string[]): string {
  const byPage = new Map<string, string[]>();
  for (const reference of references) {
    const [page, section] = reference.split(" ");
    const sections = byPage.get(page) ?? [];
    if (section !== undefined && !sections.includes(section)) sections.push(section);
    byPage.set(page, sections);
  }
  return `(${[...byPage].map(([page, sections]) => `docs/vendors/${page}${sections.length > 0 ? ` ${sections.join(", ")}` : ""}`).join("; ")})`;
}

/** `"a", "b"` */
export const quoted = (values: readonly string[]) => values.map((v) => `"${v}"`).join(", ");

export { sentenceList } from "../../../fields/text";

/** A value as a message quotes it: strings in quotes, the rest as JSON, `undefined` as `unset`. */
export function shown(value: unknown): string {
  if (value === undefined) return "unset";
  return typeof value === "string" ? `"${value}"` : JSON.stringify(value);
}

/** `statement` or `statements` by count. */
export const plural = (count: number, one: string, many: string) => (count === 1 ? one : many);
