/**
 * element-* policies: Element's role (recognised by its trust in Element's account) and IAM user
 * (recognised by Element's template Sids), docs/vendors/element.md and elembio.md §3, §4, §5.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { publicTrustMessage } from "./helpers";
import { policyDocument, renderPolicy } from "../../iam/document";
import { ELEMENT_PRINCIPAL_ARN, elementPolicyStatements } from "../../vendors/element";
import { check, elementRole, elementUser, replace, settings } from "./helpers";

const SECTIONS_12 = "(docs/vendors/element.md §4; docs/vendors/elembio.md §3)";
const trust = (...statements: object[]) => ({ Version: "2012-10-17", Statement: statements });
const elementStatement = (changes: object = {}) => ({
  Sid: "ElementAssumeRole",
  Effect: "Allow",
  Principal: { AWS: ELEMENT_PRINCIPAL_ARN },
  Action: "sts:AssumeRole",
  Condition: { StringEquals: { "sts:ExternalId": "lab-aviti-7f3a" } },
  ...changes,
});

describe("policy pack: element", () => {
  it("passes Element's role and user as the components build them, with and without a prefix", async () => {
    const found = await check(() => {
      elementRole("aviti-runs", "lab-runs", "runs/aviti");
      elementRole("aviti-whole", "lab-runs", undefined);
      elementUser("aviti-satellite", "lab-runs", "runs/satellite");
    });
    assert.deepStrictEqual(found, []);
  });

  it("recognises Element's role by its trust, not by its name: another account's role is not held to Element's rules", async () => {
    const found = await check(() => {
      new aws.iam.Role("element-uploader", {
        assumeRolePolicy: JSON.stringify(trust({ Effect: "Allow", Principal: { AWS: "arn:aws:iam::111122223333:root" }, Action: "sts:AssumeRole" })),
        maxSessionDuration: 3600,
      });
    });
    assert.deepStrictEqual(found, []);
  });

  describe("element-trust-policy", () => {
    it("reports a principal in Element's account other than its root", async () => {
      const found = await check(() =>
        elementRole("aviti-runs", "lab-runs", "runs/aviti", {
          trust: trust(elementStatement({ Principal: { AWS: "arn:aws:iam::588258415937:role/uploader" } })),
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-trust-policy",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message: `aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" names "arn:aws:iam::588258415937:role/uploader" in Element's account; Element assumes the role as "arn:aws:iam::588258415937:root" ${SECTIONS_12}. Fix: set Principal to {"AWS": "arn:aws:iam::588258415937:root"}.`,
        },
      ]);
    });

    it("accepts the bare account ID, which IAM stores as the root ARN", async () => {
      assert.deepStrictEqual(
        await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { trust: trust(elementStatement({ Principal: { AWS: "588258415937" } })) })),
        [],
      );
    });

    it("reports actions beyond sts:AssumeRole", async () => {
      const found = await check(() =>
        elementRole("aviti-runs", "lab-runs", "runs/aviti", { trust: trust(elementStatement({ Action: ["sts:AssumeRole", "sts:TagSession"] })) }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-trust-policy",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message: `aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" allows Element's account "sts:AssumeRole", "sts:TagSession"; Element needs sts:AssumeRole only ${SECTIONS_12}. Fix: set Action to "sts:AssumeRole".`,
        },
      ]);
    });

    it("reports a wildcard principal and a second account", async () => {
      const found = await check(() =>
        elementRole("aviti-runs", "lab-runs", "runs/aviti", {
          trust: trust(elementStatement({ Principal: { AWS: [ELEMENT_PRINCIPAL_ARN, "arn:aws:iam::111122223333:root"] } }), {
            Sid: "Anyone",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sts:AssumeRole",
          }),
        }),
      );
      const fix = "Fix: remove that principal; give it a role of its own if it needs one.";
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.message]),
        [
          [
            "element-trust-policy",
            "mandatory",
            `aws.iam.Role "aviti-runs" trust statement "Anyone" allows Principal "*", so anyone can assume it; only Element's account may assume Element's role ${SECTIONS_12}. ${fix}`,
          ],
          [
            "element-trust-policy",
            "mandatory",
            `aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" allows AWS principal "arn:aws:iam::111122223333:root" too; only Element's account may assume Element's role ${SECTIONS_12}. ${fix}`,
          ],
          // Every role is also checked for a trust anyone may use, whoever it is for.
          ["iam-role-trust-public-principal", "mandatory", publicTrustMessage("aviti-runs", "Anyone")],
        ],
      );
    });
  });

  describe("element-external-id", () => {
    it("reports a trust without the sts:ExternalId condition", async () => {
      const found = await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { trust: trust(elementStatement({ Condition: undefined })) }));
      assert.deepStrictEqual(found, [
        {
          policy: "element-external-id",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message: `aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" lets Element's account assume the role without a StringEquals sts:ExternalId condition; Element's role requires an external ID ${SECTIONS_12}. Fix: add "Condition": {"StringEquals": {"sts:ExternalId": "<your external ID>"}} and enter the same ID in Element's UI.`,
        },
      ]);
    });

    it("reports an external ID outside Element's charset (+ and spaces, docs/vendors/element.md §10.7)", async () => {
      const found = await check(() =>
        elementRole("aviti-runs", "lab-runs", "runs/aviti", {
          trust: trust(elementStatement({ Condition: { StringEquals: { "sts:ExternalId": "lab aviti+1" } } })),
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-external-id",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message:
            'aws.iam.Role "aviti-runs" trust statement "ElementAssumeRole" sets sts:ExternalId "lab aviti+1"; Element accepts 2 to 1224 characters of A-Z a-z 0-9 and @ : , = . / _ - (no spaces) (docs/vendors/element.md §4, §10.7). Fix: choose an external ID of those characters and enter it in Element\'s UI too.',
        },
      ]);
    });
  });

  describe("element-max-session-duration", () => {
    const fix = "Element needs 43200 seconds (12 hours) (docs/vendors/element.md §4; docs/vendors/elembio.md §3). Fix: set maxSessionDuration to 43200.";

    it("reports a shorter session", async () => {
      assert.deepStrictEqual(await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { maxSessionDuration: 3600 })), [
        {
          policy: "element-max-session-duration",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message: `aws.iam.Role "aviti-runs" is trusted by Element's account and sets maxSessionDuration to 3600; ${fix}`,
        },
      ]);
    });

    it("reports an unset session duration", async () => {
      const found = await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { maxSessionDuration: undefined }));
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [`aws.iam.Role "aviti-runs" is trusted by Element's account and leaves maxSessionDuration unset (IAM then allows 3600 seconds); ${fix}`],
      );
    });
  });

  describe("element-required-actions", () => {
    it("reports a role without s3:PutObject on objects", async () => {
      const found = await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { statements: replace("S3ObjectWrite", () => undefined) }));
      assert.deepStrictEqual(found, [
        {
          policy: "element-required-actions",
          enforcement: "mandatory",
          resource: "aviti-runs",
          message:
            "aws.iam.Role \"aviti-runs\" (trusted by Element's account 588258415937) is not granted s3:PutObject on an object ARN; Element's role needs it for instrument upload (docs/vendors/element.md §3, §5; docs/vendors/elembio.md §5). Fix: grant it as Element's template does, in statement S3ObjectWrite.",
        },
      ]);
    });

    it("reports a user without sts:GetFederationToken", async () => {
      const found = await check(() =>
        elementUser("aviti-satellite", "lab-runs", "runs/satellite", {
          statements: replace("STSOperations", (s) => ({ ...s, Action: ["sts:GetCallerIdentity"] })),
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-required-actions",
          enforcement: "mandatory",
          resource: "aviti-satellite",
          message:
            "aws.iam.User \"aviti-satellite\" (holding Element's policy statements) is not granted sts:GetFederationToken; Element's IAM user needs it for instrument upload (docs/vendors/element.md §3, §5; docs/vendors/elembio.md §5). Fix: grant it as Element's template does, in statement STSOperations.",
        },
      ]);
    });

    it("follows managed policies attached with RolePolicyAttachment and UserPolicyAttachment", async () => {
      const found = await check(() => {
        const document = (type: "role" | "user") => renderPolicy(policyDocument(elementPolicyStatements(settings("lab-runs"), "runs/aviti", type)));
        const role = new aws.iam.Role("aviti-attached", { assumeRolePolicy: JSON.stringify(trust(elementStatement())), maxSessionDuration: 43200 });
        const rolePolicy = new aws.iam.Policy("aviti-attached-policy", { policy: document("role") });
        new aws.iam.RolePolicyAttachment("aviti-attached-attachment", { role: role.name, policyArn: rolePolicy.arn });
        const user = new aws.iam.User("aviti-user", { name: "aviti-user" });
        const userPolicy = new aws.iam.Policy("aviti-user-policy", { policy: document("user") });
        new aws.iam.UserPolicyAttachment("aviti-user-attachment", { user: user.name, policyArn: userPolicy.arn });
      });
      assert.deepStrictEqual(found, []);
    });

    it("follows a PolicyAttachment given the role itself (a resource reference)", async () => {
      const found = await check(() => {
        const role = new aws.iam.Role("aviti-shared", { assumeRolePolicy: JSON.stringify(trust(elementStatement())), maxSessionDuration: 43200 });
        const policy = new aws.iam.Policy("aviti-shared-policy", {
          policy: renderPolicy(policyDocument(elementPolicyStatements(settings("lab-runs"), undefined, "role"))),
        });
        new aws.iam.PolicyAttachment("aviti-shared-attachment", { roles: [role], policyArn: policy.arn });
      });
      assert.deepStrictEqual(found, []);
    });

    it("reports a role trusted by Element with no policy at all", async () => {
      const found = await check(() => {
        new aws.iam.Role("aviti-bare", { assumeRolePolicy: JSON.stringify(trust(elementStatement())), maxSessionDuration: 43200 });
      });
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.message]),
        [
          [
            "element-required-actions",
            "mandatory",
            "aws.iam.Role \"aviti-bare\" (trusted by Element's account 588258415937) is not granted s3:PutObject on an object ARN and s3:ListBucket on a bucket ARN; Element's role needs them for instrument upload (docs/vendors/element.md §3, §5; docs/vendors/elembio.md §5). Fix: grant them as Element's template does, in statements S3ObjectWrite and S3ObjectListing.",
          ],
          [
            "element-inferred-actions",
            "advisory",
            "aws.iam.Role \"aviti-bare\" (trusted by Element's account 588258415937) is not granted s3:GetBucketLocation on a bucket ARN and sts:GetCallerIdentity; Element's permission table lists them for instrument upload, in template statements reconstructed from that table [INF] (docs/vendors/element.md §3, §9). Fix: grant them as in statements S3BucketLevelOperations and STSOperations.",
          ],
        ],
      );
    });
  });

  describe("element-inferred-actions (advisory)", () => {
    it("reports a role without sts:GetCallerIdentity", async () => {
      const found = await check(() => elementRole("aviti-runs", "lab-runs", "runs/aviti", { statements: replace("STSOperations", () => undefined) }));
      assert.deepStrictEqual(found, [
        {
          policy: "element-inferred-actions",
          enforcement: "advisory",
          resource: "aviti-runs",
          message:
            "aws.iam.Role \"aviti-runs\" (trusted by Element's account 588258415937) is not granted sts:GetCallerIdentity; Element's permission table lists it for instrument upload, in template statements reconstructed from that table [INF] (docs/vendors/element.md §3, §9). Fix: grant it as in statement STSOperations.",
        },
      ]);
    });
  });

  describe("element-role-no-federation-token (advisory)", () => {
    it("reports sts:GetFederationToken on a role", async () => {
      const found = await check(() =>
        elementRole("aviti-runs", "lab-runs", "runs/aviti", {
          statements: replace("STSOperations", (s) => ({ ...s, Action: ["sts:GetCallerIdentity", "sts:GetFederationToken"] })),
        }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-role-no-federation-token",
          enforcement: "advisory",
          resource: "aviti-runs",
          message:
            'aws.iam.Role "aviti-runs" (trusted by Element\'s account 588258415937) is granted "sts:GetFederationToken", which role credentials cannot call; only Element\'s IAM users need it (docs/vendors/element.md §3, §10.3). Fix: remove "sts:GetFederationToken" from the role\'s policy.',
        },
      ]);
    });
  });

  describe("element-list-bucket-prefix", () => {
    it("reports a ListBucket without s3:prefix while objects are confined to a prefix", async () => {
      const found = await check(() =>
        elementUser("aviti-satellite", "lab-runs", "runs/satellite", { statements: replace("S3ObjectListing", ({ Condition: _, ...s }) => s) }),
      );
      assert.deepStrictEqual(found, [
        {
          policy: "element-list-bucket-prefix",
          enforcement: "mandatory",
          resource: "aviti-satellite",
          message:
            'aws.iam.User "aviti-satellite" (holding Element\'s policy statements) statement "S3ObjectListing" lists "arn:aws:s3:::lab-runs" without an s3:prefix condition while its object access is confined to "runs/satellite/"; Element\'s S3ObjectListing statement carries StringLike s3:prefix (docs/vendors/element.md §3; docs/vendors/elembio.md §5; docs/vendors/aws.md §1). Fix: add "Condition": {"StringLike": {"s3:prefix": ["runs/satellite/*"]}} to the statement.',
        },
      ]);
    });
  });
});
