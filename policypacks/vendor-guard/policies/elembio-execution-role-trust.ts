import type { ResourceValidationPolicy } from "@pulumi/policy";
import { HEALTHOMICS_SERVICE } from "../../../vendors/elembio";
import { isAllow, isWildcardPrincipal } from "../lib/documents";
import { EXECUTION_TRUST_ACTIONS, executionTrust, executionTrustStatements, isHealthOmicsPrincipal } from "../lib/elembio";
import { cite, quoted, sentenceList } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const SECTIONS = cite("elembio.md §7");

/** The execution role's trust is verbatim in elembio.md §7: the HealthOmics service, with sts:AssumeRole. */
export const elembioExecutionRoleTrust: ResourceValidationPolicy = {
  name: "elembio-execution-role-trust",
  description: `Checks that a role trusted by ${HEALTHOMICS_SERVICE} lets that service in with ${sentenceList(EXECUTION_TRUST_ACTIONS)} only, and no other or wildcard principal.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = executionTrust(props);
    if (!trust) return;
    const role = label({ type, name });
    const expected = EXECUTION_TRUST_ACTIONS.map((a) => a.toLowerCase());
    for (const statement of executionTrustStatements(trust)) {
      const actions = [...statement.actions, ...statement.notActions.map((a) => `NotAction ${a}`)];
      if (actions.length !== expected.length || actions.some((a) => !expected.includes(a.toLowerCase()))) {
        reportViolation(
          `${role} trust ${statement.label} allows ${HEALTHOMICS_SERVICE} ${quoted(actions)}; HealthOmics assumes its execution role with ${sentenceList(EXECUTION_TRUST_ACTIONS)} only ${SECTIONS}. Fix: set Action to ${quoted(EXECUTION_TRUST_ACTIONS)}.`,
        );
      }
    }
    for (const statement of trust.filter(isAllow)) {
      for (const principal of statement.principals.filter((p) => !isHealthOmicsPrincipal(p))) {
        const what = isWildcardPrincipal(principal) ? `Principal "*", so anyone can assume it` : `${principal.type} principal "${principal.value}" too`;
        reportViolation(
          `${role} trust ${statement.label} allows ${what}; the HealthOmics execution role trusts ${HEALTHOMICS_SERVICE} only ${SECTIONS}. Fix: remove that principal; give it a role of its own if it needs one.`,
        );
      }
    }
  }),
};
