import * as assert from "assert";
import { policyDocument, renderPolicy } from "../../iam/document";
import { checkSize, describeSize, documentSize, iamPolicySize, POLICY_LIMITS, s3PolicySize, type LimitKind } from "../../iam/limits";

describe("policy size measures", () => {
  const cases: [string, string, number, number][] = [
    // text, what, IAM's count (no whitespace), S3's count (UTF-8 bytes)
    ["minified JSON", '{"a":"b"}', 9, 9],
    ["whitespace between tokens", '{ "a" : "b" }\n', 9, 14],
    ["whitespace inside a string", '{"Sid":"a b\tc"}', 13, 15],
    ["a character outside ASCII", '{"a":"é"}', 9, 10],
  ];
  for (const [what, text, iam, s3] of cases) {
    it(`${what}: IAM counts ${iam} characters, S3 ${s3} bytes`, () => {
      assert.strictEqual(iamPolicySize(text), iam);
      assert.strictEqual(s3PolicySize(text), s3);
    });
  }

  it("measures a rendered document as its service does", () => {
    const doc = policyDocument([{ Sid: "A B", Effect: "Allow", Action: "s3:GetObject" }]);
    const text = '{"Version":"2012-10-17","Statement":[{"Sid":"A B","Effect":"Allow","Action":["s3:GetObject"]}]}';
    assert.strictEqual(renderPolicy(doc), text);
    assert.strictEqual(documentSize("bucketPolicy", doc), text.length);
    assert.strictEqual(documentSize("userInlinePolicies", doc), text.length - 1);
  });
});

describe("AWS policy quotas", () => {
  const cases: [LimitKind, number, "bytes" | "characters"][] = [
    ["bucketPolicy", 20_480, "bytes"],
    ["userInlinePolicies", 2_048, "characters"],
    ["roleInlinePolicies", 10_240, "characters"],
    ["managedPolicy", 6_144, "characters"],
    ["roleTrustPolicy", 2_048, "characters"],
  ];
  for (const [kind, limit, unit] of cases) {
    it(`${kind}: ${limit} ${unit}; a document of exactly the limit fits, one more does not`, () => {
      assert.strictEqual(POLICY_LIMITS[kind].limit, limit);
      assert.strictEqual(POLICY_LIMITS[kind].unit, unit);
      // One statement whose action pads the document to the size wanted.
      const sized = (size: number) => {
        const base = documentSize(kind, policyDocument([{ Sid: "S", Effect: "Allow", Action: "x" }]));
        return policyDocument([{ Sid: "S", Effect: "Allow", Action: "x".repeat(1 + size - base) }]);
      };
      assert.deepStrictEqual(checkSize(kind, [sized(limit)]), { kind, size: limit, limit, over: false });
      assert.deepStrictEqual(checkSize(kind, [sized(limit + 1)]), { kind, size: limit + 1, limit, over: true });
    });
  }

  it("adds up documents that share one quota (a user's inline policies)", () => {
    const doc = policyDocument([{ Sid: "S", Effect: "Allow", Action: "a" }]);
    const one = documentSize("userInlinePolicies", doc);
    assert.strictEqual(checkSize("userInlinePolicies", [doc, doc, doc]).size, 3 * one);
  });

  it("says the size, the limit and by how much, in the service's unit", () => {
    assert.strictEqual(
      describeSize({ kind: "bucketPolicy", size: 24_816, limit: 20_480, over: true }),
      "24,816 bytes, over S3's limit of 20,480 bytes for a bucket policy (by 4,336)",
    );
    assert.strictEqual(
      describeSize({ kind: "userInlinePolicies", size: 2_948, limit: 2_048, over: true }),
      "2,948 characters (whitespace not counted, as IAM counts), over IAM's limit of 2,048 characters for all of a user's inline policies together (by 900)",
    );
    assert.strictEqual(
      describeSize({ kind: "roleTrustPolicy", size: 2_100, limit: 2_048, over: true }),
      "2,100 characters (whitespace not counted, as IAM counts), over IAM's default limit of 2,048 characters for a role trust policy (by 52)",
    );
  });
});
