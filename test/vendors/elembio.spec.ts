import * as assert from "assert";
import { actionsOf } from "../../iam/document";
import { elembio, healthOmicsExecutionRole, HEALTHOMICS_REGIONS } from "../../vendors/elembio";
import { parseConnectionsText } from "../../model/load";
import { assertGolden, oneConnection, statementOf, TEST_CONTEXT } from "../harness";

const ROLE = "credential: { type: role, externalId: lab-elembio-01 }";
const BASE = ["s3:GetBucketLocation", "s3:ListBucket", "s3:PutObject", "sts:GetCallerIdentity"];

describe("elembio (docs/vendors/elembio.md)", () => {
  const variants = [
    { name: "role-base", yaml: `vendor: elembio\nprefix: runs\n${ROLE}`, extra: [] as string[] },
    { name: "role-no-prefix", yaml: `vendor: elembio\n${ROLE}`, extra: [] },
    { name: "user-base", yaml: "vendor: elembio\nprefix: runs\ncredential: { type: user }", extra: ["sts:GetFederationToken"] },
    { name: "role-download", yaml: `vendor: elembio\nprefix: runs\n${ROLE}\ndownload: true`, extra: ["s3:GetObject"] },
    {
      name: "role-manage-bucket-policy",
      yaml: `vendor: elembio\nprefix: runs\n${ROLE}\nmanageBucketPolicy: true`,
      extra: ["s3:DeleteBucketPolicy", "s3:GetBucketPolicy", "s3:PutBucketPolicy"],
    },
    {
      name: "role-healthomics",
      yaml: `vendor: elembio\nprefix: runs\n${ROLE}\nhealthOmics: { enabled: true }`,
      extra: ["iam:PassRole", "omics:CancelRun", "omics:GetRun", "omics:GetWorkflow", "omics:StartRun"],
    },
    {
      name: "user-everything-kms",
      yaml: "vendor: elembio\nprefix: runs\ncredential: { type: user }\ndownload: true\nmanageBucketPolicy: true\nhealthOmics: { enabled: true }",
      bucket: '{ encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" } }',
      extra: [
        "iam:PassRole",
        "kms:Decrypt",
        "kms:GenerateDataKey",
        "omics:CancelRun",
        "omics:GetRun",
        "omics:GetWorkflow",
        "omics:StartRun",
        "s3:DeleteBucketPolicy",
        "s3:GetBucketPolicy",
        "s3:GetObject",
        "s3:PutBucketPolicy",
        "sts:GetFederationToken",
      ],
    },
  ];

  for (const v of variants) {
    describe(v.name, () => {
      const { connection, bucket } = oneConnection(v.yaml, { bucket: (v as { bucket?: string }).bucket });
      const policy = elembio.identityPolicy(connection, bucket, TEST_CONTEXT);
      it("matches the golden provider policy", () => assertGolden(`elembio/${v.name}.identity-policy`, policy));
      it("grants the base upload set plus exactly what its features ask for (docs/vendors/elembio.md §5)", () => {
        assert.deepStrictEqual(actionsOf(policy), [...BASE, ...v.extra].sort());
      });
    });
  }

  it("confines object and list access to the prefix", () => {
    const { connection, bucket } = oneConnection(`vendor: elembio\nprefix: runs\n${ROLE}\ndownload: true`);
    const policy = elembio.identityPolicy(connection, bucket, TEST_CONTEXT);
    assert.deepStrictEqual(statementOf(policy, "S3ObjectWrite").Resource, ["arn:aws:s3:::lab-runs/runs/*"]);
    assert.deepStrictEqual(statementOf(policy, "S3ObjectRead").Resource, ["arn:aws:s3:::lab-runs/runs/*"]);
    assert.deepStrictEqual(statementOf(policy, "S3ObjectListing").Condition, { StringLike: { "s3:prefix": ["runs/*"] } });
  });

  it("passes only its own execution role, and only to HealthOmics (tighter than the vendor's `*`)", () => {
    const { connection, bucket } = oneConnection(`vendor: elembio\nprefix: runs\n${ROLE}\nhealthOmics: { enabled: true }`);
    const passRole = statementOf(elembio.identityPolicy(connection, bucket, TEST_CONTEXT), "OmicsPassRole");
    assert.deepStrictEqual(passRole.Resource, ["arn:aws:iam::123456789012:role/conn-a-test-omics"]);
    assert.deepStrictEqual(passRole.Condition, { StringEquals: { "iam:PassedToService": "omics.amazonaws.com" } });
  });

  it("creates the HealthOmics execution role of docs/vendors/elembio.md §7 only when HealthOmics is on (golden)", () => {
    const on = oneConnection(`vendor: elembio\nprefix: runs\n${ROLE}\nhealthOmics: { enabled: true }`);
    const role = elembio.executionRole!(on.connection, on.bucket, TEST_CONTEXT)!;
    assertGolden("elembio/healthomics-execution-role", role);
    assert.strictEqual(role.name, "conn-a-test-omics");
    assert.deepStrictEqual(role.trustPolicy.Statement[0].Principal, { Service: ["omics.amazonaws.com"] });
    assert.deepStrictEqual(role.trustPolicy.Statement[0].Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
    assert.deepStrictEqual(statementOf(role.policy, "S3Objects").Resource, ["arn:aws:s3:::lab-runs/*"]);
    assert.deepStrictEqual(statementOf(role.policy, "S3Bucket"), {
      Sid: "S3Bucket",
      Effect: "Allow",
      Action: ["s3:ListBucket"],
      Resource: ["arn:aws:s3:::lab-runs"],
    });
    const off = oneConnection(`vendor: elembio\nprefix: runs\n${ROLE}\nhealthOmics: { enabled: false }`);
    assert.strictEqual(elembio.executionRole!(off.connection, off.bucket, TEST_CONTEXT), undefined);
  });

  it("trusts Element's account with the external ID, for 12-hour sessions (docs/vendors/elembio.md §3)", () => {
    const { connection } = oneConnection(`vendor: elembio\n${ROLE}`);
    const trust = elembio.trustPolicy(connection, TEST_CONTEXT);
    assertGolden("elembio/role.trust-policy", trust);
    assert.deepStrictEqual(trust.Statement[0].Principal, { AWS: ["arn:aws:iam::588258415937:root"] });
    assert.deepStrictEqual(trust.Statement[0].Condition, { StringEquals: { "sts:ExternalId": "lab-elembio-01" } });
    assert.strictEqual(elembio.maxSessionDurationSeconds, 43_200);
  });

  it("shares read-only access to the prefix, not the whole bucket (docs/vendors/elembio.md §8 grants the bucket)", () => {
    const { connection, bucket } = oneConnection(
      `vendor: elembio\nprefix: runs\n${ROLE}\nsharedPrincipals: [{ arn: "arn:aws:iam::111122223333:user/reader" }]`,
    );
    const statements = elembio.bucketPolicyStatements(connection, bucket);
    assertGolden("elembio/shared-principals.bucket-policy-statements", statements);
    assert.deepStrictEqual(
      statements.map((s) => s.Sid),
      ["ConnASharedRead", "ConnASharedList", "ConnASharedLocation"],
    );
    assert.deepStrictEqual(statements[0].Resource, "arn:aws:s3:::lab-runs/runs/*");
  });

  it("hands off provider, storage and compute connection fields (docs/vendors/elembio.md §6)", () => {
    const { connection, bucket } = oneConnection(`vendor: elembio\nprefix: runs\n${ROLE}\nhealthOmics: { enabled: true }`);
    assert.deepStrictEqual(elembio.handoff(connection, bucket), {
      provider: { name: "conn-a", defaultRegion: "us-east-1", credentialType: "Role", roleArn: { credential: "roleArn" }, externalId: "lab-elembio-01" },
      storageConnection: {
        provider: "conn-a",
        name: "conn-a",
        region: "us-east-1",
        bucketName: "lab-runs",
        prefix: "runs",
        useForRunUpload: true,
        useForDataExploration: true,
      },
      computeConnection: { provider: "conn-a", name: "conn-a", executionRoleArn: { credential: "executionRoleArn" }, region: "us-east-1" },
    });
  });

  it("rejects HealthOmics outside a HealthOmics region, naming the allowed regions", () => {
    const result = parseConnectionsText(
      `version: 1
connections:
  - { name: omics, vendor: elembio, bucket: lab-runs, region: ca-central-1, credential: { type: user }, healthOmics: { enabled: true } }
`,
      "f.yaml",
    );
    assert.ok(!result.ok);
    assert.deepStrictEqual(
      result.errors.map((e) => e.message),
      [
        `connection "omics": healthOmics.enabled: HealthOmics needs the bucket in a HealthOmics region, and bucket "lab-runs" is in ca-central-1: the shared workflow runs only in the bucket's region (docs/vendors/elembio.md §7). Use a bucket in ${HEALTHOMICS_REGIONS.join(", ")}, or turn healthOmics off`,
      ],
    );
  });

  it("warns that manageBucketPolicy lets ElemBio edit a policy this program owns", () => {
    const result = parseConnectionsText(
      `version: 1
connections:
  - { name: share, vendor: elembio, bucket: lab-runs, region: us-east-1, credential: { type: user }, manageBucketPolicy: true }
`,
      "f.yaml",
    );
    assert.ok(result.ok);
    assert.strictEqual(result.warnings.length, 1);
    assert.match(
      result.warnings[0].message,
      /^connection "share": manageBucketPolicy: lets ElemBio rewrite the bucket policy of "lab-runs": until the next `pulumi up` puts back the composed policy \(and removes ElemBio's sharing statements\), ElemBio can grant any principal access to the bucket/,
    );
  });

  it("refuses manageBucketPolicy on a bucket other connections share: ElemBio could grant itself their prefixes", () => {
    const result = parseConnectionsText(
      `version: 1
connections:
  - { name: share, vendor: elembio, bucket: lab-runs, prefix: elembio, region: us-east-1, credential: { type: user }, manageBucketPolicy: true }
  - { name: runs, vendor: element, bucket: lab-runs, prefix: runs, credential: { type: user } }
`,
      "f.yaml",
    );
    assert.ok(!result.ok);
    assert.deepStrictEqual(
      result.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      [
        `3:139 connection "share": manageBucketPolicy: would let ElemBio rewrite the whole bucket policy of "lab-runs", which other connections share: it could grant itself their prefixes or remove the TLS-only statement (docs/vendors/elembio.md §8). Use sharedPrincipals for sharing, or give this connection a bucket of its own`,
      ],
    );
  });

  describe("HealthOmics on a bucket shared with other connections", () => {
    const shared = (elembio: string) =>
      parseConnectionsText(
        `version: 1
defaults: { region: us-east-1 }
connections:
  - { name: omics, vendor: elembio, bucket: lab-runs, ${elembio}credential: { type: role, externalId: lab-omics-7f3a }, healthOmics: { enabled: true } }
  - { name: runs, vendor: element, bucket: lab-runs, prefix: runs, credential: { type: user } }
`,
        "f.yaml",
      );

    it("confines the execution role's objects and listing to the connection's prefix, and says where Bases2Fastq must write", () => {
      const result = shared("prefix: elembio, ");
      assert.ok(result.ok);
      const connection = result.model.connections[0] as Parameters<typeof healthOmicsExecutionRole>[0];
      const role = healthOmicsExecutionRole(connection, result.model.buckets[0], TEST_CONTEXT);
      const s3 = role.policy.Statement.filter((st) => st.Sid.startsWith("S3"));
      assert.deepStrictEqual(
        s3.map((st) => [st.Sid, st.Resource, st.Condition]),
        [
          ["S3Bucket", ["arn:aws:s3:::lab-runs"], { StringLike: { "s3:prefix": ["elembio/*"] } }],
          ["S3Objects", ["arn:aws:s3:::lab-runs/elembio/*"], undefined],
        ],
      );
      assert.deepStrictEqual(
        result.warnings.filter((w) => w.path.endsWith("healthOmics.enabled")).map((w) => w.message),
        [
          `connection "omics": healthOmics.enabled: bucket "lab-runs" is shared with other connections, so the HealthOmics execution role reads and writes only under "elembio/" (ElemBio's template gives it the whole bucket, docs/vendors/elembio.md §7): keep the runs Bases2Fastq reads, and the output location it writes, under s3://lab-runs/elembio/`,
        ],
      );
    });

    it("refuses HealthOmics without a prefix there: the role would reach the other connections' prefixes", () => {
      const result = shared("");
      assert.ok(!result.ok);
      assert.deepStrictEqual(
        result.errors.map((e) => e.message),
        [
          `connection "omics": healthOmics.enabled: HealthOmics runs with an execution role that reads and writes wherever a run says; bucket "lab-runs" is shared with other connections and this connection has no prefix, so the role would reach theirs (docs/vendors/elembio.md §7). Give the connection a prefix (the role is then confined to it), or use a bucket of its own`,
        ],
      );
    });

    it("keeps ElemBio's bucket-wide template on a bucket the connection has alone", () => {
      const result = parseConnectionsText(
        `version: 1
connections:
  - { name: omics, vendor: elembio, bucket: lab-omics, prefix: elembio, region: us-east-1, credential: { type: user }, healthOmics: { enabled: true } }
`,
        "f.yaml",
      );
      assert.ok(result.ok);
      const connection = result.model.connections[0] as Parameters<typeof healthOmicsExecutionRole>[0];
      const role = healthOmicsExecutionRole(connection, result.model.buckets[0], TEST_CONTEXT);
      assert.deepStrictEqual(role.policy.Statement.find((st) => st.Sid === "S3Objects")!.Resource, ["arn:aws:s3:::lab-omics/*"]);
    });
  });
});
