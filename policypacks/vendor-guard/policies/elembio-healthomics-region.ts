import type { StackValidationPolicy } from "@pulumi/policy";
import { HEALTHOMICS_REGIONS } from "../../../vendors/elembio";
import { bucketRegion } from "../lib/buckets";
import { runsHealthOmics } from "../lib/elembio";
import { describeCredential, elementCredentials } from "../lib/element";
import { grantedBuckets } from "../lib/iam";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

interface Config {
  healthOmicsRegions: string[];
}

/**
 * The shared Bases2Fastq workflow runs only in the bucket's region, which must offer HealthOmics
 * (elembio.md §7). The region list is an AWS snapshot that may be stale, hence advisory, and a
 * team extends it in the policy config when AWS adds a region.
 */
export const elembioHealthomicsRegion: StackValidationPolicy = {
  name: "elembio-healthomics-region",
  description: "Checks that every bucket of an ElemBio credential that runs HealthOmics is in a HealthOmics region.",
  configSchema: {
    properties: {
      healthOmicsRegions: {
        type: "array",
        items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-[0-9]+$" },
        minItems: 1,
        uniqueItems: true,
        default: [...HEALTHOMICS_REGIONS],
        description: "AWS regions that offer HealthOmics; by default AWS's list as of docs/vendors/elembio.md §7.",
      },
    },
  },
  enforcementLevel: "advisory",
  validateStack: ({ resources, getConfig }, reportViolation) => {
    const regions: readonly string[] = getConfig<Config>().healthOmicsRegions ?? HEALTHOMICS_REGIONS;
    forEachKnown(elementCredentials(resources), (credential) => {
      if (!runsHealthOmics(credential.statements)) return;
      for (const bucket of grantedBuckets(credential.resource, resources)) {
        const region = bucketRegion(bucket);
        if (region === undefined || regions.includes(region)) continue;
        reportViolation(
          `${label(bucket)} is in "${region}", which is not a HealthOmics region (${quoted(regions)}), and ${describeCredential(credential)} runs HealthOmics on it; ElemBio's shared workflow runs only in the bucket's region, which must offer HealthOmics ${cite("elembio.md §7")}. Fix: use a bucket in a HealthOmics region, or add "${region}" to the policy config healthOmicsRegions if AWS now offers HealthOmics there (the list is a snapshot).`,
          bucket.urn,
        );
      }
    });
  },
};
