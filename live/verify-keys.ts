/**
 * A user's access keys against the file's `accessKeys`: as many active keys as generations listed,
 * each key named with its generation where creation order tells it, and each key's last use, so
 * the lab sees when the vendor switched to the new key of a rotation and the old one may go.
 */
import { GetAccessKeyLastUsedCommand, ListAccessKeysCommand, type IAMClient } from "@aws-sdk/client-iam";
import { read } from "../account/errors";
import type { ExpectedIdentity } from "./expected";
import type { Findings } from "./findings";

const time = (date: Date | undefined) => (date ? date.toISOString().replace(/\.\d+Z$/, "Z") : undefined);
const list = (generations: number[]) => `[${generations.join(", ")}]`;

interface LiveKey {
  id: string;
  status: string;
  created?: Date;
  lastUsed?: Date;
  service?: string;
  region?: string;
  /** The file's generation for this key, when creation order tells it. */
  generation?: number;
}

const keyName = (key: LiveKey) => (key.generation === undefined ? `key ${key.id}` : `key ${key.generation} (${key.id})`);
const lastUse = (key: LiveKey) => (key.lastUsed ? `last used ${time(key.lastUsed)} (${key.service ?? "?"} in ${key.region ?? "?"})` : "never used");

/** The count of active keys against the generations, with what to do about a difference. */
function countFinding(f: Findings, user: string, keys: LiveKey[], generations: number[]): void {
  const active = keys.filter((k) => k.status === "Active").length;
  const counts = `${active} active, ${keys.length - active} inactive`;
  if (active === generations.length) {
    f.add("access keys", "match", `${counts}, as accessKeys ${list(generations)} lists`);
  } else if (active > generations.length) {
    f.add(
      "access keys",
      "mismatch",
      `${counts}, but accessKeys ${list(generations)} accounts for ${generations.length}: run pulumi up to retire the generation the file dropped; a key made outside the program is none of the file's: once its last use below shows it idle, deactivate it (aws iam update-access-key --user-name ${user} --access-key-id <ID> --status Inactive)`,
    );
  } else {
    const limit = keys.length >= 2 ? "; IAM allows two keys per user, inactive ones included" : "";
    // pulumi up --refresh would reactivate a key someone switched off on purpose during a rotation.
    f.add(
      "access keys",
      "mismatch",
      `${counts}, but accessKeys ${list(generations)} wants ${generations.length}: if a key was deactivated on purpose, list only the generation the vendor uses (accessKeys: [${generations[generations.length - 1]}]) and run pulumi up; otherwise pulumi up --refresh recreates or reactivates the missing key${limit}`,
    );
  }
}

/** While two generations exist: has the vendor moved to the new key? Last-use dates tell. */
function rotationFinding(f: Findings, old: LiveKey, current: LiveKey): void {
  const retire = `set accessKeys: [${current.generation}] and run pulumi up to retire key ${old.generation}`;
  if (!current.lastUsed) {
    f.add(
      "rotation",
      "note",
      `${keyName(current)} is not used yet: paste it into the vendor's UI (npm run -s handoff), then verify again; ${keyName(old)} is ${old.lastUsed ? `still valid, ${lastUse(old)}` : "never used either"}`,
    );
  } else if (old.lastUsed && old.lastUsed >= current.lastUsed) {
    f.add(
      "rotation",
      "note",
      `the vendor still uses ${keyName(old)}, ${lastUse(old)}, not before ${keyName(current)}'s ${time(current.lastUsed)}: check that the vendor's UI holds key ${current.generation}, then verify again`,
    );
  } else {
    f.add(
      "rotation",
      "note",
      `the vendor has switched: ${keyName(current)} ${lastUse(current)}, ${keyName(old)} ${old.lastUsed ? `last used ${time(old.lastUsed)}, before it` : "never used"}; once that stays so, ${retire}`,
    );
  }
}

export async function verifyAccessKeys(iam: IAMClient, f: Findings, identity: ExpectedIdentity): Promise<void> {
  const generations = identity.accessKeys ?? [1];
  const listed = (await read("iam:ListAccessKeys", () => iam.send(new ListAccessKeysCommand({ UserName: identity.name }))))?.AccessKeyMetadata ?? [];
  const keys: LiveKey[] = [];
  for (const meta of listed) {
    const id = meta.AccessKeyId ?? "";
    const used = (await read("iam:GetAccessKeyLastUsed", () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }))))?.AccessKeyLastUsed;
    keys.push({ id, status: meta.Status ?? "?", created: meta.CreateDate, lastUsed: used?.LastUsedDate, service: used?.ServiceName, region: used?.Region });
  }
  // Oldest first: generations are created in ascending order, so the order of creation names them.
  keys.sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
  countFinding(f, identity.name, keys, generations);
  const active = keys.filter((k) => k.status === "Active");
  if (active.length === generations.length) active.forEach((key, i) => (key.generation = generations[i]));
  for (const key of keys) {
    // The key ID is not a secret (it appears in CloudTrail); the secret is never read.
    f.add(
      `access key ${key.id}${key.generation === undefined ? "" : ` (generation ${key.generation})`}`,
      "note",
      `${key.status}, created ${time(key.created) ?? "?"}, ${lastUse(key)}`,
    );
  }
  if (active.length === 2 && generations.length === 2) rotationFinding(f, active[0], active[1]);
}
