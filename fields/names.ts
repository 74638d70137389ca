/**
 * Names derived from the connections file. Logical names are a contract with existing stacks
 * (renaming one replaces the resource); physical names are what AWS shows.
 */
import { createHash } from "crypto";

/** IAM role and user names: at most 64 characters of `[\w+=,.@-]`. */
export const IAM_NAME_MAX_LENGTH = 64;

/**
 * Joins parts with `-` and, when the result is longer than `maxLength`, keeps a readable head and
 * appends 8 hex characters of the full name's hash, so two long names stay distinct and stable.
 */
export function physicalName(parts: string[], maxLength: number): string {
  const full = parts.join("-");
  if (full.length <= maxLength) return full;
  const hash = createHash("sha256").update(full).digest("hex").slice(0, 8);
  return `${full.slice(0, maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * The role or user name of a connection: the connection name, then the stack, so the dev and
 * prod stacks of one account never collide (`aviti-runs-prod`).
 */
export function credentialName(connectionName: string, stack: string): string {
  return physicalName([connectionName, stack], IAM_NAME_MAX_LENGTH);
}

/**
 * The Sid namespace of a connection's bucket-policy statements: the connection name in
 * PascalCase (`aviti-runs` -> `AvitiRuns`). Sids stay alphanumeric, which every IAM parser accepts.
 * Two names that differ only in repeated hyphens share a namespace; the model reports that.
 */
export function sidNamespace(connectionName: string): string {
  return connectionName
    .split("-")
    .filter((part) => part.length > 0)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join("");
}
