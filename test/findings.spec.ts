/**
 * The review's reproducers (one file per class of finding, test/fixtures/findings/): each now ends
 * the way the safety rules say. The loader's minimal inputs are pinned in model/loader-hardening.
 */
import * as assert from "assert";
import * as path from "path";
import { formatProblem, loadConnectionsFile } from "../model/load";
import { ROOT } from "../offline/run-plan";

const DIR = "test/fixtures/findings";
const load = (name: string) => loadConnectionsFile(path.join(ROOT, DIR, `${name}.yaml`), `${DIR}/${name}.yaml`);

/** Files that must be refused, with the exact positioned error (the fix is in each message). */
const REFUSED: [string, string][] = [
  [
    "c05-elembio-manage-policy-shared",
    `${DIR}/c05-elembio-manage-policy-shared.yaml:9:25 connection "elembio-mgr": manageBucketPolicy: would let ElemBio rewrite the whole bucket policy of "sr-elembio-mgr", which other connections share: it could grant itself their prefixes or remove the TLS-only statement (docs/vendors/elembio.md §8). Use sharedPrincipals for sharing, or give this connection a bucket of its own`,
  ],
  [
    "c16-extra-notprincipal",
    `${DIR}/c16-extra-notprincipal.yaml:8:23 bucket "sr-extra-np": extraPolicyStatements[0].NotPrincipal: statement "AllowAllButOne" is an Allow with NotPrincipal, which grants everyone except the principals named, so S3 would refuse it as a public policy (the bucket blocks public policies); name the principals to allow in Principal, or make it Effect: Deny`,
  ],
  [
    "c26-policy-size",
    `${DIR}/c26-policy-size.yaml:4:51 connection "c00-element": bucket "sr-big-policy" has a composed bucket policy of 24,816 bytes, over S3's limit of 20,480 bytes for a bucket policy (by 4,336), so S3 would refuse it. Largest parts: connection "c00-element" (813 bytes), connection "c01-element" (813 bytes), connection "c02-element" (813 bytes). Fix: move some connections to another bucket, share each connection's data with fewer sharedPrincipals (each connection that shares adds three statements), shorten the prefixes, or shorten extraPolicyStatements`,
  ],
  [
    "c27-user-policy-size",
    `${DIR}/c27-user-policy-size.yaml:24:17 connection "big-elembio-user": credential: the IAM user's policy is 2,948 characters (whitespace not counted, as IAM counts), over IAM's limit of 2,048 characters for all of a user's inline policies together (by 900), so IAM would refuse it. Fix: use a role credential (type: role; a role's inline policies may have 10,240 characters), shorten the prefix (502 characters, in every ARN of the policy) or the bucket name, or turn off optional features of the connection`,
  ],
];

describe("the review's reproducers", () => {
  for (const [name, error] of REFUSED) {
    it(`${name}: refused with the fix`, () => {
      const result = load(name);
      assert.ok(!result.ok);
      assert.deepStrictEqual(result.errors.map(formatProblem), [error]);
    });
  }

  it("h1: 200 connections on one bucket load in linear time, with one overlap warning per connection, not per pair", () => {
    const started = process.hrtime.bigint();
    const result = load("h1-200-connections-one-bucket");
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    assert.ok(result.ok);
    assert.strictEqual(result.warnings.length, 199);
    // 20 KB of YAML: the budget is 1 s per 100 KB; a generous bound keeps a busy CI machine green.
    assert.ok(seconds < 2, `${seconds.toFixed(2)} s`);
  });
});
