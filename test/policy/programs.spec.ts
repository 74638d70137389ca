/**
 * Programs other than index.ts, planned with `--program` (same mocks, same pack): a hand-written
 * program that bypasses the components, and one that mixes the components with a raw resource.
 */
import * as assert from "assert";
import * as path from "path";
import { runCli } from "../harness";
import { exitCode } from "../../cli/plan";
import { ROOT, runPlan } from "../../offline/run-plan";

const PROGRAMS = path.join(ROOT, "test", "fixtures", "programs");
const short = (violations: { policy: string; enforcement: string; resource: string }[]) =>
  violations.map((v) => [v.policy, v.enforcement, v.resource.split("::").pop()]);

describe("policy pack: programs planned with --program", () => {
  it("catches every mistake of a hand-written program that bypasses the components", async () => {
    const plan = await runPlan({ program: path.join(PROGRAMS, "hand-written.ts"), stack: "hand-written" });
    assert.deepStrictEqual(plan.errors, []);
    assert.deepStrictEqual(plan.connections, []);
    assert.deepStrictEqual(short(plan.violations), [
      ["bucket-ownership-controls", "mandatory", "raw-runs"],
      ["bucket-public-access-block", "mandatory", "raw-runs"],
      ["bucket-tls-only-policy", "mandatory", "raw-runs"],
      ["element-external-id", "mandatory", "raw-element"],
      ["element-max-session-duration", "mandatory", "raw-element"],
      ["element-required-actions", "mandatory", "raw-element"],
      ["iam-s3-arn-shape", "mandatory", "raw-element-policy"],
      ["bucket-default-encryption", "advisory", "raw-runs"],
    ]);
    assert.strictEqual(
      plan.violations.find((v) => v.policy === "iam-s3-arn-shape")!.message,
      'aws.iam.RolePolicy "raw-element-policy" statement "S3ObjectWrite" grants s3:PutObject on "arn:aws:s3:::raw-runs", no object ARN, so it allows nothing; object actions act on object ARNs such as "arn:aws:s3:::raw-runs/*" or "arn:aws:s3:::raw-runs/<prefix>/*" (docs/vendors/aws.md §1; docs/vendors/element.md §10.2, §3.2). Fix: add "/*" (or "/<prefix>/*") to the bucket ARN for these actions.',
    );
    assert.strictEqual(exitCode(plan), 1);
  });

  it("catches every mistake of ICA's role method written by hand from the vendor's pages", async () => {
    const plan = await runPlan({ program: path.join(PROGRAMS, "hand-written-ica.ts"), stack: "hand-written-ica" });
    assert.deepStrictEqual(plan.errors, []);
    assert.deepStrictEqual(short(plan.violations), [
      ["bucket-ownership-controls", "mandatory", "raw-ica"],
      ["bucket-public-access-block", "mandatory", "raw-ica"],
      ["bucket-tls-only-policy", "mandatory", "raw-ica"],
      ["ica-cors-rule", "mandatory", "raw-ica"],
      ["ica-oidc-provider", "mandatory", "raw-ica-role"],
      ["ica-role-max-session-duration", "mandatory", "raw-ica-role"],
      ["ica-role-trust", "mandatory", "raw-ica-role"],
      ["ica-role-trust", "mandatory", "raw-ica-role"],
      ["bucket-default-encryption", "advisory", "raw-ica"],
      ["ica-role-audience", "advisory", "raw-ica-role"],
      ["ica-root-folder", "advisory", "raw-ica-role"],
    ]);
    assert.match(
      plan.violations.find((v) => v.policy === "ica-role-trust")!.message,
      /in account ""; the provider ARN names your own account, arn:aws:iam::<your account ID>:oidc-provider\//,
    );
    assert.strictEqual(exitCode(plan), 1);
  });

  it("catches the raw resource of a program that mixes it with the components, and only that", async () => {
    const plan = await runPlan({ program: path.join(PROGRAMS, "mixed.ts"), connectionsFile: path.join(ROOT, "connections", "example.yaml"), stack: "mixed" });
    assert.deepStrictEqual(plan.errors, []);
    assert.deepStrictEqual(
      plan.connections.map((c) => c.name),
      ["aviti-runs", "aviti-satellite"],
    );
    assert.deepStrictEqual(short(plan.violations), [
      ["bucket-policy-no-public-principal", "mandatory", "public-runs"],
      ["bucket-tls-only-policy", "mandatory", "lab-runs-example"],
    ]);
    assert.strictEqual(
      plan.violations[1].message,
      'aws.s3.Bucket "lab-runs-example" has 2 bucket policies (aws.s3.BucketPolicy "lab-runs-example-policy" and aws.s3.BucketPolicy "public-runs"); every bucket has exactly one bucket policy, and it denies requests made without TLS (DESIGN.md safety rules; a second policy overwrites the first, docs/vendors/elembio.md §8; docs/vendors/aws.md §3). Fix: merge their statements into one aws.s3.BucketPolicy.',
    );
  });

  // Hand-written resources added next to the components by someone trying to get around the pack.
  const attacks: [string, string, string[][], Record<string, string>][] = [
    [
      "a second bucket policy naming the composed policy's bucket by a literal string",
      "second-policy-literal.ts",
      [["bucket-policy-literal-bucket", "mandatory", "second-policy-literal"]],
      {
        "second-policy-literal":
          'aws.s3.BucketPolicy "second-policy-literal" names the bucket "lab-runs-example" by a literal string, which is aws.s3.Bucket "lab-runs-example" of this stack, with no dependency on it, so applying it replaces aws.s3.BucketPolicy "lab-runs-example-policy", or is replaced by it; S3 keeps one policy per bucket, so a second bucket policy replaces the first when it is applied (DESIGN.md safety rules; docs/vendors/elembio.md §8; docs/vendors/aws.md §3). Fix: merge its statements into aws.s3.BucketPolicy "lab-runs-example-policy" and remove this resource.',
      },
    ],
    [
      "Element roles trusting \"*\" (confined to Element's account, or not at all) and AdministratorAccess on the component's role",
      "element-trust-variants.ts",
      [
        ["element-external-id", "mandatory", "p2a-no-external-id"],
        ["element-external-id", "mandatory", "p2b-star-principal-account"],
        ["element-trust-policy", "mandatory", "p2b-star-principal-account"],
        ["iam-no-aws-managed-policy", "mandatory", "p2d-admin-on-element-role"],
        ["iam-role-trust-public-principal", "mandatory", "p2c-star-principal"],
      ],
      {
        "p2d-admin-on-element-role":
          'aws.iam.RolePolicyAttachment "p2d-admin-on-element-role" attaches the AWS-managed policy "arn:aws:iam::aws:policy/AdministratorAccess" to aws.iam.Role "aviti-runs-role"; an AWS-managed policy grants whole services (and grows when AWS edits it), where a vendor\'s credential holds exactly the actions the vendor documents (docs/vendors/aws.md §1). Fix: remove it, and grant the actions the vendor documents in a policy of the stack.',
      },
    ],
    [
      'a Google web-identity trust with an extra {"AWS": "*"} statement',
      "google-trust-extra-principal.ts",
      [
        ["iam-role-trust-public-principal", "mandatory", "p6a-google-plus-anyone"],
        ["prequel-trust-other-principal", "mandatory", "p6a-google-plus-anyone"],
        ["prequel-trust-subject", "mandatory", "p6b-google-any-sub"],
        ["elembio-execution-role-source-account", "advisory", "p6c-omics-no-source-account"],
        ["prequel-trust-audience", "advisory", "p6b-google-any-sub"],
      ],
      {
        "p6a-google-plus-anyone":
          'aws.iam.Role "p6a-google-plus-anyone" trust statement 2 allows Principal "*", so anyone can assume it; the data-sync destination\'s role trusts the vendor\'s Google service account only (docs/vendors/prequel.md §4). Fix: remove that principal; give it a role of its own if it needs one.',
      },
    ],
  ];
  for (const [title, program, expected, messages] of attacks) {
    it(`exits 1 for ${title}`, async () => {
      const plan = await runPlan({ program: path.join(PROGRAMS, program), stack: program.replace(/\.ts$/, "") });
      assert.deepStrictEqual(plan.errors, []);
      assert.deepStrictEqual(short(plan.violations), expected);
      for (const [resource, message] of Object.entries(messages)) {
        const mandatory = plan.violations.filter((v) => v.resource.endsWith(`::${resource}`) && v.enforcement === "mandatory").map((v) => v.message);
        assert.ok(mandatory.includes(message), `${resource}: ${JSON.stringify(mandatory)}`);
      }
      assert.strictEqual(exitCode(plan), 1);
    });
  }

  it("says, per resource and policy, which checks could not read a document unknown during preview", async () => {
    const plan = await runPlan({ program: path.join(PROGRAMS, "unknown-documents.ts"), stack: "unknown-documents" });
    const notices = plan.violations.filter((v) => v.message.startsWith("could not check "));
    // The stack checks (element-*) and the document checks (iam-*) alike, each naming the policy resource.
    assert.deepStrictEqual(
      notices.map((v) => [v.policy, v.enforcement, v.resource.split("::").pop()]),
      [
        "elembio-bucket-policy-drift",
        "elembio-healthomics-actions",
        "elembio-healthomics-region",
        "elembio-pass-role-healthomics",
        "elembio-pass-role-resource",
        "element-inferred-actions",
        "element-list-bucket-prefix",
        "element-required-actions",
        "element-role-no-federation-token",
        "iam-kms-scoped",
        "iam-list-bucket-prefix",
        "iam-no-iam-write-actions",
        "iam-no-not-resource",
        "iam-no-wildcard-actions",
        "iam-pass-role-scoped",
        "iam-s3-all-buckets",
        "iam-s3-arn-shape",
      ].map((policy) => [policy, "advisory", "late-element-policy"]),
    );
    assert.strictEqual(
      notices.find((v) => v.policy === "element-required-actions")!.message,
      'could not check aws.iam.RolePolicy "late-element-policy": its policy is not known during preview, so element-required-actions did not run on it. Fix: build the value from inputs known before apply (a bucket\'s name rather than its ARN), or check again with pulumi preview once it exists.',
    );
    assert.deepStrictEqual(
      plan.violations.filter((v) => v.resource === "" || v.message.startsWith("can't run policy")),
      [],
    );
  });

  it("exits 1 and prints the violations for a person", () => {
    const { status, stdout } = runCli("plan", ["--program", "test/fixtures/programs/hand-written.ts"]);
    assert.strictEqual(status, 1);
    assert.match(stdout, /^Plan for test\/fixtures\/programs\/hand-written\.ts: 0 connection\(s\), 3 AWS resource\(s\)$/m);
    assert.match(stdout, /^ {2}mandatory {2}element-external-id {2}urn:pulumi:hand-written::vendor-connections::aws:iam\/role:Role::raw-element$/m);
    assert.match(
      stdout,
      /^ {6}aws\.iam\.Role "raw-element" trust statement 1 lets Element's account assume the role without a StringEquals sts:ExternalId condition;/m,
    );
  });

  it("exits 0 when the config makes every violation advisory, as --policy-pack-config does for pulumi preview", () => {
    const { status, stdout } = runCli("plan", [
      "--json",
      "--program",
      "test/fixtures/programs/hand-written.ts",
      "--policy-pack-config",
      "test/fixtures/policy-config/all-advisory.json",
    ]);
    assert.strictEqual(status, 0);
    const plan = JSON.parse(stdout);
    assert.strictEqual(plan.violations.length, 8);
    assert.deepStrictEqual([...new Set(plan.violations.map((v: { enforcement: string }) => v.enforcement))], ["advisory"]);
  });
});
