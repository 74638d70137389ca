/**
 * The shape of the pack itself: names, descriptions, field order, one registration per policy
 * file, type tokens that match @pulumi/aws, config schemas the offline check can validate, and
 * vendor facts imported rather than spelled again.
 */
import * as assert from "assert";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import type { Policy } from "@pulumi/policy";
import { unsupportedKeywords, validate } from "../../offline/policy-config";
import { POLICY_PACK_DIR, policyInfos } from "../../offline/policy-harness";
import { policies } from "../../policypacks/vendor-guard/policies";
import { TYPES } from "../../policypacks/vendor-guard/lib/types";
import { ALL_VENDOR_MODULES, VENDORS } from "../../vendors";
import { ELEMENT_MAX_SESSION_DURATION_SECONDS } from "../../vendors/element";
import { ICA_OIDC_AUDIENCE, ICA_REGIONS } from "../../vendors/ica";

const POLICIES_DIR = path.join(POLICY_PACK_DIR, "policies");
const FIELD_ORDER = ["name", "description", "configSchema", "enforcementLevel", "validateResource", "validateStack"];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith(".ts") ? [full] : [];
  });
}

describe("policy pack: meta", () => {
  it("registers policies", () => {
    assert.ok(policies.length >= 53, `only ${policies.length} policies registered`);
  });

  for (const policy of policies as Policy[]) {
    describe(policy.name, () => {
      it("is named <scope>-<check> in kebab case", () => {
        assert.match(policy.name, new RegExp(`^(${["bucket", "iam", ...VENDORS].join("|")})-[a-z0-9-]+$`));
      });

      it('has a description that is one sentence starting "Checks that"', () => {
        assert.match(policy.description, /^Checks that [^\n]+\.$/);
      });

      it("declares its level: mandatory or advisory", () => {
        assert.ok(policy.enforcementLevel === "mandatory" || policy.enforcementLevel === "advisory", `${policy.enforcementLevel}`);
      });

      it("lists its fields in the order name, description, configSchema, enforcementLevel, validate*", () => {
        const keys = Object.keys(policy);
        assert.deepStrictEqual(
          keys,
          FIELD_ORDER.filter((k) => keys.includes(k)),
        );
      });

      it("lives in policies/<name>.ts, which exports this policy alone", () => {
        const exported = Object.values(require(path.join(POLICIES_DIR, `${policy.name}.ts`)));
        assert.deepStrictEqual(exported, [policy]);
      });

      if (policy.configSchema) {
        it("has a config schema the offline check validates, with valid defaults", () => {
          for (const [key, schema] of Object.entries(policy.configSchema!.properties)) {
            assert.deepStrictEqual(unsupportedKeywords(schema as Record<string, unknown>), [], key);
            if ((schema as { default?: unknown }).default !== undefined)
              assert.deepStrictEqual(validate((schema as { default: unknown }).default, schema as Record<string, unknown>, key), []);
          }
        });
      }
    });
  }

  it("registers every policy file exactly once, and nothing else", () => {
    const files = readdirSync(POLICIES_DIR)
      .filter((f) => f.endsWith(".ts") && f !== "index.ts")
      .map((f) => f.replace(/\.ts$/, ""))
      .sort();
    assert.deepStrictEqual([...policies.map((p) => p.name)].sort(), files);
    assert.strictEqual(new Set(policies).size, policies.length);
  });

  it("is what the pack serves: the analyzer reports the registered policies, in order, at their levels", async () => {
    assert.deepStrictEqual(
      (await policyInfos()).map((p) => [p.name, p.enforcementLevel]),
      policies.map((p) => [p.name, p.enforcementLevel]),
    );
  });

  it("names the type tokens @pulumi/aws registers", () => {
    const classes: Record<keyof typeof TYPES, unknown> = {
      bucket: aws.s3.Bucket,
      bucketV2: aws.s3.BucketV2,
      publicAccessBlock: aws.s3.BucketPublicAccessBlock,
      ownershipControls: aws.s3.BucketOwnershipControls,
      encryption: aws.s3.BucketServerSideEncryptionConfiguration,
      encryptionV2: aws.s3.BucketServerSideEncryptionConfigurationV2,
      bucketPolicy: aws.s3.BucketPolicy,
      bucketAcl: aws.s3.BucketAcl,
      bucketAclV2: aws.s3.BucketAclV2,
      role: aws.iam.Role,
      user: aws.iam.User,
      policy: aws.iam.Policy,
      rolePolicy: aws.iam.RolePolicy,
      userPolicy: aws.iam.UserPolicy,
      groupPolicy: aws.iam.GroupPolicy,
      rolePolicyAttachment: aws.iam.RolePolicyAttachment,
      userPolicyAttachment: aws.iam.UserPolicyAttachment,
      policyAttachment: aws.iam.PolicyAttachment,
      userLoginProfile: aws.iam.UserLoginProfile,
      versioning: aws.s3.BucketVersioning,
      versioningV2: aws.s3.BucketVersioningV2,
      cors: aws.s3.BucketCorsConfiguration,
      corsV2: aws.s3.BucketCorsConfigurationV2,
      notification: aws.s3.BucketNotification,
      oidcProvider: aws.iam.OpenIdConnectProvider,
    };
    for (const [key, cls] of Object.entries(classes)) assert.strictEqual(TYPES[key as keyof typeof TYPES], (cls as { __pulumiType: string }).__pulumiType, key);
  });

  it("imports every vendor's facts from its vendor module instead of spelling them", () => {
    const facts = [
      // What each vendor module says only its own files may spell: account IDs, provider IDs, origins, charsets.
      ...ALL_VENDOR_MODULES.flatMap((module) => module.identifiers),
      // Values the pack compares with, which are AWS's words and so not vendor identifiers.
      String(ELEMENT_MAX_SESSION_DURATION_SECONDS),
      "43_200",
      ICA_OIDC_AUDIENCE,
      ...Object.keys(ICA_REGIONS),
    ];
    for (const file of sources(POLICY_PACK_DIR)) {
      const text = readFileSync(file, "utf8");
      for (const fact of facts) assert.ok(!text.includes(fact), `${path.relative(POLICY_PACK_DIR, file)} spells ${fact}`);
    }
  });

  it("lists every policy with its level in the README table, in registration order", () => {
    const readme = readFileSync(path.join(POLICY_PACK_DIR, "README.md"), "utf8");
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+)` \| (mandatory|advisory) \|/gm)].map((m) => [m[1], m[2]]);
    assert.deepStrictEqual(
      rows,
      policies.map((p) => [p.name, p.enforcementLevel]),
    );
  });

  it("can be used by the Pulumi CLI: PulumiPolicy.yaml with the nodejs runtime, a versioned package", () => {
    assert.match(readFileSync(path.join(POLICY_PACK_DIR, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    const pkg = JSON.parse(readFileSync(path.join(POLICY_PACK_DIR, "package.json"), "utf8"));
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.ok(pkg.dependencies["@pulumi/policy"]);
    assert.strictEqual(pkg.main, "index.ts");
  });
});
