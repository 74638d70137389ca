/**
 * Data-sync destinations (Prequel and its white labels, docs/vendors/prequel.md), recognised by
 * what they are: a role whose trust federates Google web identity, AWS's built-in Google provider (prequel.md §4).
 * The HMAC user's policy (prequel.md §5) has nothing only the vendor would hold, so users are not recognised.
 */
import type { PolicyResource } from "@pulumi/policy";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_TRUST } from "../../../vendors/prequel";
import { isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";
import { heldStatements } from "./iam";
import { label, TYPES } from "./types";
import { ifKnown } from "./values";

// The trust the destination's role needs is the vendor module's descriptor (prequel.md §4), the one its
// builder writes: the action and the condition keys are written once.

/** The actions the destination's trust statement allows (`sts:AssumeRoleWithWebIdentity`). */
export const PREQUEL_TRUST_ACTIONS: readonly string[] = [PREQUEL_TRUST.action];

/** `StringEquals <Google>:sub`: the vendor's service account. */
export const PREQUEL_SUBJECT_CONDITION = PREQUEL_TRUST.subject;

/** `StringEquals <Google>:oaud`: the vendor's organisation (the audience guard). */
export const PREQUEL_AUDIENCE_CONDITION = PREQUEL_TRUST.audience;

export const isGooglePrincipal = (principal: Principal) => principal.type === "Federated" && principal.value === GOOGLE_WEB_IDENTITY_PROVIDER;

/** The Allow statements of a trust policy that federate Google web identity. */
export const googleTrustStatements = (trust: Statement[]) => trust.filter((s) => isAllow(s) && !s.notPrincipal && s.principals.some(isGooglePrincipal));

/** The trust policy of a role trusting Google web identity, or undefined for any other role. */
export function googleTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && googleTrustStatements(trust).length > 0 ? trust : undefined;
}

/** A data-sync destination's role, with what it is granted. */
export interface DestinationRole {
  resource: PolicyResource;
  statements: Statement[];
}

/** The roles trusting Google web identity in the stack (unknown trusts are left to the resource checks). */
export function destinationRoles(resources: readonly PolicyResource[]): DestinationRole[] {
  return resources
    .filter((r) => r.type === TYPES.role && ifKnown(() => googleTrust(r.props)) !== undefined)
    .map((resource) => ({ resource, statements: heldStatements(resource, resources) }));
}

/** How messages introduce the role: `aws.iam.Role "x" (trusted through Google web identity, <Google provider>)`. */
export const describeDestinationRole = (role: DestinationRole) =>
  `${label(role.resource)} (trusted through Google web identity, ${GOOGLE_WEB_IDENTITY_PROVIDER})`;
