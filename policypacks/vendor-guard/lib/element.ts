/**
 * Recognising Element's credentials by what they are (docs/vendors/element.md; docs/vendors/elembio.md): a role whose
 * trust policy names Element's AWS account, or an IAM user holding Element's policy template (its
 * published Sids). ElemBio Cloud providers use the same account and the same template (elembio.md §3,
 * elembio.md §5), so these checks cover them too.
 */
import type { PolicyResource } from "@pulumi/policy";
import { ELEMENT_ACCOUNT_ID, ELEMENT_STATEMENTS, ELEMENT_TRUST } from "../../../vendors/element";
import { isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";
import { heldStatements } from "./iam";
import { isAnyonePrincipal } from "./trust";
import { TYPES } from "./types";
import { ifKnown } from "./values";

// The trust Element's role needs is the vendor module's descriptor (element.md §4; elembio.md §3), the one its
// builder writes: the action and the external-ID condition are written once.

/** The actions Element's trust statement allows (`sts:AssumeRole`). */
export const ELEMENT_TRUST_ACTIONS: readonly string[] = [ELEMENT_TRUST.action];

/** The condition carrying the external ID: `StringEquals` `sts:ExternalId`. */
export const ELEMENT_EXTERNAL_ID_CONDITION = ELEMENT_TRUST.externalId;

/** A principal in Element's account: the bare account ID or any IAM ARN in it. */
export const isElementPrincipal = (principal: Principal) =>
  principal.type === "AWS" && (principal.value === ELEMENT_ACCOUNT_ID || new RegExp(`^arn:aws:iam::${ELEMENT_ACCOUNT_ID}:`).test(principal.value));

/**
 * True for a wildcard principal confined by a condition to Element's account (`aws:PrincipalAccount`,
 * or an `aws:PrincipalArn` in it): Element's account gets in that way too, so the role is Element's
 * and its checks (the external ID first) apply.
 */
export const confinedToElement = (statement: Statement) =>
  statement.principals.some(isAnyonePrincipal) &&
  Object.values(statement.condition).some((keys) =>
    Object.entries(keys).some(
      ([key, values]) => /^aws:Principal(Account|Arn)$/i.test(key) && values.some((v) => v === ELEMENT_ACCOUNT_ID || v.includes(`::${ELEMENT_ACCOUNT_ID}:`)),
    ),
  );

/** The Allow statements of a trust policy that let Element's account in. */
export const elementTrustStatements = (trust: Statement[]) =>
  trust.filter((s) => isAllow(s) && !s.notPrincipal && (s.principals.some(isElementPrincipal) || confinedToElement(s)));

/** The trust policy of a role trusted by Element's account, or undefined for any other role. */
export function elementTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && elementTrustStatements(trust).length > 0 ? trust : undefined;
}

/** Element's credential: a role it assumes or a user whose key it holds, with what it is granted. */
export interface ElementCredential {
  resource: PolicyResource;
  kind: "role" | "user";
  statements: Statement[];
}

const ELEMENT_SIDS: readonly string[] = Object.keys(ELEMENT_STATEMENTS);

/**
 * Element's credentials in the stack. A role or user whose documents are unknown during preview
 * cannot be recognised and is left to the resource checks, which report it as unknown.
 */
export function elementCredentials(resources: readonly PolicyResource[]): ElementCredential[] {
  const out: ElementCredential[] = [];
  for (const resource of resources) {
    if (resource.type === TYPES.role && ifKnown(() => elementTrust(resource.props))) {
      out.push({ resource, kind: "role", statements: heldStatements(resource, resources) });
    } else if (resource.type === TYPES.user) {
      const statements = ifKnown(() => heldStatements(resource, resources));
      if (statements?.some((s) => s.sid !== undefined && ELEMENT_SIDS.includes(s.sid))) out.push({ resource, kind: "user", statements });
    }
  }
  return out;
}

/** How messages introduce a credential: `aws.iam.Role "x" (trusted by Element's account ...)`. */
export function describeCredential(credential: ElementCredential): string {
  const { resource } = credential;
  const why = credential.kind === "role" ? `trusted by Element's account ${ELEMENT_ACCOUNT_ID}` : "holding Element's policy statements";
  return `aws.iam.${credential.kind === "role" ? "Role" : "User"} "${resource.name}" (${why})`;
}
