import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_STATEMENTS } from "../../../vendors/ica";
import { missingGrants, placementText } from "../lib/grants";
import { describeIcaCredential, icaCredentials } from "../lib/ica";
import { cite, plural, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** ICA's S3 statements; sts:GetFederationToken is for users only (ica.md §7.1, §12.4). */
const S3 = { S3BucketOperations: ICA_STATEMENTS.S3BucketOperations, S3ObjectOperations: ICA_STATEMENTS.S3ObjectOperations };

/**
 * The role method's policy JSON was not retrieved (ica.md §7.1, §11): the same S3 sets as the user method
 * are inferred for it [INF], hence advisory.
 */
export const icaRoleRequiredActions: StackValidationPolicy = {
  name: "ica-role-required-actions",
  description: "Checks that ICA's role is granted the S3 actions of ICA's user policy, which the role method is inferred to need.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(
      icaCredentials(resources).filter((c) => c.kind === "role"),
      (credential) => {
        const missing = missingGrants(credential.statements, S3);
        if (missing.length === 0) return;
        const them = plural(missing.length, "it", "them");
        reportViolation(
          `${describeIcaCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; the role method uses the S3 actions of ICA's user policy, as far as the vendor's pages show (its own JSON was not retrieved) [INF] ${cite("ica.md §7.1", "ica.md §11", "ica.md §6.1")}. Fix: grant ${them} as ICA's user policy does: bucket actions on the bucket ARN, object actions on the objects under the connection's folder.`,
          credential.resource.urn,
        );
      },
    );
  },
};
