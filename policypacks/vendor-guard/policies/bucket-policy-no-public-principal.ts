import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow, isWildcardPrincipal, parsePolicyDocument } from "../lib/documents";
import { cite } from "../lib/text";
import { BUCKET_TYPES, label, TYPES } from "../lib/types";

const REQUIREMENT = `a bucket policy grants named principals, never everyone ${cite("element.md §2", "prequel.md §2")}`;

export const bucketPolicyNoPublicPrincipal: ResourceValidationPolicy = {
  name: "bucket-policy-no-public-principal",
  description: 'Checks that no bucket policy allows the "*" principal (or everyone but a NotPrincipal).',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    // The deprecated inline `policy` of a bucket is a bucket policy too.
    if (type !== TYPES.bucketPolicy && !(BUCKET_TYPES.includes(type) && props.policy !== undefined)) return;
    const where = type === TYPES.bucketPolicy ? label({ type, name }) : `the policy input of ${label({ type, name })}`;
    for (const statement of parsePolicyDocument(props.policy) ?? []) {
      if (!isAllow(statement)) continue;
      if (statement.notPrincipal) {
        reportViolation(
          `${where} ${statement.label} allows every principal except its NotPrincipal; ${REQUIREMENT}. Fix: replace NotPrincipal with Principal naming the accounts, roles or users that need access.`,
        );
      } else if (statement.principals.some(isWildcardPrincipal)) {
        reportViolation(
          `${where} ${statement.label} allows Principal "*"; ${REQUIREMENT}. Fix: replace "*" with the ARNs of the accounts, roles or users that need access.`,
        );
      }
    }
  },
};
