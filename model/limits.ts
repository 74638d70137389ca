/**
 * AWS's size quotas, checked when the file is loaded: every document the stack would apply is
 * built from the model with the same builders the components use and measured (iam/limits.ts), so
 * an oversized policy is a positioned error in the plan, not a failed `pulumi up` halfway through.
 */
import { IAM_NAME_MAX_LENGTH } from "../fields/names";
import type { AnyPolicyStatement } from "../iam/document";
import { checkSize, describeSize, statementSize, type LimitKind } from "../iam/limits";
import { vendorModule } from "../vendors";
import type { VendorContext } from "../vendors/types";
import { composeBucketPolicy } from "./bucket-policy";
import type { ResolvedConnection, StackModel } from "./resolve";
import type { Path, RuleProblem } from "./rules";

/**
 * The account a loaded file will be applied in is known only to AWS. Every account ID has 12
 * digits, so a placeholder of that length measures every document exactly.
 */
export const PLACEHOLDER_ACCOUNT_ID = "000000000000";

/**
 * Used when the caller does not know the stack: the stack name appears in documents only inside
 * IAM role names (the ElemBio HealthOmics execution role the vendor's policy may pass), which are
 * cut to 64 characters. A stack name that long makes every such name as long as it can be, so the
 * measure is the largest any stack could get: a file that passes here passes on every stack.
 */
export const WORST_CASE_STACK = "x".repeat(IAM_NAME_MAX_LENGTH);

const number = (n: number) => n.toLocaleString("en-US");

/** The statements that add most to a document, largest first: "a (1,234 bytes), b (...)". */
function largest(kind: LimitKind, parts: { label: string; statements: AnyPolicyStatement[] }[], unit: string, count = 3): string {
  return parts
    .map(({ label, statements }) => ({ label, size: statements.reduce((sum, s) => sum + statementSize(kind, s), 0) }))
    .filter((p) => p.size > 0)
    .sort((a, b) => b.size - a.size || a.label.localeCompare(b.label))
    .slice(0, count)
    .map((p) => `${p.label} (${number(p.size)} ${unit})`)
    .join(", ");
}

/**
 * Every document of the model measured against its quota; one error per document over it, at
 * the field whose change fixes it. Run only over a model without errors: the builders expect one.
 */
export function checkPolicySizes(model: StackModel, indexOf: (connection: string) => number, declaredBuckets: Set<string>, stack?: string): RuleProblem[] {
  const context: VendorContext = { accountId: PLACEHOLDER_ACCOUNT_ID, stack: stack ?? WORST_CASE_STACK };
  const problems: RuleProblem[] = [];

  for (const bucket of model.buckets) {
    const connections = model.connections.filter((c) => c.bucket === bucket.name);
    const check = checkSize("bucketPolicy", [composeBucketPolicy(bucket, connections)]);
    if (!check.over) continue;
    const parts = [
      ...connections.map((c) => ({
        label: `connection "${c.name}"`,
        statements: vendorModule(c.vendor).bucketPolicyStatements(c, bucket) as AnyPolicyStatement[],
      })),
      { label: "extraPolicyStatements", statements: bucket.extraPolicyStatements as AnyPolicyStatement[] },
    ];
    const biggest = [...connections].sort((a, b) => statementBytes(b, bucket) - statementBytes(a, bucket))[0];
    const path: Path = declaredBuckets.has(bucket.name) || !biggest ? ["buckets", bucket.name] : ["connections", indexOf(biggest.name), "bucket"];
    problems.push({
      severity: "error",
      path,
      message:
        `bucket "${bucket.name}" has a composed bucket policy of ${describeSize(check)}, so S3 would refuse it. ` +
        `Largest parts: ${largest("bucketPolicy", parts, "bytes")}. ` +
        `Fix: move some connections to another bucket, share each connection's data with fewer sharedPrincipals (each connection that shares adds three statements), shorten the prefixes, or shorten extraPolicyStatements`,
    });
  }

  model.connections.forEach((connection) => {
    const bucket = model.buckets.find((b) => b.name === connection.bucket);
    if (!bucket) return;
    const index = indexOf(connection.name);
    const vendor = vendorModule(connection.vendor);
    const identity = vendor.identityPolicy(connection, bucket, context);
    const shorten = `shorten the prefix${connection.prefix ? ` (${number(connection.prefix.length)} characters, in every ARN of the policy)` : ""} or the bucket name`;
    if (connection.credential.type === "user") {
      const check = checkSize("userInlinePolicies", [identity]);
      if (check.over) {
        problems.push({
          severity: "error",
          path: ["connections", index, "credential"],
          message: `the IAM user's policy is ${describeSize(check)}, so IAM would refuse it. Fix: use a role credential (type: role; a role's inline policies may have 10,240 characters), ${shorten}, or turn off optional features of the connection`,
        });
      }
    } else {
      const check = checkSize("roleInlinePolicies", [identity]);
      if (check.over) {
        problems.push({
          severity: "error",
          path: ["connections", index, "prefix"],
          message: `the role's policy is ${describeSize(check)}, so IAM would refuse it. Fix: ${shorten}, or turn off optional features of the connection`,
        });
      }
      const trust = checkSize("roleTrustPolicy", [vendor.trustPolicy(connection, context)]);
      if (trust.over) problems.push(trustProblem(index, trust, "role"));
    }
    const execution = vendor.executionRole?.(connection, bucket, context);
    if (execution) {
      const check = checkSize("roleInlinePolicies", [execution.policy]);
      if (check.over) {
        problems.push({
          severity: "error",
          path: ["connections", index, "prefix"],
          message: `the policy of the connection's execution role ${execution.name} is ${describeSize(check)}, so IAM would refuse it. Fix: ${shorten}`,
        });
      }
      const trust = checkSize("roleTrustPolicy", [execution.trustPolicy]);
      if (trust.over) problems.push(trustProblem(index, trust, `execution role ${execution.name}`));
    }
  });
  return problems;

  function statementBytes(connection: ResolvedConnection, bucket: StackModel["buckets"][number]): number {
    return vendorModule(connection.vendor)
      .bucketPolicyStatements(connection, bucket)
      .reduce((sum, s) => sum + statementSize("bucketPolicy", s), 0);
  }
}

function trustProblem(index: number, check: ReturnType<typeof checkSize>, role: string): RuleProblem {
  return {
    severity: "error",
    path: ["connections", index, "credential"],
    message:
      `the trust policy of the connection's ${role} is ${describeSize(check)}, so IAM would refuse it. ` +
      `Fix: shorten the credential's values, or raise the account's "Role trust policy length" quota in Service Quotas (up to 8,192 characters)`,
  };
}
