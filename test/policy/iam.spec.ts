/**
 * iam-* policies: least privilege in every identity policy of the stack (aws.md §1), whichever
 * resource carries it.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { elementPolicyStatements } from "../../vendors/element";
import { check, identityPolicy, of, settings } from "./helpers";

const WILDCARD_REQUIREMENT =
  "a vendor policy lists the exact actions the vendor documents (docs/vendors/element.md §3; docs/vendors/ica.md §6.1; docs/vendors/prequel.md §3)";
const ARN_SECTIONS = "(docs/vendors/aws.md §1; docs/vendors/element.md §10.2, §3.2)";
const EC2_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

describe("policy pack: iam", () => {
  it("passes Element's template as a managed policy", async () => {
    assert.deepStrictEqual(await check(() => identityPolicy("vendor", elementPolicyStatements(settings("lab-runs"), "runs/aviti", "role"))), []);
  });

  describe("iam-no-wildcard-actions", () => {
    it('reports "s3:*"', async () => {
      const found = await check(() =>
        identityPolicy("vendor", [{ Sid: "Everything", Effect: "Allow", Action: "s3:*", Resource: ["arn:aws:s3:::lab-runs", "arn:aws:s3:::lab-runs/*"] }]),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "iam-no-wildcard-actions",
          enforcement: "mandatory",
          resource: "vendor",
          message: `aws.iam.Policy "vendor" statement "Everything" allows "s3:*"; ${WILDCARD_REQUIREMENT}. Fix: replace "s3:*" with the actions the vendor's requirements name.`,
        },
      ]);
    });

    it('reports "*" and every-action-but NotAction, not a Deny', async () => {
      const found = await check(() =>
        identityPolicy("vendor", [
          { Effect: "Allow", Action: "*", Resource: "*" },
          { Effect: "Allow", NotAction: "s3:DeleteObject", Resource: "arn:aws:s3:::lab-runs/*" },
          { Effect: "Deny", Action: "s3:*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
        ]),
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.iam.Policy "vendor" statement 1 allows "*"; ${WILDCARD_REQUIREMENT}. Fix: replace "*" with the actions the vendor's requirements name.`,
          `aws.iam.Policy "vendor" statement 2 allows every action except "s3:DeleteObject" (NotAction); ${WILDCARD_REQUIREMENT}. Fix: replace NotAction with Action listing the actions the vendor needs.`,
        ],
      );
    });

    it("reads a role's inline policies", async () => {
      const found = await check(() => {
        new aws.iam.Role("reader", {
          assumeRolePolicy: EC2_TRUST,
          inlinePolicies: [
            {
              name: "read",
              policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:Get*"], Resource: "arn:aws:s3:::lab-runs/*" }] }),
            },
          ],
        });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "iam-no-wildcard-actions",
          enforcement: "mandatory",
          resource: "reader",
          message: `aws.iam.Role "reader" inlinePolicies[0] ("read") statement 1 allows "s3:Get*"; ${WILDCARD_REQUIREMENT}. Fix: replace "s3:Get*" with the actions the vendor's requirements name.`,
        },
      ]);
    });

    it("leaves wildcards of other services to the vendor's template (HealthOmics logs:*, docs/vendors/elembio.md §7)", async () => {
      assert.deepStrictEqual(
        await check(() => identityPolicy("execution", [{ Sid: "LogsAndECR", Effect: "Allow", Action: ["cloudwatch:*", "logs:*"], Resource: "*" }])),
        [],
      );
    });
  });

  describe("iam-s3-arn-shape", () => {
    it("reports PutObject on the bucket ARN (Element's no-prefix instruction, docs/vendors/element.md §10.2, §3.2)", async () => {
      const found = await check(() =>
        identityPolicy("vendor", [{ Sid: "S3ObjectWrite", Effect: "Allow", Action: ["s3:PutObject"], Resource: ["arn:aws:s3:::lab-runs"] }]),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "iam-s3-arn-shape",
          enforcement: "mandatory",
          resource: "vendor",
          message: `aws.iam.Policy "vendor" statement "S3ObjectWrite" grants s3:PutObject on "arn:aws:s3:::lab-runs", no object ARN, so it allows nothing; object actions act on object ARNs such as "arn:aws:s3:::lab-runs/*" or "arn:aws:s3:::lab-runs/<prefix>/*" ${ARN_SECTIONS}. Fix: add "/*" (or "/<prefix>/*") to the bucket ARN for these actions.`,
        },
      ]);
    });

    it("reports a bucket action on object ARNs only", async () => {
      const found = await check(() =>
        identityPolicy("vendor", [
          { Sid: "List", Effect: "Allow", Action: ["s3:ListBucket", "s3:GetBucketLocation"], Resource: "arn:aws:s3:::lab-runs/runs/*" },
        ]),
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `aws.iam.Policy "vendor" statement "List" grants s3:ListBucket and s3:GetBucketLocation on "arn:aws:s3:::lab-runs/runs/*", no bucket ARN, so it allows nothing; bucket actions act on the bucket ARN "arn:aws:s3:::lab-runs" ${ARN_SECTIONS}. Fix: grant these actions on "arn:aws:s3:::lab-runs".`,
        ],
      );
    });

    it('reports S3 actions on "*"', async () => {
      const found = await check(() =>
        identityPolicy("vendor", [{ Sid: "Anywhere", Effect: "Allow", Action: ["s3:PutObject", "s3:ListBucket"], Resource: "*" }]),
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          'aws.iam.Policy "vendor" statement "Anywhere" grants s3:PutObject and s3:ListBucket on "*", every bucket of the account; S3 actions name the bucket ARN or object ARNs under it (docs/vendors/aws.md §1). Fix: replace "*" with "arn:aws:s3:::<bucket>" for bucket actions and "arn:aws:s3:::<bucket>/<prefix>/*" for object actions.',
        ],
      );
    });

    it("accepts one statement naming both shapes (the HealthOmics S3 statement, docs/vendors/elembio.md §7)", async () => {
      const statement = {
        Sid: "S3",
        Effect: "Allow",
        Action: ["s3:PutObject", "s3:GetObject", "s3:ListBucket"],
        Resource: ["arn:aws:s3:::lab-runs", "arn:aws:s3:::lab-runs/*"],
      };
      assert.deepStrictEqual(await check(() => identityPolicy("execution", [statement])), []);
    });
  });

  describe("iam-list-bucket-prefix", () => {
    it("reports an s3:prefix condition outside the granted object prefix", async () => {
      const statements = elementPolicyStatements(settings("lab-runs"), "runs/aviti", "role").map((s) =>
        s.Sid === "S3ObjectListing" ? { ...s, Condition: { StringLike: { "s3:prefix": ["runs/*"] } } } : s,
      );
      const found = await check(() => identityPolicy("vendor", statements));
      assert.deepStrictEqual(found, [
        {
          policy: "iam-list-bucket-prefix",
          enforcement: "mandatory",
          resource: "vendor",
          message: `aws.iam.Policy "vendor" statement "S3ObjectListing" lists "arn:aws:s3:::lab-runs" under s3:prefix "runs/*", outside the prefix its object statements grant ("runs/aviti/"); listing is confined to the connection's prefix (docs/vendors/element.md §3; docs/vendors/aws.md §1). Fix: set the s3:prefix condition to "runs/aviti/*".`,
        },
      ]);
    });

    it("leaves an unconditioned ListBucket to the vendor's rule (ICA lists the whole bucket, docs/vendors/aws.md §1)", async () => {
      const found = await check(() =>
        identityPolicy("ica", [
          { Sid: "S3BucketOperations", Effect: "Allow", Action: ["s3:ListBucket"], Resource: "arn:aws:s3:::lab-runs" },
          { Sid: "S3ObjectOperations", Effect: "Allow", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::lab-runs/ica/*" },
        ]),
      );
      assert.deepStrictEqual(found, []);
    });
  });

  describe("iam-pass-role-scoped", () => {
    it('reports iam:PassRole and "iam:*" on "*" without iam:PassedToService', async () => {
      const found = await check(() =>
        identityPolicy("vendor", [
          { Sid: "PassAny", Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
          { Sid: "IamAll", Effect: "Allow", Action: "iam:*", Resource: "*" },
        ]),
      );
      const fix = `Fix: set Resource to the ARN of the role to pass, or add "Condition": {"StringEquals": {"iam:PassedToService": "<service principal>"}}.`;
      const requirement = "a vendor may pass only the role its service needs (docs/vendors/elembio.md §5, §7)";
      // "iam:*" also reaches IAM's write actions: iam-no-iam-write-actions' finding (safety.spec.ts).
      assert.deepStrictEqual(
        of(found, "iam-pass-role-scoped").map((f) => [f.policy, f.message]),
        [
          [
            "iam-pass-role-scoped",
            `aws.iam.Policy "vendor" statement "IamAll" allows "iam:*" on "*" without an iam:PassedToService condition, so any role of the account can be handed to any service; ${requirement}. ${fix}`,
          ],
          [
            "iam-pass-role-scoped",
            `aws.iam.Policy "vendor" statement "PassAny" allows "iam:PassRole" on "*" without an iam:PassedToService condition, so any role of the account can be handed to any service; ${requirement}. ${fix}`,
          ],
        ],
      );
    });

    it("accepts ElemBio's OmicsPassRole: * with iam:PassedToService (docs/vendors/elembio.md §5)", async () => {
      const statement = {
        Sid: "OmicsPassRole",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: "*",
        Condition: { StringEquals: { "iam:PassedToService": "omics.amazonaws.com" } },
      };
      assert.deepStrictEqual(await check(() => identityPolicy("vendor", [statement])), []);
    });
  });

  describe("iam-user-no-login-profile", () => {
    it("reports a console password", async () => {
      const found = await check(() => {
        const user = new aws.iam.User("uploader", { name: "lab-uploader" });
        new aws.iam.UserLoginProfile("uploader-console", { user: user.name });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "iam-user-no-login-profile",
          enforcement: "mandatory",
          resource: "uploader-console",
          message:
            'aws.iam.UserLoginProfile "uploader-console" gives IAM user "lab-uploader" a console password; vendor users have programmatic access only (docs/vendors/element.md §5; docs/vendors/elembio.md §4; docs/vendors/prequel.md §5). Fix: remove the aws.iam.UserLoginProfile; the vendor needs only the access key.',
        },
      ]);
    });

    it("accepts a user with an access key only", async () => {
      const found = await check(() => {
        const user = new aws.iam.User("uploader", { name: "lab-uploader" });
        new aws.iam.AccessKey("uploader-key", { user: user.name });
      });
      assert.deepStrictEqual(found, []);
    });
  });
});
