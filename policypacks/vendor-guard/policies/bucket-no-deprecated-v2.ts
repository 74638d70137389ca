import type { ResourceValidationPolicy } from "@pulumi/policy";
import { cite } from "../lib/text";
import { className, DEPRECATED_V2_TYPE, label } from "../lib/types";

/**
 * CrossGuard matches type tokens exactly, so a check written for `aws:s3/bucket:Bucket` never sees
 * a `BucketV2` (pulumi-offline.md §1.8). Reporting the deprecated family keeps such resources from
 * passing unchecked. Every current class carries an alias to its V2 token, so switching does not
 * replace anything.
 */
export const bucketNoDeprecatedV2: ResourceValidationPolicy = {
  name: "bucket-no-deprecated-v2",
  description: "Checks that no resource uses a deprecated aws.s3 V2 type (BucketV2, BucketVersioningV2, ...), which other checks would not see.",
  enforcementLevel: "mandatory",
  validateResource: ({ type, name }, reportViolation) => {
    const match = DEPRECATED_V2_TYPE.exec(type);
    if (!match) return;
    const current = className(`aws:s3/${match[1]}:${match[2]}`);
    reportViolation(
      `${label({ type, name })} uses the deprecated type ${type}; the bucket checks ${cite("element.md §2", "elembio.md §2", "prequel.md §2", "ica.md §3.3", "aws.md §3", "ica.md §10")} are written for the current types and a policy sees only the exact type it names. Fix: use ${current} instead; it aliases ${type}, so the switch replaces nothing.`,
    );
  },
};
