import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ICA_OIDC_AUDIENCE } from "../../../vendors/ica";
import { conditionValues } from "../lib/documents";
import { icaAudienceCondition, icaTrust, icaTrustStatements } from "../lib/ica";
import { cite, quoted } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

/**
 * The audience is vendor-stated for the provider only (ica.md §7.2); the `:aud` condition of the trust is
 * inferred (ica.md §7.3), hence advisory (ica.md §7.3, §7.6: W).
 */
export const icaRoleAudience: ResourceValidationPolicy = {
  name: "ica-role-audience",
  description: `Checks that a role trusting ICA's OIDC provider accepts only tokens issued for ${ICA_OIDC_AUDIENCE}.`,
  enforcementLevel: "advisory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = icaTrust(props);
    if (!trust) return;
    for (const { statement, issuer } of icaTrustStatements(trust)) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      const { operator, key } = icaAudienceCondition(issuer.issuer);
      const fix = `"Condition": {"${operator}": {"${key}": "${ICA_OIDC_AUDIENCE}"}}`;
      const requirement = `ICA's provider issues tokens for the audience "${ICA_OIDC_AUDIENCE}", and the reconstructed trust checks it [INF] ${cite("ica.md §7.2", "ica.md §7.3")}`;
      const values = conditionValues(statement, operator, key);
      if (values === undefined) {
        reportViolation(`${where} has no ${operator} ${key} condition; ${requirement}. Fix: add ${fix}.`);
      } else if (values.length !== 1 || values[0] !== ICA_OIDC_AUDIENCE) {
        reportViolation(`${where} sets ${key} to ${quoted(values)}; ${requirement}. Fix: set it to "${ICA_OIDC_AUDIENCE}".`);
      }
    }
  }),
};
