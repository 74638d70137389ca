/**
 * What verify expects of Seqera's keys with an assumed role (docs/vendors/seqera.md §3.4): the role
 * with the S3 policy and a trust naming the user, and the user with its one AssumeRole policy.
 */
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { expectedFromPlan } from "../../live/expected";
import { runPlan } from "../../offline/run-plan";

const FILE = `version: 1
defaults: { region: us-east-1 }
buckets:
  lab-seqera: {}
connections:
  - name: nf-keys
    vendor: seqera
    bucket: lab-seqera
    credential: { type: user-with-role, externalId: 7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30 }
    dataExplorer: true
`;

describe("live: expected identities of a user-with-role credential", function () {
  this.timeout(60_000);
  it("expects the role with the S3 policy and the user with only its AssumeRole policy", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "expected-keys-"));
    try {
      writeFileSync(path.join(dir, "c.yaml"), FILE);
      const plan = await runPlan({ connectionsFile: path.join(dir, "c.yaml"), stack: "test" });
      const identities = expectedFromPlan(plan.resources).identities.map((i) => [i.kind, i.name, i.inlinePolicies.map((p) => p.name)]);
      assert.deepStrictEqual(identities, [
        ["user", "nf-keys-test", ["seqera-assume-role"]],
        ["role", "nf-keys-test", ["seqera-access"]],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
