import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMBIO_OPTIONAL_STATEMENTS } from "../../../vendors/elembio";
import { allowsAction } from "../lib/documents";
import { OMICS_ACTIONS, runsHealthOmics } from "../lib/elembio";
import { describeCredential, elementCredentials } from "../lib/element";
import { cite, plural, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

const PASS_ROLE: readonly string[] = ELEMBIO_OPTIONAL_STATEMENTS.OmicsPassRole.actions;
const NEEDED = [...OMICS_ACTIONS, ...PASS_ROLE];

/**
 * The verified Bases2Fastq flow needs every optional omics action and iam:PassRole on the provider
 * (elembio.md §5, §7 "must include all the optional omics:* actions and iam:PassRole", elembio.md §5).
 */
export const elembioHealthomicsActions: StackValidationPolicy = {
  name: "elembio-healthomics-actions",
  description:
    "Checks that ElemBio's role or user, once granted any HealthOmics action, is granted every action of ElemBio's HealthOmics flow, iam:PassRole included.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      if (!runsHealthOmics(credential.statements)) return;
      const granted = (action: string) => credential.statements.some((s) => allowsAction(s, action));
      const missing = NEEDED.filter((action) => !granted(action));
      if (missing.length === 0) return;
      const them = plural(missing.length, "it", "them");
      reportViolation(
        `${describeCredential(credential)} is granted ${quoted(OMICS_ACTIONS.filter(granted))} but not ${sentenceList(missing)}; ElemBio's HealthOmics flow needs ${sentenceList(NEEDED)} on the provider ${cite("elembio.md §5", "elembio.md §7")}. Fix: grant ${them} as ElemBio's statements OmicsOperations and OmicsPassRole do, or remove the HealthOmics actions if the connection does not run HealthOmics.`,
        credential.resource.urn,
      );
    });
  },
};
