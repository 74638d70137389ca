/**
 * A plan's IAM and bucket-policy documents expanded into facts: one (principal, effect, action,
 * resource, condition) per combination a statement allows or denies. Two plans compare as sets of
 * these facts, so a reordered statement or a renamed Sid is no change, and a narrowed prefix is one
 * fact revoked and another granted.
 */
import { ALL_VENDOR_MODULES } from "../vendors";
import type { Plan, PlannedResource } from "./run-plan";

/** What a principal may do (`access`), or who may assume a role (`trust`: the resource is the one assuming). */
export interface AccessFact {
  kind: "access" | "trust";
  /** The principal, as a reviewer reads it: `ica-analysis (ICA role)`, or the ARN of one the plan does not create. */
  principal: string;
  effect: string;
  action: string;
  resource: string;
  /** Each `operator key` with its sorted values; empty when the statement has no condition. */
  condition: Record<string, string[]>;
}

const ROLE = "aws:iam/role:Role";
const USER = "aws:iam/user:User";
const POLICY_HOLDERS: Record<string, string> = { "aws:iam/rolePolicy:RolePolicy": "role", "aws:iam/userPolicy:UserPolicy": "user" };
const BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy";

const asList = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** `{StringEquals: {k: v}}` as `{"StringEquals k": ["v"]}`: key order and value order no longer matter. */
export function canonicalCondition(condition: unknown): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (!condition || typeof condition !== "object") return out;
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (!keys || typeof keys !== "object") continue;
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) out[`${operator} ${key}`] = asList(values).map(String).sort();
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/** The words after the connection's name in a resource's logical name: `ica-analysis-execution-role` -> `execution role`. */
function kindOf(resource: PlannedResource, connection: string): string {
  const rest = resource.name.startsWith(`${connection}-`) ? resource.name.slice(connection.length + 1) : resource.type === USER ? "user" : "role";
  return rest.replace(/-/g, " ");
}

/** The vendor's display name, from its module (non-vendor code never names a vendor). */
function vendorName(vendor: string): string {
  const module = ALL_VENDOR_MODULES.find((m) => m.vendor === vendor);
  return module?.shortTitle ?? module?.title ?? vendor;
}

/** The component (connection or bucket) a resource belongs to: the last name in its parent's URN. */
const componentOf = (resource: PlannedResource) => resource.parent?.split("::").pop();

/** Labels of the roles and users the plan creates, by logical name and by the ARN-ish physical name. */
export function principalLabels(plan: Plan): { byName: Map<string, string>; byPhysical: Map<string, string> } {
  const byName = new Map<string, string>();
  const byPhysical = new Map<string, string>();
  for (const r of plan.resources) {
    if (r.type !== ROLE && r.type !== USER) continue;
    const owner = componentOf(r);
    const connection = plan.connections.find((c) => c.name === owner);
    const label = connection ? `${connection.name} (${vendorName(connection.vendor)} ${kindOf(r, connection.name)})` : r.name;
    byName.set(r.name, label);
    const physical = typeof r.inputs.name === "string" ? r.inputs.name : undefined;
    if (physical) byPhysical.set(`${r.type === ROLE ? "role" : "user"}/${physical}`, label);
  }
  return { byName, byPhysical };
}

/** A principal of a bucket policy statement, labelled when the plan creates it. */
function principalOf(kind: string, value: string, byPhysical: Map<string, string>): string {
  if (value === "*") return "anyone (*)";
  const own = /^arn:aws:iam::\d{12}:((?:role|user)\/.+)$/.exec(value);
  if (kind === "AWS" && own) {
    const path = own[1].split("/");
    const label = byPhysical.get(`${path[0]}/${path[path.length - 1]}`);
    if (label) return label;
  }
  return kind === "AWS" ? value : `${value} (${kind})`;
}

/** The principals a statement names: `"*"`, `{AWS: [...]}`, `{Service: ...}`, `{Federated: ...}`. */
function statementPrincipals(principal: unknown): { kind: string; value: string }[] {
  if (principal === "*") return [{ kind: "AWS", value: "*" }];
  if (!principal || typeof principal !== "object") return [];
  return Object.entries(principal as Record<string, unknown>).flatMap(([kind, values]) => asList(values).map((value) => ({ kind, value: String(value) })));
}

