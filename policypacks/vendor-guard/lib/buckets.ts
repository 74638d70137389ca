/**
 * What a bucket is configured with. Under @pulumi/aws v7 each setting lives in a sibling resource
 * (versioning, CORS, encryption, bucket policy) related to the bucket through its `bucket` input
 * (lib/resources.ts); the bucket's deprecated inline inputs count too.
 */
import type { PolicyResource } from "@pulumi/policy";
import { parsePolicyDocument, type Statement } from "./documents";
import { linked, linkedTo } from "./resources";
import { BUCKET_TYPES, CORS_TYPES, ENCRYPTION_TYPES, label, TYPES, VERSIONING_TYPES } from "./types";
import { ifKnown } from "./values";

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

/** The bucket's region (`region` input, @pulumi/aws v7), or undefined when unset or unknown. */
export const bucketRegion = (bucket: PolicyResource) => ifKnown(() => text(bucket.props.region));

/** The bucket's name, or undefined when AWS names it or it is unknown. */
export const bucketName = (bucket: PolicyResource) => ifKnown(() => text(bucket.props.bucket));

/** The buckets a bucket-level resource (policy, CORS, versioning, notification) belongs to. */
export const bucketsOf = (carrier: PolicyResource, resources: readonly PolicyResource[]) => linked(carrier, "bucket", BUCKET_TYPES, resources);

/**
 * The versioning statuses set for the bucket: `Enabled`, `Suspended` or `Disabled` from its
 * BucketVersioning, `Enabled` from the deprecated inline `versioning.enabled`.
 */
export function versioningStatuses(bucket: PolicyResource, resources: readonly PolicyResource[]): string[] {
  const statuses = linkedTo(bucket, VERSIONING_TYPES, "bucket", resources).flatMap((v) => text(v.props.versioningConfiguration?.status) ?? []);
  if (bucket.props.versioning?.enabled === true) statuses.push("Enabled");
  return statuses;
}

/** Whether S3 keeps (or kept) object versions, so ICA needs its versioned policy (ica.md §3, §6.2). */
export const isVersioned = (statuses: readonly string[]) => statuses.some((s) => s === "Enabled" || s === "Suspended");

/** One CORS rule of a bucket, with the resource that carries it. */
export interface CorsRuleOf {
  carrier: PolicyResource;
  /** How messages name the rule: `aws.s3.BucketCorsConfiguration "x" corsRules[0]`. */
  where: string;
  allowedHeaders: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposeHeaders: string[];
}

function corsRulesOn(carrier: PolicyResource): CorsRuleOf[] {
  const rules: unknown[] = Array.isArray(carrier.props.corsRules) ? carrier.props.corsRules : [];
  return rules.map((raw, index) => {
    const rule = (raw ?? {}) as Record<string, unknown>;
    return {
      carrier,
      where: `${label(carrier)} corsRules[${index}]`,
      allowedHeaders: strings(rule.allowedHeaders),
      allowedMethods: strings(rule.allowedMethods),
      allowedOrigins: strings(rule.allowedOrigins),
      exposeHeaders: strings(rule.exposeHeaders),
    };
  });
}

/** The bucket's CORS rules: its BucketCorsConfiguration's, and its deprecated inline `corsRules`. */
export function corsRules(bucket: PolicyResource, resources: readonly PolicyResource[]): CorsRuleOf[] {
  return [bucket, ...linkedTo(bucket, CORS_TYPES, "bucket", resources)].flatMap(corsRulesOn);
}

/** Every CORS rule of the stack whose value is known, with the buckets it belongs to (for recognising buckets). */
export function knownCorsCarriers(resources: readonly PolicyResource[]): { rules: CorsRuleOf[]; buckets: PolicyResource[] }[] {
  return resources.flatMap((r) => {
    if (CORS_TYPES.includes(r.type)) return [{ rules: ifKnown(() => corsRulesOn(r)) ?? [], buckets: bucketsOf(r, resources) }];
    if (BUCKET_TYPES.includes(r.type)) return [{ rules: ifKnown(() => corsRulesOn(r)) ?? [], buckets: [r] }];
    return [];
  });
}

/** The KMS keys the bucket's default encryption names (`kmsMasterKeyId` of an `aws:kms*` rule). */
export function kmsKeys(bucket: PolicyResource, resources: readonly PolicyResource[]): { carrier: PolicyResource; keyId: string }[] {
  const carriers = [bucket, ...linkedTo(bucket, ENCRYPTION_TYPES, "bucket", resources)];
  return carriers.flatMap((carrier) => {
    const rules: unknown[] = ENCRYPTION_TYPES.includes(carrier.type)
      ? Array.isArray(carrier.props.rules)
        ? carrier.props.rules
        : []
      : [carrier.props.serverSideEncryptionConfiguration?.rule].filter((r) => r !== undefined);
    return rules.flatMap((rule) => {
      const byDefault = (rule as { applyServerSideEncryptionByDefault?: { sseAlgorithm?: unknown; kmsMasterKeyId?: unknown } })
        ?.applyServerSideEncryptionByDefault;
      const keyId = text(byDefault?.kmsMasterKeyId);
      return String(byDefault?.sseAlgorithm ?? "").startsWith("aws:kms") && keyId ? [{ carrier, keyId }] : [];
    });
  });
}

/** A bucket policy document with the resource that carries it. */
export interface BucketPolicyOf {
  carrier: PolicyResource;
  /** `aws.s3.BucketPolicy "x"`, or `the policy input of aws.s3.Bucket "x"`. */
  name: string;
  statements: Statement[];
}

/** The resources carrying the bucket's policy: its BucketPolicy resources, and the bucket itself for its deprecated inline `policy`. */
export function bucketPolicyCarriers(bucket: PolicyResource, resources: readonly PolicyResource[]): { carrier: PolicyResource; name: string }[] {
  const out = linkedTo(bucket, [TYPES.bucketPolicy], "bucket", resources).map((p) => ({ carrier: p, name: label(p) }));
  if (bucket.props.policy !== undefined) out.unshift({ carrier: bucket, name: `the policy input of ${label(bucket)}` });
  return out;
}

/** The bucket's policies, parsed (see {@link bucketPolicyCarriers}). */
export function bucketPolicies(bucket: PolicyResource, resources: readonly PolicyResource[]): BucketPolicyOf[] {
  return bucketPolicyCarriers(bucket, resources).map(({ carrier, name }) => ({ carrier, name, statements: parsePolicyDocument(carrier.props.policy) ?? [] }));
}
