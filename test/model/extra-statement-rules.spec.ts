/**
 * model/extra-statement-rules.ts, rule by rule: every wildcard principal form, every vendor account
 * and identity provider of the registry, every condition that spares the account from a lock-out,
 * the action and resource patterns that reach the bucket-policy actions, and administrative grants.
 */
import * as assert from "assert";
import { formatProblem, parseConnectionsText } from "../../model/load";
import { ALL_VENDOR_MODULES } from "../../vendors";

const BUCKET = "lab-rules";
const ARN = `arn:aws:s3:::${BUCKET}`;
const BOTH = [ARN, `${ARN}/*`];
const OTHER = "arn:aws:iam::999999999999:root";

/** A one-line connections file (JSON is YAML) with extra statements on the bucket. */
function fileWith(...statements: unknown[]): string {
  return JSON.stringify({
    version: 1,
    defaults: { region: "us-east-1" },
    buckets: { [BUCKET]: { extraPolicyStatements: statements } },
    connections: [{ name: "aviti", vendor: "element", bucket: BUCKET, prefix: "runs", credential: { type: "user" } }],
  });
}

function problemsOf(...statements: unknown[]): { errors: string[]; warnings: string[] } {
  const result = parseConnectionsText(fileWith(...statements), "f.yaml");
  return { errors: result.ok ? [] : result.errors.map(formatProblem), warnings: result.warnings.map(formatProblem) };
}

/** `f.yaml:1:<column>` of the spot marked "|" in `at`. */
function position(text: string, at: string): string {
  const found = text.indexOf(at.replace("|", ""));
  assert.ok(found >= 0, `${at} is not in the file`);
  return `f.yaml:1:${found + at.indexOf("|") + 1}`;
}

const allow = (Principal: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: "X",
  Effect: "Allow",
  Principal,
  Action: "s3:GetObject",
  Resource: `${ARN}/*`,
  ...extra,
});

