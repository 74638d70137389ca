/**
 * Identity policies: which resources carry them, and which of them a role or user holds.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parsePolicyDocument, type Statement } from "./documents";
import { linked } from "./resources";
import { IDENTITY_POLICY_TYPES, TYPES } from "./types";

/** An identity policy document as a resource carries it. */
export interface CarriedDocument {
  /** Where on the resource: `policy`, or `inlinePolicies[0] ("name")` on a role. */
  where: string;
  statements: Statement[];
}

/**
 * The identity policy documents a resource carries: the `policy` of a Policy, RolePolicy,
 * UserPolicy or GroupPolicy, and a role's `inlinePolicies`. Unparseable documents are left out.
 */
export function identityDocuments(type: string, props: Record<string, any>): CarriedDocument[] {
  const out: CarriedDocument[] = [];
  const add = (where: string, value: unknown) => {
    const statements = parsePolicyDocument(value);
    if (statements) out.push({ where, statements });
  };
  if (IDENTITY_POLICY_TYPES.includes(type)) add("policy", props.policy);
  if (type === TYPES.role) {
    const inline: unknown[] = Array.isArray(props.inlinePolicies) ? props.inlinePolicies : [];
    inline.forEach((p, i) => {
      const entry = (p ?? {}) as { name?: unknown; policy?: unknown };
      if (entry.policy !== undefined) add(`inlinePolicies[${i}]${typeof entry.name === "string" ? ` ("${entry.name}")` : ""}`, entry.policy);
    });
  }
  return out;
}

/** Where a document sits, for messages: nothing for `policy`, ` inlinePolicies[0] ("name")` otherwise. */
export const whereLabel = (document: CarriedDocument) => (document.where === "policy" ? "" : ` ${document.where}`);

const ATTACHERS = {
  [TYPES.role]: { inline: TYPES.rolePolicy, inlineProperty: "role", attachment: TYPES.rolePolicyAttachment, attachmentProperty: "role", sharedProperty: "roles" },
  [TYPES.user]: { inline: TYPES.userPolicy, inlineProperty: "user", attachment: TYPES.userPolicyAttachment, attachmentProperty: "user", sharedProperty: "users" },
} as const;

/**
 * Every statement of every identity policy a role or user holds in this stack: its inline
 * policies, RolePolicy/UserPolicy resources, and managed policies attached through
 * RolePolicyAttachment/UserPolicyAttachment, PolicyAttachment or a role's `managedPolicyArns`.
 * Policies attached by the ARN of a policy outside the stack are not visible.
 */
export function heldStatements(principal: PolicyResource, resources: readonly PolicyResource[]): Statement[] {
  const how = ATTACHERS[principal.type as keyof typeof ATTACHERS];
  if (!how) return [];
  const documents = identityDocuments(principal.type, principal.props).flatMap((d) => d.statements);
  const holds = (r: PolicyResource, property: string) => linked(r, property, [principal.type], resources).includes(principal);
  const managed: PolicyResource[] = [];
  for (const r of resources) {
    if (r.type === how.inline && holds(r, how.inlineProperty)) documents.push(...identityDocuments(r.type, r.props).flatMap((d) => d.statements));
    const attaches =
      (r.type === how.attachment && holds(r, how.attachmentProperty)) ||
      (r.type === TYPES.policyAttachment && (r.propertyDependencies[how.sharedProperty] ?? []).includes(principal));
    if (attaches) managed.push(...linked(r, "policyArn", [TYPES.policy], resources));
  }
  if (principal.type === TYPES.role) managed.push(...(principal.propertyDependencies.managedPolicyArns ?? []).filter((r) => r.type === TYPES.policy));
  for (const policy of new Set(managed)) documents.push(...identityDocuments(policy.type, policy.props).flatMap((d) => d.statements));
  return documents;
}
