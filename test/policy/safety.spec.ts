/**
 * The IAM and bucket safety rules no vendor template breaks, for resources written by hand: public
 * trust, extra principals in any vendor's trust, a second bucket policy named by a literal string,
 * AWS-managed policies, every-bucket grants, NotResource, IAM writes and KMS wildcards.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { elementPolicyStatements, elementTrustPolicy } from "../../vendors/element";
import { prequelTrustPolicy } from "../../vendors/prequel";
import {
  check,
  destinationRole,
  elembioConnection,
  elementRole,
  elementUser,
  hardenedBucket,
  icaConnection,
  icaTrust,
  identityPolicy,
  of,
  settings,
} from "./helpers";

const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const S3_FULL = "arn:aws:iam::aws:policy/AmazonS3FullAccess";
const OTHER_ACCOUNT = { Effect: "Allow", Principal: { AWS: "arn:aws:iam::999999999999:root" }, Action: "sts:AssumeRole" };

const PUBLIC_TRUST = (role: string, statement: string, found: string) =>
  `aws.iam.Role "${role}" trust ${statement} ${found} with no condition confining it to an account, organisation, principal ARN or external ID, so any principal of any AWS account can assume the role; a role trusts the principals it names, never anyone (AWS IAM: a wildcard principal is confined only by an exact aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId condition). Fix: set Principal to the account or role that assumes it ({"AWS": "arn:aws:iam::<account ID>:root"}), or add "Condition": {"StringEquals": {"aws:PrincipalAccount": "<account ID>"}}.`;
const MANAGED_REQUIREMENT =
  "an AWS-managed policy grants whole services (and grows when AWS edits it), where a vendor's credential holds exactly the actions the vendor documents (docs/vendors/aws.md §1). Fix: remove it, and grant the actions the vendor documents in a policy of the stack.";

describe("policy pack: safety rules for hand-written resources", () => {
  describe("iam-role-trust-public-principal", () => {
    const role = (statement: object) => () => void new aws.iam.Role("open", { assumeRolePolicy: doc([statement]) });
    const cases: [string, object, string | undefined][] = [
      ['{"AWS": "*"} without a condition', { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }, 'allows Principal {"AWS": "*"}'],
      [
        '"*" with a wildcard aws:PrincipalAccount',
        { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringLike: { "aws:PrincipalAccount": "*" } } },
        'allows Principal "*"',
      ],
      [
        '"*" with aws:PrincipalAccount under StringEqualsIfExists',
        { Effect: "Allow", Principal: "*", Action: "sts:AssumeRole", Condition: { StringEqualsIfExists: { "aws:PrincipalAccount": "111111111111" } } },
        'allows Principal "*"',
      ],
      [
        "everyone but a NotPrincipal",
        { Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" },
        'allows everyone but NotPrincipal {"AWS": "arn:aws:iam::111111111111:root"}',
      ],
      [
        '{"AWS": "*"} confined to an organisation',
        { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
        undefined,
      ],
      [
        '{"AWS": "*"} confined to a role ARN of an account',
        {
          Effect: "Allow",
          Principal: { AWS: "*" },
          Action: "sts:AssumeRole",
          Condition: { ArnLike: { "aws:PrincipalArn": "arn:aws:iam::111111111111:role/ci-*" } },
        },
        undefined,
      ],
      ["an account's root", OTHER_ACCOUNT, undefined],
    ];
    for (const [title, statement, found] of cases) {
      it(`${found ? "reports" : "passes"} ${title}`, async () => {
        const expected = found
          ? [{ policy: "iam-role-trust-public-principal", enforcement: "mandatory", resource: "open", message: PUBLIC_TRUST("open", "statement 1", found) }]
          : [];
        assert.deepStrictEqual(await check(role(statement)), expected);
      });
    }
  });

  describe("every vendor's trust refuses a statement for another principal", () => {
    const extra = <T extends { Statement: object[] }>(trust: T) => ({ ...trust, Statement: [...trust.Statement, OTHER_ACCOUNT] });
    const TOO = 'trust statement 2 allows AWS principal "arn:aws:iam::999999999999:root" too;';
    const FIX = "Fix: remove that principal; give it a role of its own if it needs one.";
    const cases: [string, () => void, string, string, string][] = [
      [
        "Element",
        () => void elementRole("aviti", "lab-runs", "runs/aviti", { trust: extra(elementTrustPolicy("lab-aviti-7f3a")) }),
        "element-trust-policy",
        "aviti",
        "only Element's account may assume Element's role (docs/vendors/element.md §4; docs/vendors/elembio.md §3)",
      ],
      [
        "ElemBio's HealthOmics execution role",
        () =>
          elembioConnection("cloud", "lab-elembio", {
            executionTrust: extra(
              JSON.parse(
                doc([
                  {
                    Effect: "Allow",
                    Principal: { Service: "omics.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                  },
                ]),
              ),
            ),
          }),
        "elembio-execution-role-trust",
        "cloud-execution",
        "the HealthOmics execution role trusts omics.amazonaws.com only (docs/vendors/elembio.md §7)",
      ],
      [
        "ICA",
        () => void icaConnection("ica", "lab-ica", { trust: extra(icaTrust()) }),
        "ica-role-trust",
        "ica",
        "ICA's role trusts ICA's OIDC provider only (docs/vendors/ica.md §7.3)",
      ],
      [
        "a data-sync destination (Google web identity)",
        () => destinationRole("billing", "lab-exports", { trust: extra(prequelTrustPolicy("103456789012345678901", "org_8c1f2a")) }),
        "prequel-trust-other-principal",
        "billing",
        "the data-sync destination's role trusts the vendor's Google service account only (docs/vendors/prequel.md §4)",
      ],
    ];
    for (const [vendor, build, policy, role, requirement] of cases) {
      it(`${vendor}: ${policy}`, async () => {
        assert.deepStrictEqual(await check(build), [
          { policy, enforcement: "mandatory", resource: role, message: `aws.iam.Role "${role}" ${TOO} ${requirement}. ${FIX}` },
        ]);
      });
    }

    it("prequel-trust-other-principal passes the destination's role as the components build it", async () => {
      assert.deepStrictEqual(await check(() => destinationRole("billing", "lab-exports")), []);
    });

    it('element-trust-policy reports {"AWS": "*"} confined to Element\'s account, and element-external-id its missing external ID', async () => {
      const trust = {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:PrincipalAccount": "588258415937" } } },
        ],
      };
      const found = await check(() => void elementRole("aviti", "lab-runs", "runs/aviti", { trust }));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.message]),
        [
          [
            "element-external-id",
            'aws.iam.Role "aviti" trust statement 1 lets Element\'s account assume the role without a StringEquals sts:ExternalId condition; Element\'s role requires an external ID (docs/vendors/element.md §4; docs/vendors/elembio.md §3). Fix: add "Condition": {"StringEquals": {"sts:ExternalId": "<your external ID>"}} and enter the same ID in Element\'s UI.',
          ],
          [
            "element-trust-policy",
            'aws.iam.Role "aviti" trust statement 1 lets Element\'s account in through Principal {"AWS": "*"} and a condition on the caller\'s account; Element assumes the role as "arn:aws:iam::588258415937:root", and the checks of Element\'s trust read that principal (docs/vendors/element.md §4; docs/vendors/elembio.md §3). Fix: set Principal to {"AWS": "arn:aws:iam::588258415937:root"} and drop the aws:PrincipalAccount or aws:PrincipalArn condition.',
          ],
        ],
      );
    });
  });

  describe("bucket-policy-literal-bucket", () => {
    const tlsDeny = (bucket: string) =>
      doc([
        {
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    const REQUIREMENT =
      "S3 keeps one policy per bucket, so a second bucket policy replaces the first when it is applied (DESIGN.md safety rules; docs/vendors/elembio.md §8; docs/vendors/aws.md §3)";

    it("reports a second policy naming a bucket of the stack by a literal string", async () => {
      const found = await check(() => {
        hardenedBucket("lab-runs");
        new aws.s3.BucketPolicy("second", { bucket: "lab-runs", policy: tlsDeny("lab-runs") });
      });
      assert.deepStrictEqual(found, [
        {
          policy: "bucket-policy-literal-bucket",
          enforcement: "mandatory",
          resource: "second",
          message: `aws.s3.BucketPolicy "second" names the bucket "lab-runs" by a literal string, which is aws.s3.Bucket "lab-runs" of this stack, with no dependency on it, so applying it replaces aws.s3.BucketPolicy "lab-runs-policy", or is replaced by it; ${REQUIREMENT}. Fix: merge its statements into aws.s3.BucketPolicy "lab-runs-policy" and remove this resource.`,
        },
      ]);
    });

    it("reports a bucket's only policy named by a literal string, which the bucket's checks do not see", async () => {
      const found = await check(() => {
        hardenedBucket("lab-runs", { policy: false });
        new aws.s3.BucketPolicy("by-name", { bucket: "lab-runs", policy: tlsDeny("lab-runs") });
      });
      assert.deepStrictEqual(
        of(found, "bucket-policy-literal-bucket").map((f) => f.message),
        [
          `aws.s3.BucketPolicy "by-name" names the bucket "lab-runs" by a literal string, which is aws.s3.Bucket "lab-runs" of this stack, with no dependency on it, so the bucket's checks do not see it; ${REQUIREMENT}. Fix: set bucket to the id of aws.s3.Bucket "lab-runs".`,
        ],
      );
    });

    it("reports two policies naming one bucket outside the stack, and passes one", async () => {
      const two = await check(() => {
        new aws.s3.BucketPolicy("first", { bucket: "partner-drop", policy: tlsDeny("partner-drop") });
        new aws.s3.BucketPolicy("again", { bucket: "partner-drop", policy: tlsDeny("partner-drop") });
      });
      assert.deepStrictEqual(
        two.map((f) => [f.policy, f.resource]),
        [
          ["bucket-policy-literal-bucket", "again"],
          ["bucket-policy-literal-bucket", "first"],
        ],
      );
      assert.strictEqual(
        two[1].message,
        `aws.s3.BucketPolicy "first" names the bucket "partner-drop" by a literal string, which is the bucket of aws.s3.BucketPolicy "again", with no dependency on it, so applying it replaces aws.s3.BucketPolicy "again", or is replaced by it; ${REQUIREMENT}. Fix: merge its statements into aws.s3.BucketPolicy "again" and remove this resource.`,
      );
      assert.deepStrictEqual(await check(() => void new aws.s3.BucketPolicy("first", { bucket: "partner-drop", policy: tlsDeny("partner-drop") })), []);
    });
  });

  describe("iam-no-aws-managed-policy", () => {
    it("reports AWS-managed policies attached to a vendor's role and user, by every kind of attachment", async () => {
      const found = await check(() => {
        const role = elementRole("aviti", "lab-runs", "runs/aviti");
        const user = elementUser("aviti-user", "lab-runs", "runs/aviti");
        new aws.iam.RolePolicyAttachment("admin", { role: role.name, policyArn: ADMIN });
        new aws.iam.UserPolicyAttachment("s3-full", { user: user.name, policyArn: S3_FULL });
        new aws.iam.PolicyAttachment("shared", { roles: [role.name], users: [user.name], policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" });
        new aws.iam.Role("managed", {
          assumeRolePolicy: JSON.stringify(elementTrustPolicy("lab-aviti-7f3a")),
          maxSessionDuration: 43_200,
          managedPolicyArns: [S3_FULL],
        });
        new aws.iam.RolePolicy("managed-policy", { role: "managed", policy: doc(elementPolicyStatements(settings("lab-runs"), "runs/aviti", "role")) });
      });
      assert.deepStrictEqual(
        of(found, "iam-no-aws-managed-policy").map((f) => [f.resource, f.message]),
        [
          [
            "shared",
            `aws.iam.PolicyAttachment "shared" attaches the AWS-managed policy "arn:aws:iam::aws:policy/ReadOnlyAccess" to aws.iam.Role "aviti" and aws.iam.User "aviti-user"; ${MANAGED_REQUIREMENT}`,
          ],
          ["managed", `aws.iam.Role "managed" managedPolicyArns[0] is the AWS-managed policy "${S3_FULL}"; ${MANAGED_REQUIREMENT}`],
          ["admin", `aws.iam.RolePolicyAttachment "admin" attaches the AWS-managed policy "${ADMIN}" to aws.iam.Role "aviti"; ${MANAGED_REQUIREMENT}`],
          [
            "s3-full",
            `aws.iam.UserPolicyAttachment "s3-full" attaches the AWS-managed policy "${S3_FULL}" to aws.iam.User "aviti-user"; ${MANAGED_REQUIREMENT}`,
          ],
        ],
      );
      assert.ok(found.every((f) => f.enforcement === "mandatory" || f.policy !== "iam-no-aws-managed-policy"));
    });

    it("names the role an attachment names by a literal string", async () => {
      const found = await check(() => void new aws.iam.RolePolicyAttachment("admin", { role: "someone", policyArn: ADMIN }));
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [`aws.iam.RolePolicyAttachment "admin" attaches the AWS-managed policy "${ADMIN}" to the role "someone"; ${MANAGED_REQUIREMENT}`],
      );
    });

    it("passes a policy of the stack attached by its ARN (unknown during preview)", async () => {
      const found = await check(() => {
        const role = elementRole("aviti", "lab-runs", "runs/aviti");
        const own = identityPolicy("own", [{ Sid: "Read", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lab-runs/runs/aviti/*" }]);
        new aws.iam.RolePolicyAttachment("own-attach", { role: role.name, policyArn: own.arn });
      });
      assert.deepStrictEqual(found, []);
    });
  });

  describe("identity documents", () => {
    const cases: [string, object, string, string][] = [
      [
        "iam-s3-all-buckets",
        { Sid: "All", Effect: "Allow", Action: "s3:GetObject", Resource: ["arn:aws:s3:::*/*", "arn:aws:s3:::lab-runs/*"] },
        'statement "All" grants "s3:GetObject" on "arn:aws:s3:::*/*", every bucket whose name matches; a vendor\'s policy names the vendor\'s bucket (docs/vendors/aws.md §1). Fix: replace the wildcard with the bucket\'s name ("arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/<prefix>/*").',
        "a named bucket",
      ],
      [
        "iam-no-not-resource",
        { Sid: "Not", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::secret/*" },
        'statement "Not" allows its actions on every resource except "arn:aws:s3:::secret/*" (NotResource); a vendor\'s policy names the bucket, objects and roles the vendor uses (docs/vendors/aws.md §1). Fix: replace NotResource with Resource listing those ARNs.',
        "Resource",
      ],
      [
        "iam-no-iam-write-actions",
        { Sid: "Iam", Effect: "Allow", Action: ["iam:CreateAccessKey", "iam:Attach*", "iam:GetRole", "iam:List*"], Resource: "*" },
        'statement "Iam" allows "iam:CreateAccessKey", "iam:Attach*" on "*", so the credential can create or widen identities and grant itself anything; no vendor needs to change IAM, only iam:PassRole for HealthOmics (docs/vendors/elembio.md §5). Fix: remove "iam:CreateAccessKey", "iam:Attach*".',
        "IAM reads and a scoped iam:PassRole",
      ],
      [
        "iam-kms-scoped",
        { Sid: "Kms", Effect: "Allow", Action: "kms:*", Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
        'statement "Kms" allows "kms:*", which includes deleting keys and rewriting key policies; a vendor is granted the KMS actions it documents on its bucket\'s key (docs/vendors/ica.md §10). Fix: replace "kms:*" with the actions the vendor needs (e.g. "kms:Decrypt", "kms:GenerateDataKey").',
        "named KMS actions on a key ARN",
      ],
    ];
    const compliant: object[] = [
      { Sid: "Named", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::lab-runs/runs/*" },
      { Sid: "Reads", Effect: "Allow", Action: ["iam:GetRole", "iam:List*"], Resource: "*" },
      {
        Sid: "Pass",
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: "arn:aws:iam::123456789012:role/omics",
        Condition: { StringEquals: { "iam:PassedToService": "omics.amazonaws.com" } },
      },
      {
        Sid: "KmsKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
      },
    ];
    for (const [policy, statement, message] of cases) {
      it(`${policy} reports ${JSON.stringify(statement)}`, async () => {
        assert.deepStrictEqual(await check(() => identityPolicy("vendor", [statement])), [
          { policy, enforcement: "mandatory", resource: "vendor", message: `aws.iam.Policy "vendor" ${message}` },
        ]);
      });
    }

    it(`passes ${cases.map(([, , , passing]) => passing).join(", ")}`, async () => {
      assert.deepStrictEqual(await check(() => identityPolicy("vendor", compliant)), []);
    });

    it('iam-kms-scoped reports a KMS action on "*"', async () => {
      const found = await check(() => identityPolicy("vendor", [{ Sid: "AnyKey", Effect: "Allow", Action: "kms:Decrypt", Resource: "*" }]));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.message]),
        [
          [
            "iam-kms-scoped",
            'aws.iam.Policy "vendor" statement "AnyKey" allows "kms:Decrypt" on "*", every KMS key whose key policy trusts the account; a vendor is granted the KMS actions it documents on its bucket\'s key (docs/vendors/ica.md §10). Fix: set Resource to the ARN of the bucket\'s key.',
          ],
        ],
      );
    });

    it("iam-no-iam-write-actions reports a pattern that reaches IAM writes, not one that reads", async () => {
      const found = await check(() =>
        identityPolicy("vendor", [{ Sid: "Policies", Effect: "Allow", Action: ["iam:*Policy", "iam:Get*"], Resource: "arn:aws:iam::123456789012:role/x" }]),
      );
      assert.deepStrictEqual(
        of(found, "iam-no-iam-write-actions").map((f) => f.message),
        [
          'aws.iam.Policy "vendor" statement "Policies" allows "iam:*Policy" on "arn:aws:iam::123456789012:role/x", so the credential can create or widen identities and grant itself anything; no vendor needs to change IAM, only iam:PassRole for HealthOmics (docs/vendors/elembio.md §5). Fix: remove "iam:*Policy".',
        ],
      );
    });
  });
});
