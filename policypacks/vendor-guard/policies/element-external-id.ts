import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ELEMENT_EXTERNAL_ID } from "../../../vendors/element";
import { conditionValues } from "../lib/documents";
import { ELEMENT_EXTERNAL_ID_CONDITION, elementTrust, elementTrustStatements } from "../lib/element";
import { cite, quoted } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const { operator: OPERATOR, key: EXTERNAL_ID } = ELEMENT_EXTERNAL_ID_CONDITION;

/** "Require external ID" must be ticked, in Element's charset (element.md §4, §10.7; elembio.md §3). */
export const elementExternalId: ResourceValidationPolicy = {
  name: "element-external-id",
  description: `Checks that Element's account can assume a role only with a ${OPERATOR} ${EXTERNAL_ID} condition in Element's charset.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = elementTrust(props);
    if (!trust) return;
    for (const statement of elementTrustStatements(trust)) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      const values = conditionValues(statement, OPERATOR, EXTERNAL_ID) ?? [];
      if (values.length === 0) {
        reportViolation(
          `${where} lets Element's account assume the role without a ${OPERATOR} ${EXTERNAL_ID} condition; Element's role requires an external ID ${cite("element.md §4", "elembio.md §3")}. Fix: add "Condition": {"${OPERATOR}": {"${EXTERNAL_ID}": "<your external ID>"}} and enter the same ID in Element's UI.`,
        );
        continue;
      }
      const invalid = values.filter((value) => !ELEMENT_EXTERNAL_ID.pattern.test(value));
      if (invalid.length > 0) {
        reportViolation(
          `${where} sets ${EXTERNAL_ID} ${quoted(invalid)}; Element accepts ${ELEMENT_EXTERNAL_ID.allowed} ${cite("element.md §4", "element.md §10.7")}. Fix: choose an external ID of those characters and enter it in Element's UI too.`,
        );
      }
    }
  }),
};
