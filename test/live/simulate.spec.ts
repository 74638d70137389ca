/**
 * iam:SimulatePrincipalPolicy over the requests the planned inline policies allow, with stubbed
 * IAM answers (moto has no simulator): requests answered as expected match, a differing one is named, a refused simulation
 * names the permission.
 */
import * as assert from "assert";
import { IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import "../../account/clients";
import { casesFromPlan, identityOfCaller, simulateIdentity, type SimulatedCase } from "../../live/simulate";
import type { ExpectedIdentity } from "../../live/expected";

const ACCOUNT = "210987654321";
const user: ExpectedIdentity = { kind: "user", name: "runs-dev", inlinePolicies: [] };
const role: ExpectedIdentity = { kind: "role", name: "runs-prod", inlinePolicies: [], maxSessionDuration: 3600 };
const request = (principal: string, action: string, resource: string) => ({ principal, action, resource, context: { "aws:SecureTransport": "true" } });
const cases: SimulatedCase[] = [
  {
    connection: "runs",
    what: "s3:PutObject runs/a",
    expected: "allow",
    request: request(`arn:aws:iam::${ACCOUNT}:user/runs-dev`, "s3:PutObject", "arn:aws:s3:::lab/runs/a"),
  },
  {
    connection: "runs",
    what: "s3:PutObject other/a",
    expected: "deny",
    request: request(`arn:aws:iam::${ACCOUNT}:user/runs-dev`, "s3:PutObject", "arn:aws:s3:::lab/other/a"),
  },
  {
    connection: "runs",
    what: "s3:GetObject runs/a",
    expected: "allow",
    request: request(`arn:aws:sts::${ACCOUNT}:assumed-role/runs-prod/proof-session`, "s3:GetObject", "arn:aws:s3:::lab/runs/a"),
  },
  {
    connection: "runs",
    what: "s3:GetObject other/a",
    expected: "deny",
    request: request(`arn:aws:sts::${ACCOUNT}:assumed-role/runs-prod/proof-session`, "s3:GetObject", "arn:aws:s3:::lab/other/a"),
  },
];
const policies = new Map<string, unknown>([["lab", { Version: "2012-10-17", Statement: [] }]]);

describe("live simulation (stubbed IAM)", () => {
  let iam: ReturnType<typeof mockClient>;
  beforeEach(() => (iam = mockClient(IAMClient)));
  afterEach(() => iam.restore());
  const decide = (decisions: Record<string, string>) =>
    iam
      .on(SimulatePrincipalPolicyCommand)
      .callsFake((input) => ({ EvaluationResults: [{ EvalActionName: input.ActionNames[0], EvalDecision: decisions[input.ResourceArns[0]] }] }));

  it("derives one request per allowed action and resource, wildcards made concrete, conditions as context", () => {
    const identity: ExpectedIdentity = {
      kind: "role",
      name: "runs-prod",
      connection: "runs",
      inlinePolicies: [
        {
          name: "access",
          document: {
            Statement: [
              {
                Sid: "List",
                Effect: "Allow",
                Action: ["s3:ListBucket"],
                Resource: ["arn:aws:s3:::lab"],
                Condition: { StringLike: { "s3:prefix": ["runs/*"] } },
              },
              { Sid: "Write", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::lab/runs/*"] },
              { Sid: "Logs", Effect: "Allow", Action: ["logs:*"], Resource: ["*"] },
              { Sid: "Deny", Effect: "Deny", Action: ["s3:DeleteObject"], Resource: ["*"] },
            ],
          },
        },
      ],
    };
    const principal = `arn:aws:sts::${ACCOUNT}:assumed-role/runs-prod/verify`;
    assert.deepStrictEqual(casesFromPlan([identity], ACCOUNT), [
      {
        connection: "runs",
        what: "s3:ListBucket arn:aws:s3:::lab",
        expected: "allow",
        request: {
          principal,
          action: "s3:ListBucket",
          resource: "arn:aws:s3:::lab",
          context: { "aws:SecureTransport": "true", "s3:prefix": "runs/verify-probe" },
        },
      },
      {
        connection: "runs",
        what: "s3:PutObject arn:aws:s3:::lab/runs/verify-probe",
        expected: "allow",
        request: { principal, action: "s3:PutObject", resource: "arn:aws:s3:::lab/runs/verify-probe", context: { "aws:SecureTransport": "true" } },
      },
    ]);
  });

  it("names the caller's role or user", () => {
    assert.deepStrictEqual(identityOfCaller(`arn:aws:sts::${ACCOUNT}:assumed-role/runs-prod/proof-session`), { kind: "role", name: "runs-prod" });
    assert.deepStrictEqual(identityOfCaller(`arn:aws:iam::${ACCOUNT}:user/runs-dev`), { kind: "user", name: "runs-dev" });
    assert.strictEqual(identityOfCaller("anonymous"), undefined);
  });

  it("matches when AWS decides as the proofs expect; a user's simulation carries the bucket policy", async () => {
    decide({ "arn:aws:s3:::lab/runs/a": "allowed", "arn:aws:s3:::lab/other/a": "implicitDeny" });
    const findings = await simulateIdentity(new IAMClient({ region: "us-east-1" }), ACCOUNT, user, cases, policies);
    assert.deepStrictEqual(findings, [
      { subject: "user runs-dev", check: "simulated access", status: "match", detail: "2 request(s) as expected (with the bucket policy)" },
    ]);
    const first = iam.commandCalls(SimulatePrincipalPolicyCommand)[0].args[0].input;
    assert.strictEqual(first.PolicySourceArn, `arn:aws:iam::${ACCOUNT}:user/runs-dev`);
    assert.strictEqual(first.CallerArn, `arn:aws:iam::${ACCOUNT}:user/runs-dev`);
    assert.strictEqual(first.ResourcePolicy, JSON.stringify(policies.get("lab")));
    assert.deepStrictEqual(first.ContextEntries, [{ ContextKeyName: "aws:SecureTransport", ContextKeyValues: ["true"], ContextKeyType: "boolean" }]);
  });

  it("for a role, simulates only the requests it must be allowed, without a resource policy, and names a differing one", async () => {
    decide({ "arn:aws:s3:::lab/runs/a": "implicitDeny" });
    const findings = await simulateIdentity(new IAMClient({ region: "us-east-1" }), ACCOUNT, role, cases, policies);
    assert.deepStrictEqual(findings, [
      { subject: "role runs-prod", check: "simulated access", status: "mismatch", detail: "s3:GetObject runs/a: expected allow, AWS says implicitDeny" },
    ]);
    const calls = iam.commandCalls(SimulatePrincipalPolicyCommand);
    assert.strictEqual(calls.length, 1);
    assert.strictEqual(calls[0].args[0].input.ResourcePolicy, undefined);
  });

  it("names iam:SimulatePrincipalPolicy when the caller lacks it", async () => {
    iam.on(SimulatePrincipalPolicyCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    const findings = await simulateIdentity(new IAMClient({ region: "us-east-1" }), ACCOUNT, user, cases, policies);
    assert.deepStrictEqual(findings, [
      {
        subject: "user runs-dev",
        check: "simulated access",
        status: "cannot-check",
        detail: "access denied: the caller lacks iam:SimulatePrincipalPolicy (npm run verify -- --print-policy prints every permission needed)",
        permission: "iam:SimulatePrincipalPolicy",
      },
    ]);
  });
});
