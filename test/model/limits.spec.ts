import * as assert from "assert";
import { readdirSync } from "fs";
import * as path from "path";
import { executionRoleName } from "../../vendors/elembio";
import { loadConnectionsFile, parseConnectionsText, type Problem } from "../../model/load";
import { WORST_CASE_STACK } from "../../model/limits";

/** `count` Element connections on one bucket, each sharing its prefix with two principals. */
function sharedBucketFile(count: number, declareBucket: boolean): string {
  const lines = ["version: 1", "defaults: { region: us-east-1 }"];
  if (declareBucket) lines.push("buckets:", "  big-bucket:", "    versioning: enabled");
  lines.push("connections:");
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(2, "0");
    lines.push(
      `  - name: c${n}-element`,
      "    vendor: element",
      "    bucket: big-bucket",
      `    prefix: lab/instrument-${n}/runs`,
      `    credential: { type: role, externalId: ext-${n}-abc }`,
      `    sharedPrincipals: [ { arn: "arn:aws:iam::111122223333:role/partner-reader-${n}" }, { arn: "arn:aws:iam::444455556666:role/core-reader-${n}" } ]`,
    );
  }
  return `${lines.join("\n")}\n`;
}

const LONG_PREFIX = Array.from({ length: 9 }, (_, i) => `segment-0${i}-${"a".repeat(41)}`).join("/");

const ELEMBIO_USER = `version: 1
defaults: { region: us-east-1 }
connections:
  - name: big-elembio-user
    vendor: elembio
    bucket: lab-runs
    prefix: "${LONG_PREFIX}"
    credential: { type: user }
    download: true
    healthOmics: { enabled: true }
`;

const errorsOf = (text: string, stack?: string): Problem[] => {
  const result = parseConnectionsText(text, "f.yaml", { stack });
  return result.ok ? [] : result.errors;
};

describe("AWS size limits are checked when the file is loaded", () => {
  it("a bucket policy over 20 KB is an error at the bucket of the connection that adds most, with the fix", () => {
    const errors = errorsOf(sharedBucketFile(30, false));
    assert.deepStrictEqual(
      errors.map(({ line, column, path }) => ({ line, column, path })),
      [{ line: 6, column: 13, path: "connections[0].bucket" }],
    );
    assert.strictEqual(
      errors[0].message,
      'connection "c00-element": bucket "big-bucket" has a composed bucket policy of 24,540 bytes, over S3\'s limit of 20,480 bytes for a bucket policy (by 4,060), so S3 would refuse it. ' +
        'Largest parts: connection "c00-element" (804 bytes), connection "c01-element" (804 bytes), connection "c02-element" (804 bytes). ' +
        "Fix: move some connections to another bucket, share each connection's data with fewer sharedPrincipals (each connection that shares adds three statements), shorten the prefixes, or shorten extraPolicyStatements",
    );
  });

  it("a bucket declared under buckets: gets the error at its own entry", () => {
    const errors = errorsOf(sharedBucketFile(30, true));
    assert.deepStrictEqual(
      errors.map(({ line, column, path }) => ({ line, column, path })),
      [{ line: 5, column: 5, path: "buckets.big-bucket" }],
    );
    assert.match(errors[0].message, /^bucket "big-bucket" has a composed bucket policy of 24,540 bytes, over S3's limit of 20,480 bytes/);
  });

  it("the same connections fit when fewer share the bucket", () => {
    assert.deepStrictEqual(errorsOf(sharedBucketFile(24, false)), []);
  });

  it("a user's policy over 2,048 characters is an error at its credential, suggesting a role", () => {
    const errors = errorsOf(ELEMBIO_USER, "dev");
    assert.deepStrictEqual(
      errors.map(({ line, column, path }) => ({ line, column, path })),
      [{ line: 8, column: 17, path: "connections[0].credential" }],
    );
    assert.strictEqual(
      errors[0].message,
      `connection "big-elembio-user": credential: the IAM user's policy is 2,430 characters (whitespace not counted, as IAM counts), over IAM's limit of 2,048 characters for all of a user's inline policies together (by 382), so IAM would refuse it. ` +
        "Fix: use a role credential (type: role; a role's inline policies may have 10,240 characters), shorten the prefix (476 characters, in every ARN of the policy) or the bucket name, or turn off optional features of the connection",
    );
  });

  it("the same connection with a role credential fits", () => {
    assert.deepStrictEqual(errorsOf(ELEMBIO_USER.replace("{ type: user }", "{ type: role, externalId: ext-0123456789abcdef }"), "dev"), []);
  });

  it("without a stack name, measures the longest role name any stack could give", () => {
    const size = (stack?: string) => Number(/policy is ([\d,]+) characters/.exec(errorsOf(ELEMBIO_USER, stack)[0].message)![1].replace(/,/g, ""));
    const grows = executionRoleName("big-elembio-user", WORST_CASE_STACK).length - executionRoleName("big-elembio-user", "dev").length;
    assert.strictEqual(executionRoleName("big-elembio-user", WORST_CASE_STACK).length, 64);
    assert.strictEqual(size(undefined) - size("dev"), grows);
    assert.strictEqual(size(WORST_CASE_STACK + "-and-longer"), size(undefined));
  });

  describe("every shipped connections file fits", () => {
    const root = path.join(__dirname, "..", "..", "connections");
    const files = [
      ...readdirSync(root).map((f) => path.join(root, f)),
      ...readdirSync(path.join(root, "examples")).map((f) => path.join(root, "examples", f)),
    ].filter((f) => f.endsWith(".yaml"));
    for (const file of files) {
      it(path.relative(root, file), () => {
        const result = loadConnectionsFile(file, path.basename(file));
        assert.deepStrictEqual(result.ok ? [] : result.errors, []);
      });
    }
  });
});
