/**
 * The bucket's composed policy, from the model alone (pure). It lives in the model because the
 * loader measures it against S3's size limit before anything is applied; the components render
 * the same function's result, so what is measured is what is applied.
 */
import { policyDocument, type AnyPolicyStatement, type PolicyDocument } from "../iam/document";
import { denyInsecureTransport } from "../iam/s3";
import { vendorModule } from "../vendors";
import type { ResolvedBucket, ResolvedConnection } from "./resolve";
import type { ExtraPolicyStatement } from "./schema";

/**
 * A file's extra statement in the canonical statement shape: every element kept as written,
 * condition values as IAM strings (YAML reads `true` and `1000` as a boolean and a number).
 */
export function extraStatement(statement: ExtraPolicyStatement): AnyPolicyStatement {
  const { Condition, ...rest } = statement;
  const out = { ...rest } as AnyPolicyStatement;
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
export function composeBucketPolicy(bucket: ResolvedBucket, connections: ResolvedConnection[]): PolicyDocument<AnyPolicyStatement> {
  const fragments = connections.flatMap((c) => vendorModule(c.vendor).bucketPolicyStatements(c, bucket));
  return policyDocument<AnyPolicyStatement>([denyInsecureTransport(bucket.name), ...fragments, ...bucket.extraPolicyStatements.map(extraStatement)], {
    kind: "resource",
  });
}
