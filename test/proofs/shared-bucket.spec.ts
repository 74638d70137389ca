/**
 * The review's reproducer c25 (test/fixtures/findings/): HealthOmics on a bucket shared with other
 * connections. The execution role ElemBio passes must not reach the other connections' prefixes.
 */
import * as assert from "assert";
import * as path from "path";
import { ROOT } from "../../offline/run-plan";
import { proveFile } from "../../proofs/prove";

const DIR = "test/fixtures/findings";

describe("the review's reproducer c25, proved", () => {
  it("c25: HealthOmics on a shared bucket is confined to its prefix, and the proofs show the other connections' prefixes refused", async () => {
    const proof = await proveFile(path.join(ROOT, DIR, "c25-elembio-omics-shared-bucket.yaml"), "ci");
    assert.ok(proof.ok);
    if (!proof.ok) return;
    assert.deepStrictEqual(
      proof.results.filter((r) => !r.ok),
      [],
    );
    const execution = proof.results.filter((r) => r.connection === "hs-elembio" && r.who === "execution role");
    const outside = execution.filter((r) => / other\/run2\/file\.bcl$|prefix=other\/$/.test(r.what));
    assert.ok(outside.length >= 5, `${outside.length} requests outside the prefix`);
    assert.ok(outside.every((r) => r.expected === "deny" && r.verdict.decision !== "Allowed"));
    assert.ok(execution.some((r) => r.what === "s3:PutObject elembio/run1/file.bcl" && r.verdict.decision === "Allowed"));
  });
});
