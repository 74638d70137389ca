/**
 * The plan command as a reviewer uses it: `--base` on a real git history, `--stack` resolved as the
 * program resolves it, the formats, and failures as one line.
 */
import * as assert from "assert";
import { execFileSync } from "child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "./harness";
import { jsonErrorPosition, ROOT } from "../offline/run-plan";
import { BadInput, stackConnectionsFile } from "../cli/command-line";
import { accessChangeLines } from "../offline/diff-lines";
import type { AccessDiff } from "../offline/access-diff";

const ICA_OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE";
const ICA_ISSUER = "oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE";

/** The done check: a new ICA connection with cross-account copy, an Element prefix moved, a shared principal removed. */
function changeProd(text: string): string {
  const shared = "    sharedPrincipals:\n      - arn: arn:aws:iam::111122223333:role/partner-reader\n        description: Partner lab (read-only)\n";
  assert.ok(text.includes(shared) && text.includes("prefix: aviti/2024"), "connections/prod.yaml still has what the test changes");
  return `${text.replace(shared, "").replace("prefix: aviti/2024", "prefix: aviti/2025")}  - name: ica-secondary
    vendor: ica
    bucket: lab-runs-prod
    prefix: ica/secondary
    credential:
      type: role
      roleSessionNamePrefix: 1a2b3c4d5e
    crossAccount: copy
`;
}

