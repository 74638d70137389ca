/**
 * verify against moto_server: the planned resources created by a test fixture match; edits made
 * behind the program's back (an appended bucket-policy statement, a hand-edited trust, a console
 * password, a managed policy, a missing policy) are each reported with exit 1.
 */
import * as assert from "assert";
import { CreateLoginProfileCommand, UpdateAssumeRolePolicyCommand, AttachRolePolicyCommand, CreatePolicyCommand } from "@aws-sdk/client-iam";
import { DeleteBucketPolicyCommand, PutBucketPolicyCommand } from "@aws-sdk/client-s3";
import { spawnSync } from "child_process";
import * as path from "path";
import { expectedFromPlan, type Expected } from "../../live/expected";
import { exitCodeOf, verifyStack, type VerifyReport } from "../../live/verify";
import { MOCK_ACCOUNT_ID } from "../../offline/mock-engine";
import { ROOT, runPlan } from "../../offline/run-plan";
import { useMoto } from "./moto";
import { createPlanned } from "./fixture";

const problems = (report: VerifyReport) =>
  report.findings.filter((f) => f.status === "mismatch" || f.status === "cannot-check").map((f) => `${f.subject} / ${f.check}: ${f.detail}`);

describe("verify against moto_server", function () {
  this.timeout(120_000);
  const suite = useMoto("verify-");
  const plans: Record<string, Awaited<ReturnType<typeof runPlan>>> = {};
  before(async () => {
    for (const stack of ["dev", "prod"]) plans[stack] = await runPlan({ connectionsFile: path.join(ROOT, "connections", `${stack}.yaml`), stack });
  });

  const verify = (stack: string) =>
    verifyStack({
      clients: suite.clients,
      stack,
      resources: plans[stack].resources,
      connections: plans[stack].connections,
      mockAccount: MOCK_ACCOUNT_ID,
      endpoint: suite.moto.endpoint,
    });
  const expected = (stack: string): Expected => expectedFromPlan(plans[stack].resources);

  for (const stack of ["dev", "prod"]) {
    it(`reports a match for every resource of connections/${stack}.yaml once it exists`, async () => {
      await createPlanned(suite.clients, expected(stack));
      const report = await verify(stack);
      assert.deepStrictEqual(problems(report), []);
      assert.strictEqual(exitCodeOf(report), 0);
      assert.ok(report.findings.some((f) => f.check === "bucket policy" && f.status === "match"));
      assert.strictEqual(report.nextSteps.length, plans[stack].connections.length);
      for (const step of report.nextSteps) assert.match(step.step, /^the lab's side matches the plan: paste the hand-off into the vendor's setup \(/);
    });
  }

  it("names a statement appended to the bucket policy behind the program's back, exit 1", async () => {
    const planned = expected("dev");
    await createPlanned(suite.clients, planned);
    const bucket = planned.buckets[0];
    const policy = bucket.policy as { Version: string; Statement: unknown[] };
    const added = {
      Sid: "Manage Data Access",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${bucket.name}/*`,
    };
    const noSid = { Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "s3:ListBucket", Resource: `arn:aws:s3:::${bucket.name}` };
    await suite.clients
      .s3(bucket.region)
      .send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: JSON.stringify({ ...policy, Statement: [...policy.Statement, added, noSid] }) }));
    const report = await verify("dev");
    assert.deepStrictEqual(problems(report), [
      `bucket ${bucket.name} / bucket policy: extra in AWS: Sid "Manage Data Access", statement without Sid {"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:root"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::${bucket.name}"]}`,
    ]);
    assert.strictEqual(exitCodeOf(report), 1);
  });

  it("reads a bucket with no policy as an empty one and names every missing statement", async () => {
    const planned = expected("dev");
    await createPlanned(suite.clients, planned);
    const bucket = planned.buckets[0];
    await suite.clients.s3(bucket.region).send(new DeleteBucketPolicyCommand({ Bucket: bucket.name }));
    const report = await verify("dev");
    const sids = (bucket.policy as { Statement: { Sid: string }[] }).Statement.map((s) => `Sid "${s.Sid}"`);
    assert.deepStrictEqual(problems(report), [`bucket ${bucket.name} / bucket policy: missing from AWS: ${sids.join(", ")}`]);
  });

  it("reports a role whose trust was edited by hand, naming the changed statement", async () => {
    const planned = expected("prod");
    await createPlanned(suite.clients, planned);
    const role = planned.identities.find((i) => i.kind === "role" && /Sid":"ElementAssumeRole/.test(JSON.stringify(i.trust)))!;
    const trust = JSON.parse(JSON.stringify(role.trust));
    trust.Statement[0].Condition.StringEquals["sts:ExternalId"] = "edited-by-hand";
    await suite.clients.iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: role.name, PolicyDocument: JSON.stringify(trust) }));
    const report = await verify("prod");
    assert.deepStrictEqual(problems(report), [`role ${role.name} / trust policy: changed in AWS: Sid "ElementAssumeRole"`]);
    assert.strictEqual(exitCodeOf(report), 1);
  });

  it("reports a console password on a user and a managed policy attached to a role", async () => {
    const dev = expected("dev");
    await createPlanned(suite.clients, dev);
    const user = dev.identities.find((i) => i.kind === "user")!;
    await suite.clients.iam.send(new CreateLoginProfileCommand({ UserName: user.name, Password: "Not-a-real-password-1" }));
    const report = await verify("dev");
    assert.deepStrictEqual(problems(report), [`user ${user.name} / console password: the user has a console password (login profile): delete it`]);

    await suite.moto.reset();
    const prod = expected("prod");
    await createPlanned(suite.clients, prod);
    const role = prod.identities.find((i) => i.kind === "role")!;
    const created = await suite.clients.iam.send(
      new CreatePolicyCommand({
        PolicyName: "extra",
        PolicyDocument: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
      }),
    );
    await suite.clients.iam.send(new AttachRolePolicyCommand({ RoleName: role.name, PolicyArn: created.Policy!.Arn }));
    assert.deepStrictEqual(problems(await verify("prod")), [`role ${role.name} / managed policies: attached by hand: ${created.Policy!.Arn}`]);
  });

  it("npm run verify exits 0 on a match and 1 once a statement is added behind its back, in every format", async () => {
    const planned = expected("dev");
    await createPlanned(suite.clients, planned);
    const env = suite.childEnv();
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["-r", "./offline/register.js", "cli/verify.ts", "--stack", "dev", "--no-simulate", ...args], {
        cwd: ROOT,
        env,
        encoding: "utf8",
      });
    const clean = run("--format", "json");
    assert.strictEqual(clean.status, 0, clean.stdout + clean.stderr);
    assert.strictEqual(JSON.parse(clean.stdout).exitCode, 0);
    const bucket = planned.buckets[0];
    const policy = bucket.policy as { Version: string; Statement: unknown[] };
    const added = {
      Sid: "VendorAdded",
      Effect: "Allow",
      Principal: { AWS: "arn:aws:iam::111122223333:root" },
      Action: "s3:GetObject",
      Resource: `arn:aws:s3:::${bucket.name}/*`,
    };
    await suite.clients
      .s3(bucket.region)
      .send(new PutBucketPolicyCommand({ Bucket: bucket.name, Policy: JSON.stringify({ ...policy, Statement: [...policy.Statement, added] }) }));
    const text = run();
    assert.strictEqual(text.status, 1);
    assert.match(text.stdout, /^  MISMATCH     bucket policy: extra in AWS: Sid "VendorAdded"$/m);
    const markdown = run("--format", "markdown");
    assert.strictEqual(markdown.status, 1);
    assert.match(markdown.stdout, /^\| bucket lab-runs-dev \| bucket policy \| MISMATCH \| extra in AWS: Sid "VendorAdded" \|$/m);
  });

  it("reports a bucket that does not exist", async () => {
    const report = await verify("dev");
    assert.ok(problems(report).includes("bucket lab-runs-dev / region: the bucket does not exist (or is not this account's)"), problems(report).join("\n"));
    assert.strictEqual(exitCodeOf(report), 1);
  });
});
