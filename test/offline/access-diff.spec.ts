/**
 * The access diff: every kind of change, for every vendor, planned from small connections files and
 * compared as facts. Each row names the exact lines a reviewer reads.
 */
import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { runPlan, type Plan, type PolicyViolation } from "../../offline/run-plan";
import { diffPlans, isEmptyDiff, type AccessDiff } from "../../offline/access-diff";
import { accessChangeLines, handoffLine, resourceLine } from "../../offline/diff-lines";
import { accessFacts } from "../../offline/access-facts";

const DIR = mkdtempSync(path.join(os.tmpdir(), "access-diff-"));
const cache = new Map<string, Promise<Plan>>();

/** Plans a connections file made of `connections` on bucket `lab-diff` (plans are cached by text). */
function plan(connections: object[], extraStatements: object[] = []): Promise<Plan> {
  const text = stringify({
    version: 1,
    defaults: { region: "us-east-1" },
    buckets: { "lab-diff": extraStatements.length > 0 ? { extraPolicyStatements: extraStatements } : {} },
    connections,
  });
  if (!cache.has(text)) {
    const file = path.join(DIR, `diff-${cache.size}.yaml`);
    writeFileSync(file, text);
    cache.set(
      text,
      runPlan({ connectionsFile: file, stack: "test" }).then(({ model: _m, log: _l, ...p }) => {
        assert.deepStrictEqual(p.errors, [], text);
        return p;
      }),
    );
  }
  return cache.get(text)!;
}

interface VendorCase {
  vendor: string;
  label: string;
  role: object;
  /** The same role with its trust changed, and the words the diff uses for it. */
  trustChanged: object;
  trustWords: RegExp;
  /** An action the vendor's role gets on objects under its prefix. */
  objectAction: string;
}

const VENDORS: VendorCase[] = [
  {
    vendor: "element",
    label: "Element",
    role: { type: "role", externalId: "ext-one" },
    trustChanged: { type: "role", externalId: "ext-two" },
    trustWords: /: ~ assumed by arn:aws:iam::\d{12}:root \(sts:AssumeRole\): external ID changed from "ext-one" to "ext-two"$/,
    objectAction: "s3:PutObject",
  },
  {
    vendor: "elembio",
    label: "ElemBio",
    role: { type: "role", externalId: "ext-one" },
    trustChanged: { type: "role", externalId: "ext-two" },
    trustWords: /: ~ assumed by arn:aws:iam::\d{12}:root \(sts:AssumeRole\): external ID changed from "ext-one" to "ext-two"$/,
    objectAction: "s3:PutObject",
  },
  {
    vendor: "ica",
    label: "ICA",
    role: { type: "role", roleSessionNamePrefix: "a1b2c3d4e5" },
    trustChanged: { type: "role", roleSessionNamePrefix: "f6e5d4c3b2" },
    trustWords:
      /: ~ assumed by arn:aws:iam::\d{12}:oidc-provider\/\S+ \(Federated\) \(sts:AssumeRoleWithWebIdentity\): session name changed from "a1b2c3d4e5-\*" to "f6e5d4c3b2-\*"$/,
    objectAction: "s3:DeleteObject",
  },
  {
    vendor: "prequel",
    label: "Prequel",
    role: { type: "role", subject: "103456789012345678901", audience: "org_one" },
    trustChanged: { type: "role", subject: "109999999999999999999", audience: "org_one" },
    trustWords:
      /: ~ assumed by accounts\.google\.com \(Federated\) \(sts:AssumeRoleWithWebIdentity\): subject changed from "103456789012345678901" to "109999999999999999999"$/,
    objectAction: "s3:PutObject",
  },
];

const connection = (v: VendorCase, overrides: object = {}) => ({
  name: `${v.vendor}-one`,
  vendor: v.vendor,
  bucket: "lab-diff",
  prefix: "data/one",
  credential: v.role,
  ...(v.vendor === "prequel" ? { onboarding: false } : {}),
  ...overrides,
});

const partner = { arn: "arn:aws:iam::111122223333:role/partner-reader", description: "Partner" };

interface Row {
  change: string;
  base: (v: VendorCase) => [object[], object[]?];
  head: (v: VendorCase) => [object[], object[]?];
  check: (diff: AccessDiff, lines: string[], v: VendorCase) => void;
}

const who = (v: VendorCase, kind = "role") => `${v.vendor}-one (${v.label} ${kind})`;

