import * as assert from "assert";
import { actionsOf } from "../../iam/document";
import { ica, ICA_CORS_RULE, ICA_REGIONS, icaCrossAccountRoleArn } from "../../vendors/ica";
import { parseConnectionsText } from "../../model/load";
import { assertGolden, oneConnection, statementOf, TEST_CONTEXT } from "../harness";

const KMS = '{ encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" } }';
const UNVERSIONED = "{ versioning: disabled }";
const ROLE = "credential: { type: role, roleSessionNamePrefix: abc123 }";
const USER = "credential: { type: user }";

const BUCKET_41 = ["s3:GetBucketLocation", "s3:GetBucketNotification", "s3:ListBucket", "s3:PutBucketNotification"];
const OBJECT_41 = ["s3:DeleteObject", "s3:GetObject", "s3:PutObject", "s3:RestoreObject"];
const VERSIONED = ["s3:DeleteObjectVersion", "s3:GetBucketVersioning", "s3:GetObjectVersion", "s3:ListBucketVersions"];
const TAGGING = ["s3:GetObjectTagging", "s3:PutObjectTagging"];
const VERSION_TAGGING = ["s3:GetObjectVersionTagging", "s3:PutObjectVersionTagging"];

function problems(yaml: string) {
  const result = parseConnectionsText(`version: 1\nconnections:\n${yaml}`, "f.yaml");
  return { errors: result.ok ? [] : result.errors.map((e) => e.message), warnings: result.warnings.map((w) => w.message) };
}

