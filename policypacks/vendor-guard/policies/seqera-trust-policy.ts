import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SEQERA_PLATFORM_ROLE_ARN, SEQERA_TRUST } from "../../../vendors/seqera";
import { isAllow, isWildcardPrincipal } from "../lib/documents";
import { isSeqeraPrincipal, namesAction, seqeraTrust, seqeraTrustStatements } from "../lib/seqera";
import { cite, quoted } from "../lib/text";
import { principalText } from "../lib/trust";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const SECTION = cite("seqera.md §3.1");
const { action: ASSUME, tagSessionAction: TAG } = SEQERA_TRUST;
const PRINCIPAL = `{"AWS": "${SEQERA_PLATFORM_ROLE_ARN}"}`;

/**
 * Seqera's role trusts Seqera's platform role with sts:AssumeRole, and in a separate statement
 * with sts:TagSession, and nobody else (seqera.md §3.1).
 */
export const seqeraTrustPolicy: ResourceValidationPolicy = {
  name: "seqera-trust-policy",
  description: `Checks that a role trusted by Seqera Cloud's account trusts exactly ${SEQERA_PLATFORM_ROLE_ARN} with ${ASSUME} and, in a separate statement, ${TAG}, and no other principal.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = seqeraTrust(props);
    if (!trust) return;
    const role = label({ type, name });
    const statements = seqeraTrustStatements(trust);
    for (const statement of statements) {
      const wrong = statement.principals.filter((p) => isSeqeraPrincipal(p) && p.value !== SEQERA_PLATFORM_ROLE_ARN);
      if (wrong.length > 0) {
        reportViolation(
          `${role} trust ${statement.label} names ${quoted(wrong.map((p) => p.value))} in Seqera Cloud's account; Seqera assumes the role as "${SEQERA_PLATFORM_ROLE_ARN}" ${SECTION}. Fix: set Principal to ${PRINCIPAL}.`,
        );
      }
      const actions = [...statement.actions, ...statement.notActions.map((a) => `NotAction ${a}`)];
      const extra = actions.filter((a) => ![ASSUME, TAG].some((b) => b.toLowerCase() === a.toLowerCase()));
      if (extra.length > 0 || (namesAction(statement, ASSUME) && namesAction(statement, TAG))) {
        reportViolation(
          `${role} trust ${statement.label} allows Seqera ${quoted(actions)}; Seqera's template has one statement with "${ASSUME}" (with the external ID) and a separate one with "${TAG}" ${SECTION}. Fix: write the two statements of Seqera's template, each with its one action.`,
        );
      }
    }
    const exact = statements.filter((s) => s.principals.some((p) => p.value === SEQERA_PLATFORM_ROLE_ARN));
    if (!exact.some((s) => namesAction(s, TAG) && !namesAction(s, ASSUME))) {
      reportViolation(
        `${role} is trusted by Seqera Cloud's account but has no separate statement allowing ${PRINCIPAL} "${TAG}"; Seqera's template requires it ${SECTION}. Fix: add {"Effect": "Allow", "Principal": ${PRINCIPAL}, "Action": "${TAG}"}.`,
      );
    }
    for (const statement of trust.filter(isAllow)) {
      for (const principal of statement.principals.filter((p) => !isSeqeraPrincipal(p))) {
        const what = isWildcardPrincipal(principal) ? `Principal "*", so anyone can assume it` : `principal ${principalText(principal)} too`;
        reportViolation(
          `${role} trust ${statement.label} allows ${what}; only Seqera's platform role may assume Seqera's role ${SECTION}. Fix: remove that principal; give it a role of its own if it needs one.`,
        );
      }
    }
  }),
};
