import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow } from "../lib/documents";
import { identityDocuments, whereLabel } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

/** An Allow with NotResource grants its actions on every resource but a few, now and in the future. */
export const iamNoNotResource: ResourceValidationPolicy = {
  name: "iam-no-not-resource",
  description: "Checks that no identity policy allows actions on every resource but a NotResource list.",
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter((s) => isAllow(s) && s.notResources.length > 0)) {
        reportViolation(
          `${label({ type, name })}${whereLabel(document)} ${statement.label} allows its actions on every resource except ${quoted(statement.notResources)} (NotResource); a vendor's policy names the bucket, objects and roles the vendor uses ${cite("aws.md §1")}. Fix: replace NotResource with Resource listing those ARNs.`,
        );
      }
    }
  },
};
