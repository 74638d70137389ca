import type { ResourceValidationPolicy } from "@pulumi/policy";
import { bucketArn } from "../../../iam/s3";
import { identityDocuments, whereLabel } from "../lib/iam";
import { listings, listPrefixValue, objectPrefixes } from "../lib/prefixes";
import { cite, quoted } from "../lib/text";
import { label } from "../lib/types";

/**
 * A ListBucket confined with `s3:prefix` must be confined to the prefix the same policy grants
 * objects under (aws.md §1). Whether a ListBucket must be confined at all is the vendor's
 * rule: Element and ElemBio confine it (element-list-bucket-prefix), ICA does not (aws.md §1, ica.md §12.5).
 */
export const iamListBucketPrefix: ResourceValidationPolicy = {
  name: "iam-list-bucket-prefix",
  description: "Checks that every s3:ListBucket confined by an s3:prefix condition names the prefix the policy's object statements grant.",
  enforcementLevel: "mandatory",
  validateResource: ({ type, name, props }, reportViolation) => {
    for (const document of identityDocuments(type, props)) {
      const prefixes = objectPrefixes(document.statements);
      for (const listing of listings(document.statements)) {
        const granted = prefixes.get(listing.bucket);
        if (!granted || listing.prefixValues === undefined) continue;
        const outside = listing.prefixValues.filter((value) => !granted.some((prefix) => value.startsWith(prefix)));
        if (outside.length === 0) continue;
        const expected = quoted([...new Set(granted)].map(listPrefixValue));
        reportViolation(
          `${label({ type, name })}${whereLabel(document)} ${listing.statement.label} lists "${bucketArn(listing.bucket)}" under s3:prefix ${quoted(outside)}, outside the prefix its object statements grant (${quoted([...new Set(granted)])}); listing is confined to the connection's prefix ${cite("element.md §3", "aws.md §1")}. Fix: set the s3:prefix condition to ${expected}.`,
        );
      }
    }
  },
};
