/**
 * verify on a user's access keys, with the SDK stubbed: the count of active keys against the
 * file's accessKeys, each key named with its generation by creation order, each key's last use,
 * and during a rotation whether the vendor has moved to the new key.
 */
import * as assert from "assert";
import {
  GetAccessKeyLastUsedCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListUserPoliciesCommand,
  type AccessKeyMetadata,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import "../../account/clients"; // its SDK settings apply to the stubbed client too
import { verifyIdentity } from "../../live/verify-identity";

const USER = "aviti-keys-prod";
const OLD = "AKIAOLDKEY1111111111";
const NEW = "AKIANEWKEY2222222222";
const JAN = new Date("2026-01-05T09:00:00Z");
const NOV = new Date("2026-11-20T10:00:00Z");

interface Key {
  id: string;
  status: "Active" | "Inactive";
  created: Date;
  used?: Date;
}

const key = (id: string, created: Date, used?: Date, status: Key["status"] = "Active"): Key => ({ id, status, created, used });

const CASES: { title: string; accessKeys: number[]; keys: Key[]; expected: [string, string, string][] }[] = [
  {
    title: "one key, as the file lists, never used yet",
    accessKeys: [1],
    keys: [key(OLD, JAN)],
    expected: [
      ["access keys", "match", "1 active, 0 inactive, as accessKeys [1] lists"],
      [`access key ${OLD} (generation 1)`, "note", "Active, created 2026-01-05T09:00:00Z, never used"],
    ],
  },
  {
    title: "rotation begun: the new key is not used yet",
    accessKeys: [1, 2],
    keys: [key(NEW, NOV), key(OLD, JAN, new Date("2026-11-21T08:00:00Z"))],
    expected: [
      ["access keys", "match", "2 active, 0 inactive, as accessKeys [1, 2] lists"],
      [`access key ${OLD} (generation 1)`, "note", "Active, created 2026-01-05T09:00:00Z, last used 2026-11-21T08:00:00Z (s3 in us-east-1)"],
      [`access key ${NEW} (generation 2)`, "note", "Active, created 2026-11-20T10:00:00Z, never used"],
      [
        "rotation",
        "note",
        `key 2 (${NEW}) is not used yet: paste it into the vendor's UI (npm run -s handoff), then verify again; key 1 (${OLD}) is still valid, last used 2026-11-21T08:00:00Z (s3 in us-east-1)`,
      ],
    ],
  },
  {
    title: "rotation: the vendor still uses the old key after the new one was used",
    accessKeys: [1, 2],
    keys: [key(OLD, JAN, new Date("2026-11-22T08:00:00Z")), key(NEW, NOV, new Date("2026-11-21T08:00:00Z"))],
    expected: [
      ["access keys", "match", "2 active, 0 inactive, as accessKeys [1, 2] lists"],
      [`access key ${OLD} (generation 1)`, "note", "Active, created 2026-01-05T09:00:00Z, last used 2026-11-22T08:00:00Z (s3 in us-east-1)"],
      [`access key ${NEW} (generation 2)`, "note", "Active, created 2026-11-20T10:00:00Z, last used 2026-11-21T08:00:00Z (s3 in us-east-1)"],
      [
        "rotation",
        "note",
        `the vendor still uses key 1 (${OLD}), last used 2026-11-22T08:00:00Z (s3 in us-east-1), not before key 2 (${NEW})'s 2026-11-21T08:00:00Z: check that the vendor's UI holds key 2, then verify again`,
      ],
    ],
  },
  {
    title: "rotation: the vendor has switched, the old key is idle",
    accessKeys: [1, 2],
    keys: [key(OLD, JAN, new Date("2026-11-20T11:00:00Z")), key(NEW, NOV, new Date("2026-11-23T08:00:00Z"))],
    expected: [
      ["access keys", "match", "2 active, 0 inactive, as accessKeys [1, 2] lists"],
      [`access key ${OLD} (generation 1)`, "note", "Active, created 2026-01-05T09:00:00Z, last used 2026-11-20T11:00:00Z (s3 in us-east-1)"],
      [`access key ${NEW} (generation 2)`, "note", "Active, created 2026-11-20T10:00:00Z, last used 2026-11-23T08:00:00Z (s3 in us-east-1)"],
      [
        "rotation",
        "note",
        `the vendor has switched: key 2 (${NEW}) last used 2026-11-23T08:00:00Z (s3 in us-east-1), key 1 (${OLD}) last used 2026-11-20T11:00:00Z, before it; once that stays so, set accessKeys: [2] and run pulumi up to retire key 1`,
      ],
    ],
  },
  {
    title: "the file retired key 1 but pulumi up has not run: a key the file does not account for, unnamed",
    accessKeys: [2],
    keys: [key(OLD, JAN), key(NEW, NOV)],
    expected: [
      [
        "access keys",
        "mismatch",
        `2 active, 0 inactive, but accessKeys [2] accounts for 1: run pulumi up to retire the generation the file dropped; a key made outside the program is none of the file's: once its last use below shows it idle, deactivate it (aws iam update-access-key --user-name ${USER} --access-key-id <ID> --status Inactive)`,
      ],
      [`access key ${OLD}`, "note", "Active, created 2026-01-05T09:00:00Z, never used"],
      [`access key ${NEW}`, "note", "Active, created 2026-11-20T10:00:00Z, never used"],
    ],
  },
  {
    title: "a key deactivated by hand: fewer active keys than the file lists",
    accessKeys: [1, 2],
    keys: [key(OLD, JAN, undefined, "Inactive"), key(NEW, NOV)],
    expected: [
      [
        "access keys",
        "mismatch",
        "1 active, 1 inactive, but accessKeys [1, 2] wants 2: if a key was deactivated on purpose, list only the generation the vendor uses (accessKeys: [2]) and run pulumi up; otherwise pulumi up --refresh recreates or reactivates the missing key; IAM allows two keys per user, inactive ones included",
      ],
      [`access key ${OLD}`, "note", "Inactive, created 2026-01-05T09:00:00Z, never used"],
      [`access key ${NEW}`, "note", "Active, created 2026-11-20T10:00:00Z, never used"],
    ],
  },
  {
    title: "no key at all",
    accessKeys: [1],
    keys: [],
    expected: [
      [
        "access keys",
        "mismatch",
        "0 active, 0 inactive, but accessKeys [1] wants 1: if a key was deactivated on purpose, list only the generation the vendor uses (accessKeys: [1]) and run pulumi up; otherwise pulumi up --refresh recreates or reactivates the missing key",
      ],
    ],
  },
];

describe("live: verify a user's access keys (SDK stubbed)", () => {
  let iam: ReturnType<typeof mockClient>;
  beforeEach(() => {
    iam = mockClient(IAMClient);
    iam.on(GetUserCommand).resolves({ User: { UserName: USER, UserId: "AIDA", Arn: `arn:aws:iam::123456789012:user/${USER}`, Path: "/", CreateDate: JAN } });
    iam.on(ListUserPoliciesCommand).resolves({ PolicyNames: [] });
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [] });
    iam.on(GetLoginProfileCommand).rejects(Object.assign(new Error("none"), { name: "NoSuchEntity", $metadata: { httpStatusCode: 404 } }));
  });
  afterEach(() => iam.restore());

  for (const c of CASES) {
    it(c.title, async () => {
      const metadata: AccessKeyMetadata[] = c.keys.map((k) => ({ UserName: USER, AccessKeyId: k.id, Status: k.status, CreateDate: k.created }));
      iam.on(ListAccessKeysCommand, { UserName: USER }).resolves({ AccessKeyMetadata: metadata });
      for (const k of c.keys) {
        iam.on(GetAccessKeyLastUsedCommand, { AccessKeyId: k.id }).resolves({
          UserName: USER,
          AccessKeyLastUsed: k.used ? { LastUsedDate: k.used, ServiceName: "s3", Region: "us-east-1" } : { ServiceName: "N/A", Region: "N/A" },
        });
      }
      const findings = await verifyIdentity(new IAMClient({ region: "us-east-1" }), { kind: "user", name: USER, inlinePolicies: [], accessKeys: c.accessKeys });
      const keyFindings = findings.filter((f) => f.check.startsWith("access key") || f.check === "rotation").map((f) => [f.check, f.status, f.detail]);
      assert.deepStrictEqual(keyFindings, c.expected);
    });
  }

  it("reports a refused ListAccessKeys as cannot-check with the permission", async () => {
    iam.on(ListAccessKeysCommand).rejects(Object.assign(new Error("denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }));
    const findings = await verifyIdentity(new IAMClient({ region: "us-east-1" }), { kind: "user", name: USER, inlinePolicies: [], accessKeys: [1] });
    const keys = findings.filter((f) => f.check === "access keys");
    assert.deepStrictEqual(
      keys.map((f) => [f.status, f.permission]),
      [["cannot-check", "iam:ListAccessKeys"]],
    );
  });
});
