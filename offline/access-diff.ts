/**
 * What a change to a connections file grants and revokes: two plans (the file at a base revision
 * and as it is now) compared as sets of access facts, resources, hand-off fields, warnings and
 * policy verdicts. Pure: both plans come in as data.
 */
import { accessFacts, factKey, sameAccess, type AccessFact } from "./access-facts";
import type { Plan, PlannedResource } from "./run-plan";
import { SECRET } from "./mock-engine";

export interface ResourceChange {
  change: "create" | "delete" | "replace" | "update";
  type: string;
  name: string;
  /** The role's, user's or bucket's name in AWS, when the plan knows it. */
  physicalName?: string;
  /** For a replacement or an update: the inputs that differ, each as `name changed`. */
  inputs?: string[];
  /** Why the vendor's UI needs editing, when it does. */
  note?: string;
}

export interface HandoffChange {
  connection: string;
  field: string;
  /** Absent for a field that is new; never a secret's value. */
  before?: string;
  after?: string;
}

export interface AccessDiff {
  granted: AccessFact[];
  revoked: AccessFact[];
  resources: ResourceChange[];
  handoff: HandoffChange[];
  /** Warnings of the head plan whose message the base plan did not have. */
  newWarnings: string[];
  /** Policy verdicts of the head plan that the base plan did not have. */
  newViolations: { policy: string; enforcement: string; resource: string; message: string }[];
}

/** Inputs whose change makes the provider replace the resource rather than update it. */
const REPLACE_ON = new Set(["name", "bucket", "user", "role"]);

const DOCUMENTS = new Set(["policy", "assumeRolePolicy"]);

/** Resources whose replacement hands the vendor new values (a role ARN, an access key). */
const VENDOR_VISIBLE: Record<string, string> = {
  "aws:iam/role:Role": "a new role: the vendor's UI needs the new role ARN",
  "aws:iam/user:User": "a new user: the vendor's UI needs its new access key",
  "aws:iam/accessKey:AccessKey": "a new access key: the vendor's UI needs the new key ID and secret",
};

/** The input that holds a resource's name in AWS, for the resources a reviewer looks up by name. */
const PHYSICAL_NAME: Record<string, string> = { "aws:iam/role:Role": "name", "aws:iam/user:User": "name", "aws:s3/bucket:Bucket": "bucket" };

export const physicalNameOf = (r: PlannedResource): string | undefined => {
  const value = r.inputs[PHYSICAL_NAME[r.type]];
  return typeof value === "string" && !value.startsWith("[") ? value : undefined;
};

/** Components only group resources: their inputs are the connections file, which the other sections already compare. */
const isComponent = (r: PlannedResource) => r.type.startsWith("vendor-connections:");

const stable = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );

/** The key a resource keeps across plans: its type and logical name (its URN without the stack). */
const resourceKey = (r: PlannedResource) => `${r.type}::${r.name}::${r.parent?.split("::").pop() ?? ""}`;

function resourceChanges(base: Plan, head: Plan): ResourceChange[] {
  const before = new Map(base.resources.filter((r) => !isComponent(r)).map((r) => [resourceKey(r), r]));
  const after = new Map(head.resources.filter((r) => !isComponent(r)).map((r) => [resourceKey(r), r]));
  const out: ResourceChange[] = [];
  const describe = (change: ResourceChange["change"], r: PlannedResource, extra: Partial<ResourceChange> = {}): ResourceChange => {
    const physicalName = physicalNameOf(r);
    const note = change === "update" ? undefined : VENDOR_VISIBLE[r.type];
    return { change, type: r.type, name: r.name, ...(physicalName ? { physicalName } : {}), ...extra, ...(note && change !== "delete" ? { note } : {}) };
  };
  for (const [key, r] of after) {
    const old = before.get(key);
    if (!old) {
      out.push(describe("create", r));
      continue;
    }
    const inputs = [...new Set([...Object.keys(old.inputs), ...Object.keys(r.inputs)])].filter((k) => stable(old.inputs[k]) !== stable(r.inputs[k])).sort();
    if (inputs.length === 0 && old.import === r.import) continue;
    const said = inputs.map((k) =>
      DOCUMENTS.has(k) && sameAccess(old.inputs[k], r.inputs[k]) ? `${k} changed (the same access: statement order, Sids or value order only)` : `${k} changed`,
    );
    out.push(describe(inputs.some((k) => REPLACE_ON.has(k)) ? "replace" : "update", r, { inputs: said }));
  }
  for (const [key, r] of before) if (!after.has(key)) out.push(describe("delete", r));
  keyRotationNotes(out, before, after);
  const order = { delete: 0, replace: 1, create: 2, update: 3 };
  return out.sort((a, b) => order[a.change] - order[b.change] || a.name.localeCompare(b.name));
}

const ACCESS_KEY = "aws:iam/accessKey:AccessKey";
const generationOf = (name: string) => Number(/-access-key(?:-(\d+))?$/.exec(name)?.[1] ?? 1);
const generations = (keys: PlannedResource[]) => keys.map((k) => generationOf(k.name)).join(" and ");

