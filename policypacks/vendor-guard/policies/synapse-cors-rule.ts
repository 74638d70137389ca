import type { StackValidationPolicy } from "@pulumi/policy";
import { SYNAPSE_CORS_RULE } from "../../../vendors/synapse";
import { corsRules } from "../lib/buckets";
import { describeSynapseBucket, synapseBuckets } from "../lib/synapse";
import { cite, quoted } from "../lib/text";
import { forEachKnown } from "../lib/values";

const METHODS = SYNAPSE_CORS_RULE.allowedMethods;

export const synapseCorsRule: StackValidationPolicy = {
  name: "synapse-cors-rule",
  description: `Checks that a bucket Synapse is granted has a CORS rule allowing ${METHODS.join(", ")}, which Synapse's web client uses.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(synapseBuckets(resources), (s) => {
      const rules = corsRules(s.bucket, resources);
      if (rules.some((rule) => METHODS.every((m) => rule.allowedMethods.includes(m)))) return;
      reportViolation(
        `${describeSynapseBucket(s)} has no CORS rule allowing all of ${quoted(METHODS)}; Synapse's web client uploads and downloads from the browser and needs the vendor's rule ${cite("synapse.md §4")}. Fix: add the rule {"allowedHeaders": ["*"], "allowedMethods": [${quoted(METHODS)}], "allowedOrigins": [${quoted(SYNAPSE_CORS_RULE.allowedOrigins)}], "maxAgeSeconds": 3000} to the bucket's aws.s3.BucketCorsConfiguration.`,
        s.bucket.urn,
      );
    });
  },
};
