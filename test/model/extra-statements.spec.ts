import * as assert from "assert";
import fc from "fast-check";
import { canonicalStatement, STATEMENT_ELEMENTS } from "../../iam/document";
import { composeBucketPolicy } from "../../model/bucket-policy";
import { formatProblem, parseConnectionsText } from "../../model/load";
import { CONDITION_OPERATORS } from "../../fields/statement";

const BUCKET = "lab-extra";
const ARN = `arn:aws:s3:::${BUCKET}`;

/** A connections file (JSON is YAML) with one extra statement on the bucket. */
function fileWith(statement: unknown): string {
  return JSON.stringify({
    version: 1,
    defaults: { region: "us-east-1" },
    buckets: { [BUCKET]: { extraPolicyStatements: [statement] } },
    connections: [{ name: "aviti", vendor: "element", bucket: BUCKET, prefix: "runs", credential: { type: "user" } }],
  });
}

function load(statement: unknown) {
  return parseConnectionsText(fileWith(statement), "f.yaml");
}

/** The extra statement as the composed bucket policy renders it. */
function rendered(statement: { Sid: string }) {
  const result = load(statement);
  if (!result.ok) throw new Error(result.errors.map(formatProblem).join("\n"));
  const policy = JSON.parse(JSON.stringify(composeBucketPolicy(result.model.buckets[0], result.model.connections)));
  return policy.Statement.find((s: { Sid: string }) => s.Sid === statement.Sid);
}

/** A statement up to canonical ordering: lists as sorted sets, condition values as IAM text. */
function normalized(statement: Record<string, any>): Record<string, unknown> {
  const set = (v: unknown) => [...new Set([v].flat().map(String))].sort();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(statement)) {
    if (key === "Sid" || key === "Effect") out[key] = value;
    else if ((key === "Principal" || key === "NotPrincipal") && value !== "*")
      out[key] = Object.fromEntries(
        Object.entries(value)
          .map(([t, v]) => [t, set(v)])
          .sort(),
      );
    else if (key === "Principal") out[key] = value;
    else if (key === "Condition") {
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Record<string, unknown>>)
          .map(([op, keys]) => [
            op,
            Object.fromEntries(
              Object.entries(keys)
                .map(([k, v]) => [k, Array.isArray(v) ? set(v) : String(v)])
                .sort(),
            ),
          ])
          .sort(),
      );
    } else out[key] = set(value);
  }
  return out;
}

