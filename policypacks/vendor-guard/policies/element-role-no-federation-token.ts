import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMENT_USER_ONLY_ACTIONS } from "../../../vendors/element";
import { allowedNamed } from "../lib/grants";
import { describeCredential, elementCredentials } from "../lib/element";
import { cite, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** AWS refuses GetFederationToken to role credentials, so on a role it is dead weight (element.md §10.3). */
export const elementRoleNoFederationToken: StackValidationPolicy = {
  name: "element-role-no-federation-token",
  description: `Checks that Element's role is not granted ${sentenceList(ELEMENT_USER_ONLY_ACTIONS)}, which only IAM users can call.`,
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      if (credential.kind !== "role") return;
      const granted = allowedNamed(credential.statements, ELEMENT_USER_ONLY_ACTIONS);
      if (granted.length === 0) return;
      reportViolation(
        `${describeCredential(credential)} is granted ${quoted(granted)}, which role credentials cannot call; only Element's IAM users need it ${cite("element.md §3", "element.md §10.3")}. Fix: remove ${quoted(granted)} from the role's policy.`,
        credential.resource.urn,
      );
    });
  },
};
