import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { bucketName, bucketPolicyCarriers, bucketsOf } from "../lib/buckets";
import { ofTypes } from "../lib/resources";
import { sentenceList } from "../lib/text";
import { BUCKET_TYPES, label, TYPES } from "../lib/types";
import { ifKnown } from "../lib/values";

const REQUIREMENT =
  "S3 keeps one policy per bucket, so a second bucket policy replaces the first when it is applied (DESIGN.md safety rules; docs/vendors/elembio.md §8; docs/vendors/aws.md §3)";

/** The bucket name a bucket policy names by a literal string, or undefined when unknown or linked through the graph. */
function literalName(policy: PolicyResource, resources: readonly PolicyResource[]): string | undefined {
  if (bucketsOf(policy, resources).length > 0) return undefined;
  const value = ifKnown(() => policy.props.bucket);
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * bucket-tls-only-policy counts the policies linked to a bucket through the dependency graph; a
 * policy naming its bucket by a literal string has no edge, so it would slip past that count and
 * silently replace the composed policy (the TLS deny and every vendor's statements) at apply.
 */
export const bucketPolicyLiteralBucket: StackValidationPolicy = {
  name: "bucket-policy-literal-bucket",
  description: "Checks that no bucket policy names, by a literal string, a bucket of the stack or a bucket another bucket policy is for.",
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    const policies = ofTypes(resources, [TYPES.bucketPolicy]);
    const literals = policies.flatMap((policy) => {
      const name = literalName(policy, resources);
      return name === undefined ? [] : [{ policy, name }];
    });
    if (literals.length === 0) return;
    const buckets = ofTypes(resources, BUCKET_TYPES).map((bucket) => ({ bucket, name: bucketName(bucket) }));
    for (const { policy, name } of literals) {
      const bucket = buckets.find((b) => b.name === name)?.bucket;
      // The other policies of the same bucket: linked to the stack's bucket, or naming it by the same string.
      const others = [
        ...(bucket ? bucketPolicyCarriers(bucket, resources).map((c) => c.name) : []),
        ...literals.filter((l) => l.policy !== policy && l.name === name).map((l) => label(l.policy)),
      ];
      if (!bucket && others.length === 0) continue;
      const target = bucket ? `${label(bucket)} of this stack` : `the bucket of ${sentenceList(others)}`;
      const consequence = others.length > 0 ? `applying it replaces ${sentenceList(others)}, or is replaced by it` : "the bucket's checks do not see it";
      const fix = others.length > 0 ? `merge its statements into ${others[0]} and remove this resource` : `set bucket to the id of ${label(bucket!)}`;
      reportViolation(
        `${label(policy)} names the bucket "${name}" by a literal string, which is ${target}, with no dependency on it, so ${consequence}; ${REQUIREMENT}. Fix: ${fix}.`,
        policy.urn,
      );
    }
  },
};
