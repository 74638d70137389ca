import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/documents";
import { executionTrust } from "../lib/elembio";
import { elementTrust } from "../lib/element";
import { icaTrust } from "../lib/ica";
import { googleTrust } from "../lib/prequel";
import { isAnyonePrincipal, principalText, publicTrustStatements } from "../lib/trust";
import { label, TYPES } from "../lib/types";

const REQUIREMENT = "a role trusts the principals it names, never anyone (AWS IAM: a wildcard principal is confined only by an exact aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId condition)";

/**
 * A wildcard principal in a trust policy makes the role assumable from any AWS account; the
 * vendor checks recognise a role by the principal it trusts, so such a role, holding a vendor's
 * policy, would be nobody's to check. A vendor's role is left to its vendor's trust policy
 * (element-trust-policy, ica-role-trust, elembio-execution-role-trust, prequel-trust-other-principal),
 * which reports every other principal, wildcards included, so each finding is reported once.
 */
const isVendorTrust = (props: Record<string, any>) => [elementTrust, icaTrust, googleTrust, executionTrust].some((trust) => trust(props) !== undefined);

export const iamRoleTrustPublicPrincipal: ResourceValidationPolicy = {
  name: "iam-role-trust-public-principal",
  description: 'Checks that no role trust policy lets "*" (or everyone but a NotPrincipal) assume the role without a condition confining it to an account, organisation, principal ARN or external ID.',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    if (type !== TYPES.role || isVendorTrust(props)) return;
    for (const statement of publicTrustStatements(parsePolicyDocument(props.assumeRolePolicy) ?? [])) {
      const found = statement.notPrincipal
        ? `allows everyone but NotPrincipal ${statement.principals.map(principalText).join(", ") || "{}"}`
        : `allows Principal ${statement.principals.filter(isAnyonePrincipal).map(principalText).join(", ")}`;
      reportViolation(
        `${label({ type, name })} trust ${statement.label} ${found} with no condition confining it to an account, organisation, principal ARN or external ID, so any principal of any AWS account can assume the role; ${REQUIREMENT}. Fix: set Principal to the account or role that assumes it ({"AWS": "arn:aws:iam::<account ID>:root"}), or add "Condition": {"StringEquals": {"aws:PrincipalAccount": "<account ID>"}}.`,
      );
    }
  },
};
