/**
 * bucket-* policies: every bucket hardened, whoever wrote it (element.md §2, aws.md §3; DESIGN.md
 * safety rules). Each case changes one thing of a compliant bucket.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { denyInsecureTransport } from "../../iam/s3";
import { check, hardenedBucket } from "./helpers";

const PAB_REQUIREMENT =
  "every bucket blocks all public access with the four flags true (docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2)";
const OWNERSHIP_REQUIREMENT =
  "ACLs stay disabled, with object ownership BucketOwnerEnforced (docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2)";
const ENCRYPTION_REQUIREMENT = "vendors ask for default encryption on every bucket (docs/vendors/element.md §2; docs/vendors/elembio.md §2)";
const TLS_REQUIREMENT =
  "every bucket has exactly one bucket policy, and it denies requests made without TLS (DESIGN.md safety rules; a second policy overwrites the first, docs/vendors/elembio.md §8; docs/vendors/aws.md §3)";
const TLS_STATEMENT = `{"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": [<bucket ARN>, "<bucket ARN>/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}`;
const ACL_REQUIREMENT =
  "ACLs stay disabled (object ownership BucketOwnerEnforced): access is granted by the bucket policy and IAM only (docs/vendors/element.md §2)";
const PUBLIC_REQUIREMENT = "a bucket policy grants named principals, never everyone (docs/vendors/element.md §2; docs/vendors/prequel.md §2)";

describe("policy pack: bucket", () => {
  it("passes a bucket hardened with raw resources linked to it", async () => {
    assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs")), []);
  });

  describe("bucket-public-access-block", () => {
    it("reports a bucket without a public access block", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { publicAccessBlock: false })), [
        {
          policy: "bucket-public-access-block",
          enforcement: "mandatory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" has no BucketPublicAccessBlock; ${PAB_REQUIREMENT}. Fix: add an aws.s3.BucketPublicAccessBlock with bucket set to this bucket's id and blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets set to true.`,
        },
      ]);
    });

    it("reports each flag that is false or unset", async () => {
      assert.deepStrictEqual(
        await check(() => hardenedBucket("lab-runs", { publicAccessBlock: { blockPublicPolicy: false, restrictPublicBuckets: undefined } })),
        [
          {
            policy: "bucket-public-access-block",
            enforcement: "mandatory",
            resource: "lab-runs-pab",
            message: `aws.s3.BucketPublicAccessBlock "lab-runs-pab" sets blockPublicPolicy to false and leaves restrictPublicBuckets unset; ${PAB_REQUIREMENT}. Fix: set blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets to true.`,
          },
        ],
      );
    });

    it("does not link a public access block that names the bucket by a literal string", async () => {
      const found = await check(() => {
        hardenedBucket("lab-runs", { publicAccessBlock: false });
        new aws.s3.BucketPublicAccessBlock("by-name", {
          bucket: "lab-runs",
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
      });
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.resource]),
        [["bucket-public-access-block", "lab-runs"]],
      );
    });

    it("links a public access block through dependsOn when its bucket input is a literal", async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs", { publicAccessBlock: false });
        new aws.s3.BucketPublicAccessBlock(
          "by-name",
          { bucket: "lab-runs", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
          { dependsOn: [bucket] },
        );
      });
      assert.deepStrictEqual(found, []);
    });
  });

  describe("bucket-ownership-controls", () => {
    it("reports a bucket without ownership controls", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { ownership: false })), [
        {
          policy: "bucket-ownership-controls",
          enforcement: "mandatory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" has no BucketOwnershipControls; ${OWNERSHIP_REQUIREMENT}. Fix: add an aws.s3.BucketOwnershipControls with bucket set to this bucket's id and rule.objectOwnership "BucketOwnerEnforced".`,
        },
      ]);
    });

    it("reports ownership other than BucketOwnerEnforced", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { ownership: "ObjectWriter" })), [
        {
          policy: "bucket-ownership-controls",
          enforcement: "mandatory",
          resource: "lab-runs-ownership",
          message: `aws.s3.BucketOwnershipControls "lab-runs-ownership" sets rule.objectOwnership to "ObjectWriter"; ${OWNERSHIP_REQUIREMENT}. Fix: set rule.objectOwnership to "BucketOwnerEnforced".`,
        },
      ]);
    });
  });

  describe("bucket-default-encryption (advisory)", () => {
    it("reports a bucket without default encryption", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { encryption: false })), [
        {
          policy: "bucket-default-encryption",
          enforcement: "advisory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" has no BucketServerSideEncryptionConfiguration; ${ENCRYPTION_REQUIREMENT}. Fix: add an aws.s3.BucketServerSideEncryptionConfiguration with bucket set to this bucket's id and an applyServerSideEncryptionByDefault.sseAlgorithm of one of "AES256", "aws:kms", "aws:kms:dsse".`,
        },
      ]);
    });

    it("accepts the deprecated inline configuration of a bucket", async () => {
      const found = await check(() =>
        hardenedBucket("lab-runs", {
          encryption: false,
          bucket: { serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } } } },
        }),
      );
      assert.deepStrictEqual(found, []);
    });

    it("reports a configuration without a default rule", async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs", { encryption: false });
        new aws.s3.BucketServerSideEncryptionConfiguration("lab-runs-encryption", { bucket: bucket.id, rules: [{ bucketKeyEnabled: true }] });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "bucket-default-encryption",
          enforcement: "advisory",
          resource: "lab-runs-encryption",
          message: `aws.s3.BucketServerSideEncryptionConfiguration "lab-runs-encryption" has no rule with applyServerSideEncryptionByDefault; ${ENCRYPTION_REQUIREMENT}. Fix: give it a rule with an applyServerSideEncryptionByDefault.sseAlgorithm of one of "AES256", "aws:kms", "aws:kms:dsse".`,
        },
      ]);
    });
  });

  describe("bucket-tls-only-policy", () => {
    it("reports a bucket without a bucket policy", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { policy: false })), [
        {
          policy: "bucket-tls-only-policy",
          enforcement: "mandatory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" has no bucket policy; ${TLS_REQUIREMENT}. Fix: add one aws.s3.BucketPolicy with bucket set to this bucket's id and the statement ${TLS_STATEMENT}.`,
        },
      ]);
    });

    it("reports a bucket policy without the TLS deny", async () => {
      const readOnly = (b: string) => [
        {
          Sid: "PartnerRead",
          Effect: "Allow" as const,
          Principal: { AWS: "arn:aws:iam::111122223333:root" },
          Action: "s3:GetObject",
          Resource: `arn:aws:s3:::${b}/*`,
        },
      ];
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { policy: readOnly })), [
        {
          policy: "bucket-tls-only-policy",
          enforcement: "mandatory",
          resource: "lab-runs-policy",
          message: `aws.s3.BucketPolicy "lab-runs-policy" has no statement denying requests made without TLS; ${TLS_REQUIREMENT}. Fix: add the statement ${TLS_STATEMENT}.`,
        },
      ]);
    });

    it("does not count a TLS deny for another bucket", async () => {
      const found = await check(() => hardenedBucket("lab-runs", { policy: () => [denyInsecureTransport("other-bucket")] }));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.resource]),
        [["bucket-tls-only-policy", "lab-runs-policy"]],
      );
    });

    it("reports two bucket policies on one bucket, the inline policy input included", async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs", {
          bucket: { policy: JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport("lab-runs")] }) },
        });
        new aws.s3.BucketPolicy("lab-runs-second", {
          bucket: bucket.id,
          policy: JSON.stringify({ Version: "2012-10-17", Statement: [denyInsecureTransport("lab-runs")] }),
        });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "bucket-tls-only-policy",
          enforcement: "mandatory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" has 3 bucket policies (the policy input of aws.s3.Bucket "lab-runs", aws.s3.BucketPolicy "lab-runs-policy" and aws.s3.BucketPolicy "lab-runs-second"); ${TLS_REQUIREMENT}. Fix: merge their statements into one aws.s3.BucketPolicy.`,
        },
      ]);
    });
  });

  describe("bucket-no-acl", () => {
    it("reports a BucketAcl resource", async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs");
        new aws.s3.BucketAcl("lab-runs-acl", { bucket: bucket.id, acl: "private" });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "bucket-no-acl",
          enforcement: "mandatory",
          resource: "lab-runs-acl",
          message: `aws.s3.BucketAcl "lab-runs-acl" manages a bucket ACL; ${ACL_REQUIREMENT}. Fix: remove the aws.s3.BucketAcl and grant access through the bucket policy or IAM.`,
        },
      ]);
    });

    it("reports the deprecated inline acl of a bucket", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { bucket: { acl: "public-read" } })), [
        {
          policy: "bucket-no-acl",
          enforcement: "mandatory",
          resource: "lab-runs",
          message: `aws.s3.Bucket "lab-runs" sets acl "public-read"; ${ACL_REQUIREMENT}. Fix: remove acl from the bucket.`,
        },
      ]);
    });
  });

  describe("bucket-policy-no-public-principal", () => {
    const withPublicRead = (b: string) => [
      denyInsecureTransport(b),
      { Sid: "PublicRead", Effect: "Allow" as const, Principal: "*" as const, Action: "s3:GetObject", Resource: `arn:aws:s3:::${b}/*` },
    ];

    it("reports an Allow to Principal *", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs", { policy: withPublicRead })), [
        {
          policy: "bucket-policy-no-public-principal",
          enforcement: "mandatory",
          resource: "lab-runs-policy",
          message: `aws.s3.BucketPolicy "lab-runs-policy" statement "PublicRead" allows Principal "*"; ${PUBLIC_REQUIREMENT}. Fix: replace "*" with the ARNs of the accounts, roles or users that need access.`,
        },
      ]);
    });

    it('reports {"AWS": "*"} and NotPrincipal in a hand-written document', async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs", { policy: false });
        new aws.s3.BucketPolicy("hand-written", {
          bucket: bucket.id,
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              denyInsecureTransport("lab-runs"),
              { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root", "*"] }, Action: "s3:ListBucket", Resource: "arn:aws:s3:::lab-runs" },
              { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::lab-runs/*" },
            ],
          }),
        });
      });
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.s3.BucketPolicy "hand-written" statement 2 allows Principal "*"; ${PUBLIC_REQUIREMENT}. Fix: replace "*" with the ARNs of the accounts, roles or users that need access.`,
          `aws.s3.BucketPolicy "hand-written" statement 3 allows every principal except its NotPrincipal; ${PUBLIC_REQUIREMENT}. Fix: replace NotPrincipal with Principal naming the accounts, roles or users that need access.`,
        ],
      );
    });

    it("accepts the TLS deny, whose principal is * on a Deny", async () => {
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs")), []);
    });
  });

  describe("bucket-no-deprecated-v2", () => {
    it("reports BucketV2 and the V2 siblings, and checks the V2 bucket like a bucket", async () => {
      const found = await check(() => {
        const bucket = new aws.s3.BucketV2("legacy", { bucket: "legacy" });
        new aws.s3.BucketVersioningV2("legacy-versioning", { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } });
      });
      const v2 = found.filter((f) => f.policy === "bucket-no-deprecated-v2");
      assert.deepStrictEqual(v2, [
        {
          policy: "bucket-no-deprecated-v2",
          enforcement: "mandatory",
          resource: "legacy",
          message:
            'aws.s3.BucketV2 "legacy" uses the deprecated type aws:s3/bucketV2:BucketV2; the bucket checks (docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2; docs/vendors/ica.md §3.3, §10; docs/vendors/aws.md §3) are written for the current types and a policy sees only the exact type it names. Fix: use aws.s3.Bucket instead; it aliases aws:s3/bucketV2:BucketV2, so the switch replaces nothing.',
        },
        {
          policy: "bucket-no-deprecated-v2",
          enforcement: "mandatory",
          resource: "legacy-versioning",
          message:
            'aws.s3.BucketVersioningV2 "legacy-versioning" uses the deprecated type aws:s3/bucketVersioningV2:BucketVersioningV2; the bucket checks (docs/vendors/element.md §2; docs/vendors/elembio.md §2; docs/vendors/prequel.md §2; docs/vendors/ica.md §3.3, §10; docs/vendors/aws.md §3) are written for the current types and a policy sees only the exact type it names. Fix: use aws.s3.BucketVersioning instead; it aliases aws:s3/bucketVersioningV2:BucketVersioningV2, so the switch replaces nothing.',
        },
      ]);
      assert.deepStrictEqual(
        found.filter((f) => f.policy !== "bucket-no-deprecated-v2").map((f) => [f.policy, f.resource]),
        [
          ["bucket-ownership-controls", "legacy"],
          ["bucket-public-access-block", "legacy"],
          ["bucket-tls-only-policy", "legacy"],
          ["bucket-default-encryption", "legacy"],
        ],
      );
    });

    it("leaves BucketObjectv2 alone", async () => {
      const found = await check(() => {
        const bucket = hardenedBucket("lab-runs");
        new aws.s3.BucketObjectv2("readme", { bucket: bucket.id, key: "README", content: "runs" });
      });
      assert.deepStrictEqual(found, []);
    });
  });
});
