import type { StackValidationPolicy } from "@pulumi/policy";
import { linkedTo, ofTypes } from "../lib/resources";
import { cite, sentenceList, shown } from "../lib/text";
import { BUCKET_TYPES, label, TYPES } from "../lib/types";
import { forEachKnown } from "../lib/values";

const FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
const REQUIREMENT = `every bucket blocks all public access with the four flags true ${cite("element.md §2", "elembio.md §2", "prequel.md §2")}`;
const ALL_FLAGS = `${sentenceList(FLAGS)}`;

/** No public access (DESIGN.md safety rules): Element and data sync ask for it, ICA advises it (ica.md §12.9). */
export const bucketPublicAccessBlock: StackValidationPolicy = {
  name: "bucket-public-access-block",
  description: "Checks that every bucket has a public access block with all four flags set to true.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(ofTypes(resources, [...BUCKET_TYPES, TYPES.publicAccessBlock]), (resource) => {
      if (BUCKET_TYPES.includes(resource.type)) {
        if (linkedTo(resource, [TYPES.publicAccessBlock], "bucket", resources).length > 0) return;
        reportViolation(
          `${label(resource)} has no BucketPublicAccessBlock; ${REQUIREMENT}. Fix: add an aws.s3.BucketPublicAccessBlock with bucket set to this bucket's id and ${ALL_FLAGS} set to true.`,
          resource.urn,
        );
        return;
      }
      const off = FLAGS.filter((flag) => resource.props[flag] !== true);
      if (off.length === 0) return;
      const found = off.map((flag) => (resource.props[flag] === undefined ? `leaves ${flag} unset` : `sets ${flag} to ${shown(resource.props[flag])}`));
      reportViolation(`${label(resource)} ${sentenceList(found)}; ${REQUIREMENT}. Fix: set ${ALL_FLAGS} to true.`, resource.urn);
    });
  },
};
