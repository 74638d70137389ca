/**
 * The offline plan: every connections file in the repository plans cleanly (the examples double
 * as tests), and the CLI keeps its contract (one JSON document, exit codes).
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { runCli } from "./harness";
import { ROOT, runPlan } from "../offline/run-plan";
import { connectionFiles } from "../cli/command-line";
import { exitCode } from "../cli/plan";

describe("npm run plan", () => {
  const files = connectionFiles(path.join(ROOT, "connections"));

  it("finds the example files", () => {
    assert.ok(files.some((f) => f.endsWith(path.join("connections", "example.yaml"))));
  });

  for (const file of files) {
    const relative = path.relative(ROOT, file);
    describe(relative, () => {
      it("references the editor schema", () => {
        const schemaPath = path.relative(path.dirname(file), path.join(ROOT, "connections", "schema.json"));
        const expected = `# yaml-language-server: $schema=${schemaPath.startsWith(".") ? schemaPath : `./${schemaPath}`}`;
        assert.strictEqual(readFileSync(file, "utf8").split("\n")[0], expected);
      });

      it("plans with no errors and no violations", async () => {
        const plan = await runPlan({ connectionsFile: file, stack: "ci" });
        assert.deepStrictEqual(plan.errors, []);
        assert.deepStrictEqual(plan.violations, []);
        assert.ok(plan.connections.length > 0);
        assert.strictEqual(exitCode(plan), 0);
        // One ConnectedBucket per bucket and one VendorAccess per connection.
        assert.strictEqual(plan.resources.filter((r) => r.type === "vendor-connections:index:VendorAccess").length, plan.connections.length);
        assert.strictEqual(
          plan.resources.filter((r) => r.type === "vendor-connections:index:ConnectedBucket").length,
          new Set(plan.connections.map((c) => c.bucket)).size,
        );
      });
    });
  }

  it("plans the example as a preview: AWS-computed values are unknown, known inputs are shown", async () => {
    const plan = await runPlan({ connectionsFile: path.join(ROOT, "connections", "example.yaml"), stack: "example" });
    const role = plan.connections.find((c) => c.name === "aviti-runs")!;
    assert.deepStrictEqual(role.handoff, {
      vendor: "element",
      storageName: "aviti-runs",
      bucketName: "lab-runs-example",
      region: "us-east-1",
      prefix: "runs/aviti",
      credentialType: "Role",
      roleArn: "[known after apply]",
      externalId: "lab-aviti-7f3a",
    });
    const policy = plan.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "aviti-runs-policy")!;
    assert.strictEqual((policy.inputs.policy as any).Version, "2012-10-17", "policy documents appear parsed");
    const bucket = plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!;
    assert.strictEqual(bucket.protect, true);
    assert.strictEqual(bucket.retainOnDelete, true);
    assert.strictEqual(bucket.parent, plan.resources.find((r) => r.type === "vendor-connections:index:ConnectedBucket")!.urn);
  });

  it("says in words what it could not check of an adopted bucket, and imports only the bucket offline", async () => {
    const plan = await runPlan({ connectionsFile: path.join(ROOT, "test", "fixtures", "valid", "adopted-bucket.yaml"), stack: "ci" });
    assert.deepStrictEqual(plan.errors, []);
    assert.strictEqual(plan.notices.length, 1);
    assert.match(plan.notices[0], /^bucket "lab-legacy-runs" is adopted: offline, this plan cannot read it, so it has not checked what applying would remove/);
    assert.strictEqual(plan.resources.find((r) => r.type === "aws:s3/bucket:Bucket")!.import, "lab-legacy-runs");
    // Which configurations exist is unknown offline: none is imported, the notice says the preview decides.
    assert.deepStrictEqual(
      plan.resources.filter((r) => r.import !== undefined).map((r) => r.type),
      ["aws:s3/bucket:Bucket"],
    );
  });

  it("--json prints exactly one JSON document with the contract's keys, and exits 0", () => {
    const { status, stdout } = runCli("plan", ["--json"]);
    assert.strictEqual(status, 0);
    const plan = JSON.parse(stdout);
    assert.deepStrictEqual(Object.keys(plan), ["connections", "resources", "violations", "errors", "warnings", "notices"]);
    assert.deepStrictEqual(Object.keys(plan.connections[0]), ["name", "vendor", "bucket", "prefix", "region", "credential", "handoff"]);
    assert.deepStrictEqual(
      Object.keys(plan.resources[0]).filter((k) => k !== "urn" && k !== "parent" && k !== "import"),
      ["type", "name", "inputs", "protect", "retainOnDelete"],
    );
    const secret = plan.connections.find((c: any) => c.credential === "user").handoff.secretKey;
    assert.strictEqual(secret, "[known after apply]");
  });

  it("exits 2 on invalid input and reports every problem with file, line and column, planning nothing", () => {
    const { status, stdout } = runCli("plan", ["--json", "--connections", "test/fixtures/invalid/unknown-vendor.yaml"]);
    assert.strictEqual(status, 2);
    const plan = JSON.parse(stdout);
    assert.deepStrictEqual(plan.resources, []);
    assert.deepStrictEqual(plan.connections, []);
    assert.ok(plan.errors.length > 0);
    for (const error of plan.errors) assert.deepStrictEqual(Object.keys(error), ["severity", "file", "line", "column", "path", "message"]);
  });

  it("prints the plan for a person: connections, resources per bucket, documents and hand-off", () => {
    const { status, stdout, stderr } = runCli("plan", []);
    assert.strictEqual(status, 0, stderr);
    assert.match(stdout, /^Plan for connections\/example\.yaml: 2 connection\(s\), 11 AWS resource\(s\)$/m);
    assert.match(stdout, /^Bucket lab-runs-example$/m);
    assert.match(stdout, /^ {2}\+ aws:s3\/bucket:Bucket {2}lab-runs-example {2}\[protect, retainOnDelete\]$/m);
    assert.match(stdout, /"Sid":"DenyInsecureTransport"/);
    assert.match(stdout, /"roleArn": "\[known after apply\]"/);
    assert.match(stdout, /^Policy violations: none$/m);
  });
});
