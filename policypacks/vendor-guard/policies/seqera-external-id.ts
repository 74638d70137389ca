import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SEQERA_EXTERNAL_ID, SEQERA_TRUST } from "../../../vendors/seqera";
import { conditionValues } from "../lib/documents";
import { namesAction, seqeraTrust, seqeraTrustStatements } from "../lib/seqera";
import { cite, quoted } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const { operator: OPERATOR, key: EXTERNAL_ID } = SEQERA_TRUST.externalId;

/** Seqera assumes the role only with the external ID it generated (seqera.md §3.1, §3.2); never a statement without the condition. */
export const seqeraExternalId: ResourceValidationPolicy = {
  name: "seqera-external-id",
  description: `Checks that Seqera Cloud's account can assume a role only with a non-empty ${OPERATOR} ${EXTERNAL_ID} condition.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = seqeraTrust(props);
    if (!trust) return;
    for (const statement of seqeraTrustStatements(trust).filter((s) => namesAction(s, SEQERA_TRUST.action))) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      const values = conditionValues(statement, OPERATOR, EXTERNAL_ID) ?? [];
      if (values.length === 0) {
        reportViolation(
          `${where} lets Seqera Cloud's account assume the role without a ${OPERATOR} ${EXTERNAL_ID} condition; Seqera's template requires the External ID Seqera generates ${cite("seqera.md §3.1", "seqera.md §3.2")}. Fix: add "Condition": {"${OPERATOR}": {"${EXTERNAL_ID}": "<the External ID Seqera shows>"}}, or leave credential.externalId out so the role trusts nobody until Seqera has generated it.`,
        );
        continue;
      }
      const invalid = values.filter((value) => !SEQERA_EXTERNAL_ID.pattern.test(value));
      if (invalid.length > 0) {
        reportViolation(
          `${where} sets ${EXTERNAL_ID} ${quoted(invalid)}; an external ID is ${SEQERA_EXTERNAL_ID.allowed} ${cite("seqera.md §3.2")}. Fix: copy the External ID exactly as Seqera shows it.`,
        );
      }
    }
  }),
};
