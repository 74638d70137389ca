import type { ResourceValidationPolicy } from "@pulumi/policy";
import { SEQERA_TRUST } from "../../../vendors/seqera";
import { isPending, namesAction, seqeraTrust, seqeraTrustStatements } from "../lib/seqera";
import { cite } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

/**
 * The first phase (seqera.md §3.3, [INF]): the role exists but trusts nobody until Seqera's generated
 * external ID is set. Advisory: it is a step of the set-up, not a fault, but Seqera cannot use the
 * credential yet.
 */
export const seqeraExternalIdPending: ResourceValidationPolicy = {
  name: "seqera-external-id-pending",
  description: "Checks that a role trusted by Seqera Cloud's account is past the first phase: its trust carries the External ID Seqera generated.",
  enforcementLevel: "advisory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = seqeraTrust(props);
    if (!trust) return;
    const pending = seqeraTrustStatements(trust).filter((s) => namesAction(s, SEQERA_TRUST.action) && isPending(s));
    for (const statement of pending) {
      reportViolation(
        `${label({ type, name })} trust ${statement.label} waits for Seqera's External ID: its condition lets nobody assume the role, so Seqera cannot use the credential yet ${cite("seqera.md §3.2", "seqera.md §3.3")}. Fix: paste the role's ARN into Seqera's credential form (Role mode), save, set credential.externalId to the External ID Seqera shows, and apply again.`,
      );
    }
  }),
};
