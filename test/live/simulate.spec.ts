/**
 * iam:SimulatePrincipalPolicy over the proofs' request matrix, with stubbed
 * IAM answers (moto has no simulator): requests answered as expected match, a differing one is named, a refused simulation
 * names the permission.
 */
import * as assert from "assert";
import { IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import "../../account/clients";
import * as path from "path";
import { identityOfCaller, simulateIdentity, type SimulatedCase } from "../../live/simulate";
import { expectedFromPlan, type ExpectedIdentity } from "../../live/expected";
import { MOCK_ACCOUNT_ID } from "../../offline/mock-engine";
import { ROOT, runPlan } from "../../offline/run-plan";
import { buildMatrix } from "../../proofs/matrix";

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

  it("asks AWS about the proofs' own matrix: every identity of the plan has requests, and one answer AWS gives otherwise is named", async () => {
    const plan = await runPlan({ connectionsFile: path.join(ROOT, "connections", "dev.yaml"), stack: "dev" });
    const matrix = buildMatrix({ resources: plan.resources, model: plan.model! });
    const { identities, buckets } = expectedFromPlan(plan.resources);
    const bucketPolicies = new Map(buckets.map((b) => [b.name, b.policy] as const));
    const expectedOf = new Map(
      matrix.map((c) => [`${c.request.principal} ${c.request.action} ${c.request.resource} ${JSON.stringify(c.request.context)}`, c.expected]),
    );
    const differs = matrix.find((c) => identityOfCaller(c.request.principal)?.kind === "user" && c.expected === "deny")!;
    iam.on(SimulatePrincipalPolicyCommand).callsFake((input) => {
      const context = Object.fromEntries(
        (input.ContextEntries ?? []).map((e: { ContextKeyName: string; ContextKeyValues: string[] }) => [
          e.ContextKeyName,
          e.ContextKeyValues.length === 1 ? e.ContextKeyValues[0] : e.ContextKeyValues,
        ]),
      );
      const asked = matrix.find(
        (c) =>
          c.request.action === input.ActionNames[0] &&
          c.request.resource === input.ResourceArns[0] &&
          identityOfCaller(c.request.principal)?.name === input.PolicySourceArn.split("/").pop() &&
          JSON.stringify(c.request.context) === JSON.stringify(context),
      )!;
      const key = `${asked.request.principal} ${asked.request.action} ${asked.request.resource} ${JSON.stringify(asked.request.context)}`;
      const allowed = asked === differs ? true : expectedOf.get(key) === "allow";
      return { EvaluationResults: [{ EvalActionName: input.ActionNames[0], EvalDecision: allowed ? "allowed" : "implicitDeny" }] };
    });
    const findings = [];
    for (const identity of identities)
      findings.push(...(await simulateIdentity(new IAMClient({ region: "us-east-1" }), MOCK_ACCOUNT_ID, identity, matrix, bucketPolicies)));
    assert.strictEqual(findings.length, identities.length, "every role and user of the plan is simulated");
    const mismatches = findings.filter((f) => f.status === "mismatch");
    assert.deepStrictEqual(
      mismatches.map((f) => f.detail),
      [`${differs.what}: expected deny, AWS says allowed`],
    );
    assert.ok(findings.filter((f) => f.status === "match").every((f) => /^\d+ request\(s\) as expected/.test(f.detail)));
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
