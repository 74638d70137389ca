import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow } from "../lib/documents";
import { identityDocuments, whereLabel } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

const isKmsAction = (action: string) => /^kms:/i.test(action);

/**
 * A vendor is given KMS actions on its bucket's key only (ica.md §10): "kms:*" includes key deletion and
 * key-policy changes, and "*" as the resource reaches every key whose policy trusts the account.
 */
export const iamKmsScoped: ResourceValidationPolicy = {
  name: "iam-kms-scoped",
  description: 'Checks that no identity policy allows a KMS action wildcard such as "kms:*", or a KMS action on "*".',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        const where = `${label({ type, name })}${whereLabel(document)} ${statement.label}`;
        const kms = statement.actions.filter(isKmsAction);
        const wildcards = kms.filter((action) => /[*?]/.test(action));
        if (wildcards.length > 0) {
          reportViolation(
            `${where} allows ${quoted(wildcards)}, which includes deleting keys and rewriting key policies; a vendor is granted the KMS actions it documents on its bucket's key ${cite("ica.md §10")}. Fix: replace ${quoted(wildcards)} with the actions the vendor needs (e.g. "kms:Decrypt", "kms:GenerateDataKey").`,
          );
        }
        if (kms.length > 0 && statement.resources.includes("*")) {
          reportViolation(
            `${where} allows ${quoted(kms)} on "*", every KMS key whose key policy trusts the account; a vendor is granted the KMS actions it documents on its bucket's key ${cite("ica.md §10")}. Fix: set Resource to the ARN of the bucket's key.`,
          );
        }
      }
    }
  },
};
