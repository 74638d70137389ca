import * as assert from "assert";
import { policyDocument, renderPolicy } from "../../iam/document";
import { denyInsecureTransport } from "../../iam/s3";

describe("policyDocument", () => {
  it("sorts statements by Sid and every list, and orders keys canonically", () => {
    const doc = policyDocument([
      { Sid: "B", Effect: "Allow", Action: ["s3:PutObject", "s3:GetObject", "s3:GetObject"], Resource: "arn:aws:s3:::b/*" },
      {
        Condition: { StringLike: { "s3:prefix": ["z/*", "a/*"] } },
        Resource: "arn:aws:s3:::b",
        Action: "s3:ListBucket",
        Effect: "Allow",
        Sid: "A",
        Principal: { AWS: ["y", "x"] },
      },
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
    assert.throws(
      () =>
        policyDocument([
          { Sid: "A", Effect: "Allow", Action: "a" },
          { Sid: "A", Effect: "Deny", Action: "b" },
        ]),
      /duplicate Sid "A"/,
    );
  });
});

describe("policyDocument keeps every statement element", () => {
  // Each row: one element kind, written out of canonical order; the rendering must keep it whole.
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "NotPrincipal (Deny)",
      { Sid: "S", Effect: "Deny", NotPrincipal: { AWS: ["b", "a"] }, Action: "s3:*" },
      '{"Sid":"S","Effect":"Deny","NotPrincipal":{"AWS":["a","b"]},"Action":["s3:*"]}',
    ],
    [
      "NotAction",
      { Sid: "S", Effect: "Deny", Principal: "*", NotAction: ["s3:Get*", "s3:List*"] },
      '{"Sid":"S","Effect":"Deny","Principal":"*","NotAction":["s3:Get*","s3:List*"]}',
    ],
    [
      "NotResource",
      { Sid: "S", Effect: "Allow", Action: "s3:GetObject", NotResource: "arn:aws:s3:::b/private/*" },
      '{"Sid":"S","Effect":"Allow","Action":["s3:GetObject"],"NotResource":["arn:aws:s3:::b/private/*"]}',
    ],
    [
      "Principal AWS",
      { Sid: "S", Effect: "Allow", Principal: { AWS: "111122223333" }, Action: "a" },
      '{"Sid":"S","Effect":"Allow","Principal":{"AWS":["111122223333"]},"Action":["a"]}',
    ],
    [
      "Principal CanonicalUser",
      { Sid: "S", Effect: "Allow", Principal: { CanonicalUser: "79a59df900b949e5" }, Action: "a" },
      '{"Sid":"S","Effect":"Allow","Principal":{"CanonicalUser":["79a59df900b949e5"]},"Action":["a"]}',
    ],
    [
      "Principal Service",
      { Sid: "S", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "a" },
      '{"Sid":"S","Effect":"Allow","Principal":{"Service":["logging.s3.amazonaws.com"]},"Action":["a"]}',
    ],
    [
      "Principal Federated",
      { Sid: "S", Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "a" },
      '{"Sid":"S","Effect":"Allow","Principal":{"Federated":["cognito-identity.amazonaws.com"]},"Action":["a"]}',
    ],
    [
      "every principal type at once, in canonical order",
      { Sid: "S", Effect: "Allow", Principal: { Service: "s", Federated: "f", CanonicalUser: "c", AWS: "a" }, Action: "a" },
      '{"Sid":"S","Effect":"Allow","Principal":{"AWS":["a"],"CanonicalUser":["c"],"Federated":["f"],"Service":["s"]},"Action":["a"]}',
    ],
    [
      "IfExists, ForAnyValue: and ForAllValues: operators",
      {
        Sid: "S",
        Effect: "Allow",
        Action: "a",
        Condition: {
          "ForAllValues:StringLike": { "aws:TagKeys": ["t*"] },
          StringEqualsIfExists: { "aws:x": "1" },
          "ForAnyValue:StringEquals": { "aws:y": ["b", "a"] },
        },
      },
      '{"Sid":"S","Effect":"Allow","Action":["a"],"Condition":{"ForAllValues:StringLike":{"aws:TagKeys":["t*"]},"ForAnyValue:StringEquals":{"aws:y":["a","b"]},"StringEqualsIfExists":{"aws:x":"1"}}}',
    ],
    [
      "Null, IpAddress, Date, Numeric, Arn and Binary operators",
      {
        Sid: "S",
        Effect: "Deny",
        Principal: "*",
        Action: "a",
        Condition: {
          Null: { "aws:z": "true" },
          NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" },
          DateLessThan: { "aws:CurrentTime": "2030-01-01T00:00:00Z" },
          NumericGreaterThan: { "s3:max-keys": "10" },
          ArnNotLike: { "aws:SourceArn": "arn:aws:*" },
          BinaryEquals: { "aws:k": "QmluYXJ5" },
        },
      },
      '{"Sid":"S","Effect":"Deny","Principal":"*","Action":["a"],"Condition":{"ArnNotLike":{"aws:SourceArn":"arn:aws:*"},"BinaryEquals":{"aws:k":"QmluYXJ5"},"DateLessThan":{"aws:CurrentTime":"2030-01-01T00:00:00Z"},"NotIpAddress":{"aws:SourceIp":"10.0.0.0/8"},"Null":{"aws:z":"true"},"NumericGreaterThan":{"s3:max-keys":"10"}}}',
    ],
  ];
  for (const [kind, statement, rendered] of cases) {
    it(kind, () => {
      const doc = policyDocument([statement as never]);
      assert.strictEqual(renderPolicy(doc), `{"Version":"2012-10-17","Statement":[${rendered}]}`);
    });
  }
});

