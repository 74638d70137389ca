import * as assert from "assert";
import { actionsOf, type PolicyDocument } from "../../iam/document";
import { parseConnectionsText } from "../../model/load";
import { seqera, SEQERA_CORS_RULE, SEQERA_PENDING, seqeraRoleArn } from "../../vendors/seqera";
import { assertGolden, modelOf } from "../harness";

const context = { accountId: "123456789012", stack: "test" };
const ROLE = "{ type: role, externalId: 7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30 }";
const SEQERA_ROLE = "arn:aws:iam::161471496260:role/SeqeraPlatformCloudAccessRole";

function connectionOf(fields: string, options: { prefix?: string; bucket?: string } = {}) {
  const model = modelOf(`
version: 1
defaults: { region: us-east-1 }
buckets:
  lab-seqera: ${options.bucket ?? "{}"}
connections:
  - name: nf-runs
    vendor: seqera
    bucket: lab-seqera
    ${options.prefix ? `prefix: ${options.prefix}` : ""}
${fields
  .split("\n")
  .map((line) => `    ${line}`)
  .join("\n")}
`);
  return { connection: model.connections[0] as any, bucket: model.buckets[0] };
}

function problems(fields: string) {
  const yaml = `version: 1\ndefaults: { region: us-east-1 }\nconnections:\n  - name: nf-runs\n    vendor: seqera\n    bucket: lab-seqera\n${fields
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n")}\n`;
  const result = parseConnectionsText(yaml, "f.yaml");
  return { errors: result.ok ? [] : result.errors.map((e) => e.message), warnings: result.warnings.map((w) => w.message) };
}

const statement = (doc: PolicyDocument, sid: string) => {
  const found = doc.Statement.find((s) => s.Sid === sid);
  assert.ok(found, `statement ${sid} missing`);
  return found;
};

