import type { StackValidationPolicy } from "@pulumi/policy";
import { SEQERA_DATA_EXPLORER_STATEMENTS } from "../../../vendors/seqera";
import { missingGrants, placementText } from "../lib/grants";
import { describeSeqeraCredential, seqeraCredentials } from "../lib/seqera";
import { cite, plural, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** Actions only Seqera's scoped statement lists, not Data Explorer's minimum ([INF], seqera.md §4.2, §9.1): advisory. */
const INFERRED = Object.fromEntries(Object.entries(SEQERA_DATA_EXPLORER_STATEMENTS).filter(([, spec]) => spec.inferred));

export const seqeraInferredActions: StackValidationPolicy = {
  name: "seqera-inferred-actions",
  description:
    "Checks that Seqera's Data Explorer credential is granted the object-tagging actions of Seqera's scoped statement, which Data Explorer's minimum leaves out.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(
      seqeraCredentials(resources).filter((c) => c.uses.includes("dataExplorer")),
      (credential) => {
        const missing = missingGrants(credential.statements, INFERRED);
        if (missing.length === 0) return;
        reportViolation(
          `${describeSeqeraCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; Seqera's scoped Data Explorer statement lists ${plural(missing.length, "it", "them")}, its Data Explorer minimum does not [INF] ${cite("seqera.md §4.2", "seqera.md §9.1")}. Fix: grant ${plural(missing.length, "it", "them")} on the prefix's objects, in statement S3ReadWriteBucketsForStudiosDataExplorer.`,
          credential.resource.urn,
        );
      },
    );
  },
};
