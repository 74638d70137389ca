/**
 * The live commands' refusals: each SDK failure becomes one line (and exit 2 from the commands);
 * a missing permission is named, and the rest of the report still runs.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import { GetBucketPolicyCommand, GetBucketLocationCommand, S3Client } from "@aws-sdk/client-s3";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { IAMClient } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import * as path from "path";
import { CannotCheck, cannotCheck, isAbsent } from "../../account/errors";
import "../../account/clients"; // its SDK settings (no Node-version notice) apply to the stubbed clients too
import type { LiveClients } from "../../account/clients";
import { exitCodeOf, verifyStack } from "../../live/verify";
import { ROOT } from "../../offline/run-plan";

const sdkError = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${name} happened`), { name, ...extra });

describe("live errors", () => {
  const cases: [string, unknown, string | undefined, boolean | undefined][] = [
    [
      "no credentials",
      sdkError("CredentialsProviderError"),
      "no AWS credentials found: set AWS_PROFILE (after aws sso login), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role provides them",
      true,
    ],
    [
      "refused connection",
      Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
      "cannot reach http://127.0.0.1:9 (ECONNREFUSED): check AWS_ENDPOINT_URL, the network and the proxy",
      true,
    ],
    [
      "unknown host, wrapped",
      Object.assign(new Error("x"), { cause: Object.assign(new Error("y"), { code: "ENOTFOUND" }) }),
      "cannot reach http://127.0.0.1:9 (ENOTFOUND): check AWS_ENDPOINT_URL, the network and the proxy",
      true,
    ],
    ["expired token", sdkError("ExpiredToken"), "AWS refused the credentials (ExpiredToken): refresh them (aws sso login) or check AWS_PROFILE", true],
    [
      "access denied",
      sdkError("AccessDenied", { $metadata: { httpStatusCode: 403 } }),
      "access denied: the caller lacks s3:GetBucketPolicy (npm run verify -- --print-policy prints every permission needed)",
      false,
    ],
    [
      "a plain 403",
      sdkError("Forbidden", { $metadata: { httpStatusCode: 403 } }),
      "access denied: the caller lacks s3:GetBucketPolicy (npm run verify -- --print-policy prints every permission needed)",
      false,
    ],
    ["something else", sdkError("InternalError", { $metadata: { httpStatusCode: 500 } }), undefined, undefined],
  ];
  for (const [what, error, message, fatal] of cases) {
    it(`says ${what} in one line`, () => {
      const refusal = cannotCheck(error, "s3:GetBucketPolicy", "http://127.0.0.1:9");
      assert.strictEqual(refusal?.message, message);
      assert.strictEqual(refusal?.fatal, fatal);
    });
  }

  it("reads the 'does not exist' answers as absent", () => {
    for (const name of [
      "NoSuchBucketPolicy",
      "NoSuchCORSConfiguration",
      "NoSuchEntity",
      "ServerSideEncryptionConfigurationNotFoundError",
      "OwnershipControlsNotFoundError",
    ]) {
      assert.strictEqual(isAbsent(sdkError(name)), true, name);
    }
    assert.strictEqual(isAbsent(sdkError("AccessDenied")), false);
  });

  it("names a missing permission (stubbed) as cannot-check, exit 2, and goes on with the other checks", async () => {
    const s3 = mockClient(S3Client);
    const sts = mockClient(STSClient);
    const iam = mockClient(IAMClient);
    try {
      sts.on(GetCallerIdentityCommand).resolves({ Account: "210987654321" });
      s3.onAnyCommand().resolves({});
      s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: undefined });
      s3.on(GetBucketPolicyCommand).rejects(sdkError("AccessDenied", { $metadata: { httpStatusCode: 403 } }));
      const clients: LiveClients = {
        sts: new STSClient({ region: "us-east-1" }),
        iam: new IAMClient({ region: "us-east-1" }),
        s3: () => new S3Client({ region: "us-east-1" }),
      };
      const resources = [{ type: "aws:s3/bucket:Bucket", name: "b", inputs: { bucket: "lab-b", region: "us-east-1" } }];
      const report = await verifyStack({ clients, stack: "t", resources, connections: [], mockAccount: "123456789012" });
      const refused = report.findings.filter((f) => f.status === "cannot-check");
      assert.deepStrictEqual(refused, [
        {
          subject: "bucket lab-b",
          check: "bucket policy",
          status: "cannot-check",
          detail: "access denied: the caller lacks s3:GetBucketPolicy (npm run verify -- --print-policy prints every permission needed)",
          permission: "s3:GetBucketPolicy",
        },
      ]);
      assert.ok(report.findings.some((f) => f.check === "region" && f.status === "match"));
      assert.strictEqual(report.account, "210987654321");
      // A mismatch elsewhere (no public access block, no encryption...) would say 1; here those reads answered empty.
      const onlyRefusal = { ...report, findings: report.findings.filter((f) => f.status !== "mismatch") };
      assert.strictEqual(exitCodeOf(onlyRefusal), 2);
    } finally {
      s3.restore();
      sts.restore();
      iam.restore();
    }
  });

  it("stops with CannotCheck when sts:GetCallerIdentity is refused", async () => {
    const sts = mockClient(STSClient);
    try {
      sts.on(GetCallerIdentityCommand).rejects(sdkError("InvalidClientTokenId"));
      const clients: LiveClients = {
        sts: new STSClient({ region: "us-east-1" }),
        iam: new IAMClient({ region: "us-east-1" }),
        s3: () => new S3Client({ region: "us-east-1" }),
      };
      await assert.rejects(
        verifyStack({ clients, stack: "t", resources: [], connections: [], mockAccount: "123456789012" }),
        (e: unknown) =>
          e instanceof CannotCheck &&
          e.fatal &&
          e.message === "AWS refused the credentials (InvalidClientTokenId): refresh them (aws sso login) or check AWS_PROFILE",
      );
    } finally {
      sts.restore();
    }
  });
});

describe("npm run verify, no AWS to talk to", function () {
  this.timeout(60_000);
  const run = (env: Record<string, string | undefined>, ...args: string[]) => {
    const clean: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith("AWS_") && value !== undefined) clean[key] = value;
    for (const [key, value] of Object.entries(env)) if (value !== undefined) clean[key] = value;
    return spawnSync(process.execPath, ["-r", "./offline/register.js", "cli/verify.ts", ...args], { cwd: ROOT, env: clean, encoding: "utf8" });
  };
  const isolated = {
    AWS_CONFIG_FILE: path.join(ROOT, "no-such-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(ROOT, "no-such-aws-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
  };

  const cases: [string, Record<string, string>, string][] = [
    [
      "no credentials",
      isolated,
      "verify: no AWS credentials found: set AWS_PROFILE (after aws sso login), AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role provides them\n",
    ],
    [
      "an unreachable endpoint",
      { ...isolated, AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_ENDPOINT_URL: "http://127.0.0.1:9" },
      "verify: cannot reach http://127.0.0.1:9 (ECONNREFUSED): check AWS_ENDPOINT_URL, the network and the proxy\n",
    ],
  ];
  for (const [what, env, line] of cases) {
    it(`prints one line and exits 2 with ${what}`, () => {
      const result = run(env, "--stack", "dev");
      assert.strictEqual(result.stderr, line);
      assert.strictEqual(result.stdout, "");
      assert.strictEqual(result.status, 2);
    });
  }

  it("refuses an unknown format with exit 2", () => {
    const result = run(isolated, "--stack", "dev", "--format", "html");
    assert.strictEqual(result.stderr, 'verify: --format "html" is not one of text, json, markdown\n');
    assert.strictEqual(result.status, 2);
  });

  it("prints the read-only policy scoped to the stack", () => {
    const result = run(isolated, "--print-policy", "--stack", "dev");
    assert.strictEqual(result.status, 0, result.stderr);
    const policy = JSON.parse(result.stdout);
    const buckets = policy.Statement.find((s: { Sid: string }) => s.Sid === "Buckets");
    assert.deepStrictEqual(buckets.Resource, ["arn:aws:s3:::lab-runs-dev"]);
    assert.ok(buckets.Action.includes("s3:GetBucketPolicy"));
    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    assert.deepStrictEqual(
      actions.filter((a: string) => !/^(s3:Get|iam:(Get|List|Simulate)|sts:GetCallerIdentity)/.test(a)),
      [],
    );
  });
});
