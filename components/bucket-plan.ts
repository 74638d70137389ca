/**
 * What a bucket needs, decided from the model alone (pure): its one composed policy, its merged
 * CORS rules and the notes a person should read before applying. ConnectedBucket only wires the
 * result to resources.
 */
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import { vendorModule } from "../vendors";
import type { CorsRule } from "../vendors/types";
import type { ExtraCorsRule } from "../fields/bucket";

// The composition is pure model logic (the loader measures it against S3's size limit); it is
// exported here too, where the components and their tests have always found it.
export { composeBucketPolicy } from "../model/bucket-policy";

const corsKey = (rule: CorsRule) =>
  JSON.stringify(
    [rule.allowedHeaders, rule.allowedMethods, rule.allowedOrigins, rule.exposeHeaders, rule.maxAgeSeconds].map((v) => (Array.isArray(v) ? [...v].sort() : v)),
  );

/**
 * Every distinct CORS rule the bucket's connections need and the file keeps (`extraCorsRules`),
 * once each, in a stable order.
 */
export function mergeCorsRules(connections: ResolvedConnection[], extra: ExtraCorsRule[] = []): CorsRule[] {
  const rules = new Map<string, CorsRule>();
  for (const c of connections) for (const rule of vendorModule(c.vendor).corsRules(c)) rules.set(corsKey(rule), rule);
  for (const rule of extra) {
    const full: CorsRule = { allowedHeaders: [], exposeHeaders: [], ...rule };
    rules.set(corsKey(full), full);
  }
  return [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rule]) => rule);
}

/** Notes for the person applying the plan: things that change what already exists. */
export function bucketNotices(bucket: ResolvedBucket): string[] {
  if (!bucket.adopt) return [];
  return [
    `bucket "${bucket.name}" is adopted: its existing bucket policy will be REPLACED by the composed policy below, and its public access block, ownership controls, default encryption${bucket.versioning === "disabled" ? "" : " and versioning"} set as shown. Copy any statement you need to keep into buckets.${bucket.name}.extraPolicyStatements first.`,
  ];
}
