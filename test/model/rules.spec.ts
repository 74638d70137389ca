import * as assert from "assert";
import { bucketNameProblems } from "../../fields/bucket";
import { prefixProblems } from "../../fields/connection";
import { credentialName, physicalName, sidNamespace } from "../../fields/names";
import { overlappingPrefix } from "../../model/rules";
import { modelOf } from "../harness";
import { parseConnectionsText } from "../../model/load";

describe("bucketNameProblems", () => {
  const cases: [string, string[]][] = [
    ["lab-runs-prod", []],
    ["a.b-c", []],
    ["ab", ["must be 3 to 63 characters long (it has 2)"]],
    ["s3://lab-runs", ['give the bucket name only, without "s3://" or "/" (put folders in prefix)']],
    ["lab-runs/aviti", ['give the bucket name only, without "s3://" or "/" (put folders in prefix)']],
    ["Lab_runs", ['may contain only lowercase letters, digits, "." and "-" (found "L" "_")', "must begin and end with a lowercase letter or digit"]],
    ["lab..runs", ['must not contain ".." (two adjacent dots)']],
    ["-lab", ["must begin and end with a lowercase letter or digit"]],
    ["192.168.5.4", ["must not be formatted as an IP address"]],
    ["xn--lab", ['must not start with the reserved "xn--"']],
    ["lab-s3alias", ['must not end with the reserved "-s3alias"']],
    ["a".repeat(64), ["must be 3 to 63 characters long (it has 64)"]],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)} -> ${expected.length === 0 ? "valid" : expected.length + " problem(s)"}`, () => {
      assert.deepStrictEqual(bucketNameProblems(name), expected);
    });
  }
});

describe("prefixProblems", () => {
  const cases: [string, string[]][] = [
    ["runs/aviti", []],
    ["runs/aviti/", []],
    ["runs/(2024)/x_y.z!'", []],
    ["", ["must not be empty: leave prefix out to use the whole bucket"]],
    ["/runs", ['must not start with "/" (write runs/aviti, not /runs/aviti)']],
    ["s3://bucket/runs", ['must be a folder inside the bucket, without "s3://" and the bucket name (e.g. runs/aviti)']],
    ["./", ['must not start with "./" (ICA rejects it; write runs/aviti)']],
    ["./runs", ['must not start with "./" (ICA rejects it; write runs/aviti)']],
    ["runs//aviti", ['must not contain empty folders ("//")']],
    ["runs/../x", ['must not contain "." or ".." folders']],
    ["runs/*", ['may contain only letters, digits and ! - _ . \' ( ) separated by "/" (found "*")']],
    ["runs with space", ['may contain only letters, digits and ! - _ . \' ( ) separated by "/" (found " ")']],
  ];
  for (const [prefix, expected] of cases) {
    it(`${JSON.stringify(prefix)} -> ${expected.length === 0 ? "valid" : "invalid"}`, () => {
      assert.deepStrictEqual(prefixProblems(prefix), expected);
    });
  }
});

describe("names", () => {
  it("keeps short physical names as they are", () => {
    assert.strictEqual(credentialName("aviti-runs", "prod"), "aviti-runs-prod");
  });
  it("shortens long names to 64 characters with a stable hash", () => {
    const name = credentialName(`a${"b".repeat(62)}`, "production");
    assert.strictEqual(name.length, 64);
    assert.match(name, /^abbb+-[0-9a-f]{8}$/);
    assert.strictEqual(name, credentialName(`a${"b".repeat(62)}`, "production"));
    assert.notStrictEqual(name, credentialName(`a${"b".repeat(62)}`, "productiox"));
  });
  it("joins parts with hyphens when they fit", () => {
    assert.strictEqual(physicalName(["a", "b"], 3), "a-b");
  });
  it("namespaces Sids in PascalCase", () => {
    assert.strictEqual(sidNamespace("aviti-runs"), "AvitiRuns");
    assert.strictEqual(sidNamespace("ica2-main-x"), "Ica2MainX");
  });
});

describe("overlappingPrefix", () => {
  const cases: [string | undefined, string | undefined, string | undefined][] = [
    ["runs/aviti", "runs/ica", undefined],
    ["runs/aviti", "runs/aviti", "runs/aviti"],
    ["runs", "runs/aviti", "runs"],
    ["runs/aviti", "runs", "runs"],
    ["runs-a", "runs", undefined],
    [undefined, "runs", ""],
    [undefined, undefined, ""],
  ];
  for (const [a, b, expected] of cases) {
    it(`${a ?? "(bucket)"} and ${b ?? "(bucket)"} -> ${expected === undefined ? "disjoint" : JSON.stringify(expected)}`, () => {
      assert.strictEqual(overlappingPrefix(a, b), expected);
    });
  }
});

describe("resolveModel", () => {
  it("applies defaults: region, tags, versioning, encryption, normalised prefix", () => {
    const model = modelOf(`
version: 1
defaults: { region: eu-west-2, tags: { team: genomics } }
buckets:
  runs-bucket: { tags: { data: sequencing } }
connections:
  - { name: aviti, vendor: element, bucket: runs-bucket, prefix: runs/aviti/, credential: { type: user } }
`);
    assert.deepStrictEqual(model.buckets, [
      {
        name: "runs-bucket",
        region: "eu-west-2",
        adopt: false,
        versioning: "enabled",
        encryption: { type: "sse-s3" },
        tags: { team: "genomics", data: "sequencing" },
        extraPolicyStatements: [],
        connections: ["aviti"],
      },
    ]);
    assert.strictEqual(model.connections[0].prefix, "runs/aviti");
    assert.strictEqual(model.connections[0].region, "eu-west-2");
    assert.deepStrictEqual(model.connections[0].sharedPrincipals, []);
  });

  it("takes a bucket's region from its connection when the bucket declares none", () => {
    const model = modelOf(`
version: 1
connections:
  - { name: aviti, vendor: element, bucket: runs-bucket, region: ap-southeast-2, credential: { type: user } }
`);
    assert.strictEqual(model.buckets[0].region, "ap-southeast-2");
  });

  it("warns about overlapping prefixes, naming both connections and the shared prefix", () => {
    const result = parseConnectionsText(
      `version: 1
defaults: { region: us-east-1 }
connections:
  - { name: aviti, vendor: element, bucket: runs-bucket, prefix: runs, credential: { type: user } }
  - { name: aviti-two, vendor: element, bucket: runs-bucket, prefix: runs/two, credential: { type: user } }
`,
      "test.yaml",
    );
    assert.ok(result.ok);
    assert.deepStrictEqual(
      result.warnings.map((w) => `${w.line}:${w.column} ${w.message}`),
      [
        '5:70 connection "aviti-two": prefix: connections "aviti" and "aviti-two" share the prefix "runs/" of bucket "runs-bucket": each can reach what the other writes there',
      ],
    );
  });
});
