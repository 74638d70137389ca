/**
 * Data-sync S3 destinations (Prequel, and the services that white-label it): vendor-requirements.md §9.
 */

/**
 * `accounts.google.com:sub` and `:oaud` values (§9.3): identifiers the vendor issues. Never a
 * wildcard: without an exact `sub`, any Google identity could assume the role.
 */
export const PREQUEL_WEB_IDENTITY_VALUE = {
  pattern: /^[^\s*?]{1,256}$/,
  allowed: "1 to 256 characters, no spaces and no wildcards (* or ?)",
} as const;
