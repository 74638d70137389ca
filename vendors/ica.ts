/**
 * Illumina Connected Analytics bring-your-own bucket: vendor-requirements.md §3 to §8.
 */

/**
 * The RoleSessionName prefix ICA generates per AWS_Role credential (§3.4, §5.3). AWS session names
 * are `[\w+=,.@-]`, at most 64 characters; the trust policy appends `-*`.
 */
export const ICA_ROLE_SESSION_NAME_PREFIX = {
  pattern: /^[A-Za-z0-9_+=,.@-]{1,62}$/,
  allowed: "1 to 62 characters of A-Z a-z 0-9 and _ + = , . @ -",
} as const;
