/**
 * Advice on connections that the vendors' rules cannot give alone: external IDs that are short or
 * shared between connections, and shared principals of an SSE-KMS bucket, who also need the key.
 * Warnings only: each of these files still works, but is weaker or incomplete.
 */
import { sidNamespace } from "../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../fields/resolved";

type Path = (string | number)[];
interface Problem {
  severity: "error" | "warning";
  path: Path;
  message: string;
}

/** Shorter external IDs are warned about: 16 random hex digits are 64 bits, beyond guessing; the suggested command gives 32. */
export const EXTERNAL_ID_MIN_LENGTH = 16;

/** The command the messages (and the README) suggest for a fresh external ID. */
export const EXTERNAL_ID_COMMAND = "openssl rand -hex 16";

/**
 * Any credential's `externalId`, read without knowing the vendor: the vendors whose roles trust an
 * account with an external ID all call the field so.
 */
function externalIdOf(connection: { credential: unknown }): string | undefined {
  const credential = connection.credential;
  if (credential === null || typeof credential !== "object" || !Object.hasOwn(credential, "externalId")) return undefined;
  const id = (credential as { externalId: unknown }).externalId;
  return typeof id === "string" ? id : undefined;
}

/**
 * The external ID is the only thing that keeps another customer of the vendor from having the
 * vendor assume this role (role names are predictable): it must be hard to guess, and one ID per
 * connection, so that knowing one (it is typed into the vendor's UI) does not open another.
 */
export function checkExternalIds(connections: readonly { name: string; credential: unknown }[], problems: Problem[]): void {
  // A reused ID is reported at every connection but the first by name, so the same file in another
  // order gives the same warnings (the access diff of a reordered file shows no change).
  const firstWith = new Map<string, string>();
  for (const connection of connections) {
    const id = externalIdOf(connection);
    const first = id === undefined ? undefined : firstWith.get(id);
    if (id !== undefined && (first === undefined || connection.name < first)) firstWith.set(id, connection.name);
  }
  connections.forEach((connection, index) => {
    const id = externalIdOf(connection);
    if (id === undefined) return;
    const path: Path = ["connections", index, "credential", "externalId"];
    const length = [...id].length;
    if (length < EXTERNAL_ID_MIN_LENGTH) {
      problems.push({
        severity: "warning",
        path,
        message: `the external ID ${JSON.stringify(id)} has ${length} characters; with a role name anyone can guess, it is the only check that the vendor acts for you, so make it at least ${EXTERNAL_ID_MIN_LENGTH} random characters: generate one with \`${EXTERNAL_ID_COMMAND}\` and enter the same value in the vendor's UI`,
      });
    }
    const first = firstWith.get(id)!;
    if (first !== connection.name) {
      problems.push({
        severity: "warning",
        path,
        message: `the external ID ${JSON.stringify(id)} is also the external ID of connection "${first}": whoever knows it for one role knows it for the other, so give each connection its own (\`${EXTERNAL_ID_COMMAND}\`) and enter it in the vendor's UI`,
      });
    }
  });
}

/**
 * A shared principal reads objects of the connection's prefix; on an SSE-KMS bucket it also needs
 * kms:Decrypt on the bucket's key, which this program does not manage (aws.md §4). The message gives
 * the key-policy statement to add.
 */
export function checkSharedPrincipalKeys(
  buckets: readonly ResolvedBucket[],
  connections: readonly ResolvedConnection[],
  indexOf: (name: string) => number,
  problems: Problem[],
): void {
  const byName = new Map(buckets.map((b) => [b.name, b]));
  for (const connection of connections) {
    const bucket = byName.get(connection.bucket);
    if (bucket?.encryption.type !== "sse-kms" || connection.sharedPrincipals.length === 0) continue;
    const key = bucket.encryption.kmsKeyArn;
    const statement = {
      Sid: `${sidNamespace(connection.name)}SharedDecrypt`,
      Effect: "Allow",
      Principal: { AWS: connection.sharedPrincipals.map((p) => p.arn) },
      Action: "kms:Decrypt",
      Resource: "*",
      // Only through S3 in the bucket's region: the readers decrypt the bucket's objects, nothing else.
      Condition: { StringEquals: { "kms:ViaService": `s3.${bucket.region}.amazonaws.com` } },
    };
    problems.push({
      severity: "warning",
      path: ["connections", indexOf(connection.name), "sharedPrincipals"],
      message: `bucket "${bucket.name}" is encrypted with the KMS key ${key}, so the shared principals can read its objects only if they may also use the key (docs/vendors/aws.md §4), which this program does not manage: add this statement to the key's policy (in a key policy, Resource "*" is the key itself): ${JSON.stringify(statement)}; a principal in another account also needs kms:Decrypt on ${key} in its own identity policy`,
    });
  }
}