describe("npm run plan -- --base", function () {
  this.timeout(120_000);
  const repo = mkdtempSync(path.join(os.tmpdir(), "plan-base-"));
  const file = path.join(repo, "connections", "prod.yaml");
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, encoding: "utf8" });

  before(() => {
    mkdirSync(path.dirname(file));
    copyFileSync(path.join(ROOT, "connections", "prod.yaml"), file);
    git("init", "-q");
    git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "--allow-empty", "-m", "empty");
    git("add", ".");
    git("-c", "user.name=test", "-c", "user.email=test@example.com", "commit", "-q", "-m", "prod");
    writeFileSync(file, changeProd(readFileSync(file, "utf8")));
  });

  it("names exactly the grants and revokes of the change, and nothing else", () => {
    const { status, stdout, stderr } = runCli("plan", ["--connections", file, "--stack", "prod", "--base", "HEAD", "--format", "json"]);
    assert.strictEqual(status, 0, stderr);
    const diff = (JSON.parse(stdout) as { diff: AccessDiff }).diff;
    assert.deepStrictEqual(accessChangeLines(diff), [
      "arn:aws:iam::079623148045:role/ica_use1_crossacct: + s3:AbortMultipartUpload, s3:GetObject, s3:GetObjectVersion, s3:ListMultipartUploadParts, s3:PutObject on s3://lab-runs-prod/ica/secondary/*",
      "arn:aws:iam::111122223333:role/partner-reader: - s3:GetBucketLocation on s3://lab-runs-prod",
      'arn:aws:iam::111122223333:role/partner-reader: - s3:ListBucket on s3://lab-runs-prod under StringLike s3:prefix "runs/aviti/*"',
      "arn:aws:iam::111122223333:role/partner-reader: - s3:GetObject on s3://lab-runs-prod/runs/aviti/*",
      'aviti-archive (Element role): - s3:ListBucket on s3://lab-archive-prod under StringLike s3:prefix "aviti/2024/*"',
      "aviti-archive (Element role): - s3:PutObject on s3://lab-archive-prod/aviti/2024/*",
      "aviti-archive (Element role): + s3:PutObject on s3://lab-archive-prod/aviti/2025/*",
      'aviti-archive (Element role): + s3:ListBucket on s3://lab-archive-prod under StringLike s3:prefix "aviti/2025/*"',
      `ica-secondary (ICA role): + may now be assumed by ${ICA_OIDC} (Federated) (sts:AssumeRoleWithWebIdentity) under StringEquals ${ICA_ISSUER}:aud "sts.amazonaws.com" and StringLike ${ICA_ISSUER}:sub "system:serviceaccount:use1:irsa-use1-gds*" and StringLike sts:RoleSessionName "1a2b3c4d5e-*"`,
      "ica-secondary (ICA role): + kms:Decrypt, kms:Encrypt, kms:GenerateDataKey on arn:aws:kms:us-east-1:123456789012:key/7d2c9a4e-1b3f-4e5a-9c8d-0f1e2d3c4b5a",
      "ica-secondary (ICA role): + s3:DeleteObject, s3:DeleteObjectVersion, s3:GetObject, s3:GetObjectVersion, s3:PutObject, s3:RestoreObject on s3://lab-runs-prod/ica/secondary/*",
      "ica-secondary (ICA role): + s3:GetBucketLocation, s3:GetBucketNotification, s3:GetBucketVersioning, s3:ListBucket, s3:ListBucketVersions, s3:PutBucketNotification on s3://lab-runs-prod",
    ]);
    assert.deepStrictEqual(
      diff.resources.map((r) => `${r.change} ${r.name}`),
      ["create ica-secondary-policy", "create ica-secondary-role", "update aviti-archive-policy", "update lab-runs-prod-policy"],
    );
    assert.deepStrictEqual(
      diff.handoff.filter((h) => h.connection !== "ica-secondary"),
      [{ connection: "aviti-archive", field: "prefix", before: "aviti/2024", after: "aviti/2025" }],
    );
    assert.strictEqual(diff.newWarnings.length, 1);
    assert.match(diff.newWarnings[0], /^connection "ica-secondary": crossAccount: cross-account copy on an SSE-KMS bucket/);
  });

  it("puts the diff first in the Markdown report", () => {
    const { status, stdout } = runCli("plan", ["--connections", file, "--stack", "prod", "--base", "HEAD", "--format", "markdown"]);
    assert.strictEqual(status, 0);
    const lines = stdout.split("\n");
    assert.strictEqual(lines[0], "### Plan of stack `prod`");
    assert.strictEqual(lines[4], "#### Changes since `HEAD`");
    assert.ok(stdout.indexOf("aviti-archive (Element role): - s3:PutObject") < stdout.indexOf("<details>"));
  });

  it("plans a file that did not exist at the base as all new, and refuses a ref that names no commit", () => {
    const added = runCli("plan", ["--connections", file, "--stack", "prod", "--base", "HEAD~1", "--format", "json"]);
    const diff = (JSON.parse(added.stdout) as { diff: AccessDiff }).diff;
    assert.deepStrictEqual([diff.revoked.length, diff.granted.length > 0], [0, true]);
    const bad = runCli("plan", ["--connections", file, "--base", "no-such-ref"]);
    assert.strictEqual(bad.status, 2);
    assert.strictEqual(
      bad.stderr,
      `plan: --base no-such-ref: no such commit in ${git("rev-parse", "--show-toplevel").trim()}. Fix: name a branch, tag or commit (git log --oneline shows them)\n`,
    );
  });
});

