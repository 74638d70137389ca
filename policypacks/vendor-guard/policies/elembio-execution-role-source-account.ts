import type { ResourceValidationPolicy } from "@pulumi/policy";
import { HEALTHOMICS_SERVICE } from "../../../vendors/elembio";
import { conditionValues } from "../lib/documents";
import { executionTrust, executionTrustStatements, SOURCE_ACCOUNT_CONDITION } from "../lib/elembio";
import { cite } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const { operator: OPERATOR, key: KEY } = SOURCE_ACCOUNT_CONDITION;

/**
 * elembio.md §7's trust has no condition; elembio.md §7.2 suggests aws:SourceAccount against the confused-deputy
 * problem. A hardening, hence advisory.
 */
export const elembioExecutionRoleSourceAccount: ResourceValidationPolicy = {
  name: "elembio-execution-role-source-account",
  description: `Checks that a role trusted by ${HEALTHOMICS_SERVICE} is confined to runs of its own account with a ${OPERATOR} ${KEY} condition.`,
  enforcementLevel: "advisory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = executionTrust(props);
    if (!trust) return;
    for (const statement of executionTrustStatements(trust)) {
      const values = conditionValues(statement, OPERATOR, KEY);
      if (values !== undefined && values.length > 0) continue;
      reportViolation(
        `${label({ type, name })} trust ${statement.label} lets ${HEALTHOMICS_SERVICE} assume the role without a ${OPERATOR} ${KEY} condition, so the service may assume it on behalf of any account (the confused-deputy problem) ${cite("elembio.md §7")}. Fix: add "Condition": {"${OPERATOR}": {"${KEY}": "<your account ID>"}}.`,
      );
    }
  }),
};
