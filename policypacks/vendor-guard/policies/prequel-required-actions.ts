import type { StackValidationPolicy } from "@pulumi/policy";
import { objectArn } from "../../../iam/s3";
import { PREQUEL_STATEMENTS } from "../../../vendors/prequel";
import { missingGrants, placementText } from "../lib/grants";
import { describeDestinationRole, destinationRoles } from "../lib/prequel";
import { cite, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

const WRITE = { DestinationWrite: PREQUEL_STATEMENTS.DestinationWrite };

/** The destination writes its files with DestinationWrite's action on the objects (prequel.md §3 verbatim, prequel.md §3). */
export const prequelRequiredActions: StackValidationPolicy = {
  name: "prequel-required-actions",
  description: `Checks that a data-sync destination's role is granted ${sentenceList(WRITE.DestinationWrite.actions)} on objects of its bucket.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(destinationRoles(resources), (role) => {
      const missing = missingGrants(role.statements, WRITE);
      if (missing.length === 0) return;
      reportViolation(
        `${describeDestinationRole(role)} is not granted ${sentenceList(missing.map((m) => placementText(m.action, m.on)))}; the destination writes its files with it ${cite("prequel.md §3")}. Fix: grant ${quoted(missing.map((m) => m.action))} on "${objectArn("<bucket>", "<prefix>")}".`,
        role.resource.urn,
      );
    });
  },
};
