import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMBIO_OPTIONAL_STATEMENTS, HEALTHOMICS_SERVICE } from "../../../vendors/elembio";
import { allowsAction, conditionValues } from "../lib/documents";
import { describeCredential, elementCredentials } from "../lib/element";
import { PASSED_TO_SERVICE } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { forEachKnown } from "../lib/values";

const PASS_ROLE = ELEMBIO_OPTIONAL_STATEMENTS.OmicsPassRole.actions[0];
const CONDITION = `"Condition": {"StringEquals": {"${PASSED_TO_SERVICE}": "${HEALTHOMICS_SERVICE}"}}`;

/**
 * ElemBio passes a role only to HealthOmics (elembio.md §5.1, §5.2). Without the condition, ElemBio
 * could hand the roles it may pass to any service: iam-pass-role-scoped catches that on "*", this
 * on every resource.
 */
export const elembioPassRoleHealthomics: StackValidationPolicy = {
  name: "elembio-pass-role-healthomics",
  description: `Checks that every ${PASS_ROLE} granted to ElemBio's role or user carries StringEquals ${PASSED_TO_SERVICE} ${HEALTHOMICS_SERVICE}.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      for (const statement of credential.statements.filter((s) => allowsAction(s, PASS_ROLE))) {
        const services = conditionValues(statement, "StringEquals", PASSED_TO_SERVICE);
        if (services !== undefined && services.length > 0 && services.every((s) => s === HEALTHOMICS_SERVICE)) continue;
        const found =
          services === undefined ? `without a StringEquals ${PASSED_TO_SERVICE} condition` : `with StringEquals ${PASSED_TO_SERVICE} ${quoted(services)}`;
        reportViolation(
          `${describeCredential(credential)} ${statement.label} allows ${PASS_ROLE} ${found}; ElemBio passes roles to HealthOmics only ${cite("elembio.md §5", "elembio.md §7")}. Fix: ${services === undefined ? "add" : "set"} ${CONDITION} ${services === undefined ? "to" : "on"} the statement.`,
          credential.resource.urn,
        );
      }
    });
  },
};