/**
 * Says what a change to a user's access keys means for the vendor: a second key beside the one it
 * holds (a rotation begun), an old key retired (a rotation finished), every key replaced at once
 * (a moment without a valid key), or a PGP key set on a key that exists.
 */
function keyRotationNotes(changes: ResourceChange[], before: Map<string, PlannedResource>, after: Map<string, PlannedResource>): void {
  const keysUnder = (map: Map<string, PlannedResource>, parent: string | undefined) =>
    [...map.entries()].filter(([, r]) => r.type === ACCESS_KEY && r.parent === parent);
  for (const change of changes.filter((c) => c.type === ACCESS_KEY)) {
    const r = [...(change.change === "delete" ? before : after).values()].find((k) => k.type === ACCESS_KEY && k.name === change.name);
    if (!r) continue;
    const kept = keysUnder(after, r.parent)
      .filter(([key]) => before.has(key))
      .map(([, k]) => k);
    const old = keysUnder(before, r.parent).map(([, k]) => k);
    const generation = generationOf(r.name);
    if (change.change === "create" && kept.length > 0) {
      change.note = `a second access key (generation ${generation}) beside generation ${generations(kept)}: paste the new key ID and secret into the vendor's UI; the old key stays valid until the file drops it from accessKeys`;
    } else if (change.change === "create" && old.length > 0) {
      change.note = `a new access key (generation ${generation}) while generation ${generations(old)} is retired in the same change: the vendor has no valid key from pulumi up until its UI has the new one. Add the new generation first (accessKeys: [${old.map((k) => generationOf(k.name)).join(", ")}, ${generation}]), and retire the old one in a later change`;
    } else if (change.change === "delete" && kept.length > 0) {
      change.note = `retires access key generation ${generation}: before pulumi up, check with verify that the vendor uses generation ${generations(kept)} (its last use) and no longer this one`;
    } else if (change.change === "update" && change.inputs?.some((i) => i.startsWith("pgpKey "))) {
      change.note = `pgpKey applies to keys created from now on: this key keeps its secret in the stack's state. Add the next generation to accessKeys to rotate to an encrypted key`;
    }
  }
}

/** `{a: {b: 1}}` -> `a.b = "1"`; a secret stays `[secret]`. */
function flatten(value: unknown, prefix: string, out: Map<string, string>) {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined && value !== null) {
    out.set(prefix, typeof value === "string" ? value : JSON.stringify(value));
  }
  return out;
}

function handoffChanges(base: Plan, head: Plan): HandoffChange[] {
  const out: HandoffChange[] = [];
  for (const c of head.connections) {
    const old = base.connections.find((b) => b.name === c.name);
    const before = flatten(old?.handoff, "", new Map());
    const after = flatten(c.handoff, "", new Map());
    for (const field of [...new Set([...before.keys(), ...after.keys()])]) {
      const [b, a] = [before.get(field), after.get(field)];
      if (b === a) continue;
      // A secret's value is never shown, not even the placeholder of one that is new.
      const hidden = (v: string | undefined) => (v === undefined ? undefined : v === SECRET || /secret/i.test(field) ? SECRET : v);
      out.push({ connection: c.name, field, ...(b === undefined ? {} : { before: hidden(b) }), ...(a === undefined ? {} : { after: hidden(a) }) });
    }
  }
  for (const c of base.connections) if (!head.connections.some((h) => h.name === c.name)) out.push({ connection: c.name, field: REMOVED });
  return out;
}

/** The field of a hand-off change that removes the whole connection. */
export const REMOVED = "*";

/** The access diff of two plans of one stack: `base` as the file was, `head` as it is. */
export function diffPlans(base: Plan, head: Plan): AccessDiff {
  const before = accessFacts(base);
  const after = accessFacts(head);
  const beforeKeys = new Set(before.map(factKey));
  const afterKeys = new Set(after.map(factKey));
  const oldWarnings = new Set(base.warnings.map((w) => w.message));
  const verdictKey = (v: { policy: string; resource: string; message: string }) => JSON.stringify([v.policy, v.resource.split("::").pop(), v.message]);
  const oldVerdicts = new Set(base.violations.map(verdictKey));
  return {
    granted: after.filter((f) => !beforeKeys.has(factKey(f))),
    revoked: before.filter((f) => !afterKeys.has(factKey(f))),
    resources: resourceChanges(base, head),
    handoff: handoffChanges(base, head),
    newWarnings: head.warnings.filter((w) => !oldWarnings.has(w.message)).map((w) => w.message),
    newViolations: head.violations
      .filter((v) => !oldVerdicts.has(verdictKey(v)))
      .map((v) => ({ policy: v.policy, enforcement: v.enforcement, resource: v.resource.split("::").pop() ?? v.resource, message: v.message })),
  };
}

export const isEmptyDiff = (d: AccessDiff) =>
  d.granted.length + d.revoked.length + d.resources.length + d.handoff.length + d.newWarnings.length + d.newViolations.length === 0;
