import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ICA_MAX_SESSION_DURATION_SECONDS } from "../../../vendors/ica";
import { icaTrust } from "../lib/ica";
import { cite, shown } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

/** ica.md §7.4: "Invalid Role Session Duration", and the storage configuration stays offline. */
export const icaRoleMaxSessionDuration: ResourceValidationPolicy = {
  name: "ica-role-max-session-duration",
  description: `Checks that a role trusting ICA's OIDC provider allows sessions of ${ICA_MAX_SESSION_DURATION_SECONDS} seconds (12 hours).`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    if (!icaTrust(props)) return;
    const duration = props.maxSessionDuration;
    if (duration === ICA_MAX_SESSION_DURATION_SECONDS) return;
    // Unset, IAM uses its default of one hour [AWS].
    const found = duration === undefined ? "leaves maxSessionDuration unset (IAM then allows 3600 seconds)" : `sets maxSessionDuration to ${shown(duration)}`;
    reportViolation(
      `${label({ type, name })} is trusted through ICA's OIDC provider and ${found}; ICA needs ${ICA_MAX_SESSION_DURATION_SECONDS} seconds (12 hours), or its storage configuration stays offline with "Invalid Role Session Duration" ${cite("ica.md §7.4", "ica.md §7.6")}. Fix: set maxSessionDuration to ${ICA_MAX_SESSION_DURATION_SECONDS}.`,
    );
  }),
};