const ROWS: Row[] = [
  {
    change: "keys and connections reordered: no change",
    base: (v) => [[connection(v), connection(v, { name: `${v.vendor}-two`, prefix: "data/two" })]],
    head: (v) => [[connection(v, { name: `${v.vendor}-two`, prefix: "data/two" }), Object.fromEntries(Object.entries(connection(v)).reverse())]],
    check: (diff) => assert.ok(isEmptyDiff(diff), JSON.stringify(diff)),
  },
  {
    change: "prefix moved: a revoke and a grant, and the hand-off prefix",
    base: (v) => [[connection(v)]],
    head: (v) => [[connection(v, { prefix: "data/moved" })]],
    check: (diff, lines, v) => {
      assert.ok(
        lines.some((l) => l.startsWith(`${who(v)}: - `) && l.includes(v.objectAction) && l.endsWith(" on s3://lab-diff/data/one/*")),
        lines.join("\n"),
      );
      assert.ok(
        lines.some((l) => l.startsWith(`${who(v)}: + `) && l.includes(v.objectAction) && l.endsWith(" on s3://lab-diff/data/moved/*")),
        lines.join("\n"),
      );
      assert.ok(
        lines.every((l) => /data\/(one|moved)/.test(l)),
        `only the prefix's lines change:\n${lines.join("\n")}`,
      );
      assert.deepStrictEqual(
        diff.resources.map((r) => r.change),
        diff.resources.map(() => "update"),
      );
      // The data-sync destination's form has no folder field (prequel.md §6): nothing to edit there.
      assert.strictEqual(diff.handoff.length > 0, v.vendor !== "prequel");
      assert.ok(
        diff.handoff.every((h) => /data\/(one|moved)/.test(`${h.before} ${h.after}`)),
        diff.handoff.map(handoffLine).join("\n"),
      );
    },
  },
  {
    change: "trust changed: said in words, no access line",
    base: (v) => [[connection(v)]],
    head: (v) => [[connection(v, { credential: v.trustChanged })]],
    check: (diff, lines, v) => {
      assert.strictEqual(lines.length, 1, lines.join("\n"));
      assert.ok(lines[0].startsWith(`${who(v)}: ~ assumed by `), lines[0]);
      assert.match(lines[0], v.trustWords);
      assert.deepStrictEqual(diff.resources.map(resourceLine), [
        `~ update aws:iam/role:Role ${v.vendor}-one-role (${v.vendor}-one-test): assumeRolePolicy changed`,
      ]);
    },
  },
  {
    change: "role replaced by a user: the role's trust is revoked, an access key is created",
    base: (v) => [[connection(v)]],
    head: (v) => [[connection(v, { credential: { type: "user" } })]],
    check: (diff, lines, v) => {
      assert.ok(
        lines.some((l) => l.startsWith(`${who(v)}: - may no longer be assumed by `)),
        lines.join("\n"),
      );
      assert.ok(
        lines.some((l) => l.startsWith(`${who(v, "user")}: + `) && l.includes(v.objectAction)),
        lines.join("\n"),
      );
      const changes = diff.resources.map(resourceLine);
      assert.ok(changes.includes(`- delete aws:iam/role:Role ${v.vendor}-one-role (${v.vendor}-one-test)`), changes.join("\n"));
      assert.ok(
        changes.includes(`+ create aws:iam/accessKey:AccessKey ${v.vendor}-one-access-key; a new access key: the vendor's UI needs the new key ID and secret`),
        changes.join("\n"),
      );
      assert.ok(!JSON.stringify(diff.handoff).includes("mock-secret"), "a secret's value never appears");
    },
  },
  {
    change: "new connection: its grants, its trust and a new role",
    base: (v) => [[connection(v)]],
    head: (v) => [[connection(v), connection(v, { name: `${v.vendor}-two`, prefix: "data/two" })]],
    check: (diff, lines, v) => {
      const two = `${v.vendor}-two (${v.label} role)`;
      assert.ok(lines.length > 0 && lines.every((l) => l.startsWith(`${two}: + `)), lines.join("\n"));
      assert.ok(lines.some((l) => l.startsWith(`${two}: + may now be assumed by `)));
      assert.deepStrictEqual(diff.revoked, []);
      assert.ok(
        diff.resources
          .map(resourceLine)
          .includes(`+ create aws:iam/role:Role ${v.vendor}-two-role (${v.vendor}-two-test); a new role: the vendor's UI needs the new role ARN`),
      );
      assert.ok(diff.handoff.every((h) => h.connection === `${v.vendor}-two` && h.before === undefined));
    },
  },
  {
    change: "connection removed: every grant and its trust revoked, its role deleted, the vendor's UI told",
    base: (v) => [[connection(v), connection(v, { name: `${v.vendor}-two`, prefix: "data/two" })]],
    head: (v) => [[connection(v)]],
    check: (diff, lines, v) => {
      const two = `${v.vendor}-two (${v.label} role)`;
      assert.deepStrictEqual(diff.granted, []);
      assert.ok(lines.length > 0 && lines.every((l) => l.startsWith(`${two}: - `)), lines.join("\n"));
      assert.ok(lines.some((l) => l.startsWith(`${two}: - may no longer be assumed by `)));
      assert.ok(diff.resources.map(resourceLine).includes(`- delete aws:iam/role:Role ${v.vendor}-two-role (${v.vendor}-two-test)`));
      assert.deepStrictEqual(diff.handoff.map(handoffLine), [`${v.vendor}-two: the connection is removed: remove it from the vendor's UI too`]);
    },
  },
  {
    change: "shared principal removed: only its grants are revoked",
    base: (v) => [[connection(v, { sharedPrincipals: [partner] })]],
    head: (v) => [[connection(v)]],
    check: (diff, lines) => {
      assert.deepStrictEqual(diff.granted, []);
      assert.ok(lines.length > 0 && lines.every((l) => l.startsWith(`${partner.arn}: - `)), lines.join("\n"));
      assert.deepStrictEqual(diff.resources.map(resourceLine), ["~ update aws:s3/bucketPolicy:BucketPolicy lab-diff-policy: policy changed"]);
    },
  },
  {
    change: "principal added by extraPolicyStatements",
    base: (v) => [[connection(v)]],
    head: (v) => [
      [connection(v)],
      [
        {
          Sid: "Backup",
          Effect: "Allow",
          Principal: { AWS: "arn:aws:iam::123456789012:role/backup" },
          Action: "s3:GetObject",
          Resource: "arn:aws:s3:::lab-diff/*",
        },
      ],
    ],
    check: (_diff, lines) => assert.deepStrictEqual(lines, ["arn:aws:iam::123456789012:role/backup: + s3:GetObject on s3://lab-diff/*"]),
  },
];

