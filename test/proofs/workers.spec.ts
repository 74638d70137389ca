/**
 * proofs/workers.ts: requests evaluated in worker threads get the verdicts, in the order, that
 * evaluating them one after another in this process gives; a worker's failure is reported, not
 * lost.
 */
import * as assert from "assert";
import * as path from "path";
import { ROOT } from "../../offline/run-plan";
import { buildMatrix } from "../../proofs/matrix";
import { proveCases, proveFile } from "../../proofs/prove";
import { workerEvaluator, type RequestEvaluator } from "../../proofs/workers";
import type { AccessRequest } from "../../proofs/engine";

describe("access proofs in worker threads", function () {
  this.timeout(120_000);
  let pool: RequestEvaluator;
  before(() => {
    pool = workerEvaluator(2);
  });
  after(() => pool.close());

  it("answer every request of a file as this process does, in the same order", async () => {
    const proof = await proveFile(path.join(ROOT, "connections", "prod.yaml"), "prod");
    assert.ok(proof.ok);
    if (!proof.ok) return;
    const cases = buildMatrix(proof.plan);
    // More than one batch per worker, so the answers come back interleaved.
    assert.ok(cases.length > 100, `${cases.length} cases`);
    const inWorkers = await proveCases(cases, pool);
    assert.strictEqual(JSON.stringify(inWorkers), JSON.stringify(proof.results));
    assert.ok(inWorkers.some((r) => r.verdict.decision === "Allowed") && inWorkers.some((r) => r.verdict.decision !== "Allowed"));
  });

  it("answer no requests with no verdicts", async () => {
    assert.deepStrictEqual(await pool.evaluate([]), []);
  });

  it("reject the call whose request made a worker fail, and keep answering the others", async () => {
    const broken = { principal: "anonymous", identityPolicies: [], context: {} } as unknown as AccessRequest;
    await assert.rejects(pool.evaluate([broken]), /a proof worker failed: TypeError/);
    const request: AccessRequest = {
      principal: "anonymous",
      identityPolicies: [],
      action: "s3:GetObject",
      resource: "arn:aws:s3:::lab-runs/x",
      resourceAccount: "123456789012",
      context: { "aws:SecureTransport": "true" },
    };
    const [verdict] = await pool.evaluate([request]);
    assert.strictEqual(verdict.decision, "ImplicitlyDenied");
  });
});
