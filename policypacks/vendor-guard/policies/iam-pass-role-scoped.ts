import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow, wildcardMatch } from "../lib/documents";
import { identityDocuments, PASSED_TO_SERVICE, whereLabel } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

/** True when a statement carries an iam:PassedToService condition under any operator. */
const hasPassedToService = (condition: Record<string, Record<string, string[]>>) =>
  Object.values(condition).some((keys) => Object.keys(keys).some((key) => key.toLowerCase() === PASSED_TO_SERVICE.toLowerCase()));

/** ElemBio's template passes `*` only to HealthOmics (elembio.md §5.1, §5.2); anything wider is a privilege escalation. */
export const iamPassRoleScoped: ResourceValidationPolicy = {
  name: "iam-pass-role-scoped",
  description: `Checks that iam:PassRole is never allowed on "*" without an ${PASSED_TO_SERVICE} condition.`,
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        // "*" alone is iam-no-wildcard-actions' finding; here the IAM patterns that reach PassRole.
        const passRole = statement.actions.filter((action) => /^iam:/i.test(action) && wildcardMatch(action, "iam:PassRole"));
        if (passRole.length === 0 || !statement.resources.includes("*") || hasPassedToService(statement.condition)) continue;
        reportViolation(
          `${label({ type, name })}${whereLabel(document)} ${statement.label} allows ${quoted(passRole)} on "*" without an ${PASSED_TO_SERVICE} condition, so any role of the account can be handed to any service; a vendor may pass only the role its service needs ${cite("elembio.md §5", "elembio.md §7")}. Fix: set Resource to the ARN of the role to pass, or add "Condition": {"StringEquals": {"${PASSED_TO_SERVICE}": "<service principal>"}}.`,
        );
      }
    }
  },
};
