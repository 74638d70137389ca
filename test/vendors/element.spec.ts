import * as assert from "assert";
import { actionsOf, type PolicyDocument } from "../../iam/document";
import { element, ELEMENT_MAX_SESSION_DURATION_SECONDS } from "../../vendors/element";
import { assertGolden, modelOf } from "../harness";

const context = { accountId: "123456789012", stack: "test" };

function connectionOf(credential: string, prefix?: string) {
  const model = modelOf(`
version: 1
defaults: { region: us-east-1 }
connections:
  - name: aviti-runs
    vendor: element
    bucket: lab-runs
    ${prefix ? `prefix: ${prefix}` : ""}
    credential: ${credential}
`);
  return { connection: model.connections[0] as any, bucket: model.buckets[0] };
}

const statement = (doc: PolicyDocument, sid: string) => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  assert.ok(found, `statement ${sid} missing`);
  return found;
};

describe("element (docs/vendors/element.md)", () => {
  const variants = [
    { name: "role-prefix", credential: "{ type: role, externalId: lab-aviti-7f3a }", prefix: "runs/aviti" },
    { name: "role-no-prefix", credential: "{ type: role, externalId: lab-aviti-7f3a }", prefix: undefined },
    { name: "user-prefix", credential: "{ type: user }", prefix: "runs/aviti" },
    { name: "user-no-prefix", credential: "{ type: user }", prefix: undefined },
  ];

  for (const v of variants) {
    describe(v.name, () => {
      const { connection, bucket } = connectionOf(v.credential, v.prefix);
      const policy = element.identityPolicy(connection, bucket, context);

      it("matches the golden identity policy", () => assertGolden(`element/${v.name}.identity-policy`, policy));

      it("grants exactly the docs/vendors/element.md §3 actions for the credential type", () => {
        const expected = ["s3:GetBucketLocation", "s3:ListBucket", "s3:PutObject", "sts:GetCallerIdentity"];
        if (connection.credential.type === "user") expected.push("sts:GetFederationToken");
        assert.deepStrictEqual(actionsOf(policy), expected.sort());
      });

      it("puts PutObject on objects under the prefix, never on the bucket ARN (docs/vendors/element.md §3, §10.2, §3.2)", () => {
        assert.deepStrictEqual(statement(policy, "S3ObjectWrite").Resource, [v.prefix ? "arn:aws:s3:::lab-runs/runs/aviti/*" : "arn:aws:s3:::lab-runs/*"]);
      });

      it(v.prefix ? "confines ListBucket to the prefix with s3:prefix" : "lists the whole bucket without a condition", () => {
        const listing = statement(policy, "S3ObjectListing");
        assert.deepStrictEqual(listing.Resource, ["arn:aws:s3:::lab-runs"]);
        assert.deepStrictEqual(listing.Condition, v.prefix ? { StringLike: { "s3:prefix": ["runs/aviti/*"] } } : undefined);
      });
    });
  }

  it("trusts only Element's account, with the external ID (golden)", () => {
    const { connection } = connectionOf("{ type: role, externalId: lab-aviti-7f3a }", "runs/aviti");
    const trust = element.trustPolicy(connection, context);
    assertGolden("element/role.trust-policy", trust);
    assert.strictEqual(trust.Statement.length, 1);
    assert.deepStrictEqual(trust.Statement[0].Principal, { AWS: ["arn:aws:iam::588258415937:root"] });
    assert.deepStrictEqual(trust.Statement[0].Action, ["sts:AssumeRole"]);
    assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "lab-aviti-7f3a" } });
  });

  it("requires a 12-hour maximum session (docs/vendors/element.md §4)", () => {
    assert.strictEqual(element.maxSessionDurationSeconds, 43_200);
    assert.strictEqual(ELEMENT_MAX_SESSION_DURATION_SECONDS, 43_200);
  });

  it("hands off the fields of Storage > Add Storage > S3 (docs/vendors/element.md §6)", () => {
    const role = connectionOf("{ type: role, externalId: lab-aviti-7f3a }", "runs/aviti");
    assert.deepStrictEqual(element.handoff(role.connection, role.bucket), {
      storageName: "aviti-runs",
      bucketName: "lab-runs",
      region: "us-east-1",
      prefix: "runs/aviti",
      credentialType: "Role",
      roleArn: { credential: "roleArn" },
      externalId: "lab-aviti-7f3a",
    });
    const user = connectionOf("{ type: user }");
    assert.deepStrictEqual(element.handoff(user.connection, user.bucket), {
      storageName: "aviti-runs",
      bucketName: "lab-runs",
      region: "us-east-1",
      credentialType: "Access Keys",
      accessKey: { credential: "accessKeyId" },
      secretKey: { credential: "secretAccessKey" },
    });
  });
});
