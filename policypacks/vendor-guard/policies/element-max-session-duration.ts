import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ELEMENT_MAX_SESSION_DURATION_SECONDS } from "../../../vendors/element";
import { elementTrust } from "../lib/element";
import { cite, shown } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

export const elementMaxSessionDuration: ResourceValidationPolicy = {
  name: "element-max-session-duration",
  description: `Checks that a role trusted by Element's account allows sessions of ${ELEMENT_MAX_SESSION_DURATION_SECONDS} seconds (12 hours).`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    if (!elementTrust(props)) return;
    const duration = props.maxSessionDuration;
    if (duration === ELEMENT_MAX_SESSION_DURATION_SECONDS) return;
    // Unset, IAM uses its default of one hour [AWS].
    const found = duration === undefined ? "leaves maxSessionDuration unset (IAM then allows 3600 seconds)" : `sets maxSessionDuration to ${shown(duration)}`;
    reportViolation(
      `${label({ type, name })} is trusted by Element's account and ${found}; Element needs ${ELEMENT_MAX_SESSION_DURATION_SECONDS} seconds (12 hours) ${cite("element.md §4", "elembio.md §3")}. Fix: set maxSessionDuration to ${ELEMENT_MAX_SESSION_DURATION_SECONDS}.`,
    );
  }),
};
