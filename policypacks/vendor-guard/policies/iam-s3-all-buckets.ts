import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAllow } from "../lib/documents";
import { identityDocuments, whereLabel } from "../lib/iam";
import { parseS3Arn } from "../lib/s3";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

/**
 * `arn:aws:s3:::*` and `arn:aws:s3:::*\/*` name every bucket of every account; a wildcard in the
 * bucket part (`lab-*`) names buckets that do not exist yet. A vendor is granted its own bucket.
 */
export const iamS3AllBuckets: ResourceValidationPolicy = {
  name: "iam-s3-all-buckets",
  description: 'Checks that no identity policy grants an S3 ARN whose bucket name has a wildcard, such as "arn:aws:s3:::*" or "arn:aws:s3:::*/*".',
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      for (const statement of document.statements.filter(isAllow)) {
        const wide = statement.resources.filter((resource) => /[*?]/.test(parseS3Arn(resource)?.bucket ?? ""));
        if (wide.length === 0) continue;
        reportViolation(
          `${label({ type, name })}${whereLabel(document)} ${statement.label} grants ${quoted(statement.actions.length > 0 ? statement.actions : statement.notActions.map((a) => `NotAction ${a}`))} on ${quoted(wide)}, every bucket whose name matches; a vendor's policy names the vendor's bucket ${cite("aws.md §1")}. Fix: replace the wildcard with the bucket's name ("arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/<prefix>/*").`,
        );
      }
    }
  },
};
