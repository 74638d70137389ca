import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMENT_STATEMENTS } from "../../../vendors/element";
import { describeCredential, elementCredentials } from "../lib/element";
import { missingGrants, placementText } from "../lib/grants";
import { cite, plural, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** Template statements reconstructed from Element's permission table ([INF], element.md §3, §9): advisory. */
const INFERRED = Object.fromEntries(Object.entries(ELEMENT_STATEMENTS).filter(([, spec]) => spec.inferred));

export const elementInferredActions: StackValidationPolicy = {
  name: "element-inferred-actions",
  description: "Checks that Element's role or user is granted the actions of Element's permission table whose template statements are inferred.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      const missing = missingGrants(credential.statements, INFERRED);
      if (missing.length === 0) return;
      const sids = [...new Set(missing.map((m) => m.sid))];
      reportViolation(
        `${describeCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; Element's permission table lists ${plural(missing.length, "it", "them")} for instrument upload, in template statements reconstructed from that table [INF] ${cite("element.md §3", "element.md §9")}. Fix: grant ${plural(missing.length, "it", "them")} as in ${plural(sids.length, "statement", "statements")} ${sentenceList(sids)}.`,
        credential.resource.urn,
      );
    });
  },
};