describe("npm run plan -- --stack, formats and failures", function () {
  this.timeout(60_000);

  it("resolves a stack's connections file as the program does", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "stacks-"));
    writeFileSync(path.join(root, "Pulumi.custom.yaml"), "config:\n  vendor-connections:connectionsFile: elsewhere/custom.yaml\n");
    writeFileSync(path.join(root, "Pulumi.plain.yaml"), "config:\n  aws:region: us-east-1\n");
    mkdirSync(path.join(root, "connections"));
    writeFileSync(path.join(root, "connections", "plain.yaml"), "version: 1\n");
    writeFileSync(path.join(root, "connections", "bare.yaml"), "version: 1\n");
    assert.strictEqual(stackConnectionsFile("custom", root), path.join(root, "elsewhere", "custom.yaml"));
    assert.strictEqual(stackConnectionsFile("plain", root), path.join(root, "connections", "plain.yaml"));
    assert.strictEqual(stackConnectionsFile("bare", root), path.join(root, "connections", "bare.yaml"));
    assert.throws(
      () => stackConnectionsFile("nope", root),
      (e: Error) =>
        e instanceof BadInput &&
        e.message ===
          'stack "nope" has no settings file (Pulumi.nope.yaml) and no connections file (connections/nope.yaml); stacks here: custom, plain. Fix: name one of them, or create connections/nope.yaml',
    );
  });

  it("plans connections/prod.yaml for --stack prod, with the stack and physical names shown", () => {
    const { status, stdout } = runCli("plan", ["--stack", "prod"]);
    assert.strictEqual(status, 0);
    assert.match(stdout, /^Stack prod\nPlan for connections\/prod\.yaml: 5 connection\(s\)/);
    assert.match(stdout, /^ {2}\+ aws:iam\/role:Role {2}aviti-runs-role {2}\(aviti-runs-prod\)$/m);
    assert.ok(stdout.indexOf("Read before applying") < stdout.indexOf("Bucket lab-archive-prod"), "the notice comes before the policy it points to");
  });

  it("refuses a stack with no files, in one line", () => {
    const { status, stdout, stderr } = runCli("plan", ["--stack", "nope"]);
    assert.deepStrictEqual([status, stdout, stderr.split("\n").length], [2, "", 2]);
    assert.match(
      stderr,
      /^plan: stack "nope" has no settings file \(Pulumi\.nope\.yaml\) and no connections file \(connections\/nope\.yaml\); stacks here: dev, prod\./,
    );
  });

  const failures: { args: string[]; status: number; stderr: string }[] = [
    { args: ["--program", "no-such-program.ts"], status: 3, stderr: "plan failed: --program no-such-program.ts: no such file\n" },
    {
      args: ["--connections", "connections/prod.yaml", "--base-file", "no-such-base.yaml"],
      status: 2,
      stderr: "plan: --base-file no-such-base.yaml: no such file\n",
    },
    {
      args: ["--connections", "connections/prod.yaml", "--base-file", "test/fixtures/invalid/adopt-not-boolean.yaml"],
      status: 3,
      stderr: "plan failed: the base version (test/fixtures/invalid/adopt-not-boolean.yaml) has 1 problem(s), so there is nothing to compare with: ",
    },
  ];
  for (const row of failures) {
    it(`fails in one line with exit ${row.status}: ${row.args.join(" ")}`, () => {
      const { status, stdout, stderr } = runCli("plan", row.args);
      assert.deepStrictEqual({ status, stdout, stderr: stderr.slice(0, row.stderr.length) }, { status: row.status, stdout: "", stderr: row.stderr });
      assert.strictEqual(stderr.split("\n").length, 2, `one line: ${stderr}`);
    });
  }

  it("prints only the JSON document on stdout, with the diff under `diff`", () => {
    const { status, stdout } = runCli("plan", ["--stack", "prod", "--json", "--base-file", "connections/prod.yaml"]);
    assert.strictEqual(status, 0);
    const document = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepStrictEqual(Object.keys(document), ["connections", "resources", "violations", "errors", "warnings", "notices", "diff"]);
    assert.deepStrictEqual(document.diff, { granted: [], revoked: [], resources: [], handoff: [], newWarnings: [], newViolations: [] });
  });

  it("reports a malformed --policy-pack-config at its line and column", () => {
    const rows = [
      { text: '{\n  "a": "advisory",\n}\n', at: { line: 3, column: 1 } },
      { text: '{\n  "a": tru }\n', at: { line: 2, column: 11 } },
      { text: '{\n  "a":', at: { line: 2, column: 7 } },
      { text: '{\n  "a": 1 } x', at: { line: 2, column: 12 } },
    ];
    for (const row of rows) {
      let message = "";
      try {
        JSON.parse(row.text);
      } catch (e) {
        message = (e as Error).message;
      }
      assert.deepStrictEqual(jsonErrorPosition(row.text, message), row.at, row.text);
    }
    const config = path.join(mkdtempSync(path.join(os.tmpdir(), "config-")), "config.json");
    writeFileSync(config, rows[1].text);
    const { status, stdout } = runCli("plan", ["--policy-pack-config", config]);
    assert.strictEqual(status, 2);
    assert.ok(stdout.includes(`${config}:2:11 the policy pack config is not JSON: `), stdout);
  });
});
