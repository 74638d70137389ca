import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GOOGLE_WEB_IDENTITY_PROVIDER } from "../../../vendors/prequel";
import { isAllow, isWildcardPrincipal } from "../lib/documents";
import { googleTrust, isGooglePrincipal } from "../lib/prequel";
import { cite } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const SECTIONS = cite("prequel.md §4");

/**
 * The destination's role trusts the vendor's Google service account and nobody else (prequel.md §4): a
 * second statement for another principal, in the same trust, hands that principal the vendor's
 * write access, and the Google-side checks would still pass.
 */
export const prequelTrustOtherPrincipal: ResourceValidationPolicy = {
  name: "prequel-trust-other-principal",
  description: `Checks that a role trusting Google web identity (${GOOGLE_WEB_IDENTITY_PROVIDER}) trusts no other or wildcard principal.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = googleTrust(props);
    if (!trust) return;
    for (const statement of trust.filter(isAllow)) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      if (statement.notPrincipal) {
        reportViolation(
          `${where} allows everyone but its NotPrincipal; the data-sync destination's role trusts the vendor's Google service account only ${SECTIONS}. Fix: remove the statement; give that principal a role of its own if it needs one.`,
        );
        continue;
      }
      for (const principal of statement.principals.filter((p) => !isGooglePrincipal(p))) {
        const what = isWildcardPrincipal(principal) ? `Principal "*", so anyone can assume it` : `${principal.type} principal "${principal.value}" too`;
        reportViolation(
          `${where} allows ${what}; the data-sync destination's role trusts the vendor's Google service account only ${SECTIONS}. Fix: remove that principal; give it a role of its own if it needs one.`,
        );
      }
    }
  }),
};
