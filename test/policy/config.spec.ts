/**
 * Configuration, as `pulumi preview --policy-pack-config FILE` applies it: levels per policy,
 * `all`, schema defaults and values, and every problem of a bad file reported with where it is.
 */
import * as assert from "assert";
import { policies as packPolicies } from "../../policypacks/vendor-guard/policies";
import * as path from "path";
import { resolvePolicyConfig, validate, type PolicyInfo } from "../../offline/policy-config";
import { ROOT, runPlan } from "../../offline/run-plan";
import { check, hardenedBucket } from "./helpers";

// A bucket with two findings: no public access block (mandatory) and no encryption (advisory).
const twoFindings = () => hardenedBucket("lab-runs", { publicAccessBlock: false, encryption: false });
const levels = (found: { policy: string; enforcement: string }[]) => found.map((f) => `${f.enforcement}:${f.policy}`);

describe("policy pack: configuration", () => {
  describe("through the pack's handlers", () => {
    it("uses each policy's own level without a config", async () => {
      assert.deepStrictEqual(levels(await check(twoFindings)), ["mandatory:bucket-public-access-block", "advisory:bucket-default-encryption"]);
    });

    it("sets a policy's level as a string or with enforcementLevel, and disables one", async () => {
      const config = { "bucket-public-access-block": "advisory", "bucket-default-encryption": { enforcementLevel: "mandatory" } };
      assert.deepStrictEqual(levels(await check(twoFindings, { config })), ["mandatory:bucket-default-encryption", "advisory:bucket-public-access-block"]);
      assert.deepStrictEqual(levels(await check(twoFindings, { config: { "bucket-public-access-block": { enforcementLevel: "disabled" } } })), [
        "advisory:bucket-default-encryption",
      ]);
    });

    it('applies "all" first and lets a policy\'s own entry win, wherever it stands in the file', async () => {
      assert.deepStrictEqual(levels(await check(twoFindings, { config: { all: "advisory" } })), [
        "advisory:bucket-default-encryption",
        "advisory:bucket-public-access-block",
      ]);
      const config = { "bucket-default-encryption": "advisory", all: "mandatory" };
      assert.deepStrictEqual(levels(await check(twoFindings, { config })), ["mandatory:bucket-public-access-block", "advisory:bucket-default-encryption"]);
      assert.deepStrictEqual(levels(await check(twoFindings, { config: { all: { enforcementLevel: "disabled" } } })), []);
    });

    it("passes schema values to the policy, and returns to the defaults on the next run", async () => {
      const kmsOnly = await check(() => hardenedBucket("lab-runs"), { config: { "bucket-default-encryption": { allowedAlgorithms: ["aws:kms"] } } });
      assert.deepStrictEqual(kmsOnly, [
        {
          policy: "bucket-default-encryption",
          enforcement: "advisory",
          resource: "lab-runs-encryption",
          message:
            'aws.s3.BucketServerSideEncryptionConfiguration "lab-runs-encryption" sets sseAlgorithm "AES256", which is not one of "aws:kms" (policy config allowedAlgorithms); vendors ask for default encryption on every bucket (docs/vendors/element.md §2; docs/vendors/elembio.md §2). Fix: use "aws:kms".',
        },
      ]);
      assert.deepStrictEqual(await check(() => hardenedBucket("lab-runs")), []);
    });
  });

  describe("resolvePolicyConfig (the CLI's reconciliation, offline)", () => {
    const policies: PolicyInfo[] = [
      { name: "a-check", enforcementLevel: "mandatory" },
      {
        name: "b-check",
        enforcementLevel: "advisory",
        configSchema: {
          properties: {
            regions: { type: "array", items: { type: "string", enum: ["us-east-1", "eu-west-1"] }, minItems: 1, default: ["us-east-1"] },
            max: { type: "integer", minimum: 1 },
          },
        },
      },
    ];

    it("seeds every policy with its level and its schema defaults", () => {
      assert.deepStrictEqual(resolvePolicyConfig(policies, undefined), {
        config: {
          "a-check": { enforcementLevel: "mandatory", properties: {} },
          "b-check": { enforcementLevel: "advisory", properties: { regions: ["us-east-1"] } },
        },
        problems: [],
      });
    });

    it("overlays the file on the defaults", () => {
      const { config, problems } = resolvePolicyConfig(policies, { all: "disabled", "b-check": { enforcementLevel: "mandatory", max: 3 } });
      assert.deepStrictEqual(problems, []);
      assert.deepStrictEqual(config, {
        "a-check": { enforcementLevel: "disabled", properties: {} },
        "b-check": { enforcementLevel: "mandatory", properties: { regions: ["us-east-1"], max: 3 } },
      });
    });

    const cases: { name: string; file: unknown; problems: { policy: string; path: string; message: string }[] }[] = [
      {
        name: "not an object",
        file: ["a-check"],
        problems: [{ policy: "", path: "", message: "the policy pack config must be a JSON object of policy names; got array" }],
      },
      {
        name: "an unknown policy",
        file: { "c-check": "mandatory" },
        problems: [{ policy: "c-check", path: "c-check", message: '"c-check" is not a policy of this pack; its policies are a-check, b-check' }],
      },
      {
        name: "an unknown level",
        file: { "a-check": "error" },
        problems: [{ policy: "a-check", path: "a-check", message: 'enforcement level "error" is not one of advisory, mandatory, remediate, disabled' }],
      },
      {
        name: "a number for a policy",
        file: { "a-check": 1 },
        problems: [{ policy: "a-check", path: "a-check", message: "must be an enforcement level or an object; got 1" }],
      },
      {
        name: "settings on all",
        file: { all: { enforcementLevel: "advisory", max: 2 } },
        problems: [{ policy: "all", path: "all.max", message: '"all" takes only an enforcement level' }],
      },
      {
        name: "a value outside the enum, a value of the wrong type, and unknown settings",
        file: { "b-check": { regions: ["us-east-1", "mars-1"], max: 0.5, maximum: 3 }, "a-check": { threshold: 1 } },
        problems: [
          { policy: "a-check", path: "a-check.threshold", message: "is not a setting of this policy; it has no settings" },
          { policy: "b-check", path: "b-check.regions[1]", message: '"mars-1" is not one of "us-east-1", "eu-west-1"' },
          { policy: "b-check", path: "b-check.max", message: "0.5 is a number; expected integer" },
          { policy: "b-check", path: "b-check.maximum", message: "is not a setting of this policy; its settings are regions, max" },
        ],
      },
      {
        name: "an empty list",
        file: { "b-check": { regions: [] } },
        problems: [{ policy: "b-check", path: "b-check.regions", message: "has 0 item(s); at least 1 required" }],
      },
    ];
    for (const c of cases) {
      it(`reports ${c.name}`, () => assert.deepStrictEqual(resolvePolicyConfig(policies, c.file).problems, c.problems));
    }

    it("refuses a schema keyword it does not check, rather than skipping it", () => {
      assert.throws(
        () => validate("x", { type: "string", format: "email" }, "p.k"),
        /^Error: config schema at p\.k uses format, which the offline config check does not implement$/,
      );
    });
  });

  describe("npm run plan -- --policy-pack-config", () => {
    it("reports every problem of the file with its line and column, and plans nothing", async () => {
      const file = path.join(ROOT, "test", "fixtures", "policy-config", "invalid.json");
      const plan = await runPlan({ connectionsFile: path.join(ROOT, "connections", "example.yaml"), policyPackConfig: file, stack: "ci" });
      assert.deepStrictEqual(plan.resources, []);
      const shown = path.relative(process.cwd(), file);
      assert.deepStrictEqual(plan.errors, [
        {
          severity: "error",
          file: shown,
          line: 2,
          column: 3,
          path: "bucket-public-access-block",
          message: 'policy pack config: bucket-public-access-block: enforcement level "warn" is not one of advisory, mandatory, remediate, disabled',
        },
        {
          severity: "error",
          file: shown,
          line: 7,
          column: 3,
          path: "bucket-versioning",
          message: `policy pack config: bucket-versioning: "bucket-versioning" is not a policy of this pack; its policies are ${packPolicies.map((p) => p.name).join(", ")}`,
        },
        {
          severity: "error",
          file: shown,
          line: 3,
          column: 3,
          path: "bucket-default-encryption.allowedAlgorithms[1]",
          message: 'policy pack config: bucket-default-encryption.allowedAlgorithms[1]: "DES" is not one of "AES256", "aws:kms", "aws:kms:dsse"',
        },
        {
          severity: "error",
          file: shown,
          line: 3,
          column: 3,
          path: "bucket-default-encryption.minimumKeyLength",
          message: "policy pack config: bucket-default-encryption.minimumKeyLength: is not a setting of this policy; its settings are allowedAlgorithms",
        },
      ]);
    });

    it("applies a valid file to the plan", async () => {
      const plan = await runPlan({
        connectionsFile: path.join(ROOT, "connections", "example.yaml"),
        policyPackConfig: path.join(ROOT, "test", "fixtures", "policy-config", "kms-only.json"),
        stack: "ci",
      });
      assert.deepStrictEqual(
        plan.violations.map((v) => [v.policy, v.enforcement, v.resource.split("::").pop()]),
        [["bucket-default-encryption", "mandatory", "lab-runs-example-encryption"]],
      );
    });
  });
});
