import type { StackValidationPolicy } from "@pulumi/policy";
import { describeSynapseBucket, markerKeyFor, objectKeys, synapseBuckets, synapseReadPrefixes } from "../lib/synapse";
import { cite } from "../lib/text";
import { forEachKnown } from "../lib/values";

export const synapseOwnerMarker: StackValidationPolicy = {
  name: "synapse-owner-marker",
  description: "Checks that the stack writes owner.txt under every prefix a bucket policy lets Synapse read, where Synapse's ownership check reads it.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(synapseBuckets(resources), (s) => {
      const keys = objectKeys(s.bucket, resources);
      if (keys === undefined) return;
      for (const prefix of synapseReadPrefixes(s)) {
        const marker = markerKeyFor(prefix);
        if (keys.includes(marker)) continue;
        reportViolation(
          `${describeSynapseBucket(s)} lets it read under "${prefix === "" ? "(the whole bucket)" : prefix}", but the stack writes no object "${marker}"; Synapse refuses to create a storage location (read-only too) until it finds owner.txt at <base key>/owner.txt listing the user's or a team's identifiers ${cite("synapse.md §6", "synapse.md §9", "synapse.md §10.2")}. Fix: write "${marker}" (an aws.s3.BucketObjectv2 with bucket set to this bucket) with one Synapse user or team ID per line, as a synapse connection does.`,
          s.bucket.urn,
        );
      }
    });
  },
};