describe("ica (docs/vendors/ica.md)", () => {
  const variants = [
    {
      name: "user-unversioned",
      yaml: `vendor: ica\nprefix: proj\n${USER}`,
      bucket: UNVERSIONED,
      actions: [...BUCKET_41, ...OBJECT_41, "sts:GetFederationToken"],
    },
    {
      name: "user-versioned",
      yaml: `vendor: ica\nprefix: proj\n${USER}`,
      bucket: "{}",
      actions: [...BUCKET_41, ...OBJECT_41, ...VERSIONED, "sts:GetFederationToken"],
    },
    { name: "role-unversioned", yaml: `vendor: ica\nprefix: proj\n${ROLE}`, bucket: UNVERSIONED, actions: [...BUCKET_41, ...OBJECT_41] },
    {
      name: "role-versioned-tagging",
      yaml: `vendor: ica\nprefix: proj\n${ROLE}\nobjectTagging: true`,
      bucket: "{}",
      actions: [...BUCKET_41, ...OBJECT_41, ...VERSIONED, ...TAGGING, ...VERSION_TAGGING],
    },
    {
      name: "user-unversioned-tagging",
      yaml: `vendor: ica\nprefix: proj\n${USER}\nobjectTagging: true`,
      bucket: UNVERSIONED,
      actions: [...BUCKET_41, ...OBJECT_41, ...TAGGING, "sts:GetFederationToken"],
    },
    {
      name: "role-kms",
      yaml: `vendor: ica\nprefix: proj\n${ROLE}`,
      bucket: KMS,
      actions: [...BUCKET_41, ...OBJECT_41, ...VERSIONED, "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
    },
    { name: "user-no-prefix", yaml: `vendor: ica\n${USER}`, bucket: UNVERSIONED, actions: [...BUCKET_41, ...OBJECT_41, "sts:GetFederationToken"] },
  ];

  for (const v of variants) {
    describe(v.name, () => {
      const { connection, bucket } = oneConnection(v.yaml, { bucket: v.bucket });
      const policy = ica.identityPolicy(connection, bucket, TEST_CONTEXT);
      it("matches the golden identity policy", () => assertGolden(`ica/${v.name}.identity-policy`, policy));
      it("grants exactly the docs/vendors/ica.md §6.1, §6.2 sets its versioning, tagging, KMS and credential call for", () => {
        assert.deepStrictEqual(actionsOf(policy), [...v.actions].sort());
      });
    });
  }

  it("scopes objects to the prefix, keeps bucket actions on the bucket ARN and KMS on the exact key (docs/vendors/ica.md §6.2, §10)", () => {
    const { connection, bucket } = oneConnection(`vendor: ica\nprefix: proj/a\n${ROLE}`, { bucket: KMS });
    const policy = ica.identityPolicy(connection, bucket, TEST_CONTEXT);
    assert.deepStrictEqual(statementOf(policy, "S3ObjectOperations").Resource, ["arn:aws:s3:::lab-runs/proj/a/*"]);
    assert.deepStrictEqual(statementOf(policy, "S3BucketOperations").Resource, ["arn:aws:s3:::lab-runs"]);
    assert.strictEqual(statementOf(policy, "S3BucketOperations").Condition, undefined, "ICA lists without an s3:prefix condition (docs/vendors/ica.md §12.5)");
    assert.deepStrictEqual(statementOf(policy, "KMSKeyOperations").Resource, ["arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"]);
    assert.ok(!policy.Statement.some((s) => s.Sid === "STSFederationToken"), "roles cannot use GetFederationToken (docs/vendors/ica.md §12.4)");
  });

  it("trusts ICA's regional service account through the account's OIDC provider (docs/vendors/ica.md §7.3, golden)", () => {
    const { connection } = oneConnection(`vendor: ica\nprefix: proj\n${ROLE}`);
    const trust = ica.trustPolicy(connection, TEST_CONTEXT);
    assertGolden("ica/role-us-east-1.trust-policy", trust);
    const issuer = "oidc.eks.us-east-1.amazonaws.com/id/10FBA7EDEB5930CCFC300EF5AC3DB2FE";
    assert.deepStrictEqual(trust.Statement[0].Principal, { Federated: [`arn:aws:iam::123456789012:oidc-provider/${issuer}`] });
    assert.deepStrictEqual(trust.Statement[0].Action, ["sts:AssumeRoleWithWebIdentity"]);
    assert.deepStrictEqual(trust.Statement[0].Condition, {
      StringEquals: { [`${issuer}:aud`]: "sts.amazonaws.com" },
      StringLike: { [`${issuer}:sub`]: "system:serviceaccount:use1:irsa-use1-gds*", "sts:RoleSessionName": "abc123-*" },
    });
    assert.strictEqual(ica.maxSessionDurationSeconds, 43_200);
  });

  for (const [region, facts] of Object.entries(ICA_REGIONS).filter(([, r]) => r.oidc)) {
    it(`uses ${region}'s issuer and namespace ${facts.oidc!.namespace} in the trust policy`, () => {
      const { connection } = oneConnection(`vendor: ica\nprefix: proj\n${ROLE}`, { region });
      const condition = ica.trustPolicy(connection, TEST_CONTEXT).Statement[0].Condition!;
      const issuer = `oidc.eks.${region}.amazonaws.com/id/${facts.oidc!.id}`;
      assert.strictEqual(condition.StringLike[`${issuer}:sub`], `system:serviceaccount:${facts.oidc!.namespace}:irsa-${facts.oidc!.namespace}-gds*`);
    });
  }

  it("describes the OIDC provider the role trusts, once per issuer, adoptable (docs/vendors/ica.md §7.2)", () => {
    const { connection } = oneConnection(`vendor: ica\nprefix: proj\ncredential: { type: role, roleSessionNamePrefix: abc, adoptOidcProvider: true }`, {
      region: "eu-west-2",
    });
    assert.deepStrictEqual(ica.oidcProvider!(connection), {
      // The logical name existing stacks know the provider by (a contract: never changed).
      logicalName: "oidc-eu-west-2",
      url: "https://oidc.eks.eu-west-2.amazonaws.com/id/CC52F03C88D774F70AB9D2E2BABDF225",
      clientIds: ["sts.amazonaws.com"],
      adopt: true,
    });
    const user = oneConnection(`vendor: ica\nprefix: proj\n${USER}`);
    assert.strictEqual(ica.oidcProvider!(user.connection), undefined);
  });

  it("needs the docs/vendors/ica.md §4 CORS rule, verbatim", () => {
    const { connection } = oneConnection(`vendor: ica\nprefix: proj\n${USER}`);
    assert.deepStrictEqual(ica.corsRules(connection), [
      {
        allowedHeaders: ["*"],
        allowedMethods: ["HEAD", "GET", "PUT", "POST", "DELETE"],
        allowedOrigins: ["https://ica.illumina.com"],
        exposeHeaders: ["ETag", "x-amz-meta-custom-header"],
      },
    ]);
    assert.strictEqual(ICA_CORS_RULE.maxAgeSeconds, undefined);
  });

  describe("cross-account copy and move (docs/vendors/ica.md §8)", () => {
    const cases = [
      {
        name: "copy-unversioned",
        mode: "copy",
        bucket: UNVERSIONED,
        tagging: false,
        actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
      },
      {
        name: "move-unversioned",
        mode: "move",
        bucket: UNVERSIONED,
        tagging: false,
        actions: ["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"],
      },
      {
        name: "copy-versioned",
        mode: "copy",
        bucket: "{}",
        tagging: false,
        actions: ["s3:AbortMultipartUpload", "s3:GetObject", "s3:GetObjectVersion", "s3:ListMultipartUploadParts", "s3:PutObject"],
      },
      {
        name: "move-versioned-tagging",
        mode: "move",
        bucket: "{}",
        tagging: true,
        actions: [
          "s3:AbortMultipartUpload",
          "s3:DeleteObject",
          "s3:DeleteObjectVersion",
          "s3:GetObject",
          "s3:GetObjectTagging",
          "s3:GetObjectVersion",
          "s3:GetObjectVersionTagging",
          "s3:ListMultipartUploadParts",
          "s3:PutObject",
          "s3:PutObjectTagging",
          "s3:PutObjectVersionTagging",
        ],
      },
    ];
    for (const c of cases) {
      it(`${c.name}: the regional Illumina role gets exactly the ${c.mode} actions under the prefix (golden)`, () => {
        const { connection, bucket } = oneConnection(`vendor: ica\nprefix: proj\n${USER}\ncrossAccount: ${c.mode}\nobjectTagging: ${c.tagging}`, {
          bucket: c.bucket,
          region: "eu-central-1",
        });
        const statements = ica.bucketPolicyStatements(connection, bucket);
        assertGolden(`ica/cross-account-${c.name}.bucket-policy-statements`, statements);
        assert.strictEqual(statements.length, 1);
        assert.strictEqual(statements[0].Sid, "ConnAIcaCrossAccount");
        assert.deepStrictEqual(statements[0].Principal, { AWS: "arn:aws:iam::079623148045:role/ica_euc1_crossacct" });
        assert.deepStrictEqual([...(statements[0].Action as string[])].sort(), c.actions);
        assert.strictEqual(statements[0].Resource, "arn:aws:s3:::lab-runs/proj/*");
      });
    }

    it("adds nothing without crossAccount", () => {
      const { connection, bucket } = oneConnection(`vendor: ica\nprefix: proj\n${USER}`);
      assert.deepStrictEqual(ica.bucketPolicyStatements(connection, bucket), []);
    });

    it("names each region's role from the docs/vendors/ica.md §8.2 table, India included (aps3)", () => {
      assert.strictEqual(icaCrossAccountRoleArn("ap-south-1"), "arn:aws:iam::079623148045:role/ica_aps3_crossacct");
      assert.strictEqual(icaCrossAccountRoleArn("me-central-1"), "arn:aws:iam::079623148045:role/ica_mec1_crossacct");
      assert.strictEqual(Object.keys(ICA_REGIONS).length, 12);
    });
  });

  describe("hand-off (docs/vendors/ica.md §5, §6.7, §7.5)", () => {
    it("role: credential of type AWS_Role, storage configuration with role ARN, key prefix ending in / and KMS", () => {
      const { connection, bucket } = oneConnection(`vendor: ica\nprefix: proj/a\n${ROLE}`, { bucket: KMS });
      assert.deepStrictEqual(ica.handoff(connection, bucket), {
        storageCredential: {
          name: "conn-a",
          type: "AWS_Role",
          note: "The role trusts sessions named abc123-*: the RoleSessionName prefix ICA generated when you created this credential. Nothing to paste here.",
        },
        storageConfiguration: {
          type: "AWS_S3",
          region: "us-east-1",
          configurationName: "conn-a",
          bucketName: "lab-runs",
          keyPrefix: "proj/a/",
          roleArn: { credential: "roleArn" },
          serverSideEncryption: { algorithm: "aws:kms", keyName: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" },
        },
      });
    });

    it("user: access key id and secret", () => {
      const { connection, bucket } = oneConnection(`vendor: ica\nprefix: proj\n${USER}`);
      assert.deepStrictEqual(ica.handoff(connection, bucket).storageCredential, {
        name: "conn-a",
        type: "AWS user",
        accessKeyId: { credential: "accessKeyId" },
        secretAccessKey: { credential: "secretAccessKey" },
      });
    });
  });

  describe("validation", () => {
    it("rejects a bucket outside the ICA regions, listing the twelve", () => {
      const { errors } = problems("  - { name: ica-x, vendor: ica, bucket: lab-runs, prefix: p, region: eu-west-1, credential: { type: user } }\n");
      assert.strictEqual(errors.length, 1);
      assert.match(
        errors[0],
        /^connection "ica-x": bucket "lab-runs" is in eu-west-1, but ICA connects only buckets in its project's region \(docs\/vendors\/ica\.md §2\): ap-southeast-2 \(Australia\), /,
      );
      assert.strictEqual(errors[0].match(/\([A-Z][A-Za-z ]+\)/g)!.length, 12);
    });

    for (const region of ["ap-southeast-3", "il-central-1", "me-central-1"]) {
      it(`rejects the role method in ${region}, where ICA publishes no OIDC provider`, () => {
        const { errors } = problems(
          `  - { name: ica-x, vendor: ica, bucket: lab-runs, prefix: p, region: ${region}, credential: { type: role, roleSessionNamePrefix: abc } }\n`,
        );
        assert.strictEqual(errors.length, 1);
        assert.match(errors[0], /so the role method cannot work there \(docs\/vendors\/ica\.md §7\.2, §12\.3\); use credential type user$/);
      });
    }

    it("accepts the user method in a region without OIDC provider", () => {
      assert.deepStrictEqual(
        problems("  - { name: ica-x, vendor: ica, bucket: lab-runs, prefix: p, region: me-central-1, credential: { type: user } }\n").errors,
        [],
      );
    });

    it("warns about the root folder, the India namespace, and the KMS key policy for cross-account", () => {
      const { errors, warnings } =
        problems(`  - { name: ica-x, vendor: ica, bucket: lab-runs, region: ap-south-1, credential: { type: role, roleSessionNamePrefix: abc }, crossAccount: copy }
buckets:
  lab-runs: { encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:ap-south-1:123456789012:key/abc" } }
`);
      assert.deepStrictEqual(errors, []);
      assert.strictEqual(warnings.length, 3);
      assert.match(warnings.join("\n"), /advises against the bucket's root folder/);
      assert.match(warnings.join("\n"), /India's namespace/);
      assert.match(
        warnings.join("\n"),
        /key policy of arn:aws:kms:ap-south-1:123456789012:key\/abc to let arn:aws:iam::079623148045:role\/ica_aps3_crossacct use the key/,
      );
    });

    it("requires role connections sharing an OIDC provider to agree on adopting it", () => {
      const { errors } =
        problems(`  - { name: ica-a, vendor: ica, bucket: lab-a, prefix: p, region: us-east-1, credential: { type: role, roleSessionNamePrefix: a, adoptOidcProvider: true } }
  - { name: ica-b, vendor: ica, bucket: lab-b, prefix: p, region: us-east-1, credential: { type: role, roleSessionNamePrefix: b } }
`);
      assert.deepStrictEqual(errors, [
        'connection "ica-b": credential.adoptOidcProvider: connections "ica-a" and "ica-b" share the account\'s OIDC provider for us-east-1, but only one says adoptOidcProvider: true; the provider exists once per account, so set the same value on both',
      ]);
    });
  });
});

describe("ica: the connection's name is ICA's storage configuration name", () => {
  it("refuses a name ICA would refuse (3 to 63 characters)", () => {
    const result = parseConnectionsText(
      "version: 1\nconnections:\n  - { name: ab, vendor: ica, bucket: lab-runs, prefix: p, region: us-east-1, credential: { type: user } }\n",
      "f.yaml",
    );
    assert.ok(!result.ok);
    assert.deepStrictEqual(
      result.errors.map((e) => `${e.line}:${e.column} ${e.message}`),
      [
        `3:13 connections[0]: name: "ab" is the storage configuration name ICA is given, and ICA accepts 3 to 63 characters (it has 2) (docs/vendors/ica.md §5); rename the connection`,
      ],
    );
  });
});
