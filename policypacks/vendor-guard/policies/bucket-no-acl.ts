import type { ResourceValidationPolicy } from "@pulumi/policy";
import { cite, sentenceList, shown } from "../lib/text";
import { BUCKET_TYPES, className, label, TYPES } from "../lib/types";

const ACL_TYPES: readonly string[] = [TYPES.bucketAcl, TYPES.bucketAclV2];
const REQUIREMENT = `ACLs stay disabled (object ownership BucketOwnerEnforced): access is granted by the bucket policy and IAM only ${cite("element.md §2")}`;

export const bucketNoAcl: ResourceValidationPolicy = {
  name: "bucket-no-acl",
  description: "Checks that no bucket ACL is managed, neither as a BucketAcl resource nor as a bucket's acl or grants.",
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    if (ACL_TYPES.includes(type)) {
      reportViolation(
        `${label({ type, name })} manages a bucket ACL; ${REQUIREMENT}. Fix: remove the ${className(type)} and grant access through the bucket policy or IAM.`,
      );
      return;
    }
    if (!BUCKET_TYPES.includes(type)) return;
    // The deprecated inline ACL inputs of a bucket.
    const inputs = ["acl", "grants"].filter((input) => props[input] !== undefined);
    if (inputs.length === 0) return;
    const found = inputs.map((input) => (input === "acl" ? `acl ${shown(props.acl)}` : "grants"));
    reportViolation(`${label({ type, name })} sets ${sentenceList(found)}; ${REQUIREMENT}. Fix: remove ${sentenceList(inputs)} from the bucket.`);
  },
};
