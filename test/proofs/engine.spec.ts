/**
 * The proof engine: what it answers for plain S3 requests, the web-identity wrapper around the
 * simulator's two known limits, and the residual-condition matcher that wrapper relies on.
 */
import * as assert from "assert";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { ANONYMOUS, evaluate, residualHolds, type AccessRequest } from "../../proofs/engine";

const ACCOUNT = "123456789012";
const ROLE = `arn:aws:iam::${ACCOUNT}:role/proof-role`;
const SESSION = `arn:aws:sts::${ACCOUNT}:assumed-role/proof-role/proof-session`;

const bucketPolicy = {
  name: "bucket policy",
  document: {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  },
};
const identity = {
  name: "proof-policy",
  document: {
    Version: "2012-10-17",
    Statement: [
      { Sid: "Write", Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::b/p/*" },
      { Sid: "List", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::b", Condition: { StringLike: { "s3:prefix": ["p/*"] } } },
    ],
  },
};
const s3 = (overrides: Partial<AccessRequest>): AccessRequest => ({
  principal: SESSION,
  identityPolicies: [identity],
  action: "s3:PutObject",
  resource: "arn:aws:s3:::b/p/file",
  resourceAccount: ACCOUNT,
  context: { "aws:SecureTransport": "true" },
  resourcePolicy: bucketPolicy,
  ...overrides,
});

describe("proof engine", () => {
  describe("S3 requests", () => {
    it("allows what the identity policy grants, naming the statement", async () => {
      assert.deepStrictEqual(await evaluate(s3({})), { decision: "Allowed", deciding: ["proof-policy: Write"], notes: [] });
    });

    it("refuses a request without TLS through the bucket policy's explicit deny", async () => {
      const verdict = await evaluate(s3({ context: { "aws:SecureTransport": "false" } }));
      assert.strictEqual(verdict.decision, "ExplicitlyDenied");
      assert.deepStrictEqual(verdict.deciding, ["bucket policy: DenyInsecureTransport"]);
    });

    it("refuses a key outside the granted prefix and says nothing allowed it", async () => {
      const verdict = await evaluate(s3({ resource: "arn:aws:s3:::b/pEVIL/file" }));
      assert.strictEqual(verdict.decision, "ImplicitlyDenied");
      assert.match(verdict.deciding[0], /^no statement allows it/);
    });

    it("applies the s3:prefix condition of a listing", async () => {
      const list = (prefix?: string) =>
        s3({
          action: "s3:ListBucket",
          resource: "arn:aws:s3:::b",
          context: { "aws:SecureTransport": "true", ...(prefix !== undefined && { "s3:prefix": prefix }) },
        });
      assert.strictEqual((await evaluate(list("p/"))).decision, "Allowed");
      assert.strictEqual((await evaluate(list())).decision, "ImplicitlyDenied");
      assert.strictEqual((await evaluate(list("p"))).decision, "ImplicitlyDenied");
    });

    it("refuses an anonymous caller", async () => {
      assert.strictEqual((await evaluate(s3({ principal: ANONYMOUS, identityPolicies: [] }))).decision, "ImplicitlyDenied");
    });

    it("reports a policy the simulator rejects as an Error verdict, never as an answer", async () => {
      const broken = { name: "broken", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:PutObject" }] } };
      const verdict = await evaluate(s3({ identityPolicies: [broken] }));
      assert.strictEqual(verdict.decision, "Error");
      assert.match(verdict.deciding[0], /^the simulator cannot evaluate it: policy\.errors .*Resource or NotResource is required/);
      assert.strictEqual((await evaluate(s3({ action: "s3:NoSuchAction" }))).decision, "Error");
    });
  });

  describe("sts:AssumeRoleWithWebIdentity", () => {
    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE";
    const provider = `arn:aws:iam::${ACCOUNT}:oidc-provider/${issuer}`;
    const trust = {
      name: "trust policy",
      document: {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "WebIdentity",
            Effect: "Allow",
            Principal: { Federated: provider },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringLike: { [`${issuer}:sub`]: "system:serviceaccount:use1:irsa-use1-gds*", "sts:RoleSessionName": "abc-*" },
              StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" },
            },
          },
        ],
      },
    };
    const right = { [`${issuer}:sub`]: "system:serviceaccount:use1:irsa-use1-gds", [`${issuer}:aud`]: "sts.amazonaws.com", "sts:RoleSessionName": "abc-1" };
    const assume = (context: Record<string, string>, principal = provider): AccessRequest => ({
      principal,
      identityPolicies: [],
      action: "sts:AssumeRoleWithWebIdentity",
      resource: ROLE,
      resourceAccount: ACCOUNT,
      context,
      resourcePolicy: trust,
    });

    it("the simulator alone refuses even the right caller: it drops the generic OIDC keys (the limit the wrapper exists for)", async () => {
      // If this starts failing, the simulator learned these keys and the Discovery step can go.
      const result = await runSimulation(
        {
          request: { principal: provider, action: "sts:AssumeRoleWithWebIdentity", resource: { resource: ROLE, accountId: ACCOUNT }, contextVariables: right },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: trust.document,
        },
        { simulationMode: "Strict" },
      );
      assert.strictEqual(result.resultType, "single");
      if (result.resultType !== "single") return;
      assert.strictEqual(result.overallResult, "ImplicitlyDenied");
      assert.deepStrictEqual(result.result.ignoredContextKeys, [`${issuer}:sub`, `${issuer}:aud`]);
    });

    it("allows the right service account, audience and session name, by the trust statement", async () => {
      const verdict = await evaluate(assume(right));
      assert.strictEqual(verdict.decision, "Allowed");
      assert.deepStrictEqual(verdict.deciding, ["trust policy: WebIdentity"]);
      assert.ok(verdict.notes.some((n) => n.includes("residual")));
    });

    const refusals: [string, Record<string, string>, string?][] = [
      ["another namespace's service account", { ...right, [`${issuer}:sub`]: "system:serviceaccount:default:irsa-default-gds" }],
      ["a wrong audience", { ...right, [`${issuer}:aud`]: "other" }],
      ["a session name without the prefix", { ...right, "sts:RoleSessionName": "zzz-1" }],
      ["no session name", { [`${issuer}:sub`]: right[`${issuer}:sub`], [`${issuer}:aud`]: "sts.amazonaws.com" }],
      ["no subject", { [`${issuer}:aud`]: "sts.amazonaws.com", "sts:RoleSessionName": "abc-1" }],
      ["the same issuer's provider in another account", right, `arn:aws:iam::444455556666:oidc-provider/${issuer}`],
    ];
    for (const [what, context, principal] of refusals) {
      it(`refuses ${what}`, async () => {
        assert.strictEqual((await evaluate(assume(context, principal))).decision, "ImplicitlyDenied");
      });
    }

    it("the simulator's overall verdict stays denied without an identity-side allow, though the trust statement allows (the other limit)", async () => {
      const result = await runSimulation(
        {
          request: {
            principal: "accounts.google.com",
            action: "sts:AssumeRoleWithWebIdentity",
            resource: { resource: ROLE, accountId: ACCOUNT },
            contextVariables: { "accounts.google.com:sub": "123" },
          },
          identityPolicies: [],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
          resourcePolicy: {
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Federated: "accounts.google.com" },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: { StringEquals: { "accounts.google.com:sub": "123" } },
              },
            ],
          },
        },
        { simulationMode: "Strict" },
      );
      assert.strictEqual(result.resultType, "single");
      if (result.resultType !== "single") return;
      assert.strictEqual(result.overallResult, "ImplicitlyDenied");
      assert.strictEqual(result.result.analysis.resourceAnalysis?.result, "Allowed");
    });

    it("decides Google's keys (which the simulator knows) without Discovery mode", async () => {
      const google = {
        name: "google trust",
        document: {
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "Google",
              Effect: "Allow",
              Principal: { Federated: "accounts.google.com" },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: { StringEquals: { "accounts.google.com:sub": "123" } },
            },
          ],
        },
      };
      const ask = (sub: string): AccessRequest => ({ ...assume({ "accounts.google.com:sub": sub }, "accounts.google.com"), resourcePolicy: google });
      const allowed = await evaluate(ask("123"));
      assert.strictEqual(allowed.decision, "Allowed");
      assert.ok(!allowed.notes.some((n) => n.includes("residual")));
      assert.strictEqual((await evaluate(ask("124"))).decision, "ImplicitlyDenied");
    });
  });

  describe("residual conditions", () => {
    const leaf = (op: string, key: string, values: string[]) => ({ conditionType: "condition" as const, op, key, values, sources: [] });
    const dropped = ["x:sub"];

    it("matches StringLike wildcards against the whole value", () => {
      assert.strictEqual(residualHolds(leaf("StringLike", "x:sub", ["a*c"]), { "x:sub": "abbc" }, dropped).holds, true);
      assert.strictEqual(residualHolds(leaf("StringLike", "x:sub", ["a*c"]), { "x:sub": "abbcd" }, dropped).holds, false);
      assert.strictEqual(residualHolds(leaf("StringLike", "x:sub", ["a?c"]), { "x:sub": "abc" }, dropped).holds, true);
      assert.strictEqual(residualHolds(leaf("StringLike", "x:sub", ["a.c"]), { "x:sub": "abc" }, dropped).holds, false);
    });

    it("handles equality, negation, IfExists and and/or groups", () => {
      assert.strictEqual(residualHolds(leaf("StringEquals", "x:sub", ["v"]), { "X:SUB": "v" }, dropped).holds, true);
      assert.strictEqual(residualHolds(leaf("StringNotEquals", "x:sub", ["v"]), { "x:sub": "v" }, dropped).holds, false);
      assert.strictEqual(residualHolds(leaf("StringEqualsIfExists", "x:sub", ["v"]), {}, dropped).holds, true);
      assert.strictEqual(residualHolds(leaf("StringEquals", "x:sub", ["v"]), {}, dropped).holds, false);
      const group = (operator: "and" | "or") => ({
        conditionType: "group" as const,
        operator,
        conditions: [leaf("StringEquals", "x:sub", ["v"]), leaf("StringEquals", "x:sub", ["w"])],
      });
      assert.strictEqual(residualHolds(group("or"), { "x:sub": "w" }, dropped).holds, true);
      assert.strictEqual(residualHolds(group("and"), { "x:sub": "w" }, dropped).holds, false);
    });

    it("refuses to decide what it does not understand, or a key the simulator should have decided", () => {
      assert.match(residualHolds(leaf("NumericEquals", "x:sub", ["1"]), { "x:sub": "1" }, dropped).error ?? "", /cannot be decided/);
      assert.match(
        residualHolds(leaf("StringEquals", "sts:RoleSessionName", ["a"]), { "sts:RoleSessionName": "a" }, dropped).error ?? "",
        /should have been decided/,
      );
    });
  });
});
