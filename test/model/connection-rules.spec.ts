/**
 * model/connection-rules.ts: external IDs that are short or shared, and shared principals of an
 * SSE-KMS bucket, which also need the key.
 */
import * as assert from "assert";
import { formatProblem, parseConnectionsText } from "../../model/load";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/0f0f0f0f-1e1e-2d2d-3c3c-4b4b4b4b4b4b";

function warningsOf(file: Record<string, unknown>): string[] {
  const result = parseConnectionsText(JSON.stringify({ version: 1, defaults: { region: "us-east-1" }, ...file }), "f.yaml");
  assert.ok(result.ok, result.ok ? "" : result.errors.map(formatProblem).join("\n"));
  // Positions of a one-line file say little: the message names the connection and the field.
  return result.warnings.map((w) => w.message);
}

const short = (id: string) =>
  `the external ID ${JSON.stringify(id)} has ${id.length} characters; with a role name anyone can guess, it is the only check that the vendor acts for you, so make it at least 16 random characters: generate one with \`openssl rand -hex 16\` and enter the same value in the vendor's UI`;
const reused = (id: string, first: string) =>
  `the external ID ${JSON.stringify(id)} is also the external ID of connection "${first}": whoever knows it for one role knows it for the other, so give each connection its own (\`openssl rand -hex 16\`) and enter it in the vendor's UI`;

describe("external IDs: shorter than 16 characters, or used by two connections, warn", () => {
  const role = (name: string, vendor: string, externalId: string) => ({
    name,
    vendor,
    bucket: "lab-ext",
    prefix: name,
    credential: { type: "role", externalId },
  });
  const rows: [string, Record<string, unknown>[], string[]][] = [
    ["2 characters", [role("conn-a", "element", "ab")], [`connection "conn-a": credential.externalId: ${short("ab")}`]],
    ["15 characters", [role("conn-a", "elembio", "x".repeat(15))], [`connection "conn-a": credential.externalId: ${short("x".repeat(15))}`]],
    ["16 characters", [role("conn-a", "element", "0123456789abcdef")], []],
    ["32 hex digits (openssl rand -hex 16)", [role("conn-a", "element", "9f86d081884c7d659a2feaa0c55ad015")], []],
    [
      "one ID on an element and an elembio connection",
      [role("conn-a", "element", "0123456789abcdef"), role("conn-b", "elembio", "0123456789abcdef")],
      [`connection "conn-b": credential.externalId: ${reused("0123456789abcdef", "conn-a")}`],
    ],
    [
      "one ID on three connections (each repeat names the first)",
      [role("conn-a", "element", "0123456789abcdef"), role("conn-b", "element", "0123456789abcdef"), role("conn-c", "elembio", "0123456789abcdef")],
      [
        `connection "conn-b": credential.externalId: ${reused("0123456789abcdef", "conn-a")}`,
        `connection "conn-c": credential.externalId: ${reused("0123456789abcdef", "conn-a")}`,
      ],
    ],
    ["distinct IDs", [role("conn-a", "element", "0123456789abcdef"), role("conn-b", "element", "fedcba9876543210")], []],
    ["a user credential (no external ID)", [{ name: "conn-a", vendor: "element", bucket: "lab-ext", prefix: "a", credential: { type: "user" } }], []],
  ];
  for (const [what, connections, expected] of rows) {
    it(`${what}: ${expected.length} warning(s)`, () => assert.deepStrictEqual(warningsOf({ connections }), expected));
  }
});

describe("sharedPrincipals on an SSE-KMS bucket: the key-policy statement to add", () => {
  const partner = "arn:aws:iam::111122223333:role/partner";
  const auditor = "arn:aws:iam::444455556666:user/auditor";
  const connection = (sharedPrincipals?: { arn: string }[]) => ({
    name: "aviti-runs",
    vendor: "element",
    bucket: "lab-kms",
    prefix: "runs",
    credential: { type: "user" },
    sharedPrincipals,
  });
  const kms = { "lab-kms": { encryption: { type: "sse-kms", kmsKeyArn: KEY } } };

  it("warns with the statement naming every shared principal, kms:Decrypt and the key", () => {
    const statement = `{"Sid":"AvitiRunsSharedDecrypt","Effect":"Allow","Principal":{"AWS":["${partner}","${auditor}"]},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}`;
    assert.deepStrictEqual(warningsOf({ buckets: kms, connections: [connection([{ arn: partner }, { arn: auditor }])] }), [
      `connection "aviti-runs": sharedPrincipals: bucket "lab-kms" is encrypted with the KMS key ${KEY}, so the shared principals can read its objects only if they may also use the key (docs/vendors/aws.md §4), which this program does not manage: add this statement to the key's policy (in a key policy, Resource "*" is the key itself): ${statement}; a principal in another account also needs kms:Decrypt on ${KEY} in its own identity policy`,
    ]);
  });
  it("the statement in the message is valid JSON, as pasted into a key policy", () => {
    const [warning] = warningsOf({ buckets: kms, connections: [connection([{ arn: partner }])] });
    const json = /key itself\): (\{.*\}); a principal/.exec(warning)![1];
    assert.deepStrictEqual(JSON.parse(json).Principal, { AWS: [partner] });
  });
  it("says nothing on an SSE-S3 bucket", () => {
    assert.deepStrictEqual(warningsOf({ connections: [connection([{ arn: partner }])] }), []);
  });
  it("says nothing without shared principals", () => {
    assert.deepStrictEqual(warningsOf({ buckets: kms, connections: [connection()] }), []);
  });
});
