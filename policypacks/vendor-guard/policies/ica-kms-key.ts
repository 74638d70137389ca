import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_KMS_ACTIONS } from "../../../vendors/ica";
import { bucketRegion, kmsKeys } from "../lib/buckets";
import { allowsAction, wildcardMatch } from "../lib/documents";
import { describeIcaCredential, icaCredentialsByBucket } from "../lib/ica";
import { cite, quoted, sentenceList } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/.+$/;

/**
 * On an SSE-KMS bucket ICA needs its KMS actions on exactly the bucket's key, and the key in the
 * ICA project's region (ica.md §2, §10). A key named by ID or alias rather than ARN cannot
 * be matched to the policy's key ARNs and is left alone.
 */
export const icaKmsKey: StackValidationPolicy = {
  name: "ica-kms-key",
  description: "Checks that ICA's role or user may use the KMS key of every SSE-KMS bucket it uses, and that the key is in the bucket's region.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(icaCredentialsByBucket(resources), ([bucket, credentials]) => {
      const region = bucketRegion(bucket);
      for (const { carrier, keyId } of kmsKeys(bucket, resources)) {
        const match = KMS_KEY_ARN.exec(keyId);
        if (!match) continue;
        if (region !== undefined && match[1] !== region) {
          reportViolation(
            `${label(carrier)} encrypts ICA's ${label(bucket)}, in "${region}", with the KMS key "${keyId}" of "${match[1]}"; ICA needs the key in the ICA project's region ${cite("ica.md §2", "ica.md §10")}. Fix: use a KMS key in ${region}.`,
            carrier.urn,
          );
        }
        for (const credential of credentials) {
          const missing = ICA_KMS_ACTIONS.filter(
            (action) => !credential.statements.some((s) => allowsAction(s, action) && s.resources.some((r) => wildcardMatch(r, keyId))),
          );
          if (missing.length === 0) continue;
          reportViolation(
            `${describeIcaCredential(credential)} is not granted ${sentenceList(missing)} on "${keyId}", the key ${label(carrier)} encrypts ${label(bucket)} with; ICA reads and writes SSE-KMS objects with ${sentenceList(ICA_KMS_ACTIONS)} on that key ${cite("ica.md §10")}. Fix: grant ${quoted(missing)} on "${keyId}".`,
            credential.resource.urn,
          );
        }
      }
    });
  },
};