describe("access diff", function () {
  this.timeout(120_000);
  for (const v of VENDORS) {
    describe(v.vendor, () => {
      for (const row of ROWS) {
        it(row.change, async () => {
          const [base, baseExtra] = row.base(v);
          const [head, headExtra] = row.head(v);
          const diff = diffPlans(await plan(base, baseExtra), await plan(head, headExtra));
          row.check(diff, accessChangeLines(diff), v);
        });
      }
    });
  }

  it("reports only the warnings and verdicts that are new at head", () => {
    const warning = (message: string) => ({ severity: "warning" as const, file: "f.yaml", line: 1, column: 1, path: "", message });
    const verdict = (policy: string, urn: string): PolicyViolation => ({ policy, enforcement: "advisory", resource: urn, message: `${policy} says so` });
    const planOf = (warnings: string[], verdicts: PolicyViolation[]): Plan => ({
      connections: [],
      resources: [],
      violations: verdicts,
      errors: [],
      warnings: warnings.map(warning),
      notices: [],
    });
    const base = planOf(["old"], [verdict("p-old", "urn:pulumi:base::p::t::r")]);
    // The same verdict on the same resource of another stack (another URN prefix) is not new.
    const head = planOf(["old", "new"], [verdict("p-old", "urn:pulumi:head::p::t::r"), verdict("p-new", "urn:pulumi:head::p::t::r")]);
    const diff = diffPlans(base, head);
    assert.deepStrictEqual(diff.newWarnings, ["new"]);
    assert.deepStrictEqual(diff.newViolations, [{ policy: "p-new", enforcement: "advisory", resource: "r", message: "p-new says so" }]);
  });

  it("a reordered statement and a renamed Sid are no change; a narrowed prefix is a revoke and a grant", () => {
    const role = { type: "aws:iam/role:Role", name: "x-role", urn: "u1", inputs: { name: "x" }, protect: false, retainOnDelete: false };
    const policy = (statements: object[]) => ({
      type: "aws:iam/rolePolicy:RolePolicy",
      name: "x-policy",
      urn: "u2",
      inputs: { policy: { Version: "2012-10-17", Statement: statements } },
      protect: false,
      retainOnDelete: false,
    });
    const planOf = (statements: object[]): Plan => ({
      connections: [],
      resources: [role, policy(statements)],
      violations: [],
      errors: [],
      warnings: [],
      notices: [],
    });
    const read = { Sid: "Read", Effect: "Allow", Action: ["s3:GetObject", "s3:ListBucket"], Resource: "arn:aws:s3:::b/a/*" };
    const write = {
      Sid: "Write",
      Effect: "Allow",
      Action: "s3:PutObject",
      Resource: ["arn:aws:s3:::b/a/*"],
      Condition: { StringEquals: { "s3:x-amz-acl": ["b", "a"] } },
    };
    const reordered = [
      { ...write, Sid: "Renamed", Condition: { StringEquals: { "s3:x-amz-acl": ["a", "b"] } } },
      { ...read, Action: ["s3:ListBucket", "s3:GetObject"] },
    ];
    const same = diffPlans(planOf([read, write]), planOf(reordered));
    assert.deepStrictEqual([same.granted, same.revoked], [[], []]);
    // Pulumi still sends the new text; the report says it changes nothing.
    assert.deepStrictEqual(same.resources.map(resourceLine), [
      "~ update aws:iam/rolePolicy:RolePolicy x-policy: policy changed (the same access: statement order, Sids or value order only)",
    ]);
    const narrowed = diffPlans(planOf([read]), planOf([{ ...read, Resource: "arn:aws:s3:::b/a/sub/*" }]));
    assert.deepStrictEqual(accessChangeLines(narrowed), [
      "x-role: - s3:GetObject, s3:ListBucket on s3://b/a/*",
      "x-role: + s3:GetObject, s3:ListBucket on s3://b/a/sub/*",
    ]);
    assert.strictEqual(accessFacts(planOf([read, write])).length, 3);
  });
});
