import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_REGIONS, icaOidcIssuer } from "../../../vendors/ica";
import { bucketRegion } from "../lib/buckets";
import { describeIcaBucket, icaBuckets, icaCredentialsByBucket } from "../lib/ica";
import { cite, quoted, sentenceList } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

const REGIONS = Object.keys(ICA_REGIONS);
const named = (region: string) => `${region} (${ICA_REGIONS[region].name})`;

interface Config {
  allowedRegions: string[];
}

/**
 * ICA connects a bucket only in its project's region (ica.md §2), and the role method federates the
 * OIDC provider of that same region (ica.md §7.2). A bucket without a `region` input is in
 * its provider's region, which CrossGuard sees once the provider has checked the inputs.
 */
export const icaBucketRegion: StackValidationPolicy = {
  name: "ica-bucket-region",
  description: "Checks that every bucket ICA uses is in an allowed ICA region, and in the region of the OIDC provider its ICA role trusts.",
  configSchema: {
    properties: {
      allowedRegions: {
        type: "array",
        items: { type: "string", enum: REGIONS },
        minItems: 1,
        uniqueItems: true,
        default: REGIONS,
        description: "The AWS regions of your ICA projects; by default every region of ICA's table.",
      },
    },
  },
  enforcementLevel: "mandatory",
  validateStack: ({ resources, getConfig }, reportViolation) => {
    const allowed = getConfig<Config>().allowedRegions ?? REGIONS;
    const byBucket = icaCredentialsByBucket(resources);
    forEachKnown(icaBuckets(resources), (ica) => {
      const region = bucketRegion(ica.bucket);
      if (region === undefined) return;
      if (!allowed.includes(region)) {
        const why = REGIONS.includes(region) ? "which is not one of the ICA regions the policy config allowedRegions allows" : "which is not an ICA region";
        reportViolation(
          `${describeIcaBucket(ica)} is in "${region}", ${why}; ICA connects only buckets in its project's region ${cite("ica.md §2")}. Fix: use a bucket in ${sentenceList(allowed.map(named))}.`,
          ica.bucket.urn,
        );
      }
      // Outside ICA's table no provider can match: the finding above says it all.
      if (!REGIONS.includes(region)) return;
      for (const role of (byBucket.get(ica.bucket) ?? []).filter((c) => c.kind === "role")) {
        const elsewhere = [...new Set(role.issuers.map((i) => i.idRegion))].filter((r) => r !== region);
        if (elsewhere.length === 0) continue;
        const issuer = icaOidcIssuer(region);
        const fix = issuer
          ? `let the role trust ICA's provider for ${region}, "${issuer}", or use a bucket in ${sentenceList(elsewhere)}`
          : `use a bucket in ${sentenceList(elsewhere)}, or the user method (ICA publishes no OIDC provider for ${region}, docs/vendors/ica.md §12.3)`;
        reportViolation(
          `${describeIcaBucket(ica)} is in "${region}", but ICA's ${label(role.resource)} trusts ICA's OIDC provider for ${sentenceList(elsewhere.map(named))} (${quoted([...new Set(role.issuers.map((i) => i.issuer))])}); the bucket, the ICA project and the provider the role trusts are in one region ${cite("ica.md §2", "ica.md §7.2")}. Fix: ${fix}.`,
          ica.bucket.urn,
        );
      }
    });
  },
};
