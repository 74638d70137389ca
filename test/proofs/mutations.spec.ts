/**
 * The proofs can fail: each case edits one planned document the way a faulty builder (or a hand
 * edit) would, and asserts that exactly the requests whose answer changed are reported.
 */
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { runPlan, type PlannedResource } from "../../offline/run-plan";
import { connectionMatrix, type PlanForProof } from "../../proofs/matrix";
import { proveCases } from "../../proofs/prove";
import { describeMismatches, mismatchKeys } from "./helpers";

const FILE = `
version: 1
defaults: { region: us-east-1 }
buckets:
  proof-runs: { versioning: enabled }
  proof-ica: { versioning: disabled }
connections:
  - name: aviti
    vendor: element
    bucket: proof-runs
    prefix: runs/aviti
    credential: { type: role, externalId: lab-aviti-7f3a }
    sharedPrincipals:
      - arn: arn:aws:iam::111122223333:role/partner-reader
  - name: export
    vendor: prequel
    bucket: proof-runs
    prefix: exports
    credential: { type: role, subject: "103456789012345678901", audience: org_proof }
    onboarding: false
  - name: ica
    vendor: ica
    bucket: proof-ica
    prefix: ica/project
    credential: { type: role, roleSessionNamePrefix: a1b2c3d4 }
    crossAccount: copy
`;

type Statement = {
  Sid: string;
  Effect: string;
  Principal?: unknown;
  Action: string[];
  Resource?: string[];
  Condition?: Record<string, Record<string, unknown>>;
};
type Document = { Version: string; Statement: Statement[] };

