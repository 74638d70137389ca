import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_STATEMENTS } from "../../../vendors/ica";
import { missingGrants, placementText } from "../lib/grants";
import { describeIcaCredential, icaCredentials } from "../lib/ica";
import { cite, plural, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/**
 * The user method's policy is published verbatim (ica.md §6.1): ICA's bucket actions on the bucket, its
 * object actions on the objects, and sts:GetFederationToken for ICA's temporary credentials.
 */
export const icaUserRequiredActions: StackValidationPolicy = {
  name: "ica-user-required-actions",
  description: "Checks that ICA's IAM user is granted the actions of ICA's published user policy.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(
      icaCredentials(resources).filter((c) => c.kind === "user"),
      (credential) => {
        const missing = missingGrants(credential.statements, ICA_STATEMENTS);
        if (missing.length === 0) return;
        const them = plural(missing.length, "it", "them");
        reportViolation(
          `${describeIcaCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; ICA's IAM user needs ${them} ${cite("ica.md §6.1")}. Fix: grant ${them} as ICA's user policy does: bucket actions on the bucket ARN, object actions on the objects under the connection's folder, sts:GetFederationToken on "*".`,
          credential.resource.urn,
        );
      },
    );
  },
};
