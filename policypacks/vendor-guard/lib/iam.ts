/**
 * Identity policies: which resources carry them, and which of them a role or user holds.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parsePolicyDocument, type Statement } from "./documents";
import { linked, linkedTo } from "./resources";
import { BUCKET_TYPES, IDENTITY_POLICY_TYPES, TYPES } from "./types";

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
 * Every resource carrying an identity policy a role or user holds in this stack: the principal
 * itself (its inline policies), RolePolicy/UserPolicy resources, and managed policies attached
 * through RolePolicyAttachment/UserPolicyAttachment, PolicyAttachment or a role's
 * `managedPolicyArns`. Policies attached by the ARN of a policy outside the stack are not visible.
 */
export function heldPolicies(principal: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
  const how = HOLDERS[principal.type as keyof typeof HOLDERS];
  if (!how) return [];
  const attachments = [
    ...linkedTo(principal, [how.attachment], how.property, resources),
    ...linkedTo(principal, [TYPES.policyAttachment], how.sharedProperty, resources),
  ];
  const managed = attachments.flatMap((a) => linked(a, "policyArn", [TYPES.policy], resources));
  if (principal.type === TYPES.role) managed.push(...(principal.propertyDependencies.managedPolicyArns ?? []).filter((r) => r.type === TYPES.policy));
  return [principal, ...linkedTo(principal, [how.inline], how.property, resources), ...new Set(managed)];
}

/** Every statement of every identity policy a role or user holds in this stack (see {@link heldPolicies}). */
export function heldStatements(principal: PolicyResource, resources: readonly PolicyResource[]): Statement[] {
  return heldPolicies(principal, resources).flatMap((r) => identityDocuments(r.type, r.props).flatMap((d) => d.statements));
}

/**
 * The buckets a role's or user's policies are written for: the buckets each policy document's value
 * came from (`propertyDependencies.policy`, or a role's `inlinePolicies`), else what {@link linked}
 * falls back to for a policy resource. A document naming its bucket by a literal string, with no
 * dependency, links to nothing.
 */
export function grantedBuckets(principal: PolicyResource, resources: readonly PolicyResource[]): PolicyResource[] {
  const buckets = heldPolicies(principal, resources).flatMap((carrier) =>
    carrier === principal
      ? (principal.propertyDependencies.inlinePolicies ?? []).filter((r) => BUCKET_TYPES.includes(r.type))
      : linked(carrier, "policy", BUCKET_TYPES, resources),
  );
  return [...new Set(buckets)];
}

/** The condition key that confines iam:PassRole to the service the role is passed to [AWS]. */
export const PASSED_TO_SERVICE = "iam:PassedToService";