describe("access proofs catch a widened or narrowed document", function () {
  this.timeout(60_000);
  let base: PlanForProof;

  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "proofs-"));
    try {
      const file = path.join(dir, "mutations.yaml");
      writeFileSync(file, FILE);
      const plan = await runPlan({ connectionsFile: file, stack: "ci" });
      assert.deepStrictEqual(plan.errors, []);
      base = { resources: plan.resources, model: plan.model! };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** A copy of the plan with one document edited. */
  function mutated(type: string, name: string, key: "policy" | "assumeRolePolicy", edit: (document: Document) => void): PlanForProof {
    const resources = structuredClone(base.resources) as PlannedResource[];
    const resource = resources.find((r) => r.type === type && r.name === name);
    assert.ok(resource, `no ${type} ${name} in the plan`);
    edit(resource.inputs[key] as Document);
    return { resources, model: base.model };
  }
  const statement = (document: Document, sid: string) => {
    const found = document.Statement.find((s) => s.Sid === sid);
    assert.ok(found, `no statement ${sid}`);
    return found;
  };
  const identity = (connection: string, edit: (document: Document) => void) => mutated("aws:iam/rolePolicy:RolePolicy", `${connection}-policy`, "policy", edit);
  const trust = (connection: string, edit: (document: Document) => void) => mutated("aws:iam/role:Role", `${connection}-role`, "assumeRolePolicy", edit);
  const bucketPolicy = (bucket: string, edit: (document: Document) => void) => mutated("aws:s3/bucketPolicy:BucketPolicy", `${bucket}-policy`, "policy", edit);

  async function mismatches(plan: PlanForProof, connection: string): Promise<string[]> {
    return mismatchKeys(
      await proveCases(
        connectionMatrix(
          plan,
          base.model.connections.find((c) => c.name === connection)!,
        ),
      ),
    );
  }

  it("every connection proves clean before any edit", async () => {
    for (const connection of base.model.connections) {
      const results = await proveCases(connectionMatrix(base, connection));
      assert.deepStrictEqual(mismatchKeys(results), [], describeMismatches(results));
    }
  });

  it("an upload statement widened to the whole bucket: the vendor can write outside its prefix", async () => {
    const plan = identity("aviti", (d) => (statement(d, "S3ObjectWrite").Resource = ["arn:aws:s3:::proof-runs/*"]));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), [
      "aviti | vendor role: s3:PutObject exports/x",
      "aviti | vendor role: s3:PutObject other/x",
      "aviti | vendor role: s3:PutObject runs/avitiEVIL/x",
      "aviti | vendor role: s3:PutObject x",
    ]);
  });

  it("a prefix without its slash (runs/aviti*): only the look-alike sibling gets through", async () => {
    const plan = identity("aviti", (d) => (statement(d, "S3ObjectWrite").Resource = ["arn:aws:s3:::proof-runs/runs/aviti*"]));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), ["aviti | vendor role: s3:PutObject runs/avitiEVIL/x"]);
  });

  it("the TLS-only statement dropped: every request without TLS is reported, and nothing else", async () => {
    const plan = bucketPolicy("proof-runs", (d) => (d.Statement = d.Statement.filter((s) => s.Sid !== "DenyInsecureTransport")));
    for (const connection of ["aviti", "export"]) {
      const found = await mismatches(plan, connection);
      const noTls = (
        await proveCases(
          connectionMatrix(
            base,
            base.model.connections.find((c) => c.name === connection)!,
          ),
        )
      ).filter((r) => r.what.endsWith("(no TLS)"));
      assert.ok(noTls.length > 0);
      assert.deepStrictEqual(found, noTls.map((r) => `${r.connection} | ${r.who}: ${r.what}`).sort(), connection);
    }
  });

  it("the s3:prefix condition dropped: the vendor can list the whole bucket", async () => {
    const plan = identity("aviti", (d) => delete statement(d, "S3ObjectListing").Condition);
    assert.deepStrictEqual(await mismatches(plan, "aviti"), [
      "aviti | vendor role: s3:ListBucket (no prefix)",
      "aviti | vendor role: s3:ListBucket prefix=other/",
      "aviti | vendor role: s3:ListBucket prefix=runs/aviti",
      "aviti | vendor role: s3:ListBucket prefix=runs/avitiEVIL/",
    ]);
  });

  it("a needed action dropped: the vendor's request is refused and reported", async () => {
    const plan = identity("aviti", (d) => (d.Statement = d.Statement.filter((s) => s.Sid !== "S3BucketLevelOperations")));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), ["aviti | vendor role: s3:GetBucketLocation bucket"]);
  });

  it("an action the vendor does not need added: reported as least privilege broken", async () => {
    const plan = identity("aviti", (d) => statement(d, "S3ObjectWrite").Action.push("s3:DeleteObject"));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), ["aviti | vendor role: s3:DeleteObject runs/aviti/run1/file.bcl"]);
  });

  it("the external ID condition dropped: Element's account assumes the role with any or no external ID", async () => {
    const plan = trust("aviti", (d) => delete statement(d, "ElementAssumeRole").Condition);
    assert.deepStrictEqual(await mismatches(plan, "aviti"), [
      "aviti | trust: sts:AssumeRole Element's account, no ExternalId",
      "aviti | trust: sts:AssumeRole Element's account, wrong ExternalId",
    ]);
  });

  it("a wildcard trusted principal: another account with the external ID assumes the role", async () => {
    const plan = trust("aviti", (d) => (statement(d, "ElementAssumeRole").Principal = { AWS: ["*"] }));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), ["aviti | trust: sts:AssumeRole another account, ExternalId=lab-aviti-7f3a"]);
  });

  it("sharing widened to the whole bucket: the shared principal reads outside the prefix", async () => {
    const plan = bucketPolicy("proof-runs", (d) => (statement(d, "AvitiSharedRead").Resource = ["arn:aws:s3:::proof-runs/*"]));
    assert.deepStrictEqual(await mismatches(plan, "aviti"), [
      "aviti | shared 111122223333:role/partner-reader: s3:GetObject exports/x",
      "aviti | shared 111122223333:role/partner-reader: s3:GetObject other/x",
      "aviti | shared 111122223333:role/partner-reader: s3:GetObject runs/avitiEVIL/x",
      "aviti | shared 111122223333:role/partner-reader: s3:GetObject x",
    ]);
  });

  it("a public statement added to the bucket policy: anonymous and other accounts are reported", async () => {
    const plan = bucketPolicy("proof-runs", (d) =>
      d.Statement.push({ Sid: "Public", Effect: "Allow", Principal: "*", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::proof-runs/*"] }),
    );
    const found = await mismatches(plan, "export");
    for (const expected of [
      "export | anonymous: s3:PutObject exports/run1/file.bcl",
      "export | another account: s3:PutObject exports/run1/file.bcl",
      "export | vendor role: s3:PutObject other/x",
    ]) {
      assert.ok(found.includes(expected), `${expected} not in\n${found.join("\n")}`);
    }
  });

  it("ICA's service-account condition dropped: any service account of the issuer assumes the role (Discovery-mode path)", async () => {
    const plan = trust("ica", (d) => {
      const like = statement(d, "IcaAssumeRoleWithWebIdentity").Condition!.StringLike;
      for (const key of Object.keys(like)) if (key.endsWith(":sub")) delete like[key];
    });
    assert.deepStrictEqual(await mismatches(plan, "ica"), [
      "ica | trust: sts:AssumeRoleWithWebIdentity another service account of ICA's namespace",
      "ica | trust: sts:AssumeRoleWithWebIdentity no subject",
      "ica | trust: sts:AssumeRoleWithWebIdentity service account of another namespace",
    ]);
  });

  it("ICA's audience check dropped: a token for another audience assumes the role", async () => {
    const plan = trust("ica", (d) => delete statement(d, "IcaAssumeRoleWithWebIdentity").Condition!.StringEquals);
    assert.deepStrictEqual(await mismatches(plan, "ica"), ["ica | trust: sts:AssumeRoleWithWebIdentity wrong audience"]);
  });

  it("ICA's session-name prefix reduced to a wildcard: sessions without the prefix assume the role", async () => {
    const plan = trust("ica", (d) => (statement(d, "IcaAssumeRoleWithWebIdentity").Condition!.StringLike["sts:RoleSessionName"] = "*"));
    assert.deepStrictEqual(await mismatches(plan, "ica"), ["ica | trust: sts:AssumeRoleWithWebIdentity session name without the prefix"]);
  });

  it("ICA's cross-account statement widened to the whole bucket: Illumina's role reaches outside the prefix", async () => {
    const plan = bucketPolicy("proof-ica", (d) => (statement(d, "IcaIcaCrossAccount").Resource = ["arn:aws:s3:::proof-ica/*"]));
    const found = await mismatches(plan, "ica");
    assert.ok(found.length > 0);
    assert.ok(
      found.every((m) => m.startsWith("ica | ICA cross-account role: ")),
      found.join("\n"),
    );
    assert.ok(found.includes("ica | ICA cross-account role: s3:PutObject other/x"), found.join("\n"));
    assert.ok(found.includes("ica | ICA cross-account role: s3:GetObject ica/projectEVIL/x"), found.join("\n"));
  });

  it("the data-sync organisation check dropped: another organisation's token assumes the role", async () => {
    const plan = trust("export", (d) => {
      const equals = statement(d, "DestinationAssumeRoleWithWebIdentity").Condition!.StringEquals;
      delete equals["accounts.google.com:oaud"];
    });
    assert.deepStrictEqual(await mismatches(plan, "export"), [
      "export | trust: sts:AssumeRoleWithWebIdentity another organisation (oaud)",
      "export | trust: sts:AssumeRoleWithWebIdentity no organisation (oaud)",
    ]);
  });

  it("a document the engine cannot read is reported, never passed", async () => {
    const plan = identity("aviti", (d) => delete statement(d, "S3ObjectWrite").Resource);
    const results = await proveCases(
      connectionMatrix(
        plan,
        base.model.connections.find((c) => c.name === "aviti")!,
      ),
    );
    const errors = results.filter((r) => r.verdict.decision === "Error");
    assert.ok(errors.length > 0);
    assert.ok(errors.every((r) => !r.ok));
    assert.match(errors[0].verdict.deciding[0], /Resource or NotResource is required/);
  });
});
