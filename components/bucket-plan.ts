/**
 * What a bucket needs, decided from the model alone (pure): its one composed policy, its merged
 * CORS rules and the notes a person should read before applying. ConnectedBucket only wires the
 * result to resources.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/document";
import { denyInsecureTransport } from "../iam/s3";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import type { ExtraPolicyStatement } from "../model/schema";
import { vendorModule } from "../vendors";
import type { CorsRule } from "../vendors/types";

/** A user's extra statement in the canonical statement shape (condition values as IAM strings). */
function extraStatement(statement: ExtraPolicyStatement): PolicyStatement {
  const { Condition, ...rest } = statement;
  const out = { ...rest } as PolicyStatement & Record<string, unknown>;
  if (Condition) {
    out.Condition = Object.fromEntries(
      Object.entries(Condition).map(([operator, keys]) => [
        operator,
        Object.fromEntries(Object.entries(keys).map(([key, value]) => [key, Array.isArray(value) ? value.map(String) : String(value)])),
      ]),
    );
  }
  return out;
}

/**
 * The bucket's only policy: the TLS-only deny, every connection's fragment (each Sid namespaced by
 * its connection), then the file's extra statements, in canonical order.
 */
export function composeBucketPolicy(bucket: ResolvedBucket, connections: ResolvedConnection[]): PolicyDocument {
  const fragments = connections.flatMap((c) => vendorModule(c.vendor).bucketPolicyStatements(c, bucket));
  return policyDocument([denyInsecureTransport(bucket.name), ...fragments, ...bucket.extraPolicyStatements.map(extraStatement)]);
}

const corsKey = (rule: CorsRule) =>
  JSON.stringify([rule.allowedHeaders, rule.allowedMethods, rule.allowedOrigins, rule.exposeHeaders, rule.maxAgeSeconds].map((v) => (Array.isArray(v) ? [...v].sort() : v)));

/** Every distinct CORS rule the bucket's connections need, once each, in a stable order. */
export function mergeCorsRules(connections: ResolvedConnection[]): CorsRule[] {
  const rules = new Map<string, CorsRule>();
  for (const c of connections) for (const rule of vendorModule(c.vendor).corsRules(c)) rules.set(corsKey(rule), rule);
  return [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rule]) => rule);
}

/** Notes for the person applying the plan: things that change what already exists. */
export function bucketNotices(bucket: ResolvedBucket): string[] {
  if (!bucket.adopt) return [];
  return [
    `bucket "${bucket.name}" is adopted: its existing bucket policy will be REPLACED by the composed policy below, and its public access block, ownership controls, default encryption${bucket.versioning === "disabled" ? "" : " and versioning"} set as shown. Copy any statement you need to keep into buckets.${bucket.name}.extraPolicyStatements first.`,
  ];
}
