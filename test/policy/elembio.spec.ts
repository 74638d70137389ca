/**
 * elembio-* policies: what ElemBio Cloud adds to Element's credential (docs/vendors/elembio.md):
 * HealthOmics (the provider's omics actions and PassRole, the execution role, its region) and
 * sharing through the bucket policy. The provider itself is held to the element-* policies.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { check, elembioConnection, replace } from "./helpers";

const PROVIDER = `aws.iam.Role "elembio-cloud" (trusted by Element's account 588258415937)`;
const EXECUTION = 'aws.iam.Role "elembio-cloud-execution" trust statement';

describe("policy pack: elembio", () => {
  it("passes ElemBio's provider and HealthOmics execution role as the components build them, and a user without HealthOmics", async () => {
    const found = await check(() => {
      elembioConnection("elembio-cloud", "lab-elembio-runs");
      elembioConnection("elembio-satellite", "lab-elembio-satellite", { credential: "user", healthOmics: false });
    });
    assert.deepStrictEqual(found, []);
  });

  describe("elembio-healthomics-actions", () => {
    it("reports a provider granted HealthOmics actions without iam:PassRole", async () => {
      assert.deepStrictEqual(
        await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { statements: replace("OmicsPassRole", () => undefined) })),
        [
          {
            policy: "elembio-healthomics-actions",
            enforcement: "mandatory",
            resource: "elembio-cloud",
            message: `${PROVIDER} is granted "omics:GetWorkflow", "omics:StartRun", "omics:GetRun", "omics:CancelRun" but not iam:PassRole; ElemBio's HealthOmics flow needs omics:GetWorkflow, omics:StartRun, omics:GetRun, omics:CancelRun and iam:PassRole on the provider (docs/vendors/elembio.md §5, §7). Fix: grant it as ElemBio's statements OmicsOperations and OmicsPassRole do, or remove the HealthOmics actions if the connection does not run HealthOmics.`,
          },
        ],
      );
    });

    it("reports a provider granted only some of the omics actions", async () => {
      const found = await check(() =>
        elembioConnection("elembio-cloud", "lab-elembio-runs", { statements: replace("OmicsOperations", (s) => ({ ...s, Action: ["omics:StartRun"] })) }),
      );
      assert.deepStrictEqual(
        found.map((f) => f.message),
        [
          `${PROVIDER} is granted "omics:StartRun" but not omics:GetWorkflow, omics:GetRun and omics:CancelRun; ElemBio's HealthOmics flow needs omics:GetWorkflow, omics:StartRun, omics:GetRun, omics:CancelRun and iam:PassRole on the provider (docs/vendors/elembio.md §5, §7). Fix: grant them as ElemBio's statements OmicsOperations and OmicsPassRole do, or remove the HealthOmics actions if the connection does not run HealthOmics.`,
        ],
      );
    });
  });

  describe("elembio-pass-role-healthomics", () => {
    it("reports iam:PassRole without iam:PassedToService, and for another service", async () => {
      const found = await check(() => {
        elembioConnection("elembio-cloud", "lab-elembio-runs", { statements: replace("OmicsPassRole", ({ Condition: _, ...s }) => s) });
        elembioConnection("elembio-other", "lab-elembio-other", {
          statements: replace("OmicsPassRole", (s) => ({ ...s, Condition: { StringEquals: { "iam:PassedToService": "ec2.amazonaws.com" } } })),
        });
      });
      const requirement = "ElemBio passes roles to HealthOmics only (docs/vendors/elembio.md §5, §7)";
      const condition = '"Condition": {"StringEquals": {"iam:PassedToService": "omics.amazonaws.com"}}';
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.resource, f.message]),
        [
          [
            "elembio-pass-role-healthomics",
            "mandatory",
            "elembio-cloud",
            `${PROVIDER} statement "OmicsPassRole" allows iam:PassRole without a StringEquals iam:PassedToService condition; ${requirement}. Fix: add ${condition} to the statement.`,
          ],
          [
            "elembio-pass-role-healthomics",
            "mandatory",
            "elembio-other",
            `aws.iam.Role "elembio-other" (trusted by Element's account 588258415937) statement "OmicsPassRole" allows iam:PassRole with StringEquals iam:PassedToService "ec2.amazonaws.com"; ${requirement}. Fix: set ${condition} on the statement.`,
          ],
        ],
      );
    });
  });

  describe("elembio-pass-role-resource (advisory)", () => {
    it('reports ElemBio\'s template PassRole on "*", which the generic check accepts', async () => {
      assert.deepStrictEqual(
        await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { statements: replace("OmicsPassRole", (s) => ({ ...s, Resource: "*" })) })),
        [
          {
            policy: "elembio-pass-role-resource",
            enforcement: "advisory",
            resource: "elembio-cloud",
            message: `${PROVIDER} statement "OmicsPassRole" allows iam:PassRole on "*", so ElemBio may hand HealthOmics any role of the account; ElemBio needs only the HealthOmics execution role (docs/vendors/elembio.md §7). Fix: set Resource to the execution role's ARN.`,
          },
        ],
      );
    });
  });

  describe("elembio-execution-role-trust and elembio-execution-role-source-account", () => {
    it("reports another principal and action in the execution role's trust, and the missing aws:SourceAccount (advisory)", async () => {
      const executionTrust = {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "omics.amazonaws.com", AWS: "arn:aws:iam::111122223333:root" },
            Action: ["sts:AssumeRole", "sts:TagSession"],
          },
        ],
      };
      const found = await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { executionTrust }));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement, f.resource, f.message]),
        [
          [
            "elembio-execution-role-trust",
            "mandatory",
            "elembio-cloud-execution",
            `${EXECUTION} 1 allows AWS principal "arn:aws:iam::111122223333:root" too; the HealthOmics execution role trusts omics.amazonaws.com only (docs/vendors/elembio.md §7). Fix: remove that principal; give it a role of its own if it needs one.`,
          ],
          [
            "elembio-execution-role-trust",
            "mandatory",
            "elembio-cloud-execution",
            `${EXECUTION} 1 allows omics.amazonaws.com "sts:AssumeRole", "sts:TagSession"; HealthOmics assumes its execution role with sts:AssumeRole only (docs/vendors/elembio.md §7). Fix: set Action to "sts:AssumeRole".`,
          ],
          [
            "elembio-execution-role-source-account",
            "advisory",
            "elembio-cloud-execution",
            `${EXECUTION} 1 lets omics.amazonaws.com assume the role without a StringEquals aws:SourceAccount condition, so the service may assume it on behalf of any account (the confused-deputy problem) (docs/vendors/elembio.md §7). Fix: add "Condition": {"StringEquals": {"aws:SourceAccount": "<your account ID>"}}.`,
          ],
        ],
      );
    });

    it("accepts docs/vendors/elembio.md §7's verbatim trust as mandatory, leaving only the hardening advice", async () => {
      const verbatim = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "omics.amazonaws.com" }, Action: "sts:AssumeRole" }] };
      const found = await check(() => new aws.iam.Role("omics-run", { assumeRolePolicy: JSON.stringify(verbatim) }));
      assert.deepStrictEqual(
        found.map((f) => [f.policy, f.enforcement]),
        [["elembio-execution-role-source-account", "advisory"]],
      );
    });
  });

  describe("elembio-bucket-policy-drift (advisory)", () => {
    it("reports the bucket-policy actions on a bucket whose policy the stack manages, unless it ignores changes to the policy", async () => {
      assert.deepStrictEqual(await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { manageBucketPolicy: true })), [
        {
          policy: "elembio-bucket-policy-drift",
          enforcement: "advisory",
          resource: "elembio-cloud",
          message: `${PROVIDER} is granted "s3:PutBucketPolicy", "s3:DeleteBucketPolicy" on aws.s3.Bucket "lab-elembio-runs", whose policy the stack also manages (aws.s3.BucketPolicy "lab-elembio-runs-policy"); ElemBio appends its sharing statements to the bucket policy, and each \`pulumi up\` puts the stack's policy back and removes them (docs/vendors/elembio.md §8, §11.3). Fix: share through the stack's bucket policy and drop "s3:GetBucketPolicy", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy" from the credential (manageBucketPolicy: false), or set ignoreChanges: ["policy"] on aws.s3.BucketPolicy "lab-elembio-runs-policy".`,
        },
      ]);
      assert.deepStrictEqual(
        await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { manageBucketPolicy: true, policyOptions: { ignoreChanges: ["policy"] } })),
        [],
      );
    });
  });

  describe("elembio-healthomics-region (advisory)", () => {
    const message = (regions: string) =>
      `aws.s3.Bucket "lab-elembio-runs" is in "ap-northeast-1", which is not a HealthOmics region (${regions}), and ${PROVIDER} runs HealthOmics on it; ElemBio's shared workflow runs only in the bucket's region, which must offer HealthOmics (docs/vendors/elembio.md §7). Fix: use a bucket in a HealthOmics region, or add "ap-northeast-1" to the policy config healthOmicsRegions if AWS now offers HealthOmics there (the list is a snapshot).`;

    it("reports a HealthOmics bucket outside AWS's list, which the policy config extends", async () => {
      const build = () => elembioConnection("elembio-cloud", "lab-elembio-runs", { region: "ap-northeast-1" });
      assert.deepStrictEqual(await check(build), [
        {
          policy: "elembio-healthomics-region",
          enforcement: "advisory",
          resource: "lab-elembio-runs",
          message: message('"us-east-1", "us-west-2", "ap-southeast-1", "eu-central-1", "eu-west-1", "eu-west-2", "il-central-1"'),
        },
      ]);
      assert.deepStrictEqual(await check(build, { config: { "elembio-healthomics-region": { healthOmicsRegions: ["us-east-1", "ap-northeast-1"] } } }), []);
    });

    it("leaves a bucket alone when the credential does not run HealthOmics", async () => {
      assert.deepStrictEqual(await check(() => elembioConnection("elembio-cloud", "lab-elembio-runs", { region: "ap-northeast-1", healthOmics: false })), []);
    });
  });
});
