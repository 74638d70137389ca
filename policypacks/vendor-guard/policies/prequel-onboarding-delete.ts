import type { StackValidationPolicy } from "@pulumi/policy";
import { PREQUEL_STATEMENTS } from "../../../vendors/prequel";
import { allowsAction } from "../lib/documents";
import { describeDestinationRole, destinationRoles } from "../lib/prequel";
import { cite, quoted, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

const CLEANUP: readonly string[] = PREQUEL_STATEMENTS.ConnectionTestCleanup.actions;

/**
 * The cleanup action is needed only while the destination is added, for its connection test; it must
 * stay allowed during onboarding (prequel.md §8.2), so its presence is a reminder, never a block.
 */
export const prequelOnboardingDelete: StackValidationPolicy = {
  name: "prequel-onboarding-delete",
  description: `Checks that a data-sync destination's role keeps ${sentenceList(CLEANUP)} only while the destination is being added.`,
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(destinationRoles(resources), (role) => {
      const granted = CLEANUP.filter((action) => role.statements.some((s) => allowsAction(s, action)));
      if (granted.length === 0) return;
      reportViolation(
        `${describeDestinationRole(role)} is granted ${quoted(granted)}; the destination needs it only for the connection test when it is added, and writes append-only afterwards ${cite("prequel.md §3", "prequel.md §8.2")}. Fix: once the destination is added, remove ${quoted(granted)} (onboarding: false in the connections file).`,
        role.resource.urn,
      );
    });
  },
};
