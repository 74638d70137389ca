import type { StackValidationPolicy } from "@pulumi/policy";
import { ELEMBIO_OPTIONAL_STATEMENTS } from "../../../vendors/elembio";
import { bucketName, bucketPolicyCarriers } from "../lib/buckets";
import { describeCredential, elementCredentials } from "../lib/element";
import { grantsOn } from "../lib/grants";
import { grantedBuckets } from "../lib/iam";
import { cite, quoted, sentenceList } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

const POLICY_ACTIONS: readonly string[] = ELEMBIO_OPTIONAL_STATEMENTS.S3BucketPolicyOperations.actions;
/** The actions that change the policy (Put and Delete); reading it causes no drift. */
const WRITES = POLICY_ACTIONS.filter((action) => !/^s3:Get/i.test(action));

/**
 * ElemBio appends its sharing statements to the bucket policy itself (elembio.md §8). When the stack also
 * manages that policy, each side overwrites the other (elembio.md §8, §11.3: W).
 */
export const elembioBucketPolicyDrift: StackValidationPolicy = {
  name: "elembio-bucket-policy-drift",
  description: "Checks that ElemBio's role or user may not rewrite a bucket policy the stack also manages without ignoring changes to it.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      for (const bucket of grantedBuckets(credential.resource, resources)) {
        const writes = WRITES.filter((action) => grantsOn(credential.statements, action, "bucket", bucketName(bucket)));
        if (writes.length === 0) continue;
        const managed = bucketPolicyCarriers(bucket, resources).filter((p) => !p.carrier.opts.ignoreChanges.includes("policy"));
        if (managed.length === 0) continue;
        const names = sentenceList(managed.map((p) => p.name));
        reportViolation(
          `${describeCredential(credential)} is granted ${quoted(writes)} on ${label(bucket)}, whose policy the stack also manages (${names}); ElemBio appends its sharing statements to the bucket policy, and each \`pulumi up\` puts the stack's policy back and removes them ${cite("elembio.md §8", "elembio.md §11.3")}. Fix: share through the stack's bucket policy and drop ${quoted(POLICY_ACTIONS)} from the credential (manageBucketPolicy: false), or set ignoreChanges: ["policy"] on ${names}.`,
          credential.resource.urn,
        );
      }
    });
  },
};
