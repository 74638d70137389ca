/**
 * Component tests: the real components under Pulumi's mock engine, asserting the exact child
 * resources, their security-relevant inputs and the options the engine receives.
 */
import * as assert from "assert";
import { childrenOf, inputsOf, modelOf, only, useComponents, valueOf } from "../harness";

const FILE = `
version: 1
defaults: { region: us-east-1, tags: { team: genomics } }
buckets:
  lab-runs:
    versioning: suspended
    encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-123456789012" }
  lab-archive:
    adopt: true
    versioning: disabled
connections:
  - name: aviti-runs
    vendor: element
    bucket: lab-runs
    prefix: runs/aviti
    credential: { type: role, externalId: lab-aviti-7f3a }
    sharedPrincipals:
      - arn: arn:aws:iam::111122223333:role/partner-reader
  - name: aviti-archive
    vendor: element
    bucket: lab-archive
    credential: { type: user }
`;

describe("components", () => {
  const suite = useComponents();

  describe("ConnectedBucket", () => {
    it("creates the bucket and exactly its hardening children", async () => {
      const model = modelOf(FILE);
      const bucket = new suite.components.ConnectedBucket("lab-runs", { bucket: model.buckets[1], connections: [model.connections[0]] });
      await valueOf(bucket.urn);
      await suite.engine.settle();
      assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(bucket.urn)), [
        ["aws:s3/bucket:Bucket", "lab-runs"],
        ["aws:s3/bucketOwnershipControls:BucketOwnershipControls", "lab-runs-ownership-controls"],
        ["aws:s3/bucketPolicy:BucketPolicy", "lab-runs-policy"],
        ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "lab-runs-public-access-block"],
        ["aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "lab-runs-encryption"],
        ["aws:s3/bucketVersioning:BucketVersioning", "lab-runs-versioning"],
      ]);
    });

    it("protects the bucket; retains it and its hardening on delete, never its grants; nothing else is protected", async () => {
      const model = modelOf(FILE);
      new suite.components.ConnectedBucket("lab-runs", { bucket: model.buckets[1], connections: [model.connections[0]] });
      await suite.engine.settle();
      const custom = suite.engine.resources.filter((r) => r.custom);
      const retained = [
        "aws:s3/bucket:Bucket",
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketVersioning:BucketVersioning",
      ];
      assert.deepStrictEqual(
        custom
          .filter((r) => r.retainOnDelete)
          .map((r) => r.type)
          .sort(),
        [...retained].sort(),
      );
      for (const r of custom) {
        const isBucket = r.type === "aws:s3/bucket:Bucket";
        assert.strictEqual(r.protect, isBucket, `${r.name} protect`);
        // Released, the bucket keeps what keeps it private; the policy's grants go with the file.
        assert.strictEqual(r.retainOnDelete, retained.includes(r.type), `${r.name} retainOnDelete`);
      }
      const bucket = inputsOf(only(suite.engine.resources, "aws:s3/bucket:Bucket"));
      assert.strictEqual(bucket.forceDestroy, undefined, "never forceDestroy");
      assert.deepStrictEqual(bucket, { bucket: "lab-runs", region: "us-east-1", tags: { team: "genomics" } });
    });

    it("blocks all public access, enforces bucket ownership and encrypts with the KMS key", async () => {
      const model = modelOf(FILE);
      new suite.components.ConnectedBucket("lab-runs", { bucket: model.buckets[1], connections: [model.connections[0]] });
      await suite.engine.settle();
      const pab = inputsOf(only(suite.engine.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"));
      assert.deepStrictEqual([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets], [true, true, true, true]);
      assert.deepStrictEqual(inputsOf(only(suite.engine.resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")).rule, {
        objectOwnership: "BucketOwnerEnforced",
      });
      assert.deepStrictEqual(
        inputsOf(only(suite.engine.resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")).rules,
        [
          {
            applyServerSideEncryptionByDefault: {
              sseAlgorithm: "aws:kms",
              kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/0f1e2d3c-aaaa-bbbb-cccc-123456789012",
            },
            bucketKeyEnabled: true,
          },
        ],
      );
      assert.deepStrictEqual(inputsOf(only(suite.engine.resources, "aws:s3/bucketVersioning:BucketVersioning")).versioningConfiguration, {
        status: "Suspended",
      });
    });

    it("composes one bucket policy: TLS-only deny plus the shared principal's prefix-scoped reads, after the public access block", async () => {
      const model = modelOf(FILE);
      new suite.components.ConnectedBucket("lab-runs", { bucket: model.buckets[1], connections: [model.connections[0]] });
      await suite.engine.settle();
      const policyResource = only(suite.engine.resources, "aws:s3/bucketPolicy:BucketPolicy");
      const policy = inputsOf(policyResource).policy;
      assert.deepStrictEqual(
        policy.Statement.map((s: any) => s.Sid),
        ["AvitiRunsSharedList", "AvitiRunsSharedLocation", "AvitiRunsSharedRead", "DenyInsecureTransport"],
      );
      const read = policy.Statement.find((s: any) => s.Sid === "AvitiRunsSharedRead");
      assert.deepStrictEqual(read.Resource, ["arn:aws:s3:::lab-runs/runs/aviti/*"]);
      assert.deepStrictEqual(read.Action, ["s3:GetObject"]);
      const pab = only(suite.engine.resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
      assert.ok(policyResource.dependencies.includes(pab.urn), "the bucket policy waits for the public access block");
      const bucket = only(suite.engine.resources, "aws:s3/bucket:Bucket");
      assert.deepStrictEqual(policyResource.propertyDependencies.bucket, [bucket.urn]);
    });

    it("imports an adopted bucket instead of creating it, keeps its tags, and manages no versioning when disabled", async () => {
      const model = modelOf(FILE);
      const bucket = new suite.components.ConnectedBucket("lab-archive", { bucket: model.buckets[0], connections: [model.connections[1]] });
      await suite.engine.settle();
      const recorded = only(suite.engine.resources, "aws:s3/bucket:Bucket");
      assert.strictEqual(recorded.importId, "lab-archive");
      assert.deepStrictEqual(recorded.ignoreChanges, ["tags"]);
      assert.strictEqual(recorded.protect, true);
      assert.deepStrictEqual(
        childrenOf(suite.engine.resources, await valueOf(bucket.urn)).map(([type]) => type),
        [
          "aws:s3/bucket:Bucket",
          "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
          "aws:s3/bucketPolicy:BucketPolicy",
          "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        ],
      );
    });
  });

  describe("VendorAccess", () => {
    it("gives a role credential a role with the vendor's trust and 12-hour sessions, and an inline policy", async () => {
      const model = modelOf(FILE);
      const access = new suite.components.VendorAccess("aviti-runs", {
        connection: model.connections[0],
        bucket: model.buckets[1],
        bucketName: "lab-runs",
        context: { stack: "test", accountId: "123456789012" },
        tags: model.tags,
      });
      await suite.engine.settle();
      assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(access.urn)), [
        ["aws:iam/role:Role", "aviti-runs-role"],
        ["aws:iam/rolePolicy:RolePolicy", "aviti-runs-policy"],
      ]);
      const role = inputsOf(only(suite.engine.resources, "aws:iam/role:Role"));
      assert.strictEqual(role.name, "aviti-runs-test");
      assert.strictEqual(role.maxSessionDuration, 43200);
      assert.deepStrictEqual(role.assumeRolePolicy.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "lab-aviti-7f3a" } });
      assert.deepStrictEqual(role.tags, { team: "genomics", "vendor-connections:connection": "aviti-runs", "vendor-connections:vendor": "element" });
      const policy = inputsOf(only(suite.engine.resources, "aws:iam/rolePolicy:RolePolicy"));
      assert.strictEqual(policy.role, "aviti-runs-test");
      assert.deepStrictEqual(policy.policy.Statement.find((s: any) => s.Sid === "S3ObjectWrite").Resource, ["arn:aws:s3:::lab-runs/runs/aviti/*"]);
      assert.strictEqual(await valueOf(access.handoff.roleArn as any), "arn:aws:iam::123456789012:role/aviti-runs-test");
      assert.strictEqual(access.handoff.externalId, "lab-aviti-7f3a");
    });

    it("gives a user credential a user without login, an inline policy and an access key whose secret is a secret", async () => {
      const model = modelOf(FILE);
      const access = new suite.components.VendorAccess("aviti-archive", {
        connection: model.connections[1],
        bucket: model.buckets[0],
        bucketName: "lab-archive",
        context: { stack: "test", accountId: "123456789012" },
        tags: {},
      });
      await suite.engine.settle();
      assert.deepStrictEqual(childrenOf(suite.engine.resources, await valueOf(access.urn)), [
        ["aws:iam/accessKey:AccessKey", "aviti-archive-access-key"],
        ["aws:iam/user:User", "aviti-archive-user"],
        ["aws:iam/userPolicy:UserPolicy", "aviti-archive-policy"],
      ]);
      assert.ok(!suite.engine.resources.some((r) => r.type === "aws:iam/userLoginProfile:UserLoginProfile"));
      const policy = inputsOf(only(suite.engine.resources, "aws:iam/userPolicy:UserPolicy")).policy;
      assert.deepStrictEqual(policy.Statement.find((s: any) => s.Sid === "STSOperations").Action, ["sts:GetCallerIdentity", "sts:GetFederationToken"]);
      const pulumi = await import("@pulumi/pulumi");
      const secret = access.handoff.secretKey as any;
      assert.strictEqual(await pulumi.isSecret(secret), true);
      assert.strictEqual(await valueOf(secret), "mock-secret-for-aviti-archive-test");
      assert.strictEqual(await pulumi.isSecret(access.handoff.accessKey as any), false);
      // The component's own inputs (kept in state) carry no credential.
      const component = suite.engine.resources.find((r) => r.type === "vendor-connections:index:VendorAccess")!;
      assert.ok(!JSON.stringify(component.rawInputs).includes("mock-secret"));
    });

    it("names children from the component name, so two connections never collide", async () => {
      const model = modelOf(FILE);
      for (const c of model.connections) {
        new suite.components.VendorAccess(c.name, {
          connection: c,
          bucket: model.buckets[0],
          bucketName: c.bucket,
          context: { stack: "test", accountId: "123456789012" },
          tags: {},
        });
      }
      await suite.engine.settle();
      const urns = suite.engine.resources.map((r) => r.urn);
      assert.strictEqual(new Set(urns).size, urns.length);
    });
  });
});
