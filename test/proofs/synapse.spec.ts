/**
 * Synapse's ownership check under the confined grant (docs/vendors/synapse.md §3.4, §9): with the
 * bucket policy the example plans, Synapse's account may read `<base key>/owner.txt` and nothing
 * outside its base keys, other vendors' prefixes included.
 */
import * as assert from "assert";
import * as path from "path";
import { ROOT } from "../../offline/run-plan";
import { callerFor, documentsOf } from "../../proofs/matrix";
import { OWN_ACCOUNT_ALLOWS_ALL, TLS } from "../../proofs/context";
import { evaluate } from "../../proofs/engine";
import { proveFile } from "../../proofs/prove";
import { ACCOUNT_ID } from "../../proofs/documents";

const SYNAPSE = callerFor("arn:aws:iam::325565585839:root");

async function decide(file: string, connection: string, action: string, key: string) {
  const proof = await proveFile(path.join(ROOT, "connections", "examples", file), "ci");
  assert.ok(proof.ok);
  if (!proof.ok) throw new Error("unreachable");
  const c = proof.plan.model.connections.find((x) => x.name === connection)!;
  const docs = documentsOf(proof.plan, c);
  const verdict = await evaluate({
    principal: SYNAPSE,
    identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL],
    action,
    resource: `arn:aws:s3:::${c.bucket}/${key}`,
    resourceAccount: ACCOUNT_ID,
    context: TLS,
    resourcePolicy: docs.bucketPolicy,
  });
  return verdict.decision;
}

describe("access proofs: Synapse's ownership check under the confined grant", function () {
  this.timeout(120_000);
  const table: [string, string, string, string, string][] = [
    ["synapse.yaml", "synapse-project", "s3:GetObject", "projects/rnaseq/owner.txt", "Allowed"],
    ["synapse.yaml", "synapse-release", "s3:GetObject", "releases/v1/owner.txt", "Allowed"],
    ["synapse.yaml", "synapse-release", "s3:GetObject", "owner.txt", "ImplicitlyDenied"],
    ["synapse.yaml", "synapse-release", "s3:PutObject", "releases/v1/owner.txt", "ImplicitlyDenied"],
    ["shared-bucket.yaml", "synapse-release", "s3:GetObject", "released/owner.txt", "Allowed"],
    ["shared-bucket.yaml", "synapse-release", "s3:GetObject", "runs/x", "ImplicitlyDenied"],
    ["shared-bucket.yaml", "synapse-release", "s3:GetObject", "results/x", "ImplicitlyDenied"],
    ["shared-bucket.yaml", "synapse-release", "s3:GetObject", "reports/x", "ImplicitlyDenied"],
  ];
  for (const [file, connection, action, key, expected] of table) {
    it(`${file} ${connection}: Synapse ${action} ${key} -> ${expected}`, async () => {
      assert.strictEqual(await decide(file, connection, action, key), expected);
    });
  }
});