describe("seqera (docs/vendors/seqera.md)", () => {
  const WORK = ["s3:GetBucketLocation", "s3:GetObject", "s3:ListBucket"];
  const EXPLORER = [
    "s3:GetBucketAcl",
    "s3:GetBucketLocation",
    "s3:GetBucketPolicy",
    "s3:GetObject",
    "s3:GetObjectTagging",
    "s3:ListBucket",
    "s3:PutObject",
    "s3:PutObjectTagging",
  ];
  const variants = [
    { name: "work-directory-prefix", fields: "workDirectory: { computeRegion: us-east-1 }", prefix: "nf/work", actions: WORK },
    { name: "work-directory-no-prefix", fields: "workDirectory: { computeRegion: us-east-1 }", prefix: undefined, actions: WORK },
    { name: "data-explorer-prefix", fields: "dataExplorer: true", prefix: "shared/dx", actions: EXPLORER },
    {
      name: "data-explorer-delete-discover",
      fields: "dataExplorer: true\ndelete: true\ndiscoverBuckets: true",
      prefix: "shared/dx",
      actions: [...EXPLORER, "s3:DeleteObject", "s3:ListAllMyBuckets"],
    },
    {
      name: "both-no-prefix",
      fields: "workDirectory: { computeRegion: us-east-1 }\ndataExplorer: true",
      prefix: undefined,
      actions: EXPLORER,
    },
  ];

  for (const v of variants) {
    describe(v.name, () => {
      const { connection, bucket } = connectionOf(`credential: ${ROLE}\n${v.fields}`, { prefix: v.prefix });
      const policy = seqera.identityPolicy(connection, bucket, context);

      it("matches the golden identity policy", () => assertGolden(`seqera/${v.name}.identity-policy`, policy));

      it("grants exactly the docs/vendors/seqera.md §4 actions of its uses", () => {
        assert.deepStrictEqual(actionsOf(policy), [...new Set(v.actions)].sort());
      });

      it(v.prefix ? "confines objects and listing to the prefix (docs/vendors/seqera.md §4.5)" : "names the whole bucket, as Seqera's statements do", () => {
        const objects = policy.Statement.filter((s) => (s.Resource as string[]).some((r) => r.includes("/")));
        assert.ok(objects.length > 0);
        for (const s of objects) assert.deepStrictEqual(s.Resource, [v.prefix ? `arn:aws:s3:::lab-seqera/${v.prefix}/*` : "arn:aws:s3:::lab-seqera/*"]);
        const listing = policy.Statement.filter((s) => (s.Action as string[]).includes("s3:ListBucket"));
        // With a prefix one statement carries the condition; without, each use's statement lists, as Seqera's do.
        assert.strictEqual(listing.length, v.prefix ? 1 : v.name.startsWith("both") ? 2 : 1);
        for (const s of listing) assert.deepStrictEqual(s.Condition, v.prefix ? { StringLike: { "s3:prefix": [`${v.prefix}/*`] } } : undefined);
      });
    });
  }

  it("puts s3:ListAllMyBuckets on * only (docs/vendors/seqera.md §4.4)", () => {
    const { connection, bucket } = connectionOf(`credential: { type: user }\ndataExplorer: true\ndiscoverBuckets: true`, { prefix: "dx" });
    assert.deepStrictEqual(statement(seqera.identityPolicy(connection, bucket, context), "S3ListAllMyBuckets").Resource, ["*"]);
  });

  it("adds the KMS key: decrypt for a work directory, data keys too for Data Explorer (docs/vendors/seqera.md §4.7)", () => {
    const kms = '{ encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" } }';
    const work = connectionOf(`credential: { type: user }\nworkDirectory: { computeRegion: us-east-1 }`, { bucket: kms });
    assert.deepStrictEqual(statement(seqera.identityPolicy(work.connection, work.bucket, context), "KMSKeyOperations").Action, ["kms:Decrypt"]);
    const dx = connectionOf(`credential: { type: user }\ndataExplorer: true`, { bucket: kms });
    assert.deepStrictEqual(statement(seqera.identityPolicy(dx.connection, dx.bucket, context), "KMSKeyOperations").Action, [
      "kms:Decrypt",
      "kms:GenerateDataKey",
    ]);
  });

  it("trusts Seqera's platform role with the generated external ID, and TagSession apart (golden, docs/vendors/seqera.md §3.1)", () => {
    const { connection } = connectionOf(`credential: ${ROLE}\ndataExplorer: true`);
    const trust = seqera.trustPolicy(connection, context);
    assertGolden("seqera/role.trust-policy", trust);
    assert.deepStrictEqual(
      trust.Statement.map((s) => [s.Sid, s.Principal, s.Action, s.Condition]),
      [
        ["SeqeraAssumeRole", { AWS: [SEQERA_ROLE] }, ["sts:AssumeRole"], { StringEquals: { "sts:ExternalId": "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30" } }],
        ["SeqeraTagSession", { AWS: [SEQERA_ROLE] }, ["sts:TagSession"], undefined],
      ],
    );
  });

  it("without the external ID, keeps the condition and adds one no request meets (golden, docs/vendors/seqera.md §3.3)", () => {
    const { connection } = connectionOf(`credential: { type: role }\ndataExplorer: true`);
    const trust = seqera.trustPolicy(connection, context);
    assertGolden("seqera/role-pending.trust-policy", trust);
    const impossible = { Null: { "sts:ExternalId": "true" }, StringEquals: { "sts:ExternalId": SEQERA_PENDING.placeholder } };
    assert.deepStrictEqual(
      trust.Statement.map((s) => [s.Sid, s.Action, s.Condition]),
      [
        ["SeqeraAssumeRole", ["sts:AssumeRole"], impossible],
        ["SeqeraTagSession", ["sts:TagSession"], impossible],
      ],
    );
  });

  describe("keys with an assumed role (user-with-role, docs/vendors/seqera.md §3.4)", () => {
    const ID = "7d1f0c52-3e9a-4b8e-9f6d-2a4c8e1b5f30";
    const USER = "arn:aws:iam::123456789012:user/nf-runs-test";
    const ROLE_ARN = "arn:aws:iam::123456789012:role/nf-runs-test";
    const impossible = { Null: { "sts:ExternalId": "true" }, StringEquals: { "sts:ExternalId": SEQERA_PENDING.placeholder } };

    it("the role trusts the connection's own user with the external ID, and no one else (golden)", () => {
      const { connection } = connectionOf(`credential: { type: user-with-role, externalId: ${ID} }\ndataExplorer: true`);
      const trust = seqera.trustPolicy(connection, context);
      assertGolden("seqera/user-with-role.trust-policy", trust);
      assert.deepStrictEqual(
        trust.Statement.map((s) => [s.Sid, s.Principal, s.Action, s.Condition]),
        [["SeqeraKeysAssumeRole", { AWS: [USER] }, ["sts:AssumeRole"], { StringEquals: { "sts:ExternalId": ID } }]],
      );
    });

    it("the user may only assume the role, with Seqera's Sid and the external ID (golden)", () => {
      const { connection } = connectionOf(`credential: { type: user-with-role, externalId: ${ID} }\ndataExplorer: true`);
      const policy = seqera.keysUserPolicy!(connection, context);
      assertGolden("seqera/user-with-role.user-policy", policy);
      assert.deepStrictEqual(
        policy.Statement.map((s) => [s.Sid, s.Action, s.Resource, s.Condition]),
        [["AssumeRoleToManageBatchResources", ["sts:AssumeRole"], [ROLE_ARN], { StringEquals: { "sts:ExternalId": ID } }]],
      );
    });

    it("without the external ID, both the trust and the user's statement carry the condition no request meets", () => {
      const { connection } = connectionOf(`credential: { type: user-with-role }\ndataExplorer: true`);
      assert.deepStrictEqual(
        seqera.trustPolicy(connection, context).Statement.map((s) => s.Condition),
        [impossible],
      );
      assert.deepStrictEqual(
        seqera.keysUserPolicy!(connection, context).Statement.map((s) => s.Condition),
        [impossible],
      );
    });

    it("the role holds the same S3 statements as a role credential's", () => {
      const keys = connectionOf(`credential: { type: user-with-role, externalId: ${ID} }\ndataExplorer: true\ndelete: true`, { prefix: "runs" });
      const role = connectionOf(`credential: ${ROLE}\ndataExplorer: true\ndelete: true`, { prefix: "runs" });
      assert.deepStrictEqual(seqera.identityPolicy(keys.connection, keys.bucket, context), seqera.identityPolicy(role.connection, role.bucket, context));
    });

    it("hands off Keys mode with the keys, the role's ARN and the external ID", () => {
      const { connection, bucket } = connectionOf(`credential: { type: user-with-role, externalId: ${ID} }\ndataExplorer: true`);
      assert.deepStrictEqual(seqera.handoff(connection, bucket, context).credential, {
        name: "nf-runs",
        provider: "AWS",
        mode: "Keys",
        accessKey: { credential: "accessKeyId" },
        secretKey: { credential: "secretAccessKey" },
        assumeRole: ROLE_ARN,
        generateExternalId: true,
        externalId: ID,
      });
      const form = seqera.handoffSteps!(connection, bucket)[0];
      assert.deepStrictEqual(
        form.fields.map((f) => [f.label, f.value]),
        [
          ["Name", "nf-runs"],
          ["Provider", "AWS"],
          ["AWS credential mode", "Keys"],
          ["Access key", { credential: "accessKeyId" }],
          ["Secret key", { credential: "secretAccessKey" }],
          ["Assume role", { credential: "roleArn" }],
          ["Generate External ID", "on"],
        ],
      );
      assert.strictEqual(form.action, `Save the credential; the External ID Seqera shows must be ${ID}, the one the role trusts.`);
    });

    it("warns while the external ID is not set", () => {
      assert.deepStrictEqual(problems(`credential: { type: user-with-role }\ndataExplorer: true`), {
        errors: [],
        warnings: [
          `connection "nf-runs": credential.externalId is not set yet: the role is created trusting nobody, and the user may not assume it (first phase, docs/vendors/seqera.md §3.3, §3.4). Enter the access key, secret key and role ARN from the hand-off in Seqera's credential form (Keys mode) with Generate External ID on, save, copy the External ID Seqera shows into credential.externalId and apply again`,
        ],
      });
    });
  });

  it("leaves the session duration to IAM: Seqera states none (docs/vendors/seqera.md §3.1)", () => {
    assert.strictEqual(seqera.maxSessionDurationSeconds, undefined);
  });

  it("gives Data Explorer buckets Seqera's CORS rule, with the Enterprise origin beside Seqera Cloud's (docs/vendors/seqera.md §6)", () => {
    const { connection } = connectionOf(`credential: { type: user }\ndataExplorer: true\nenterpriseOrigin: https://seqera.lab.example.org`);
    assert.deepStrictEqual(seqera.corsRules(connection), [
      {
        allowedHeaders: ["*"],
        allowedMethods: ["PUT", "POST", "DELETE", "GET"],
        allowedOrigins: ["https://cloud.seqera.io", "https://seqera.lab.example.org"],
        exposeHeaders: ["ETag"],
      },
    ]);
    const work = connectionOf(`credential: { type: user }\nworkDirectory: { computeRegion: us-east-1 }`);
    assert.deepStrictEqual(seqera.corsRules(work.connection), []);
    assert.deepStrictEqual(SEQERA_CORS_RULE.allowedOrigins, ["https://cloud.seqera.io"]);
  });

  it("hands off the role ARN before the role exists, and both forms (docs/vendors/seqera.md §7)", () => {
    const { connection, bucket } = connectionOf(`credential: { type: role }\nworkDirectory: { computeRegion: us-east-1 }\ndataExplorer: true`, {
      prefix: "nf",
    });
    assert.strictEqual(seqeraRoleArn(connection, context), "arn:aws:iam::123456789012:role/nf-runs-test");
    assert.deepStrictEqual(seqera.handoff(connection, bucket, context), {
      credential: {
        name: "nf-runs",
        provider: "AWS",
        mode: "Role",
        assumeRole: "arn:aws:iam::123456789012:role/nf-runs-test",
        externalId:
          "not generated yet: save this form, then copy the External ID Seqera shows into credential.externalId and apply again (docs/vendors/seqera.md §3.2)",
      },
      dataExplorer: {
        provider: "AWS",
        path: "s3://lab-seqera/nf",
        name: "nf-runs",
        credentials: "nf-runs",
        description: "Read and write under s3://lab-seqera/nf (vendor-connections)",
      },
      computeEnvironment: { region: "us-east-1", pipelineWorkDirectory: "s3://lab-seqera/nf" },
    });
    const user = connectionOf(`credential: { type: user }\ndataExplorer: true`);
    assert.deepStrictEqual(seqera.handoff(user.connection, user.bucket, context).credential, {
      name: "nf-runs",
      provider: "AWS",
      mode: "Keys",
      accessKey: { credential: "accessKeyId" },
      secretKey: { credential: "secretAccessKey" },
    });
  });

  describe("validation", () => {
    const cases: { name: string; fields: string; errors: string[]; warnings: string[] }[] = [
      {
        name: "no use",
        fields: "credential: { type: user }",
        errors: [
          'connection "nf-runs": dataExplorer is not true and workDirectory is not set, so the connection would grant Seqera nothing; set dataExplorer: true, or workDirectory: {computeRegion: <region>} for a pipeline work directory, or both (docs/vendors/seqera.md §4)',
        ],
        warnings: [],
      },
      {
        name: "delete without Data Explorer",
        fields: "credential: { type: user }\nworkDirectory: { computeRegion: us-east-1 }\ndelete: true",
        errors: [
          'connection "nf-runs": delete is true, which lets Data Explorer delete objects, but dataExplorer is not true; set dataExplorer: true, or remove delete (docs/vendors/seqera.md §4.3)',
        ],
        warnings: [],
      },
      {
        name: "Enterprise origin without Data Explorer",
        fields: "credential: { type: user }\nworkDirectory: { computeRegion: us-east-1 }\nenterpriseOrigin: https://seqera.example.org",
        errors: [
          'connection "nf-runs": enterpriseOrigin: "https://seqera.example.org" goes into the CORS rule Data Explorer needs, but dataExplorer is not true; set dataExplorer: true, or remove enterpriseOrigin (docs/vendors/seqera.md §6)',
        ],
        warnings: [],
      },
      {
        name: "work directory in another region",
        fields: "credential: { type: user }\nworkDirectory: { computeRegion: eu-west-1 }",
        errors: [
          'connection "nf-runs": workDirectory.computeRegion is "eu-west-1" but bucket "lab-seqera" is in "us-east-1"; Seqera rejects a compute environment whose work-directory bucket is in another region (docs/vendors/seqera.md §5). Fix: use a bucket in eu-west-1, or set computeRegion: us-east-1',
        ],
        warnings: [],
      },
      {
        name: "role without the external ID yet",
        fields: "credential: { type: role }\ndataExplorer: true",
        errors: [],
        warnings: [
          `connection "nf-runs": credential.externalId is not set yet: the role is created trusting nobody (first phase, docs/vendors/seqera.md §3.3). Paste the role ARN from the hand-off into Seqera's credential form (Role mode), save, copy the External ID Seqera shows into credential.externalId and apply again`,
        ],
      },
      { name: "complete", fields: `credential: ${ROLE}\ndataExplorer: true`, errors: [], warnings: [] },
    ];
    for (const c of cases) {
      it(c.name, () => {
        const found = problems(c.fields);
        assert.deepStrictEqual(found.errors, c.errors);
        assert.deepStrictEqual(found.warnings, c.warnings);
      });
    }
  });
});