describe("policyDocument refuses what it cannot render as written (internal error naming the statement)", () => {
  const cases: [string, Record<string, unknown>, "resource" | "identity" | undefined, string][] = [
    [
      "an unknown element",
      { Sid: "S", Effect: "Allow", Action: "a", Principle: "*" },
      undefined,
      'has "Principle", which is not a statement element (Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition)',
    ],
    ["an Allow with no principal in a resource policy", { Sid: "S", Effect: "Allow", Action: "a" }, "resource", "has no Principal in a resource policy"],
    ["a principal in an identity policy", { Sid: "S", Effect: "Allow", Principal: "*", Action: "a" }, "identity", "has a Principal in an identity policy"],
    ["an empty principal map", { Sid: "S", Effect: "Allow", Principal: {}, Action: "a" }, "resource", "has an empty Principal map"],
    [
      "an unknown principal type",
      { Sid: "S", Effect: "Allow", Principal: { Foo: "x" }, Action: "a" },
      "resource",
      'has the Principal type "Foo", which IAM does not have (AWS, CanonicalUser, Federated, Service)',
    ],
    ["an empty principal list", { Sid: "S", Effect: "Deny", NotPrincipal: { AWS: [] }, Action: "a" }, "resource", "has an empty NotPrincipal AWS"],
    [
      "an Allow with NotPrincipal",
      { Sid: "S", Effect: "Allow", NotPrincipal: { AWS: "x" }, Action: "a" },
      "resource",
      "allows NotPrincipal, which grants everyone else",
    ],
    ["an empty action list", { Sid: "S", Effect: "Allow", Action: [] }, undefined, "has an empty Action"],
    ["no action at all", { Sid: "S", Effect: "Allow", Resource: "r" }, undefined, "has neither Action nor NotAction"],
    ["Action and NotAction", { Sid: "S", Effect: "Allow", Action: "a", NotAction: "b" }, undefined, "has both Action and NotAction"],
    ["an empty resource", { Sid: "S", Effect: "Allow", Action: "a", Resource: "" }, undefined, "has an empty Resource"],
    ["an empty condition", { Sid: "S", Effect: "Allow", Action: "a", Condition: {} }, undefined, "has an empty Condition"],
    [
      "a condition operator with no key",
      { Sid: "S", Effect: "Allow", Action: "a", Condition: { StringEquals: {} } },
      undefined,
      "has a Condition operator StringEquals with no condition key",
    ],
    [
      "a condition key with no value",
      { Sid: "S", Effect: "Allow", Action: "a", Condition: { StringEquals: { "aws:x": [] } } },
      undefined,
      "has the condition StringEquals aws:x with no value (or a value that is not text)",
    ],
  ];
  for (const [what, statement, kind, defect] of cases) {
    it(what, () => {
      assert.throws(
        () => policyDocument([statement as never], { kind }),
        (e: Error) => e.message === `internal error: statement "S" ${defect}; it cannot be rendered as written`,
      );
    });
  }

  it("keeps a condition key named __proto__ as a key, never as the object's prototype", () => {
    const keys = JSON.parse('{"__proto__":"x","aws:y":"z"}');
    const doc = policyDocument([{ Sid: "S", Effect: "Allow", Action: "a", Condition: { StringEquals: keys } }]);
    assert.strictEqual(
      renderPolicy(doc),
      '{"Version":"2012-10-17","Statement":[{"Sid":"S","Effect":"Allow","Action":["a"],"Condition":{"StringEquals":{"__proto__":"x","aws:y":"z"}}}]}',
    );
  });
});
