import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_WEB_IDENTITY_VALUE } from "../../../vendors/prequel";
import { conditionValues } from "../lib/documents";
import { googleTrust, googleTrustStatements, PREQUEL_AUDIENCE_CONDITION } from "../lib/prequel";
import { cite, quoted } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const { operator: OPERATOR, key: KEY } = PREQUEL_AUDIENCE_CONDITION;

/**
 * The organisation audience is the confused-deputy guard of the newer trust (prequel.md §4); white-label
 * pages omit it (prequel.md §8.1), so its absence is a warning (prequel.md §4: W).
 */
export const prequelTrustAudience: ResourceValidationPolicy = {
  name: "prequel-trust-audience",
  description: `Checks that a role trusting Google web identity (${GOOGLE_WEB_IDENTITY_PROVIDER}) also requires the vendor's organisation as ${OPERATOR} ${KEY}.`,
  enforcementLevel: "advisory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = googleTrust(props);
    if (!trust) return;
    for (const statement of googleTrustStatements(trust)) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      const values = conditionValues(statement, OPERATOR, KEY);
      const fix = `add "${KEY}": "<the vendor's organisation ID>" to the ${OPERATOR} condition, if the vendor's setup page gives one`;
      if (values === undefined) {
        reportViolation(
          `${where} has no ${OPERATOR} ${KEY} condition, so tokens for the vendor's service account are accepted whatever organisation they were issued for; the newer trust adds the organisation as the confused-deputy guard ${cite("prequel.md §4", "prequel.md §8.1")}. Fix: ${fix}.`,
        );
        continue;
      }
      const invalid = values.filter((value) => !PREQUEL_WEB_IDENTITY_VALUE.pattern.test(value));
      if (values.length === 0 || invalid.length > 0) {
        reportViolation(
          `${where} sets ${KEY} to ${values.length === 0 ? "an empty list" : quoted(invalid)}; the organisation is matched exactly, as ${PREQUEL_WEB_IDENTITY_VALUE.allowed} ${cite("prequel.md §4")}. Fix: set it to the organisation ID from the vendor's setup page.`,
        );
      }
    }
  }),
};
