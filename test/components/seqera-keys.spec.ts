/**
 * Keys with an assumed role (docs/vendors/seqera.md §3.4): VendorAccess creates the user with its
 * access key and its one AssumeRole statement, then the role, whose trust names that user and
 * which holds the S3 policy.
 */
import * as assert from "assert";
import { childrenOf, inputsOf, modelOf, useComponents, valueOf } from "../harness";

const FILE = `
version: 1
defaults: { region: us-east-1 }
buckets:
  lab-seqera: {}
connections:
  - name: nf-keys
    vendor: seqera
    bucket: lab-seqera
    prefix: explorer
    credential: { type: user-with-role, externalId: 7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30 }
    dataExplorer: true
`;
const ID = { StringEquals: { "sts:ExternalId": "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30" } };

describe("components: seqera user-with-role", () => {
  const suite = useComponents();

  it("creates the user, its access key and AssumeRole policy, then the role trusting that user with the S3 policy", async () => {
    const model = modelOf(FILE);
    const access = new suite.components.VendorAccess("nf-keys", {
      connection: model.connections[0],
      bucket: model.buckets[0],
      bucketName: "lab-seqera",
      context: { stack: "test", accountId: "123456789012" },
      tags: {},
    });
    await suite.engine.settle();
    assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(access.urn)), [
      ["aws:iam/accessKey:AccessKey", "nf-keys-access-key"],
      ["aws:iam/role:Role", "nf-keys-role"],
      ["aws:iam/rolePolicy:RolePolicy", "nf-keys-policy"],
      ["aws:iam/user:User", "nf-keys-user"],
      ["aws:iam/userPolicy:UserPolicy", "nf-keys-user-policy"],
    ]);
    const named = (type: string) => suite.engine.resources.find((r) => r.type === type)!;
    const user = named("aws:iam/user:User");
    assert.strictEqual(inputsOf(user).name, "nf-keys-test");
    assert.ok(!suite.engine.resources.some((r) => r.type === "aws:iam/userLoginProfile:UserLoginProfile"));

    const userPolicy = inputsOf(named("aws:iam/userPolicy:UserPolicy"));
    assert.strictEqual(userPolicy.user, "nf-keys-test");
    assert.strictEqual(userPolicy.name, "seqera-assume-role");
    assert.deepStrictEqual(userPolicy.policy.Statement, [
      {
        Sid: "AssumeRoleToManageBatchResources",
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: ["arn:aws:iam::123456789012:role/nf-keys-test"],
        Condition: ID,
      },
    ]);

    const role = named("aws:iam/role:Role");
    assert.strictEqual(inputsOf(role).name, "nf-keys-test");
    assert.deepStrictEqual(inputsOf(role).assumeRolePolicy.Statement, [
      {
        Sid: "SeqeraKeysAssumeRole",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::123456789012:user/nf-keys-test"] },
        Action: ["sts:AssumeRole"],
        Condition: ID,
      },
    ]);
    // IAM refuses a trust policy naming a user that does not exist yet.
    assert.ok(role.dependencies.includes(user.urn), "the role depends on the user");

    const rolePolicy = inputsOf(named("aws:iam/rolePolicy:RolePolicy"));
    assert.strictEqual(rolePolicy.role, "nf-keys-test");
    assert.strictEqual(rolePolicy.name, "seqera-access");
    assert.deepStrictEqual(rolePolicy.policy.Statement.find((s: any) => s.Sid === "S3ReadWriteBucketsForStudiosDataExplorer").Resource, [
      "arn:aws:s3:::lab-seqera/explorer/*",
    ]);
    assert.ok(!JSON.stringify(userPolicy.policy).includes("s3:"), "the user holds no S3 permission");

    const pulumi = await import("@pulumi/pulumi");
    const credential = access.handoff.credential as Record<string, any>;
    assert.strictEqual(credential.mode, "Keys");
    assert.strictEqual(credential.assumeRole, "arn:aws:iam::123456789012:role/nf-keys-test");
    assert.strictEqual(credential.externalId, "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30");
    assert.strictEqual(await pulumi.isSecret(credential.secretKey), true);
    assert.strictEqual(await valueOf(credential.secretKey), "mock-secret-for-nf-keys-test");
    assert.strictEqual(await pulumi.isSecret(credential.accessKey), false);
  });
});
