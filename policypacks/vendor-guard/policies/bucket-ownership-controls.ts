import type { StackValidationPolicy } from "@pulumi/policy";
import { linkedTo, ofTypes } from "../lib/resources";
import { cite, shown } from "../lib/text";
import { BUCKET_TYPES, label, TYPES } from "../lib/types";
import { forEachKnown } from "../lib/values";

const ENFORCED = "BucketOwnerEnforced";
const REQUIREMENT = `ACLs stay disabled, with object ownership ${ENFORCED} ${cite("element.md §2", "elembio.md §2", "prequel.md §2")}`;

/** "ACLs disabled" (element.md §2); ICA copy jobs fail with 403 otherwise ([third-party], element.md §2; elembio.md §2; prequel.md §2; ica.md §3.3; aws.md §3). */
export const bucketOwnershipControls: StackValidationPolicy = {
  name: "bucket-ownership-controls",
  description: `Checks that every bucket has ownership controls set to ${ENFORCED}, which disables ACLs.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(ofTypes(resources, [...BUCKET_TYPES, TYPES.ownershipControls]), (resource) => {
      if (BUCKET_TYPES.includes(resource.type)) {
        if (linkedTo(resource, [TYPES.ownershipControls], "bucket", resources).length > 0) return;
        reportViolation(
          `${label(resource)} has no BucketOwnershipControls; ${REQUIREMENT}. Fix: add an aws.s3.BucketOwnershipControls with bucket set to this bucket's id and rule.objectOwnership "${ENFORCED}".`,
          resource.urn,
        );
        return;
      }
      const ownership = resource.props.rule?.objectOwnership;
      if (ownership === ENFORCED) return;
      const found = ownership === undefined ? "leaves rule.objectOwnership unset" : `sets rule.objectOwnership to ${shown(ownership)}`;
      reportViolation(`${label(resource)} ${found}; ${REQUIREMENT}. Fix: set rule.objectOwnership to "${ENFORCED}".`, resource.urn);
    });
  },
};
