import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMBIO_OPTIONAL_STATEMENTS } from "../../../vendors/elembio";
import { allowsAction } from "../lib/documents";
import { describeCredential, elementCredentials } from "../lib/element";
import { cite } from "../lib/text";
import { forEachKnown } from "../lib/values";

const PASS_ROLE = ELEMBIO_OPTIONAL_STATEMENTS.OmicsPassRole.actions[0];

/**
 * ElemBio's template passes "*" (elembio.md §5); elembio.md §5, §7.3 suggests naming the execution role instead, so
 * ElemBio can hand HealthOmics no other role of the account. A hardening, hence advisory.
 */
export const elembioPassRoleResource: StackValidationPolicy = {
  name: "elembio-pass-role-resource",
  description: `Checks that ${PASS_ROLE} granted to ElemBio's role or user names the roles it may pass rather than "*".`,
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      for (const statement of credential.statements.filter((s) => allowsAction(s, PASS_ROLE) && s.resources.includes("*"))) {
        reportViolation(
          `${describeCredential(credential)} ${statement.label} allows ${PASS_ROLE} on "*", so ElemBio may hand HealthOmics any role of the account; ElemBio needs only the HealthOmics execution role ${cite("elembio.md §7")}. Fix: set Resource to the execution role's ARN.`,
          credential.resource.urn,
        );
      }
    });
  },
};
