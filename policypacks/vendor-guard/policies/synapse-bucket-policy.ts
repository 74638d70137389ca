import type { StackValidationPolicy } from "@pulumi/policy";
import { grantsOn, placementText, type Placement } from "../lib/grants";
import { bucketName } from "../lib/buckets";
import { describeSynapseBucket, synapseBuckets } from "../lib/synapse";
import { cite, sentenceList } from "../lib/text";
import { forEachKnown } from "../lib/values";

/**
 * What every Synapse location needs, read-only or read-write (synapse.md §3.1, §3.2): listing and the
 * bucket's location on the bucket, reading on the objects. `s3:ListBucket` and `s3:ListBucket*` both
 * count (synapse.md §10.1).
 */
const REQUIRED: { action: string; on: Placement }[] = [
  { action: "s3:ListBucket", on: "bucket" },
  { action: "s3:GetBucketLocation", on: "bucket" },
  { action: "s3:GetObject", on: "objects" },
];

export const synapseBucketPolicy: StackValidationPolicy = {
  name: "synapse-bucket-policy",
  description: "Checks that a bucket policy granting Synapse's account grants it listing and the bucket's location on the bucket and reading on the objects.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(synapseBuckets(resources), (s) => {
      const name = bucketName(s.bucket);
      const missing = REQUIRED.filter(({ action, on }) => !grantsOn(s.statements, action, on, name));
      if (missing.length === 0) return;
      const texts = missing.map(({ action, on }) => placementText(action, on));
      reportViolation(
        `${describeSynapseBucket(s)} does not grant it ${sentenceList(texts)}; every Synapse storage location, read-only or read-write, needs s3:ListBucket and s3:GetBucketLocation on the bucket and s3:GetObject on the objects ${cite("synapse.md §3.1", "synapse.md §3.2")}. Fix: add ${sentenceList(texts)} to Synapse's statements.`,
        s.policy.urn,
      );
    });
  },
};
