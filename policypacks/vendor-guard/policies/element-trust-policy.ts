import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ELEMENT_ACCOUNT_ID, ELEMENT_PRINCIPAL_ARN } from "../../../vendors/element";
import { isAllow, isWildcardPrincipal } from "../lib/documents";
import { confinedToElement, ELEMENT_TRUST_ACTIONS, elementTrust, elementTrustStatements, isElementPrincipal } from "../lib/element";
import { cite, quoted, sentenceList } from "../lib/text";
import { isAnyonePrincipal, principalText } from "../lib/trust";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const SECTIONS = cite("element.md §4", "elembio.md §3");

/**
 * Element's role trusts Element's account root, with sts:AssumeRole only, and nobody else (element.md §4,
 * elembio.md §3). The bare account ID is accepted: IAM stores it as the root ARN.
 */
export const elementTrustPolicy: ResourceValidationPolicy = {
  name: "element-trust-policy",
  description: `Checks that a role trusted by Element's account trusts exactly ${ELEMENT_PRINCIPAL_ARN} with ${sentenceList(ELEMENT_TRUST_ACTIONS)}, and no other or wildcard principal.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = elementTrust(props);
    if (!trust) return;
    const role = label({ type, name });
    for (const statement of elementTrustStatements(trust)) {
      const wrong = statement.principals.filter((p) => isElementPrincipal(p) && p.value !== ELEMENT_PRINCIPAL_ARN && p.value !== ELEMENT_ACCOUNT_ID);
      if (wrong.length > 0) {
        reportViolation(
          `${role} trust ${statement.label} names ${quoted(wrong.map((p) => p.value))} in Element's account; Element assumes the role as "${ELEMENT_PRINCIPAL_ARN}" ${SECTIONS}. Fix: set Principal to {"AWS": "${ELEMENT_PRINCIPAL_ARN}"}.`,
        );
      }
      const actions = [...statement.actions, ...statement.notActions.map((a) => `NotAction ${a}`)];
      const expected = ELEMENT_TRUST_ACTIONS.map((a) => a.toLowerCase());
      if (actions.length !== expected.length || actions.some((a) => !expected.includes(a.toLowerCase()))) {
        reportViolation(
          `${role} trust ${statement.label} allows Element's account ${quoted(actions)}; Element needs ${sentenceList(ELEMENT_TRUST_ACTIONS)} only ${SECTIONS}. Fix: set Action to ${quoted(ELEMENT_TRUST_ACTIONS)}.`,
        );
      }
    }
    for (const statement of trust.filter(isAllow)) {
      for (const principal of statement.principals.filter((p) => !isElementPrincipal(p))) {
        if (isAnyonePrincipal(principal) && confinedToElement(statement)) {
          reportViolation(
            `${role} trust ${statement.label} lets Element's account in through Principal ${principalText(principal)} and a condition on the caller's account; Element assumes the role as "${ELEMENT_PRINCIPAL_ARN}", and the checks of Element's trust read that principal ${SECTIONS}. Fix: set Principal to {"AWS": "${ELEMENT_PRINCIPAL_ARN}"} and drop the aws:PrincipalAccount or aws:PrincipalArn condition.`,
          );
          continue;
        }
        const what = isWildcardPrincipal(principal) ? `Principal "*", so anyone can assume it` : `${principal.type} principal "${principal.value}" too`;
        reportViolation(
          `${role} trust ${statement.label} allows ${what}; only Element's account may assume Element's role ${SECTIONS}. Fix: remove that principal; give it a role of its own if it needs one.`,
        );
      }
    }
  }),
};
