import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { conditionValues, isWildcardPrincipal, parsePolicyDocument, wildcardMatch, type Statement } from "../lib/documents";
import { linkedTo, ofTypes } from "../lib/resources";
import { parseS3Arn } from "../lib/s3";
import { sentenceList } from "../lib/text";
import { BUCKET_TYPES, label, TYPES } from "../lib/types";
import { forEachKnown, ifKnown } from "../lib/values";

const STATEMENT = `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`;
const REQUIREMENT =
  "every bucket has exactly one bucket policy, and it denies requests made without TLS (DESIGN.md safety rules; a second policy overwrites the first, docs/vendors/elembio.md §8; docs/vendors/aws.md §3)";

/** True for a statement denying every S3 action on the bucket and its objects to anyone without TLS. */
function deniesInsecureTransport(statement: Statement, bucketName: string | undefined): boolean {
  if (statement.effect !== "Deny" || statement.notPrincipal || !statement.principals.some(isWildcardPrincipal)) return false;
  if (!statement.actions.some((action) => wildcardMatch(action, "s3:*"))) return false;
  if (!(conditionValues(statement, "Bool", "aws:SecureTransport") ?? []).some((v) => v.toLowerCase() === "false")) return false;
  if (statement.resources.includes("*")) return true;
  const arns = statement.resources.map(parseS3Arn);
  const buckets = arns.filter((arn) => arn && arn.key === undefined && (bucketName === undefined || arn.bucket === bucketName)).map((arn) => arn!.bucket);
  return buckets.some((bucket) => arns.some((arn) => arn?.bucket === bucket && arn.key === "*"));
}

export const bucketTlsOnlyPolicy: StackValidationPolicy = {
  name: "bucket-tls-only-policy",
  description: "Checks that every bucket has exactly one bucket policy and that it denies requests made without TLS.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(ofTypes(resources, BUCKET_TYPES), (bucket) => {
      // The deprecated inline `policy` of a bucket is a bucket policy too, and collides with a BucketPolicy.
      const policies: { carrier: PolicyResource; name: string; document: unknown }[] = linkedTo(bucket, [TYPES.bucketPolicy], "bucket", resources)
        .map((p) => ({ carrier: p, name: label(p), document: p.props.policy }))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (bucket.props.policy !== undefined) policies.unshift({ carrier: bucket, name: `the policy input of ${label(bucket)}`, document: bucket.props.policy });
      if (policies.length === 0) {
        reportViolation(
          `${label(bucket)} has no bucket policy; ${REQUIREMENT}. Fix: add one aws.s3.BucketPolicy with bucket set to this bucket's id and the statement ${STATEMENT}.`,
          bucket.urn,
        );
        return;
      }
      if (policies.length > 1) {
        reportViolation(
          `${label(bucket)} has ${policies.length} bucket policies (${sentenceList(policies.map((p) => p.name))}); ${REQUIREMENT}. Fix: merge their statements into one aws.s3.BucketPolicy.`,
          bucket.urn,
        );
        return;
      }
      const [policy] = policies;
      const bucketName = ifKnown(() => bucket.props.bucket);
      const statements = parsePolicyDocument(policy.document) ?? [];
      if (statements.some((s) => deniesInsecureTransport(s, typeof bucketName === "string" ? bucketName : undefined))) return;
      reportViolation(
        `${policy.name} has no statement denying requests made without TLS; ${REQUIREMENT}. Fix: add the statement ${STATEMENT}.`,
        policy.carrier.urn,
      );
    });
  },
};
