import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { linkedTo, ofTypes } from "../lib/resources";
import { cite, quoted, shown } from "../lib/text";
import { BUCKET_TYPES, ENCRYPTION_TYPES, label } from "../lib/types";
import { forEachKnown } from "../lib/values";

/** The default-encryption algorithms S3 offers [AWS]; SSE-C cannot be a default. */
const ALGORITHMS = ["AES256", "aws:kms", "aws:kms:dsse"];
const REQUIREMENT = `vendors ask for default encryption on every bucket ${cite("element.md §2", "elembio.md §2")}`;

interface Config {
  allowedAlgorithms: string[];
}

/** The rules a resource carries: a configuration's `rules`, or a bucket's deprecated inline `rule`. */
function rulesOf(resource: PolicyResource): unknown[] {
  if (ENCRYPTION_TYPES.includes(resource.type)) return Array.isArray(resource.props.rules) ? resource.props.rules : [];
  const inline = resource.props.serverSideEncryptionConfiguration?.rule;
  return inline === undefined ? [] : [inline];
}

/**
 * Advisory: every vendor recommends default encryption (element.md §2; elembio.md §2) but none requires it, and it
 * is not one of DESIGN.md's safety rules. Teams that require KMS narrow `allowedAlgorithms`.
 */
export const bucketDefaultEncryption: StackValidationPolicy = {
  name: "bucket-default-encryption",
  description: "Checks that every bucket has a default encryption rule with an allowed algorithm.",
  configSchema: {
    properties: {
      allowedAlgorithms: {
        type: "array",
        items: { type: "string", enum: ALGORITHMS },
        minItems: 1,
        default: ALGORITHMS,
        description: "Default-encryption algorithms a bucket may use (sseAlgorithm).",
      },
    },
  },
  enforcementLevel: "advisory",
  validateStack: ({ resources, getConfig }, reportViolation) => {
    const allowed = getConfig<Config>().allowedAlgorithms ?? ALGORITHMS;
    const fix = `an applyServerSideEncryptionByDefault.sseAlgorithm of ${allowed.length > 1 ? "one of " : ""}${quoted(allowed)}`;
    const check = (carrier: PolicyResource) => {
      const algorithms = rulesOf(carrier).map(
        (rule) => (rule as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: unknown } })?.applyServerSideEncryptionByDefault?.sseAlgorithm,
      );
      const set = algorithms.filter((a) => a !== undefined);
      if (set.length === 0) {
        reportViolation(`${label(carrier)} has no rule with applyServerSideEncryptionByDefault; ${REQUIREMENT}. Fix: give it a rule with ${fix}.`, carrier.urn);
      }
      for (const algorithm of set.filter((a) => !allowed.includes(String(a)))) {
        reportViolation(
          `${label(carrier)} sets sseAlgorithm ${shown(algorithm)}, which is not one of ${quoted(allowed)} (policy config allowedAlgorithms); ${REQUIREMENT}. Fix: use ${allowed.length > 1 ? "one of " : ""}${quoted(allowed)}.`,
          carrier.urn,
        );
      }
    };
    forEachKnown(ofTypes(resources, [...BUCKET_TYPES, ...ENCRYPTION_TYPES]), (resource) => {
      if (ENCRYPTION_TYPES.includes(resource.type) || resource.props.serverSideEncryptionConfiguration !== undefined) return check(resource);
      if (linkedTo(resource, ENCRYPTION_TYPES, "bucket", resources).length > 0) return;
      reportViolation(
        `${label(resource)} has no BucketServerSideEncryptionConfiguration; ${REQUIREMENT}. Fix: add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket's id and ${fix}.`,
        resource.urn,
      );
    });
  },
};
