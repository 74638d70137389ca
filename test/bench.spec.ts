/**
 * The plan benchmark's honesty: the generated file takes its vendor from the fixture, the baseline
 * registers exactly the plan's documents, and the timed baseline process loads none of the model.
 */
import * as assert from "assert";
import { oneOf } from "../fields/text";
import { VENDORS } from "../vendors";
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { baselineSpec, inputDifferences } from "../bench/baseline-spec";
import { generate, readFixture, toYaml, type ConnectionFixture } from "../bench/generator";
import { ROOT, runPlan } from "../offline/run-plan";
import { vendorModule } from "../vendors";

const dir = mkdtempSync(path.join(os.tmpdir(), "bench-spec-"));
const fixtureFile = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const CREDENTIALS = 'credentials:\n  role: { type: role, externalId: "{{externalId}}" }\n  user: { type: user }\n';

describe("plan benchmark", () => {
  describe("reads its connection fixture, and names what is wrong in one", () => {
    const cases: [string, string, string][] = [
      ["a list", "- vendor: element\n", 'the fixture is [{"vendor":"element"}]; expected a mapping with vendor, namePrefix and credentials'],
      ["no vendor", `namePrefix: run\n${CREDENTIALS}`, "vendor is undefined; expected a vendor key, e.g. the `vendor:` of a connection"],
      [
        "a name prefix with capitals",
        `vendor: element\nnamePrefix: Run\n${CREDENTIALS}`,
        'namePrefix is "Run"; expected lowercase letters, digits and dashes, starting with a letter',
      ],
      ["no credentials", "vendor: element\nnamePrefix: run\n", "credentials is undefined; expected a mapping with a role and a user credential block"],
      [
        "a user block of the wrong type",
        "vendor: element\nnamePrefix: run\ncredentials:\n  role: { type: role }\n  user: { type: role }\n",
        'credentials.user is {"type":"role"}; expected a credential block with type: user',
      ],
    ];
    for (const [name, text, message] of cases) {
      it(name, () => {
        const file = fixtureFile(`${name.replace(/\W+/g, "-")}.yaml`, text);
        assert.throws(() => readFixture(file), { message: `${file}: ${message}. Fix the fixture (its header says what each field is).` });
      });
    }
  });

  it("writes the fixture's vendor and credential blocks, the external ID filled in per connection", () => {
    const fixture: ConnectionFixture = {
      vendor: "some-vendor",
      namePrefix: "run",
      credentials: { role: { type: "role", externalId: "x-{{externalId}}", extra: ["{{externalId}}", 3] }, user: { type: "user", note: "plain" } },
    };
    const lines = toYaml(generate(2, fixture)).split("\n");
    const connection = (name: string) => lines.slice(lines.indexOf(`  - name: ${name}`), lines.indexOf(`  - name: ${name}`) + 5);
    assert.deepStrictEqual(connection("run-0000"), [
      "  - name: run-0000",
      "    vendor: some-vendor",
      "    bucket: lab-bench-runs-0000",
      "    prefix: runs/instrument-0",
      "    credential: { type: role, externalId: x-lab-bench-0000, extra: [ lab-bench-0000, 3 ] }",
    ]);
    assert.strictEqual(connection("run-0001")[4], "    credential: { type: user, note: plain }");
    assert.deepStrictEqual(
      fixture.credentials.role,
      { type: "role", externalId: "x-{{externalId}}", extra: ["{{externalId}}", 3] },
      "the fixture is copied, not changed",
    );
  });

  it("blames the fixture when the generated file does not load", () => {
    const fixture: ConnectionFixture = { vendor: "not-a-vendor", namePrefix: "run", credentials: { role: { type: "role" }, user: { type: "user" } } };
    const file = fixtureFile("not-a-vendor.yaml", toYaml(generate(1, fixture)));
    assert.throws(() => baselineSpec(readFileSync(file, "utf8"), file, "bench"), {
      name: "FixtureError",
      message: [
        `the generated file ${file} has 1 error(s):`,
        `${file}:13:13 connection "run-0000": vendor: "not-a-vendor" is not a supported vendor: use ${oneOf(VENDORS)}`,
        `Fix the vendor or credential blocks of ${path.join(ROOT, "bench", "fixtures", "connection.yaml")}.`,
      ].join("\n"),
    });
  });

  describe("the baseline against the plan of a generated file", () => {
    const fixture = readFixture();
    const text = toYaml(generate(10, fixture));
    const file = fixtureFile("connections-10.yaml", text);
    const spec = baselineSpec(text, file, "bench");
    let planned: Parameters<typeof inputDifferences>[1] = [];
    before(async () => {
      planned = (await runPlan({ connectionsFile: file, stack: "bench" })).resources as typeof planned;
    });

    it("takes each role's description and policy name from the vendor registry, as the components do", () => {
      const vendor = vendorModule(fixture.vendor as Parameters<typeof vendorModule>[0]);
      assert.strictEqual(spec.access[0].role?.description, `${vendor.title}: connection ${fixture.namePrefix}-0000 (vendor-connections, stack bench)`);
      assert.strictEqual(spec.access[0].policyName, `${fixture.vendor}-access`);
      assert.strictEqual(spec.access[0].role?.maxSessionDuration, vendor.maxSessionDurationSeconds);
      assert.deepStrictEqual([spec.buckets.length, spec.access.length, spec.access.filter((c) => c.role).length], [3, 10, 5]);
    });

    it("has the plan's documents, names and session durations", () => {
      assert.deepStrictEqual(inputDifferences(spec, planned), []);
    });

    it("tells where a document, a name or a resource differs", () => {
      const changed = structuredClone(spec);
      changed.access[0].role!.maxSessionDuration = 3600;
      changed.access[1].policyName = "other";
      changed.buckets[0].policy = '{"Version":"2012-10-17","Statement":[]}';
      const missing = planned.filter((r) => r.name !== `${fixture.namePrefix}-0002-role`);
      assert.deepStrictEqual(inputDifferences(changed, missing, 10), [
        `aws:iam/role:Role ${fixture.namePrefix}-0000-role: maxSessionDuration is ${spec.access[0].role!.maxSessionDuration} in the plan, 3600 in the baseline`,
        `aws:iam/userPolicy:UserPolicy ${fixture.namePrefix}-0001-policy: name is "${fixture.vendor}-access" in the plan, "other" in the baseline`,
        `aws:s3/bucketPolicy:BucketPolicy lab-bench-runs-0000-policy: policy is ${JSON.stringify(JSON.parse(spec.buckets[0].policy)).slice(0, 120)}... in the plan, {"Version":"2012-10-17","Statement":[]} in the baseline`,
        `aws:iam/role:Role ${fixture.namePrefix}-0002-role: in the baseline, not in the plan`,
      ]);
    });
  });

  it("starts the timed baseline with nothing of the project but the mock engine", () => {
    const importsOf = (file: string, dynamic: boolean) => {
      const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.Latest, true);
      return dynamic
        ? ts.preProcessFile(source.text, true, true).importedFiles.map((f) => f.fileName)
        : source.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    };
    // The entry loads the runner (model, vendors, builders) only when it is not a child.
    assert.deepStrictEqual(importsOf("bench/bench-plan.ts", false), ["util"]);
    assert.deepStrictEqual(importsOf("bench/baseline.ts", true), ["fs", "@pulumi/pulumi", "@pulumi/aws", "../offline/mock-engine"]);
  });
});
