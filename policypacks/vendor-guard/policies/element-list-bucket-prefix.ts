import type { StackValidationPolicy } from "@pulumi/policy";
import { bucketArn } from "../../../iam/s3";
import { describeCredential, elementCredentials } from "../lib/element";
import { listings, listPrefixValue, objectPrefixes } from "../lib/prefixes";
import { cite, quoted } from "../lib/text";
import { forEachKnown } from "../lib/values";

/**
 * Element's S3ObjectListing carries `StringLike s3:prefix` when the connection has a prefix (element.md §3,
 * elembio.md §5): without it the vendor lists every key of a bucket other connections share.
 */
export const elementListBucketPrefix: StackValidationPolicy = {
  name: "element-list-bucket-prefix",
  description: "Checks that Element's s3:ListBucket carries an s3:prefix condition when its object access is confined to a prefix.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(elementCredentials(resources), (credential) => {
      const prefixes = objectPrefixes(credential.statements);
      for (const listing of listings(credential.statements)) {
        const granted = prefixes.get(listing.bucket);
        if (!granted || listing.prefixValues !== undefined) continue;
        const values = [...new Set(granted)].map(listPrefixValue);
        reportViolation(
          `${describeCredential(credential)} ${listing.statement.label} lists "${bucketArn(listing.bucket)}" without an s3:prefix condition while its object access is confined to ${quoted([...new Set(granted)])}; Element's S3ObjectListing statement carries StringLike s3:prefix ${cite("element.md §3", "elembio.md §5", "aws.md §1")}. Fix: add "Condition": {"StringLike": {"s3:prefix": [${quoted(values)}]}} to the statement.`,
          credential.resource.urn,
        );
      }
    });
  },
};