describe("extraPolicyStatements: every element is kept or rejected with a positioned message", () => {
  const kept: [string, Record<string, unknown>][] = [
    [
      "Deny with NotPrincipal",
      { Sid: "X", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/admin" }, Action: "s3:DeleteObject", Resource: `${ARN}/*` },
    ],
    [
      "NotAction",
      {
        Sid: "X",
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111122223333:role/r" },
        NotAction: ["s3:DeleteObject", "s3:PutObject"],
        Resource: `${ARN}/*`,
      },
    ],
    ["NotResource", { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", NotResource: `${ARN}/public/*` }],
    [
      "CanonicalUser",
      {
        Sid: "X",
        Effect: "Allow",
        Principal: { CanonicalUser: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be" },
        Action: "s3:GetObject",
        Resource: `${ARN}/*`,
      },
    ],
    [
      "Service",
      {
        Sid: "X",
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `${ARN}/logs/*`,
        Condition: { StringEquals: { "aws:SourceAccount": "111122223333" } },
      },
    ],
    ["Federated", { Sid: "X", Effect: "Allow", Principal: { Federated: "cognito-identity.amazonaws.com" }, Action: "s3:GetObject", Resource: `${ARN}/*` }],
    [
      "IfExists, ForAnyValue: and ForAllValues:, numbers and booleans",
      {
        Sid: "X",
        Effect: "Allow",
        Principal: { AWS: ["arn:aws:iam::111122223333:role/b", "arn:aws:iam::111122223333:role/a"] },
        Action: "s3:ListBucket",
        Resource: ARN,
        Condition: {
          "ForAnyValue:StringLikeIfExists": { "aws:PrincipalTag/team": ["lab", "core"] },
          "ForAllValues:StringEquals": { "aws:TagKeys": "team" },
          NumericLessThanEquals: { "s3:max-keys": 1000 },
          BoolIfExists: { "aws:MultiFactorAuthPresent": true },
        },
      },
    ],
  ];
  for (const [what, statement] of kept) {
    it(`keeps ${what}`, () => {
      assert.deepStrictEqual(rendered(statement as { Sid: string }), normalized(statement));
    });
  }

  // Each row: the statement, where the message points (the text around it, "|" at the spot), the message.
  const rejected: [string, Record<string, unknown>, string, string][] = [
    [
      "an Allow with NotPrincipal",
      { Sid: "X", Effect: "Allow", NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/blocked" }, Action: "s3:GetObject", Resource: `${ARN}/*` },
      '"NotPrincipal":|{',
      `bucket "${BUCKET}": extraPolicyStatements[0].NotPrincipal: statement "X" is an Allow with NotPrincipal, which grants everyone except the principals named, so S3 would refuse it as a public policy (the bucket blocks public policies); name the principals to allow in Principal, or make it Effect: Deny`,
    ],
    [
      "an unknown principal type",
      { Sid: "X", Effect: "Deny", Principal: { Aws: "x" }, Action: "s3:GetObject", Resource: `${ARN}/*` },
      '|"Aws"',
      `bucket "${BUCKET}": extraPolicyStatements[0].Principal: unknown key "Aws": did you mean "AWS"?`,
    ],
    [
      "an empty principal map",
      { Sid: "X", Effect: "Deny", Principal: {}, Action: "s3:GetObject", Resource: `${ARN}/*` },
      '"Principal":|{}',
      `bucket "${BUCKET}": extraPolicyStatements[0].Principal must name at least one principal, e.g. { AWS: "arn:aws:iam::111122223333:role/reader" }: an empty map names nobody, and S3 refuses it`,
    ],
    [
      "a misspelt condition operator",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEqual: { "aws:x": "y" } } },
      '|"StringEqual"',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition: "StringEqual" is not an IAM condition operator (did you mean "StringEquals"?): use one of ${CONDITION_OPERATORS.join(", ")}, optionally prefixed by ForAnyValue: or ForAllValues: and (except Null) suffixed by IfExists`,
    ],
    [
      "NullIfExists",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { NullIfExists: { "aws:x": "true" } } },
      '|"NullIfExists"',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition: "NullIfExists" is not a condition operator: Null tests whether the key exists, so it takes no IfExists; write Null`,
    ],
    [
      "a condition key without a service prefix",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEquals: { SourceIp: "y" } } },
      '|"SourceIp"',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition.StringEquals: "SourceIp" is not a condition key: write it as service:name, e.g. aws:SourceIp, aws:PrincipalOrgID or s3:prefix`,
    ],
    [
      "an empty Condition",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: {} },
      '"Condition":|{}',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition must not be empty: give at least one operator, e.g. { StringEquals: { aws:PrincipalOrgID: o-exampleorgid } }, or remove Condition`,
    ],
    [
      "an operator with no condition key",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEquals: {} } },
      '"StringEquals":|{}',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition.StringEquals must name at least one condition key, e.g. { aws:PrincipalOrgID: o-exampleorgid }: an operator with no key tests nothing, so the statement would apply unconditionally`,
    ],
    [
      "an empty list of condition values",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:GetObject", Resource: `${ARN}/*`, Condition: { StringEquals: { "aws:x": [] } } },
      '"aws:x":|[]',
      `bucket "${BUCKET}": extraPolicyStatements[0].Condition.StringEquals.aws:x must not be an empty list: a condition with no value never matches, so an Allow would never apply and a Deny would never deny; give at least one value (it has 0)`,
    ],
  ];
  for (const [what, statement, at, message] of rejected) {
    it(`rejects ${what}`, () => {
      const result = load(statement);
      const found = fileWith(statement).indexOf(at.replace("|", ""));
      assert.ok(found >= 0, `${at} is not in the file`);
      assert.strictEqual(result.ok, false);
      assert.deepStrictEqual(!result.ok && result.errors.map(formatProblem), [`f.yaml:1:${found + at.indexOf("|") + 1} ${message}`]);
    });
  }

  it('rejects a "__proto__" key, which reading the file would drop with its content', () => {
    const text = `version: 1
defaults: { region: us-east-1 }
buckets:
  ${BUCKET}:
    extraPolicyStatements:
      - Sid: X
        Effect: Allow
        Principal: { AWS: "arn:aws:iam::111122223333:role/r" }
        Action: s3:GetObject
        Resource: "${ARN}/*"
        Condition: { __proto__: { StringEquals: { aws:PrincipalOrgID: o-1 } }, Bool: { aws:SecureTransport: true } }
connections:
  - { name: aviti, vendor: element, bucket: ${BUCKET}, credential: { type: user } }
`;
    const result = parseConnectionsText(text, "f.yaml");
    assert.deepStrictEqual(!result.ok && result.errors.map(formatProblem), [
      `f.yaml:11:22 "__proto__" cannot be used as a key: it is reserved, and reading the file would drop it (and what it holds) without a word; remove it, or rename it`,
    ]);
  });
});

describe("extraPolicyStatements round trip (property)", () => {
  const some = <T>(values: T[]) => fc.oneof(fc.constantFrom(...values), fc.uniqueArray(fc.constantFrom(...values), { minLength: 1, maxLength: values.length }));
  const principalMap = fc.record(
    {
      AWS: some(["arn:aws:iam::111122223333:role/a", "arn:aws:iam::444455556666:root", "777788889999"]),
      CanonicalUser: some(["79a59df900b949e5", "0123456789abcdef"]),
      Federated: some(["cognito-identity.amazonaws.com"]),
      Service: some(["logging.s3.amazonaws.com", "cloudtrail.amazonaws.com"]),
    },
    { requiredKeys: [] },
  );
  const operator = fc
    .tuple(fc.constantFrom("", "ForAnyValue:", "ForAllValues:"), fc.constantFrom(...CONDITION_OPERATORS), fc.constantFrom("", "IfExists"))
    .map(([set, base, suffix]) => `${set}${base}${suffix}`);
  const scalar = fc.oneof(fc.constantFrom("a", "b*", "10.0.0.0/8", "o-1"), fc.integer({ min: 0, max: 99 }), fc.boolean());
  const condition = fc.dictionary(
    operator,
    fc.dictionary(
      fc.constantFrom("aws:SourceIp", "aws:PrincipalOrgID", "s3:prefix", "aws:PrincipalTag/team"),
      fc.oneof(scalar, fc.array(scalar, { minLength: 1, maxLength: 3 })),
      { minKeys: 1, maxKeys: 2 },
    ),
    { minKeys: 1, maxKeys: 3 },
  );
  const statement = fc
    .record(
      {
        Sid: fc.stringMatching(/^Extra[A-Za-z0-9]{1,8}$/),
        Effect: fc.constantFrom("Allow", "Deny"),
        principal: fc.oneof(
          fc.constant({ Principal: "*" }),
          principalMap.map((Principal) => ({ Principal })),
          principalMap.map((NotPrincipal) => ({ NotPrincipal })),
        ),
        action: fc.oneof(
          some(["s3:GetObject", "s3:PutObject", "s3:ListBucket", "s3:*"]).map((Action) => ({ Action })),
          some(["s3:DeleteObject", "s3:DeleteBucket"]).map((NotAction) => ({ NotAction })),
        ),
        resource: fc.oneof(
          some([ARN, `${ARN}/*`, `${ARN}/runs/*`]).map((Resource) => ({ Resource })),
          some([`${ARN}/private/*`]).map((NotResource) => ({ NotResource })),
        ),
        Condition: condition,
      },
      { requiredKeys: ["Sid", "Effect", "principal", "action", "resource"] },
    )
    .map(({ principal, action, resource, ...rest }) => ({ ...rest, ...principal, ...action, ...resource }) as Record<string, unknown> & { Sid: string });

  it("any statement the file accepts renders equal to itself up to canonical order, with every element kept", () => {
    let accepted = 0;
    fc.assert(
      fc.property(statement, (s) => {
        if (!load(s).ok) return;
        accepted++;
        const out = rendered(s);
        assert.deepStrictEqual(out, normalized(s));
        assert.deepStrictEqual(
          Object.keys(out),
          STATEMENT_ELEMENTS.filter((key) => key in s),
        );
        assert.deepStrictEqual(canonicalStatement(out as never), out);
      }),
      { numRuns: 300 },
    );
    // The generator aims at accepted statements: the property is about them, not about rejections.
    assert.ok(accepted > 150, `only ${accepted} of 300 generated statements were accepted`);
  });
});
