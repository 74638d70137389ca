import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMENT_STATEMENTS, ELEMENT_USER_ONLY_ACTIONS } from "../../../vendors/element";
import { describeCredential, elementCredentials } from "../lib/element";
import { missingGrants, placementText } from "../lib/grants";
import { cite, plural, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** The template statements Element publishes (element.md §3); the inferred ones are element-inferred-actions'. */
const PUBLISHED = Object.fromEntries(Object.entries(ELEMENT_STATEMENTS).filter(([, spec]) => !spec.inferred));
/** sts:GetFederationToken is required for IAM users, "as a security measure" (element.md §3, §5). */
const USER_ONLY = { STSOperations: { actions: ELEMENT_USER_ONLY_ACTIONS, on: "any" as const } };

export const elementRequiredActions: StackValidationPolicy = {
  name: "element-required-actions",
  description: "Checks that Element's role or user is granted the actions Element's policy template publishes for its credential type.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      const missing = [
        ...missingGrants(credential.statements, PUBLISHED),
        ...(credential.kind === "user" ? missingGrants(credential.statements, USER_ONLY) : []),
      ];
      if (missing.length === 0) return;
      const sids = [...new Set(missing.map((m) => m.sid))];
      reportViolation(
        `${describeCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; Element's ${credential.kind === "user" ? "IAM user" : "role"} needs ${plural(missing.length, "it", "them")} for instrument upload ${cite("element.md §3", "element.md §5", "elembio.md §5")}. Fix: grant ${plural(missing.length, "it", "them")} as Element's template does, in ${plural(sids.length, "statement", "statements")} ${sentenceList(sids)}.`,
        credential.resource.urn,
      );
    });
  },
};