interface Statement {
  Effect?: unknown;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: unknown;
}

const statementsOf = (document: unknown): Statement[] =>
  document && typeof document === "object" ? (asList((document as { Statement?: unknown }).Statement) as Statement[]) : [];

/** Actions and resources of a statement; `NotAction`/`NotResource` stay visible as `not ...`. */
const actionsOf = (s: Statement) => [...asList(s.Action).map(String), ...asList(s.NotAction).map((a) => `not ${a}`)];
const resourcesOf = (s: Statement) => [...asList(s.Resource).map(String), ...asList(s.NotResource).map((r) => `not ${r}`)];

/** Every fact of a plan, deduplicated, in a stable order. */
export function accessFacts(plan: Plan): AccessFact[] {
  const { byName, byPhysical } = principalLabels(plan);
  const facts = new Map<string, AccessFact>();
  const add = (fact: AccessFact) => facts.set(factKey(fact), fact);
  for (const r of plan.resources) {
    if (r.type === ROLE) {
      const principal = byName.get(r.name) ?? r.name;
      for (const s of statementsOf(r.inputs.assumeRolePolicy)) {
        const condition = canonicalCondition(s.Condition);
        for (const p of statementPrincipals(s.Principal)) {
          for (const action of actionsOf(s))
            add({ kind: "trust", principal, effect: String(s.Effect), action, resource: principalOf(p.kind, p.value, byPhysical), condition });
        }
      }
    } else if (POLICY_HOLDERS[r.type]) {
      // `x-policy` belongs to `x-role` (or `x-user`) of the same component: its `role` input is an ID unknown before apply.
      const base = r.name.replace(/-policy$/, "");
      const principal = byName.get(`${base}-${POLICY_HOLDERS[r.type]}`) ?? byName.get(base) ?? r.name;
      for (const s of statementsOf(r.inputs.policy)) expand(s, [principal], add);
    } else if (r.type === BUCKET_POLICY) {
      for (const s of statementsOf(r.inputs.policy)) {
        const principals = statementPrincipals(s.Principal ?? s.NotPrincipal).map(
          (p) => (s.NotPrincipal ? "not " : "") + principalOf(p.kind, p.value, byPhysical),
        );
        expand(s, principals, add);
      }
    }
  }
  return [...facts.values()].sort((a, b) => factKey(a).localeCompare(factKey(b)));
}

/** One fact per principal, action and resource of a statement (a trust statement names no resource). */
function expand(s: Statement, principals: string[], add: (fact: AccessFact) => void) {
  const condition = canonicalCondition(s.Condition);
  const resources = resourcesOf(s);
  for (const principal of principals) {
    for (const action of actionsOf(s)) {
      for (const resource of resources.length > 0 ? resources : [""])
        add({ kind: "access", principal, effect: String(s.Effect), action, resource: s3Url(resource), condition });
    }
  }
}

/** `arn:aws:s3:::bucket/prefix/*` -> `s3://bucket/prefix/*`; any other resource as written. */
export function s3Url(resource: string): string {
  return resource.startsWith("arn:aws:s3:::") ? `s3://${resource.slice("arn:aws:s3:::".length)}` : resource;
}

export const factKey = (f: AccessFact) => JSON.stringify([f.kind, f.principal, f.resource, f.effect, f.action, f.condition]);

/** Whether two documents grant exactly the same access, statement order, Sids and value order aside. */
export function sameAccess(a: unknown, b: unknown): boolean {
  const keys = (document: unknown) => {
    const out = new Set<string>();
    for (const s of statementsOf(document)) {
      const principals = statementPrincipals(s.Principal ?? s.NotPrincipal).map((p) => `${s.NotPrincipal ? "not " : ""}${p.kind} ${p.value}`);
      expand(s, principals.length > 0 ? principals : [""], (fact) => out.add(factKey(fact)));
    }
    return [...out].sort().join("\n");
  };
  return keys(a) === keys(b);
}