describe("extraPolicyStatements: wildcard principals in any form are errors in an Allow", () => {
  const everyone = (written: string, who: string) =>
    `statement "X" allows ${written}, which names ${who}, so it would make the bucket public; name the principals instead, e.g. { AWS: "arn:aws:iam::111122223333:role/reader" }`;
  const partial = (written: string) =>
    `statement "X" allows ${written}, a principal with a wildcard: IAM takes "*" only as the whole principal (everyone), never inside an ARN or name, so S3 refuses it or reads it as more than meant; name each account, role or user in full, e.g. arn:aws:iam::111122223333:role/reader`;
  const schemaStar = `statement "X" allows Principal "*", which would make the bucket public; name the IAM principals instead`;
  // Each row: the principal, where the message points, the path and message after the bucket.
  const rows: [unknown, string, string][] = [
    ["*", '"Principal":|"*"', `extraPolicyStatements[0].Principal: ${schemaStar}`],
    [{ AWS: "*" }, '"Principal":|{"AWS":"*"}', `extraPolicyStatements[0].Principal: ${schemaStar}`],
    [{ AWS: ["arn:aws:iam::111122223333:root", " *"] }, '"Principal":|{"AWS"', `extraPolicyStatements[0].Principal: ${schemaStar}`],
    [{ AWS: "arn:aws:iam::*:root" }, '"AWS":|"arn:aws:iam::*:root"', `extraPolicyStatements[0].Principal.AWS: ${partial('{ AWS: "arn:aws:iam::*:root" }')}`],
    [
      { AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/*"] },
      '|"arn:aws:iam::111122223333:role/*"',
      `extraPolicyStatements[0].Principal.AWS[1]: ${partial('{ AWS: "arn:aws:iam::111122223333:role/*" }')}`,
    ],
    [{ AWS: "11112222333*" }, '"AWS":|"11112222333*"', `extraPolicyStatements[0].Principal.AWS: ${partial('{ AWS: "11112222333*" }')}`],
    [
      { Service: "*" },
      '"Service":|"*"',
      `extraPolicyStatements[0].Principal.Service: ${everyone('{ Service: "*" }', "every AWS service, acting for any account")}`,
    ],
    [
      { Service: "*.amazonaws.com" },
      '"Service":|"*.amazonaws.com"',
      `extraPolicyStatements[0].Principal.Service: ${partial('{ Service: "*.amazonaws.com" }')}`,
    ],
    [
      { Federated: "*" },
      '"Federated":|"*"',
      `extraPolicyStatements[0].Principal.Federated: ${everyone('{ Federated: "*" }', "the users of every identity provider")}`,
    ],
    [
      { CanonicalUser: "*" },
      '"CanonicalUser":|"*"',
      `extraPolicyStatements[0].Principal.CanonicalUser: ${everyone('{ CanonicalUser: "*" }', "every S3 canonical user")}`,
    ],
  ];
  for (const [principal, at, message] of rows) {
    it(`rejects ${JSON.stringify(principal)}`, () => {
      const statement = allow(principal);
      assert.deepStrictEqual(problemsOf(statement), { errors: [`${position(fileWith(statement), at)} bucket "${BUCKET}": ${message}`], warnings: [] });
    });
  }

  const accepted: [string, unknown][] = [
    [
      "a Deny to everyone with the TLS condition",
      { Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: BOTH, Condition: { Bool: { "aws:SecureTransport": false } } },
    ],
    ["a Deny to every service", { Sid: "X", Effect: "Deny", Principal: { Service: "*" }, Action: "s3:GetObject", Resource: `${ARN}/*` }],
    ["an Allow to a named role", allow({ AWS: "arn:aws:iam::111122223333:role/reader" })],
  ];
  for (const [what, statement] of accepted) {
    it(`accepts ${what}`, () => assert.deepStrictEqual(problemsOf(statement), { errors: [], warnings: [] }));
  }
});

describe("extraPolicyStatements: a vendor's own account or identity provider may not be granted directly", () => {
  const entries = ALL_VENDOR_MODULES.flatMap((m) => m.directAccessForbidden.map((entry) => ({ vendor: m.vendor, entry })));
  it("every vendor module says what it forbids (an empty list is a decision too)", () => {
    for (const module of ALL_VENDOR_MODULES) assert.ok(Array.isArray(module.directAccessForbidden), module.vendor);
    assert.ok(entries.length >= ALL_VENDOR_MODULES.length);
  });
  /** The vendors (in registry order) that forbid the same account or provider, and the first one's reason. */
  const sharing = (key: string) => {
    const same = entries.filter(({ entry }) => (entry.accountId ?? entry.federated) === key);
    return { vendors: same.map((s) => s.vendor), why: same[0].entry.why };
  };
  const names = (vendors: string[]) =>
    vendors.length > 1 ? `vendors ${vendors.slice(0, -1).join(", ")} and ${vendors[vendors.length - 1]}` : `vendor ${vendors[0]}`;

  for (const { vendor, entry } of entries) {
    if (entry.accountId !== undefined) {
      const id = entry.accountId;
      for (const value of [
        id,
        `arn:aws:iam::${id}:root`,
        `arn:aws:iam::${id}:role/any-role`,
        `arn:aws:iam::${id}:user/someone`,
        `arn:aws:sts::${id}:assumed-role/r/s`,
      ]) {
        it(`${vendor}: rejects { AWS: ${JSON.stringify(value)} }`, () => {
          const statement = allow({ AWS: ["arn:aws:iam::111122223333:role/reader", value] });
          const { vendors, why } = sharing(id);
          assert.deepStrictEqual(problemsOf(statement), {
            errors: [
              `${position(fileWith(statement), `|"${value}"`)} bucket "${BUCKET}": extraPolicyStatements[0].Principal.AWS[1]: statement "X" allows "${value}", an AWS account (${id}) of ${names(vendors)}, directly: ${why}; a bucket-policy grant bypasses that condition. Remove the principal: a connection (vendor: ${vendors[0]}) gives the vendor what it needs`,
            ],
            warnings: [],
          });
        });
      }
      it(`${vendor}: accepts a Deny to ${id}`, () => {
        assert.deepStrictEqual(problemsOf({ ...allow({ AWS: id }), Effect: "Deny" }), { errors: [], warnings: [] });
      });
      for (const value of entry.allowedPrincipals ?? []) {
        it(`${vendor}: accepts ${value}, which the vendor publishes for bucket policies`, () => {
          assert.deepStrictEqual(problemsOf(allow({ AWS: value })), { errors: [], warnings: [] });
        });
      }
    } else {
      const provider = entry.federated;
      it(`${vendor}: rejects { Federated: ${JSON.stringify(provider)} }`, () => {
        const statement = allow({ Federated: provider });
        const { vendors, why } = sharing(provider);
        assert.deepStrictEqual(problemsOf(statement), {
          errors: [
            `${position(fileWith(statement), `"Federated":|"${provider}"`)} bucket "${BUCKET}": extraPolicyStatements[0].Principal.Federated: statement "X" allows "${provider}", an identity provider of ${names(vendors)}, directly: ${why}; a bucket-policy grant bypasses that condition. Remove the principal: a connection (vendor: ${vendors[0]}) gives the vendor what it needs`,
          ],
          warnings: [],
        });
      });
    }
  }

  it("every vendor forbids a direct grant to the account or identity provider it acts from, citing its reference page", () => {
    for (const module of ALL_VENDOR_MODULES) {
      const own = entries.filter(({ vendor }) => vendor === module.vendor).map(({ entry }) => entry);
      assert.ok(own.length > 0, `${module.vendor} forbids nothing`);
      for (const entry of own) {
        assert.ok(
          entry.accountId === undefined ? entry.federated !== undefined : /^\d{12}$/.test(entry.accountId),
          `${module.vendor}: ${JSON.stringify(entry)}`,
        );
        assert.match(entry.why, /docs\/vendors\/[a-z]+\.md §\d/, module.vendor);
        for (const arn of entry.allowedPrincipals ?? []) assert.ok(arn.startsWith(`arn:aws:iam::${entry.accountId}:`), `${module.vendor}: ${arn}`);
      }
    }
    // The accounts the vendors' pages name (docs/vendors/element.md §1, ica.md §1), and Google's provider (prequel.md §4).
    const forbidden = (vendor: string) => entries.filter((e) => e.vendor === vendor).map(({ entry }) => entry.accountId ?? entry.federated);
    assert.deepStrictEqual(
      [forbidden("element"), forbidden("elembio"), forbidden("ica"), forbidden("prequel")],
      [["588258415937"], ["588258415937"], ["079623148045"], ["accounts.google.com"]],
    );
    const ica = entries.find(({ vendor }) => vendor === "ica")!.entry;
    assert.ok(ica.allowedPrincipals!.includes("arn:aws:iam::079623148045:role/ica_use1_crossacct"));
    assert.ok(ica.allowedPrincipals!.every((arn) => /^arn:aws:iam::079623148045:role\/ica_[a-z0-9]+_crossacct$/.test(arn)));
  });
});

const SPARE =
  'Use Principal "*" with a condition that spares your administrators, e.g. ArnNotLike: { aws:PrincipalArn: "arn:aws:iam::<your account>:role/<admin role>" } (a condition on aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:userid or aws:username spares the account, and so does Bool aws:SecureTransport false, the TLS deny\'s), or leave the bucket-policy actions out';
const lockout = (at: string, covered: string, actions: string, who = "everyone", path = "Principal") =>
  `${at} bucket "${BUCKET}": extraPolicyStatements[0].${path}: statement "X" denies ${covered} (${actions}) on bucket "${BUCKET}" to ${who}, with no condition that spares this account: nobody, the deployer included, could read or replace the policy afterwards (pulumi up would fail, and only the account's root user could delete it).${path === "NotPrincipal" ? " NotPrincipal does not match a role's sessions (their ARNs are assumed-role ARNs), so even a role named there is denied." : ""} ${SPARE}`;
const ALL_THREE = "s3:DeleteBucketPolicy, s3:GetBucketPolicy and s3:PutBucketPolicy";

describe("extraPolicyStatements: denying everyone the bucket-policy actions is a lock-out", () => {
  const deny = (extra: Record<string, unknown>) => ({ Sid: "X", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: BOTH, ...extra });

  // Each row: the condition, and whether it spares the account.
  const conditions: [Record<string, unknown>, boolean][] = [
    [{ ArnNotLike: { "aws:PrincipalArn": "arn:aws:iam::111122223333:role/admin" } }, true],
    [{ StringNotEquals: { "aws:PrincipalAccount": "111122223333" } }, true],
    [{ StringNotEquals: { "aws:PrincipalOrgID": "o-exampleorgid" } }, true],
    [{ "ForAnyValue:StringNotLike": { "aws:PrincipalOrgPaths": "o-a/r-b/*" } }, true],
    [{ StringNotLike: { "aws:userid": "AROAEXAMPLE:*" } }, true],
    [{ StringNotEquals: { "aws:username": "admin" } }, true],
    [{ StringNotEquals: { "AWS:PRINCIPALARN": "arn:aws:iam::111122223333:role/admin" } }, true],
    [{ Bool: { "aws:SecureTransport": false } }, true],
    [{ Bool: { "aws:SecureTransport": "false" } }, true],
    [{ BoolIfExists: { "aws:SecureTransport": false } }, true],
    [{ Bool: { "aws:SecureTransport": true } }, false],
    [{ StringEquals: { "aws:SecureTransport": "false" } }, false],
    [{ NotIpAddress: { "aws:SourceIp": "10.0.0.0/8" } }, false],
    [{ StringNotEquals: { "aws:SourceVpce": "vpce-1a2b3c4d" } }, false],
  ];
  for (const [Condition, spares] of conditions) {
    it(`${spares ? "accepts" : "rejects"} a Deny to everyone of s3:* with ${JSON.stringify(Condition)}`, () => {
      const statement = deny({ Condition });
      const text = fileWith(statement);
      assert.deepStrictEqual(problemsOf(statement), {
        errors: spares ? [] : [lockout(position(text, '"Principal":|"*"'), ALL_THREE, 'Action "s3:*"')],
        warnings: [],
      });
    });
  }

  // Each row: the statement's changes, the bucket-policy actions it denies (none: accepted), where it points, how it names them.
  const shapes: [string, Record<string, unknown>, string, string][] = [
    ['Action "*"', { Action: "*" }, ALL_THREE, 'Action "*"'],
    ['Action "s3:Put*"', { Action: "s3:Put*" }, "s3:PutBucketPolicy", 'Action "s3:Put*"'],
    ['Action "s3:*Policy"', { Action: "s3:*Policy" }, ALL_THREE, 'Action "s3:*Policy"'],
    ["an action in other case", { Action: "S3:putbucketpolicy" }, "s3:PutBucketPolicy", 'Action "S3:putbucketpolicy"'],
    ['Action "s3:GetBucketPolic?"', { Action: ["s3:GetObject", "s3:GetBucketPolic?"] }, "s3:GetBucketPolicy", 'Action ["s3:GetObject","s3:GetBucketPolic?"]'],
    ["NotAction of an object action", { Action: undefined, NotAction: "s3:GetObject" }, ALL_THREE, 'NotAction "s3:GetObject"'],
    ["NotResource of objects", { Resource: undefined, NotResource: `${ARN}/private/*` }, ALL_THREE, 'Action "s3:*"'],
    ["Principal { AWS: * }", { Principal: { AWS: "*" } }, ALL_THREE, 'Action "s3:*"'],
    ["object actions only", { Action: ["s3:GetObject", "s3:PutObject"] }, "", ""],
    ["NotAction of the bucket-policy actions", { Action: undefined, NotAction: "s3:*BucketPolicy" }, "", ""],
    ["the objects only", { Resource: `${ARN}/*` }, "", ""],
    ["one named account", { Principal: { AWS: "arn:aws:iam::111122223333:root" } }, "", ""],
    ["every service", { Principal: { Service: "*" } }, "", ""],
  ];
  for (const [what, changes, covered, actions] of shapes) {
    it(`${covered ? "rejects" : "accepts"} a Deny with ${what}`, () => {
      const statement = deny(changes);
      const text = fileWith(statement);
      const at = changes.Principal ? '"Principal":|{"AWS":"*"}' : '"Principal":|"*"';
      assert.deepStrictEqual(problemsOf(statement), { errors: covered ? [lockout(position(text, at), covered, actions)] : [], warnings: [] });
    });
  }

  it("rejects a Deny with NotPrincipal, which denies even the role it names", () => {
    const statement = { Sid: "X", Effect: "Deny", NotPrincipal: { AWS: "arn:aws:iam::111122223333:role/admin" }, Action: "s3:PutBucketPolicy", Resource: ARN };
    assert.deepStrictEqual(problemsOf(statement), {
      errors: [
        lockout(
          position(fileWith(statement), '"NotPrincipal":|{'),
          "s3:PutBucketPolicy",
          'Action "s3:PutBucketPolicy"',
          'everyone but NotPrincipal {"AWS":"arn:aws:iam::111122223333:role/admin"}',
          "NotPrincipal",
        ),
      ],
      warnings: [],
    });
  });
});

describe("extraPolicyStatements: administrative actions granted to an AWS principal warn", () => {
  const admin = (covered: string, actions: string) =>
    `statement "X" allows "${OTHER}" administrative actions on bucket "${BUCKET}": ${covered} (${actions}). If that is another account, it can rewrite the bucket policy or delete the bucket; this stack's account is unknown when the file is loaded, so this is a warning. Grant only the actions it needs, e.g. s3:GetObject on ${ARN}/<prefix>/*`;
  // Each row: the statement's actions and resources, the administrative actions (none: no warning), where it points.
  const rows: [Record<string, unknown>, string, string][] = [
    [{ Action: "s3:*", Resource: BOTH }, "s3:DeleteBucket, s3:DeleteBucketPolicy and s3:PutBucketPolicy", '"Action":|"s3:*"'],
    [{ Action: "s3:PutBucketPolicy", Resource: ARN }, "s3:PutBucketPolicy", '"Action":|"s3:PutBucketPolicy"'],
    [{ Action: "s3:Delete*", Resource: BOTH }, "s3:DeleteBucket and s3:DeleteBucketPolicy", '"Action":|"s3:Delete*"'],
    [{ NotAction: "s3:GetObject", Resource: ARN }, "s3:DeleteBucket, s3:DeleteBucketPolicy and s3:PutBucketPolicy", '"NotAction":|"s3:GetObject"'],
    [{ Action: "s3:*", Resource: `${ARN}/*` }, "", ""],
    [{ Action: ["s3:GetObject", "s3:ListBucket"], Resource: BOTH }, "", ""],
  ];
  for (const [changes, covered, at] of rows) {
    it(`${covered ? "warns about" : "accepts"} ${JSON.stringify(changes)}`, () => {
      const statement = { Sid: "X", Effect: "Allow", Principal: { AWS: OTHER }, ...changes };
      const key = changes.Action !== undefined ? "Action" : "NotAction";
      const actions = `${key} ${JSON.stringify(changes[key])}`;
      assert.deepStrictEqual(problemsOf(statement), {
        errors: [],
        warnings: covered
          ? [`${position(fileWith(statement), at)} warning: bucket "${BUCKET}": extraPolicyStatements[0].${key}: ${admin(covered, actions)}`]
          : [],
      });
    });
  }
  it("does not warn about a service principal", () => {
    const statement = { Sid: "X", Effect: "Allow", Principal: { Service: "logging.s3.amazonaws.com" }, Action: "s3:*", Resource: BOTH };
    assert.deepStrictEqual(problemsOf(statement), { errors: [], warnings: [] });
  });
});
