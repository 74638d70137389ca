import * as assert from "assert";
import { policyDocument, renderPolicy } from "../../iam/document";
import { denyInsecureTransport } from "../../iam/s3";

describe("policyDocument", () => {
  it("sorts statements by Sid and every list, and orders keys canonically", () => {
    const doc = policyDocument([
      { Sid: "B", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:GetObject"], Resource: "arn:aws:s3:::b/*" },
      { Condition: { StringLike: { "s3:prefix": ["z/*", "a/*"] } }, Resource: "arn:aws:s3:::b", Action: "s3:ListBucket", Effect: "Allow", Sid: "A", Principal: { AWS: ["y", "x"] } },
    ]);
    assert.strictEqual(
      renderPolicy(doc),
      '{"Version":"2012-10-17","Statement":[' +
        '{"Sid":"A","Effect":"Allow","Principal":{"AWS":["x","y"]},"Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::b"],"Condition":{"StringLike":{"s3:prefix":["a/*","z/*"]}}},' +
        '{"Sid":"B","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":["arn:aws:s3:::b/*"]}]}',
    );
  });

  it("renders the same intent to the same text whatever the input order", () => {
    const a = policyDocument([denyInsecureTransport("b"), { Sid: "X", Effect: "Allow", Action: ["b", "a"] }]);
    const b = policyDocument([{ Sid: "X", Effect: "Allow", Action: ["a", "b"] }, denyInsecureTransport("b")]);
    assert.strictEqual(renderPolicy(a), renderPolicy(b));
  });

  it("refuses two statements with one Sid", () => {
    assert.throws(() => policyDocument([{ Sid: "A", Effect: "Allow", Action: "a" }, { Sid: "A", Effect: "Deny", Action: "b" }]), /duplicate Sid "A"/);
  });
});
