/**
 * adopt against moto_server: a bucket with a foreign statement, a statement without Sid and a CORS
 * rule is written into a connections file whose plan keeps them all; once the planned resources
 * exist, verify matches, and a statement added behind the program's back is reported. ACL grants
 * to others are refused.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { copyFileSync, readFileSync, writeFileSync } from "fs";
import * as path from "path";
import { CreateBucketCommand, PutBucketAclCommand, PutBucketCorsCommand, PutBucketPolicyCommand, PutBucketTaggingCommand } from "@aws-sdk/client-s3";
import { parse, parseDocument } from "yaml";
import { awsAdoptedBucketReader } from "../../account/bucket-configuration";
import { expectedFromPlan } from "../../live/expected";
import { exitCodeOf, verifyStack } from "../../live/verify";
import { MOCK_ACCOUNT_ID, startMockEngine } from "../../offline/mock-engine";
import { ROOT, runPlan, runProgram } from "../../offline/run-plan";
import { createPlanned } from "./fixture";
import { useMoto } from "./moto";

const BUCKET = "lab-legacy-runs";
const PARTNER = {
  Sid: "PartnerRead",
  Effect: "Allow",
  Principal: { AWS: "arn:aws:iam::111122223333:root" },
  Action: "s3:GetObject",
  Resource: `arn:aws:s3:::${BUCKET}/shared/*`,
};
const NO_SID = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:role/reader" }, Action: "s3:ListBucket", Resource: `arn:aws:s3:::${BUCKET}` };
const CORS = { AllowedMethods: ["GET"], AllowedOrigins: ["https://viewer.lab.example"], AllowedHeaders: ["*"], MaxAgeSeconds: 600 };

describe("adopt against moto_server", function () {
  this.timeout(120_000);
  const suite = useMoto("adopt-");

  const adopt = (file: string, ...args: string[]) => {
    const env = suite.childEnv();
    return spawnSync(process.execPath, ["-r", "./offline/register.js", "cli/adopt.ts", "--bucket", BUCKET, "--connections", file, "--stack", "dev", ...args], {
      cwd: ROOT,
      env,
      encoding: "utf8",
    });
  };
  const s3 = () => suite.clients.s3("us-east-1");

  it("writes an entry whose plan keeps the foreign statements and the CORS rule; verify then matches, and reports a later addition", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [PARTNER, NO_SID] }) }));
    await s3().send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [CORS] } }));
    await s3().send(new PutBucketTaggingCommand({ Bucket: BUCKET, Tagging: { TagSet: [{ Key: "owner", Value: "core-lab" }] } }));
    const file = path.join(suite.dir, "dev.yaml");
    copyFileSync(path.join(ROOT, "connections", "dev.yaml"), file);
    const before = readFileSync(file, "utf8");

    const result = adopt(file, "--write");
    assert.strictEqual(result.status, 0, result.stderr);
    assert.strictEqual(result.stderr, "");
    assert.match(result.stdout, /^  policy Sid "PartnerRead": kept in extraPolicyStatements$/m);
    assert.match(result.stdout, /^  policy statement without Sid .*: kept in extraPolicyStatements as Sid "AdoptedStatement1"$/m);
    assert.match(result.stdout, /^  CORS rule .*: kept in extraCorsRules$/m);
    const after = readFileSync(file, "utf8");
    // The file's comments and existing entries are untouched: the old text is still there, line for line.
    assert.ok(after.startsWith(before.slice(0, before.indexOf("connections:"))), after);
    assert.ok(after.includes("# The dev stack (Pulumi.dev.yaml)"));
    const entry = parse(after).buckets[BUCKET];
    assert.deepStrictEqual(entry.extraPolicyStatements, [PARTNER, { ...NO_SID, Sid: "AdoptedStatement1" }]);
    assert.deepStrictEqual(entry.extraCorsRules, [
      { allowedMethods: ["GET"], allowedOrigins: ["https://viewer.lab.example"], allowedHeaders: ["*"], maxAgeSeconds: 600 },
    ]);
    assert.deepStrictEqual(entry.tags, { owner: "core-lab" });
    assert.strictEqual(entry.adopt, true);

    const plan = await runPlan({ connectionsFile: file, stack: "dev" });
    assert.deepStrictEqual(plan.errors, []);
    const expected = expectedFromPlan(plan.resources);
    const adopted = expected.buckets.find((b) => b.name === BUCKET)!;
    const sids = (adopted.policy as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
    assert.deepStrictEqual(sids, ["AdoptedStatement1", "DenyInsecureTransport", "PartnerRead"]);
    assert.ok(adopted.cors.some((r) => r.allowedOrigins.includes("https://viewer.lab.example")));

    await createPlanned(suite.clients, expected, [BUCKET]);
    const verify = () =>
      verifyStack({ clients: suite.clients, stack: "dev", resources: plan.resources, connections: plan.connections, mockAccount: MOCK_ACCOUNT_ID });
    const clean = await verify();
    assert.deepStrictEqual(
      clean.findings.filter((f) => f.status === "mismatch"),
      [],
    );
    assert.strictEqual(exitCodeOf(clean), 0);

    const added = {
      Sid: "VendorManageDataAccess",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::444455556666:root" },
      Action: "s3:*",
      Resource: `arn:aws:s3:::${BUCKET}/*`,
    };
    await s3().send(
      new PutBucketPolicyCommand({
        Bucket: BUCKET,
        Policy: JSON.stringify({ ...(adopted.policy as object), Statement: [...(adopted.policy as { Statement: unknown[] }).Statement, added] }),
      }),
    );
    const drifted = await verify();
    assert.deepStrictEqual(
      drifted.findings.filter((f) => f.status === "mismatch").map((f) => `${f.subject}: ${f.detail}`),
      [`bucket ${BUCKET}: extra in AWS: Sid "VendorManageDataAccess"`],
    );
    assert.strictEqual(exitCodeOf(drifted), 1);
  });

  it("the program reads the bucket at preview: it stops on what the file does not keep, then imports what exists once adopt wrote the entry", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3().send(new PutBucketPolicyCommand({ Bucket: BUCKET, Policy: JSON.stringify({ Version: "2012-10-17", Statement: [PARTNER, NO_SID] }) }));
    await s3().send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: [CORS] } }));
    const readAdoptedBucket = awsAdoptedBucketReader({ endpoint: suite.moto.endpoint });
    const preview = async (file: string) => {
      const engine = startMockEngine({ stack: "dev", preview: true, config: { "vendor-connections:connectionsFile": file, "aws:region": "us-east-1" } });
      // The first adoption: no earlier update recorded what the program applied.
      await runProgram(path.join(ROOT, "index.ts"), { readAdoptedBucket, readAppliedRecord: async () => undefined });
      await engine.settle();
      return engine.resources;
    };

    // Adopted by hand, with nothing kept: every statement and the rule would be lost.
    const byHand = path.join(suite.dir, "by-hand.yaml");
    const document = parseDocument(readFileSync(path.join(ROOT, "connections", "dev.yaml"), "utf8"));
    document.setIn(["buckets", BUCKET], document.createNode({ adopt: true, region: "us-east-1", versioning: "disabled" }));
    writeFileSync(byHand, document.toString());
    await assert.rejects(preview(byHand), (e: Error) => {
      const lines = e.message.split("\n");
      assert.strictEqual(lines[0], `${byHand} has 3 problem(s):`);
      assert.match(lines[1], /its live bucket policy has Sid "PartnerRead", which the file neither keeps nor drops/);
      assert.match(lines[2], /its live bucket policy has statement without Sid .*, or add "sha256:[0-9a-f]{16}" to dropStatements$/);
      assert.match(lines[3], /its live CORS configuration has the rule \{"allowedMethods":\["GET"\],"allowedOrigins":\["https:\/\/viewer\.lab\.example"\]/);
      return true;
    });

    const file = path.join(suite.dir, "adopted.yaml");
    copyFileSync(path.join(ROOT, "connections", "dev.yaml"), file);
    assert.strictEqual(adopt(file, "--write").status, 0);
    const resources = await preview(file);
    const importOf = (type: string) => resources.find((r) => r.type === type && r.name.startsWith(BUCKET))?.importId;
    assert.strictEqual(importOf("aws:s3/bucketPolicy:BucketPolicy"), BUCKET);
    assert.strictEqual(importOf("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration"), BUCKET);
    assert.strictEqual(resources.filter((r) => r.type === "aws:s3/bucketVersioning:BucketVersioning" && r.name.startsWith(BUCKET)).length, 0);
  });

  it("prints the entry of a bucket with no policy, keeping nothing, and writes nothing without --write", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    const file = path.join(suite.dir, "print.yaml");
    copyFileSync(path.join(ROOT, "connections", "dev.yaml"), file);
    const result = adopt(file);
    assert.strictEqual(result.status, 0, result.stderr);
    assert.match(result.stdout, /^  policy: none on the bucket, nothing to keep$/m);
    assert.match(
      result.stdout,
      /^buckets:\n  lab-legacy-runs:\n    adopt: true\n    region: us-east-1\n    versioning: disabled\n    encryption:\n      type: sse-s3\n/m,
    );
    assert.strictEqual(readFileSync(file, "utf8"), readFileSync(path.join(ROOT, "connections", "dev.yaml"), "utf8"));
  });

  it("refuses a bucket whose ACL grants access to others, and writes nothing", async () => {
    await s3().send(new CreateBucketCommand({ Bucket: BUCKET }));
    await s3().send(new PutBucketAclCommand({ Bucket: BUCKET, ACL: "public-read" }));
    const file = path.join(suite.dir, "acl.yaml");
    copyFileSync(path.join(ROOT, "connections", "dev.yaml"), file);
    const result = adopt(file, "--write");
    assert.strictEqual(result.status, 1);
    assert.strictEqual(
      result.stderr,
      `adopt: bucket "${BUCKET}" cannot be adopted safely; nothing was written:\n  - the bucket's ACL grants READ to http://acs.amazonaws.com/groups/global/AllUsers; BucketOwnerEnforced would switch that grant off. Replace it with a bucket-policy statement (or move the grantee to a connection), remove the grant, and run adopt again\n`,
    );
    assert.strictEqual(readFileSync(file, "utf8"), readFileSync(path.join(ROOT, "connections", "dev.yaml"), "utf8"));
  });

  it("prints one line and exits 2 when the endpoint does not answer", () => {
    const env = suite.childEnv({ AWS_ACCESS_KEY_ID: "t", AWS_SECRET_ACCESS_KEY: "t", AWS_ENDPOINT_URL: "http://127.0.0.1:9" });
    const result = spawnSync(
      process.execPath,
      ["-r", "./offline/register.js", "cli/adopt.ts", "--bucket", BUCKET, "--connections", path.join(suite.dir, "none.yaml")],
      { cwd: ROOT, env, encoding: "utf8" },
    );
    assert.strictEqual(result.stderr, "adopt: cannot reach http://127.0.0.1:9 (ECONNREFUSED): check AWS_ENDPOINT_URL, the network and the proxy\n");
    assert.strictEqual(result.status, 2);
  });
});
