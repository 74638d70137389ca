/**
 * The security review's reproducers (test/fixtures/findings/), each pinned to the exact problems
 * the loader reports: a lock-out, a vendor account granted directly, administrative grants to
 * other accounts, weak and shared external IDs, shared principals of an SSE-KMS bucket.
 */
import * as assert from "assert";
import { formatProblem, loadConnectionsFile } from "../../model/load";
import { runCli } from "../harness";

const DIR = "test/fixtures/findings";

const shortId = (at: string, connection: string, id: string) =>
  `${at} warning: connection "${connection}": credential.externalId: the external ID "${id}" has ${id.length} characters; with a role name anyone can guess, it is the only check that the vendor acts for you, so make it at least 16 random characters: generate one with \`openssl rand -hex 16\` and enter the same value in the vendor's UI`;

const SPARE =
  'Use Principal "*" with a condition that spares your administrators, e.g. ArnNotLike: { aws:PrincipalArn: "arn:aws:iam::<your account>:role/<admin role>" } (a condition on aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:userid or aws:username spares the account, and so does Bool aws:SecureTransport false, the TLS deny\'s), or leave the bucket-policy actions out';
const LOCKED =
  "nobody, the deployer included, could read or replace the policy afterwards (pulumi up would fail, and only the account's root user could delete it).";

const cases: { file: string; errors: string[]; warnings: string[] }[] = [
  {
    file: "c17-extra-deny-lockout",
    errors: [
      `${DIR}/c17-extra-deny-lockout.yaml:8:20 bucket "sr-extra-lock": extraPolicyStatements[0].Principal: statement "DenyEveryone" denies s3:DeleteBucketPolicy, s3:GetBucketPolicy and s3:PutBucketPolicy (Action "s3:*") on bucket "sr-extra-lock" to everyone, with no condition that spares this account: ${LOCKED} ${SPARE}`,
      `${DIR}/c17-extra-deny-lockout.yaml:13:23 bucket "sr-extra-lock": extraPolicyStatements[1].NotPrincipal: statement "DenyAllButBackup" denies s3:DeleteBucketPolicy, s3:GetBucketPolicy and s3:PutBucketPolicy (Action ["s3:PutBucketPolicy","s3:GetBucketPolicy","s3:DeleteBucketPolicy"]) on bucket "sr-extra-lock" to everyone but NotPrincipal {"AWS":"arn:aws:iam::123456789012:role/backup"}, with no condition that spares this account: ${LOCKED} NotPrincipal does not match a role's sessions (their ARNs are assumed-role ARNs), so even a role named there is denied. ${SPARE}`,
    ],
    warnings: [shortId(`${DIR}/c17-extra-deny-lockout.yaml:21:43`, "lock-element", "lock-1")],
  },
  {
    file: "c18-extra-crossaccount-admin",
    errors: [
      `${DIR}/c18-extra-crossaccount-admin.yaml:13:27 bucket "sr-extra-admin": extraPolicyStatements[1].Principal.AWS: statement "ElementAccountDirect" allows "588258415937", an AWS account (588258415937) of vendors element and elembio, directly: Element reaches the bucket through the connection's role, which its account may assume only with the external ID (docs/vendors/element.md §4); a bucket-policy grant bypasses that condition. Remove the principal: a connection (vendor: element) gives the vendor what it needs`,
    ],
    warnings: [
      `${DIR}/c18-extra-crossaccount-admin.yaml:9:17 warning: bucket "sr-extra-admin": extraPolicyStatements[0].Action: statement "ForeignAdmin" allows "arn:aws:iam::999999999999:root" administrative actions on bucket "sr-extra-admin": s3:DeleteBucket, s3:DeleteBucketPolicy and s3:PutBucketPolicy (Action ["s3:*"]). If that is another account, it can rewrite the bucket policy or delete the bucket; this stack's account is unknown when the file is loaded, so this is a warning. Grant only the actions it needs, e.g. s3:GetObject on arn:aws:s3:::sr-extra-admin/<prefix>/*`,
      `${DIR}/c18-extra-crossaccount-admin.yaml:19:20 warning: bucket "sr-extra-admin": extraPolicyStatements[2].NotAction: statement "AllowAllNotAction" allows "arn:aws:iam::999999999998:root" administrative actions on bucket "sr-extra-admin": s3:DeleteBucketPolicy and s3:PutBucketPolicy (NotAction ["s3:DeleteBucket"]). If that is another account, it can rewrite the bucket policy or delete the bucket; this stack's account is unknown when the file is loaded, so this is a warning. Grant only the actions it needs, e.g. s3:GetObject on arn:aws:s3:::sr-extra-admin/<prefix>/*`,
      shortId(`${DIR}/c18-extra-crossaccount-admin.yaml:26:43`, "admin-element", "admin-1"),
    ],
  },
  {
    file: "c20-weak-externalid",
    errors: [],
    warnings: [
      shortId(`${DIR}/c20-weak-externalid.yaml:8:43`, "weak-a", "ab"),
      shortId(`${DIR}/c20-weak-externalid.yaml:13:43`, "weak-b", "ab"),
      `${DIR}/c20-weak-externalid.yaml:13:43 warning: connection "weak-b": credential.externalId: the external ID "ab" is also the external ID of connection "weak-a": whoever knows it for one role knows it for the other, so give each connection its own (\`openssl rand -hex 16\`) and enter it in the vendor's UI`,
    ],
  },
  {
    file: "c22-sharedprincipal-kms",
    errors: [],
    warnings: [
      shortId(`${DIR}/c22-sharedprincipal-kms.yaml:11:43`, "share-element", "share-1"),
      `${DIR}/c22-sharedprincipal-kms.yaml:12:23 warning: connection "share-element": sharedPrincipals: bucket "sr-share-kms" is encrypted with the KMS key arn:aws:kms:us-east-1:123456789012:key/0f0f0f0f-1e1e-2d2d-3c3c-4b4b4b4b4b4b, so the shared principals can read its objects only if they may also use the key (docs/vendors/aws.md §4), which this program does not manage: add this statement to the key's policy (in a key policy, Resource "*" is the key itself): {"Sid":"ShareElementSharedDecrypt","Effect":"Allow","Principal":{"AWS":["arn:aws:iam::111122223333:role/partner"]},"Action":"kms:Decrypt","Resource":"*","Condition":{"StringEquals":{"kms:ViaService":"s3.us-east-1.amazonaws.com"}}}; a principal in another account also needs kms:Decrypt on arn:aws:kms:us-east-1:123456789012:key/0f0f0f0f-1e1e-2d2d-3c3c-4b4b4b4b4b4b in its own identity policy`,
    ],
  },
];

