/**
 * The access diff in words: one line per change, as the text plan and the Markdown report print it.
 * `ica-analysis (ICA role): + s3:DeleteObject on s3://lab-runs-prod/ica/analysis/*`.
 */
import type { AccessFact } from "./access-facts";
import { REMOVED, type AccessDiff, type HandoffChange, type ResourceChange } from "./access-diff";

const quote = (values: string[]) => values.map((v) => JSON.stringify(v)).join(" or ");

/** `{"StringEquals sts:ExternalId": ["x"]}` -> `under StringEquals sts:ExternalId "x"`. */
export function conditionWords(condition: Record<string, string[]>): string {
  const parts = Object.entries(condition).map(([key, values]) => `${key} ${quote(values)}`);
  return parts.length === 0 ? "" : ` under ${parts.join(" and ")}`;
}

/** A condition key in words: the trust conditions a vendor's UI shows. */
function keyWords(key: string): string {
  const name = key.split(" ").pop() ?? key;
  if (/ExternalId$/i.test(name)) return "external ID";
  if (/:sub$/.test(name)) return "subject";
  if (/:o?aud$/.test(name)) return "audience";
  if (/RoleSessionName$/.test(name)) return "session name";
  return key;
}

const byResource = (a: AccessFact, b: AccessFact) => a.principal.localeCompare(b.principal) || a.resource.localeCompare(b.resource);

/**
 * Access lines, one per principal, resource, effect and condition, with the actions joined: sorted
 * by principal, then by bucket and prefix.
 */
function accessLines(facts: AccessFact[], sign: "+" | "-"): { sortKey: string; line: string }[] {
  const groups = new Map<string, { fact: AccessFact; actions: string[] }>();
  for (const fact of facts.filter((f) => f.kind === "access").sort(byResource)) {
    const key = JSON.stringify([fact.principal, fact.resource, fact.effect, fact.condition]);
    const group = groups.get(key) ?? { fact, actions: [] };
    group.actions.push(fact.action);
    groups.set(key, group);
  }
  return [...groups.values()].map(({ fact, actions }) => ({
    sortKey: `${fact.principal}\u0000${fact.resource}\u0000${sign}`,
    line: `${fact.principal}: ${sign} ${fact.effect === "Deny" ? "deny " : ""}${actions.sort().join(", ")} on ${fact.resource}${conditionWords(fact.condition)}`,
  }));
}

/** Trust lines; a grant and a revoke that differ only in conditions read as what changed. */
function trustLines(granted: AccessFact[], revoked: AccessFact[]): { sortKey: string; line: string }[] {
  const same = (a: AccessFact, b: AccessFact) => a.principal === b.principal && a.resource === b.resource && a.action === b.action && a.effect === b.effect;
  const out: { sortKey: string; line: string }[] = [];
  const paired = new Set<AccessFact>();
  const g = granted.filter((f) => f.kind === "trust");
  const r = revoked.filter((f) => f.kind === "trust");
  for (const after of g) {
    const before = r.find((b) => !paired.has(b) && same(b, after));
    const sortKey = `${after.principal}\u0000~trust\u0000${after.resource}`;
    if (before) {
      paired.add(before).add(after);
      const keys = [...new Set([...Object.keys(before.condition), ...Object.keys(after.condition)])].filter(
        (k) => JSON.stringify(before.condition[k]) !== JSON.stringify(after.condition[k]),
      );
      const changes = keys.map((k) => {
        const [was, now] = [before.condition[k], after.condition[k]];
        if (!was) return `${keyWords(k)} now required: ${quote(now)}`;
        if (!now) return `${keyWords(k)} no longer required (was ${quote(was)})`;
        return `${keyWords(k)} changed from ${quote(was)} to ${quote(now)}`;
      });
      out.push({ sortKey, line: `${after.principal}: ~ assumed by ${after.resource} (${after.action}): ${changes.join("; ")}` });
    }
  }
  for (const f of g.filter((x) => !paired.has(x))) {
    const verb = f.effect === "Deny" ? "may no longer be assumed (denied) by" : "may now be assumed by";
    out.push({
      sortKey: `${f.principal}\u0000~trust\u0000${f.resource}`,
      line: `${f.principal}: + ${verb} ${f.resource} (${f.action})${conditionWords(f.condition)}`,
    });
  }
  for (const f of r.filter((x) => !paired.has(x))) {
    out.push({
      sortKey: `${f.principal}\u0000~trust\u0000${f.resource}`,
      line: `${f.principal}: - may no longer be assumed by ${f.resource} (${f.action})${conditionWords(f.condition)}`,
    });
  }
  return out;
}

/** Every grant, revoke and trust change, grouped by principal, then bucket and prefix. */
export function accessChangeLines(diff: AccessDiff): string[] {
  return [...accessLines(diff.revoked, "-"), ...accessLines(diff.granted, "+"), ...trustLines(diff.granted, diff.revoked)]
    .sort((a, b) => a.sortKey.localeCompare(b.sortKey))
    .map((l) => l.line);
}

export function resourceLine(r: ResourceChange): string {
  const sign = { create: "+", delete: "-", replace: "+-", update: "~" }[r.change];
  const physical = r.physicalName ? ` (${r.physicalName})` : "";
  const inputs = r.inputs && r.inputs.length > 0 ? `: ${r.inputs.join(", ")}` : "";
  return `${sign} ${r.change} ${r.type} ${r.name}${physical}${inputs}${r.note ? `; ${r.note}` : ""}`;
}

export function handoffLine(h: HandoffChange): string {
  if (h.field === REMOVED) return `${h.connection}: the connection is removed: remove it from the vendor's UI too`;
  if (h.before === undefined) return `${h.connection}: ${h.field} = ${h.after}`;
  if (h.after === undefined) return `${h.connection}: ${h.field} removed (was ${h.before})`;
  return `${h.connection}: ${h.field}: ${h.before} -> ${h.after}`;
}

/** The diff as plain text sections, for the text plan. */
export function formatDiffText(diff: AccessDiff, base: string): string {
  const out = [`Changes since ${base}`];
  const section = (title: string, lines: string[]) => {
    if (lines.length > 0) out.push("", title, ...lines.map((l) => `  ${l}`));
  };
  const access = accessChangeLines(diff);
  section("Access granted (+) and revoked (-)", access);
  section("Resources", diff.resources.map(resourceLine));
  section("Hand-off fields that change (edit them in the vendor's UI)", diff.handoff.map(handoffLine));
  section("New warnings", diff.newWarnings);
  section(
    "New policy verdicts",
    diff.newViolations.map((v) => `${v.enforcement} ${v.policy} ${v.resource}: ${v.message}`),
  );
  if (out.length === 1) out.push("  no change in access, resources, hand-off fields, warnings or verdicts");
  return out.join("\n");
}
