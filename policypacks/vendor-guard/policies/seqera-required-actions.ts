import type { StackValidationPolicy } from "@pulumi/policy";
import { SEQERA_DATA_EXPLORER_STATEMENTS, SEQERA_PUBLISHED_SIDS, SEQERA_WORK_DIRECTORY_STATEMENTS } from "../../../vendors/seqera";
import { missingGrants, placementText } from "../lib/grants";
import { describeSeqeraCredential, seqeraCredentials, type SeqeraUse } from "../lib/seqera";
import { cite, plural, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

const published = (specs: Record<string, { inferred: boolean }>) => Object.fromEntries(Object.entries(specs).filter(([, spec]) => !spec.inferred));

/** Per use, the statements Seqera publishes as needed (seqera.md §4.1; §4.2, Data Explorer's minimum); the inferred ones are seqera-inferred-actions'. */
const REQUIRED: Record<SeqeraUse, { specs: Record<string, any>; what: string; section: string }> = {
  workDirectory: { specs: published(SEQERA_WORK_DIRECTORY_STATEMENTS), what: "a pipeline work directory", section: "seqera.md §4.1" },
  dataExplorer: { specs: published(SEQERA_DATA_EXPLORER_STATEMENTS), what: "Data Explorer", section: "seqera.md §4.2" },
};

export const seqeraRequiredActions: StackValidationPolicy = {
  name: "seqera-required-actions",
  description: "Checks that Seqera's role or user is granted the actions Seqera publishes for each use its statements show (work directory, Data Explorer).",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(seqeraCredentials(resources), (credential) => {
      if (credential.uses.length === 0) {
        reportViolation(
          `${describeSeqeraCredential(credential)} holds none of Seqera's S3 statements (${quoted(SEQERA_PUBLISHED_SIDS)}), so Seqera can use it neither for a work directory nor in Data Explorer ${cite("seqera.md §4")}. Fix: grant the statements of the bucket's use, as Seqera's template names them.`,
          credential.resource.urn,
        );
        return;
      }
      for (const use of credential.uses) {
        const { specs, what, section } = REQUIRED[use];
        const missing = missingGrants(credential.statements, specs);
        if (missing.length === 0) continue;
        const sids = [...new Set(missing.map((m) => m.sid))];
        reportViolation(
          `${describeSeqeraCredential(credential)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; Seqera needs ${plural(missing.length, "it", "them")} for ${what} ${cite(section)}. Fix: grant ${plural(missing.length, "it", "them")} as in ${plural(sids.length, "statement", "statements")} ${sentenceList(sids)}.`,
          credential.resource.urn,
        );
      }
    });
  },
};