describe("the security review's reproducers (test/fixtures/findings/)", () => {
  for (const { file, errors, warnings } of cases) {
    it(`${file}: ${errors.length} error(s), ${warnings.length} warning(s), exactly`, () => {
      const result = loadConnectionsFile(`${DIR}/${file}.yaml`);
      assert.strictEqual(result.ok, errors.length === 0);
      assert.deepStrictEqual(result.ok ? [] : result.errors.map(formatProblem), errors);
      assert.deepStrictEqual(result.warnings.map(formatProblem), warnings);
    });
  }

  it("npm run plan exits 2 on c18 and plans nothing; it plans c22 with its warnings", () => {
    const refused = runCli("plan", ["--json", "--connections", `${DIR}/c18-extra-crossaccount-admin.yaml`]);
    assert.strictEqual(refused.status, 2, refused.stderr);
    const plan = JSON.parse(refused.stdout);
    assert.deepStrictEqual(plan.resources, []);
    assert.deepStrictEqual(
      plan.errors.map((e: { line: number; column: number; path: string }) => `${e.line}:${e.column} ${e.path}`),
      ["13:27 buckets.sr-extra-admin.extraPolicyStatements[1].Principal.AWS"],
    );
    const planned = runCli("plan", ["--json", "--connections", `${DIR}/c22-sharedprincipal-kms.yaml`]);
    assert.strictEqual(planned.status, 0, planned.stderr);
    assert.deepStrictEqual(
      JSON.parse(planned.stdout).warnings.map((w: { line: number; column: number; path: string }) => `${w.line}:${w.column} ${w.path}`),
      ["11:43 connections[0].credential.externalId", "12:23 connections[0].sharedPrincipals"],
    );
  });
});
