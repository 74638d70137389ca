/** Small text helpers for error messages. */

/** A value as the user wrote it, short enough for one line. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // A value that cannot be written out (it contains itself, or a bigint) is described, not shown.
    text = Array.isArray(value) ? "a list" : typeof value === "object" && value !== null ? "a map" : typeof value;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `a, b or c` */
export function oneOf(values: readonly string[]): string {
  if (values.length <= 1) return values.join("");
  return `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}`;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The candidate closest to `value`, when it is close enough to be a likely typo. */
export function closest(value: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(value.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

/**
 * Why `value` fails a pattern of the form `^[chars]{min,max}$` or `^[first][chars]{min,max}$`: its
 * length, a wrong first character, or the characters outside the set. Undefined for other patterns,
 * or when the value matches.
 */
export function patternMismatch(value: string, pattern: string | RegExp): string | undefined {
  const source = typeof pattern === "string" ? pattern.replace(/^\/(.*)\/[a-z]*$/, "$1") : pattern.source;
  const form = /^\^(?:\[((?:\\.|[^\]\\])+)\])?\[((?:\\.|[^\]\\])+)\]\{(\d+),(\d+)\}\$$/.exec(source);
  if (!form) return undefined;
  const [, first, rest, min, max] = form;
  const firstClass = first === undefined ? undefined : new RegExp(`^[${first}]$`);
  const restClass = new RegExp(`^[${rest}]$`);
  const extra = first === undefined ? 0 : 1;
  const [shortest, longest] = [Number(min) + extra, Number(max) + extra];
  const reasons: string[] = [];
  if (value.length === 0) reasons.push("it is empty");
  else if (value.length < shortest || value.length > longest) reasons.push(`it has ${value.length} character${value.length === 1 ? "" : "s"}`);
  const outside = [...new Set([...value].filter((c, i) => !(i === 0 && firstClass ? firstClass.test(c) || restClass.test(c) : restClass.test(c))))];
  if (outside.length > 0) reasons.push(`it contains ${outside.map((c) => JSON.stringify(c)).join(" ")}`);
  if (firstClass && value.length > 0 && !firstClass.test(value[0]) && restClass.test(value[0])) reasons.push(`it starts with ${JSON.stringify(value[0])}`);
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

/** A value's broken rules, as one clause: `rule one; rule two`. */
export function ruleList(problems: string[]): string {
  return problems.join("; ");
}

/** `a`, `a and b`, `a, b and c` */
export function sentenceList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
