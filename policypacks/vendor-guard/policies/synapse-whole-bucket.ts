import type { StackValidationPolicy } from "@pulumi/policy";
import { describeSynapseBucket, synapseBuckets, synapseReadPrefixes } from "../lib/synapse";
import { cite } from "../lib/text";
import { forEachKnown } from "../lib/values";

/** Advisory: the vendor's own policy grants the whole bucket; confining it to the base key is this project's choice (synapse.md §3.4 [inferred]). */
export const synapseWholeBucket: StackValidationPolicy = {
  name: "synapse-whole-bucket",
  description: "Checks that Synapse's object grant is confined to the storage location's base key rather than the whole bucket.",
  enforcementLevel: "advisory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(synapseBuckets(resources), (s) => {
      if (!synapseReadPrefixes(s).includes("")) return;
      reportViolation(
        `${describeSynapseBucket(s)} grants it every object of the bucket, as the vendor's policy does; Synapse needs only its storage location's base key, where it reads owner.txt and writes ${cite("synapse.md §3.4")}. Fix: set the connection's prefix (Synapse's base key), so the grant covers "<prefix>/*" only.`,
        s.policy.urn,
      );
    });
  },
};
