/**
 * Identity policies: which resources carry them, and which of them a role or user holds.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parsePolicyDocument, type Statement } from "./documents";
import { linked, linkedTo } from "./resources";
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

const HOLDERS = {
  [TYPES.role]: { inline: TYPES.rolePolicy, property: "role", attachment: TYPES.rolePolicyAttachment, sharedProperty: "roles" },
  [TYPES.user]: { inline: TYPES.userPolicy, property: "user", attachment: TYPES.userPolicyAttachment, sharedProperty: "users" },
} as const;

/**
 * Every statement of every identity policy a role or user holds in this stack: its inline
 * policies, RolePolicy/UserPolicy resources, and managed policies attached through
 * RolePolicyAttachment/UserPolicyAttachment, PolicyAttachment or a role's `managedPolicyArns`.
 * Policies attached by the ARN of a policy outside the stack are not visible.
 */
export function heldStatements(principal: PolicyResource, resources: readonly PolicyResource[]): Statement[] {
  const how = HOLDERS[principal.type as keyof typeof HOLDERS];
  if (!how) return [];
  const statementsOf = (r: PolicyResource) => identityDocuments(r.type, r.props).flatMap((d) => d.statements);
  const attachments = [...linkedTo(principal, [how.attachment], how.property, resources), ...linkedTo(principal, [TYPES.policyAttachment], how.sharedProperty, resources)];
  const managed = attachments.flatMap((a) => linked(a, "policyArn", [TYPES.policy], resources));
  if (principal.type === TYPES.role) managed.push(...(principal.propertyDependencies.managedPolicyArns ?? []).filter((r) => r.type === TYPES.policy));
  return [principal, ...linkedTo(principal, [how.inline], how.property, resources), ...new Set(managed)].flatMap(statementsOf);
}
