import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow } from "../lib/documents";
import { identityDocuments, whereLabel } from "../lib/iam";
import { isS3Action } from "../lib/s3";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

const REQUIREMENT = `a vendor policy lists the exact actions the vendor documents ${cite("element.md §3", "ica.md §6.1", "prequel.md §3")}`;

/** `*`, or an S3 action pattern such as `s3:*` or `s3:Get*` (which grows whenever S3 adds actions). */
const isWildcardAction = (action: string) => action === "*" || (isS3Action(action) && /[*?]/.test(action));

export const iamNoWildcardActions: ResourceValidationPolicy = {
  name: "iam-no-wildcard-actions",
  description: 'Checks that no identity policy allows "*", an S3 action wildcard such as "s3:*", or every action but a NotAction list.',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        const where = `${label({ type, name })}${whereLabel(document)} ${statement.label}`;
        if (statement.notActions.length > 0) {
          reportViolation(
            `${where} allows every action except ${quoted(statement.notActions)} (NotAction); ${REQUIREMENT}. Fix: replace NotAction with Action listing the actions the vendor needs.`,
          );
        }
        const wildcards = statement.actions.filter(isWildcardAction);
        if (wildcards.length > 0) {
          reportViolation(
            `${where} allows ${quoted(wildcards)}; ${REQUIREMENT}. Fix: replace ${quoted(wildcards)} with the actions the vendor's requirements name.`,
          );
        }
      }
    }
  },
};
