/**
 * Keys with an assumed role (docs/vendors/seqera.md §3.4), proved on the planned documents: the
 * connection's user may assume the role only with the external ID, the role has Seqera's S3 access,
 * and the user alone has none.
 */
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { proveFile, type ProofResult } from "../../proofs/prove";

const ID = "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30";
const FILE = `version: 1
defaults: { region: us-east-1 }
buckets:
  lab-seqera: {}
  lab-seqera-first: {}
connections:
  - name: nf-keys
    vendor: seqera
    bucket: lab-seqera
    prefix: explorer
    credential: { type: user-with-role, externalId: ${ID} }
    dataExplorer: true
  - name: nf-first
    vendor: seqera
    bucket: lab-seqera-first
    credential: { type: user-with-role }
    workDirectory: { computeRegion: us-east-1 }
`;

describe("access proofs: Seqera keys with an assumed role", function () {
  this.timeout(120_000);
  let results: ProofResult[] = [];
  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "proofs-seqera-keys-"));
    try {
      writeFileSync(path.join(dir, "seqera.yaml"), FILE);
      const proof = await proveFile(path.join(dir, "seqera.yaml"), "test");
      assert.ok(proof.ok, "the file plans");
      if (proof.ok) results = proof.results;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("every case answers as expected", () => {
    assert.ok(results.length > 0);
    assert.deepStrictEqual(
      results.filter((r) => !r.ok).map((r) => `${r.connection} ${r.who} ${r.what}`),
      [],
    );
  });

  const table: [connection: string, who: string, what: string, decision: string][] = [
    ["nf-keys", "trust", `sts:AssumeRole the connection's user, ExternalId=${ID}`, "Allowed"],
    ["nf-keys", "trust", "sts:AssumeRole the connection's user, wrong ExternalId", "ImplicitlyDenied"],
    ["nf-keys", "trust", "sts:AssumeRole the connection's user, no ExternalId", "ImplicitlyDenied"],
    ["nf-keys", "trust", `sts:AssumeRole Seqera's platform role, ExternalId=${ID}`, "ImplicitlyDenied"],
    ["nf-keys", "trust", `sts:AssumeRole another account's user, ExternalId=${ID}`, "ImplicitlyDenied"],
    ["nf-keys", "keys' user", "s3:GetObject explorer/run1/file.bcl", "ImplicitlyDenied"],
    ["nf-keys", "keys' user", "s3:PutObject explorer/run1/file.bcl", "ImplicitlyDenied"],
    ["nf-keys", "keys' user", "s3:ListBucket prefix=explorer", "ImplicitlyDenied"],
    ["nf-first", "trust", "sts:AssumeRole the connection's user, ExternalId=any-generated-id", "ImplicitlyDenied"],
    ["nf-first", "keys' user", "s3:GetObject file.bcl", "ImplicitlyDenied"],
    ["nf-first", "keys' user", "s3:ListBucket (no prefix)", "ImplicitlyDenied"],
  ];
  for (const [connection, who, what, decision] of table) {
    it(`${connection}: ${who} ${what} -> ${decision}`, () => {
      const found = results.filter((r) => r.connection === connection && r.who === who && r.what.startsWith(what));
      assert.ok(
        found.length > 0,
        `no case ${who} ${what}; have ${results
          .filter((r) => r.connection === connection && r.who === who)
          .map((r) => r.what)
          .join("; ")}`,
      );
      for (const r of found) assert.strictEqual(r.verdict.decision, decision, r.what);
    });
  }

  it("the role's session reads and writes under the prefix, as Seqera's role credential does", () => {
    const role = results.filter((r) => r.connection === "nf-keys" && r.who === "vendor role" && r.expected === "allow");
    const actions = new Set(role.map((r) => r.what.split(" ")[0]));
    for (const action of ["s3:GetObject", "s3:PutObject", "s3:ListBucket"]) assert.ok(actions.has(action), `${action} in ${[...actions].join(", ")}`);
    assert.ok(role.every((r) => r.verdict.decision === "Allowed"));
  });
});
