import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_STATEMENTS } from "../../../vendors/ica";
import { allowedNamed } from "../lib/grants";
import { describeIcaCredential, icaCredentials } from "../lib/ica";
import { cite, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

const USER_ONLY: readonly string[] = ICA_STATEMENTS.STSFederationToken.actions;

/** AWS refuses GetFederationToken to role credentials, so on ICA's role it is dead weight (ica.md §7.1, §12.4). */
export const icaRoleNoFederationToken: StackValidationPolicy = {
  name: "ica-role-no-federation-token",
  description: `Checks that ICA's role is not granted ${sentenceList(USER_ONLY)}, which only IAM users can call.`,
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(
      icaCredentials(resources).filter((c) => c.kind === "role"),
      (credential) => {
        const granted = allowedNamed(credential.statements, USER_ONLY);
        if (granted.length === 0) return;
        reportViolation(
          `${describeIcaCredential(credential)} is granted ${quoted(granted)}, which role credentials cannot call; only ICA's IAM user needs it ${cite("ica.md §7.1", "ica.md §12.4")}. Fix: remove ${quoted(granted)} from the role's policy.`,
          credential.resource.urn,
        );
      },
    );
  },
};
