/**
 * Access proofs of every connections file in the repository (the examples double as proofs), and
 * the `npm run prove` contract: the table, `--json`, and the exit codes.
 */
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runCli } from "../harness";
import { resultsJson } from "../../cli/prove";
import { ROOT } from "../../offline/run-plan";
import { connectionFiles } from "../../cli/command-line";
import { proveFile, summarize } from "../../proofs/prove";
import { describeMismatches, unprovedNeeds } from "./helpers";

describe("access proofs of the connections files", function () {
  this.timeout(120_000);
  const files = connectionFiles(path.join(ROOT, "connections"));

  it("finds every example file, the nested ones included", () => {
    assert.ok(files.some((f) => f.endsWith(path.join("connections", "example.yaml"))));
    assert.ok(files.some((f) => f.includes(`${path.sep}examples${path.sep}`)));
  });

  for (const file of files) {
    const relative = path.relative(ROOT, file);
    it(`${relative}: every request answers as expected, with a full matrix per connection`, async () => {
      const proof = await proveFile(file, "ci");
      assert.ok(proof.ok, `${relative} does not plan`);
      if (!proof.ok) return;
      assert.strictEqual(proof.results.filter((r) => !r.ok).length, 0, describeMismatches(proof.results));
      const summary = summarize(proof.results);
      assert.deepStrictEqual(
        summary.map((s) => s.connection),
        proof.plan.model.connections.map((c) => c.name),
        "every connection is proved",
      );
      for (const connection of proof.plan.model.connections) {
        assert.deepStrictEqual(unprovedNeeds(proof.plan.model, connection, proof.results), [], `${connection.name}: needed actions no request asks for`);
      }
      // Both answers occur for every connection: a matrix that only allows (or only refuses) proves little.
      for (const connection of proof.plan.model.connections) {
        const mine = proof.results.filter((r) => r.connection === connection.name);
        assert.ok(mine.some((r) => r.expected === "allow") && mine.some((r) => r.expected === "deny"), connection.name);
      }
    });
  }
});

describe("npm run prove", function () {
  this.timeout(60_000);

  it("prints one line per request and a summary, and exits 0 when everything is as expected", () => {
    const { status, stdout, stderr } = runCli("prove", []);
    assert.strictEqual(status, 0, stderr);
    assert.match(stdout, /^Access proofs for connections\/example\.yaml: \d+ request\(s\), 0 mismatch\(es\)$/m);
    assert.match(stdout, /^connection +request +expected +verdict$/m);
    assert.match(stdout, /^aviti-runs +vendor role: s3:PutObject runs\/aviti\/run1\/file\.bcl +allow +Allowed$/m);
    assert.match(stdout, /^aviti-runs +vendor role: s3:PutObject runs\/avitiEVIL\/x +deny +ImplicitlyDenied$/m);
    assert.match(stdout, /^aviti-runs +anonymous: s3:PutObject runs\/aviti\/run1\/file\.bcl +deny +ImplicitlyDenied$/m);
    assert.match(stdout, /^ {2}aviti-satellite +\d+ request\(s\), 0 mismatch\(es\)$/m);
  });

  it("--json reports every result with its verdict, deciding statements and request", async () => {
    const proof = await proveFile(path.join(ROOT, "connections", "examples", "prequel.yaml"), "ci");
    assert.ok(proof.ok);
    if (!proof.ok) return;
    const report = resultsJson(proof.results, "connections/examples/prequel.yaml");
    assert.deepStrictEqual(Object.keys(report), ["file", "requests", "mismatches", "connections", "results"]);
    assert.strictEqual(report.mismatches, 0);
    assert.strictEqual(report.results.length, report.requests);
    const trust = report.results.find((r) => r.who === "trust" && r.expected === "allow")!;
    assert.strictEqual(trust.request.action, "sts:AssumeRoleWithWebIdentity");
    assert.strictEqual(trust.verdict, "Allowed");
    assert.deepStrictEqual(trust.deciding, ["trust policy of billing-export-ci: DestinationAssumeRoleWithWebIdentity"]);
  });

  it("exits 1 and shows the deciding statement when an answer differs: a hand-written statement lets a shared principal write", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prove-"));
    try {
      const file = path.join(dir, "shared-write.yaml");
      writeFileSync(
        file,
        [
          "version: 1",
          "defaults: { region: us-east-1 }",
          "buckets:",
          "  lab-runs:",
          "    extraPolicyStatements:",
          "      - Sid: PartnerWrites",
          "        Effect: Allow",
          '        Principal: { AWS: "arn:aws:iam::111122223333:role/partner-reader" }',
          "        Action: s3:PutObject",
          '        Resource: "arn:aws:s3:::lab-runs/*"',
          "connections:",
          "  - name: aviti-runs",
          "    vendor: element",
          "    bucket: lab-runs",
          "    prefix: runs/aviti",
          "    credential: { type: role, externalId: lab-aviti-7f3a }",
          "    sharedPrincipals:",
          "      - arn: arn:aws:iam::111122223333:role/partner-reader",
          "",
        ].join("\n"),
      );
      const { status, stdout } = runCli("prove", ["--connections", file, "--mismatches"]);
      assert.strictEqual(status, 1, stdout);
      assert.match(stdout, /: \d+ request\(s\), 1 mismatch\(es\)$/m);
      assert.match(
        stdout,
        /^aviti-runs +shared 111122223333:role\/partner-reader: s3:PutObject runs\/aviti\/run1\/file\.bcl +deny +Allowed +<- .*bucket policy of lab-runs: PartnerWrites/m,
      );
      // --mismatches leaves out the requests that answered as expected.
      assert.doesNotMatch(stdout, / allow +Allowed$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 on invalid input and proves nothing; with --json, one document with the errors", () => {
    const { status, stdout } = runCli("prove", ["--json", "--connections", "test/fixtures/invalid/unknown-vendor.yaml"]);
    assert.strictEqual(status, 2);
    const report = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(report), ["file", "errors"]);
    assert.ok(report.errors.length > 0);
    assert.deepStrictEqual(Object.keys(report.errors[0]), ["severity", "file", "line", "column", "path", "message"]);
  });
});
