import type { ResourceValidationPolicy } from "@pulumi/policy";
import { parsePolicyDocument } from "../lib/documents";
import { isAnyonePrincipal, principalText, publicTrustStatements } from "../lib/trust";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const REQUIREMENT =
  "a role trusts the principals it names, never anyone (AWS IAM: a wildcard principal is confined only by an exact aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId condition)";

/**
 * A wildcard principal in a trust policy makes the role assumable from any AWS account; the
 * vendor checks recognise a role by the principal it trusts, so such a role, holding a vendor's
 * policy, would be nobody's to check. Every role is checked, whoever it is for: a vendor's role
 * with a wildcard statement is also reported by its vendor's trust check, which says what the
 * vendor needs instead.
 */

export const iamRoleTrustPublicPrincipal: ResourceValidationPolicy = {
  name: "iam-role-trust-public-principal",
  description:
    'Checks that no role trust policy lets "*" (or everyone but a NotPrincipal) assume the role without a condition confining it to an account, organisation, principal ARN or external ID.',
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    for (const statement of publicTrustStatements(parsePolicyDocument(props.assumeRolePolicy) ?? [])) {
      const found = statement.notPrincipal
        ? `allows everyone but NotPrincipal ${statement.principals.map(principalText).join(", ") || "{}"}`
        : `allows Principal ${statement.principals.filter(isAnyonePrincipal).map(principalText).join(", ")}`;
      reportViolation(
        `${label({ type, name })} trust ${statement.label} ${found} with no condition confining it to an account, organisation, principal ARN or external ID, so any principal of any AWS account can assume the role; ${REQUIREMENT}. Fix: set Principal to the account or role that assumes it ({"AWS": "arn:aws:iam::<account ID>:root"}), or add "Condition": {"StringEquals": {"aws:PrincipalAccount": "<account ID>"}}.`,
      );
    }
  }),
};
