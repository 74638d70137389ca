import * as assert from "assert";
import { actionsOf } from "../../iam/document";
import { prequel } from "../../vendors/prequel";
import { parseConnectionsText } from "../../model/load";
import { assertGolden, oneConnection, statementOf, TEST_CONTEXT } from "../harness";

const KMS = '{ encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" } }';

describe("prequel (docs/vendors/prequel.md)", () => {
  const variants = [
    {
      name: "role-onboarding",
      yaml: 'vendor: prequel\nprefix: exports\ncredential: { type: role, subject: "1034567" }',
      bucket: "{}",
      actions: ["s3:DeleteObject", "s3:PutObject"],
    },
    {
      name: "role-onboarded",
      yaml: 'vendor: prequel\nprefix: exports\ncredential: { type: role, subject: "1034567" }\nonboarding: false',
      bucket: "{}",
      actions: ["s3:PutObject"],
    },
    { name: "user-onboarding", yaml: "vendor: prequel\ncredential: { type: user }", bucket: "{}", actions: ["s3:DeleteObject", "s3:PutObject"] },
    {
      name: "user-onboarded-kms",
      yaml: "vendor: prequel\nprefix: exports\ncredential: { type: user }\nonboarding: false",
      bucket: KMS,
      actions: ["kms:Decrypt", "kms:GenerateDataKey", "s3:PutObject"],
    },
  ];
  for (const v of variants) {
    describe(v.name, () => {
      const { connection, bucket } = oneConnection(v.yaml, { bucket: v.bucket });
      const policy = prequel.identityPolicy(connection, bucket, TEST_CONTEXT);
      it("matches the golden identity policy", () => assertGolden(`prequel/${v.name}.identity-policy`, policy));
      it("grants PutObject, and DeleteObject only while onboarding; never a read (docs/vendors/prequel.md §3)", () => {
        assert.deepStrictEqual(actionsOf(policy), v.actions);
        assert.ok(!actionsOf(policy).includes("s3:GetObject"));
      });
    });
  }

  it("confines writes to the prefix", () => {
    const { connection, bucket } = oneConnection("vendor: prequel\nprefix: exports/billing\ncredential: { type: user }");
    const policy = prequel.identityPolicy(connection, bucket, TEST_CONTEXT);
    assert.deepStrictEqual(statementOf(policy, "DestinationWrite").Resource, ["arn:aws:s3:::lab-runs/exports/billing/*"]);
    assert.deepStrictEqual(statementOf(policy, "ConnectionTestCleanup").Resource, ["arn:aws:s3:::lab-runs/exports/billing/*"]);
  });

  it("trusts Google web identity for exactly the vendor's subject (docs/vendors/prequel.md §4, golden)", () => {
    const { connection } = oneConnection('vendor: prequel\nprefix: exports\ncredential: { type: role, subject: "1034567" }');
    const trust = prequel.trustPolicy(connection, TEST_CONTEXT);
    assertGolden("prequel/role-subject.trust-policy", trust);
    assert.deepStrictEqual(trust.Statement[0].Principal, { Federated: ["accounts.google.com"] });
    assert.deepStrictEqual(trust.Statement[0].Action, ["sts:AssumeRoleWithWebIdentity"]);
    assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "accounts.google.com:sub": "1034567" } });
    assert.strictEqual(prequel.maxSessionDurationSeconds, undefined);
  });

  it("adds the organisation audience when given (docs/vendors/prequel.md §4 newer form, golden)", () => {
    const { connection } = oneConnection('vendor: prequel\nprefix: exports\ncredential: { type: role, subject: "1034567", audience: org_42 }');
    const trust = prequel.trustPolicy(connection, TEST_CONTEXT);
    assertGolden("prequel/role-subject-audience.trust-policy", trust);
    assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "accounts.google.com:oaud": "org_42", "accounts.google.com:sub": "1034567" } });
  });

  it("hands off bucket, region, prefix and role ARN or key pair (docs/vendors/prequel.md §6)", () => {
    const role = oneConnection('vendor: prequel\nprefix: exports\ncredential: { type: role, subject: "1" }');
    // The destination's form asks for bucket, region and role ARN only: no folder (prequel.md §6).
    assert.deepStrictEqual(prequel.handoff(role.connection, role.bucket), { bucketName: "lab-runs", region: "us-east-1", roleArn: { credential: "roleArn" } });
    const user = oneConnection("vendor: prequel\ncredential: { type: user }");
    assert.deepStrictEqual(prequel.handoff(user.connection, user.bucket), {
      bucketName: "lab-runs",
      region: "us-east-1",
      accessKeyId: { credential: "accessKeyId" },
      secretAccessKey: { credential: "secretAccessKey" },
    });
  });

  it("reminds to finish onboarding, and to add the audience when the vendor gives one", () => {
    const result = parseConnectionsText(
      'version: 1\nconnections:\n  - { name: exp, vendor: prequel, bucket: lab-runs, region: us-east-1, prefix: e, credential: { type: role, subject: "1" } }\n',
      "f.yaml",
    );
    assert.ok(result.ok);
    assert.deepStrictEqual(
      result.warnings.map((w) => w.message),
      [
        'connection "exp": vendor: keeps s3:DeleteObject for the destination\'s connection test (docs/vendors/prequel.md §3); once the destination is added, set onboarding: false to make it append-only',
        // The destination's form has no folder field: the lab must point it at the prefix.
        'connection "exp": prefix: the destination\'s setup form has no folder field (docs/vendors/prequel.md §6), but the policy lets it write only under "e/": make sure the destination is set to write there, or leave prefix out and give it a bucket of its own, as the vendor recommends (docs/vendors/prequel.md §2)',
        'connection "exp": credential: trusts any Google token for the subject without an audience check; if the vendor\'s setup page gives an organisation ID, set credential.audience to it (accounts.google.com:oaud, docs/vendors/prequel.md §4, §8.1)',
      ],
    );
  });
});
