/**
 * The data-sync destinations' published facts (docs/vendors/prequel.md): the identity values the
 * vendor issues, Google web identity, the write template and the trust the role needs.
 */
import type { ConditionSpec, StatementSpec } from "../types";

/**
 * `accounts.google.com:sub` and `:oaud` values (prequel.md §4): identifiers the vendor issues. Never a
 * wildcard and never a policy variable: without an exact `sub`, any Google identity could assume
 * the role, and IAM replaces `${accounts.google.com:sub}` with the caller's own value, so such a
 * condition matches everyone. Printable ASCII without "$", "*" and "?" rules out every form
 * (including invisible characters that would make the value differ from what is seen).
 */
export const PREQUEL_WEB_IDENTITY_VALUE = {
  pattern: /^[!-#%-)+->@-~]{1,256}$/,
  allowed: "1 to 256 printable ASCII characters, with no spaces, no wildcards (* or ?) and no policy variables (${...})",
} as const;

/** Google, AWS's built-in web identity provider: no OIDC provider resource is needed (prequel.md §4). */
export const GOOGLE_WEB_IDENTITY_PROVIDER = "accounts.google.com";

/** The identity policy of prequel.md §3 (verbatim), split by purpose. */
export const PREQUEL_STATEMENTS = {
  DestinationWrite: { actions: ["s3:PutObject"], on: "objects", source: "docs/vendors/prequel.md §3", inferred: false },
  /** Needed only for the connection test's cleanup; removable once the destination is added (prequel.md §3, §8.2). */
  ConnectionTestCleanup: { actions: ["s3:DeleteObject"], on: "objects", source: "docs/vendors/prequel.md §3", inferred: false },
} as const satisfies Record<string, StatementSpec>;

/**
 * The trust statement the destination's role needs (prequel.md §4): Google web identity, only for the
 * vendor's service account (`sub`) and, when given, its organisation (`oaud`). The builder writes
 * it and the policy pack checks it from here.
 */
export const PREQUEL_TRUST = {
  principal: { Federated: GOOGLE_WEB_IDENTITY_PROVIDER },
  action: "sts:AssumeRoleWithWebIdentity",
  subject: { operator: "StringEquals", key: `${GOOGLE_WEB_IDENTITY_PROVIDER}:sub` },
  audience: { operator: "StringEquals", key: `${GOOGLE_WEB_IDENTITY_PROVIDER}:oaud` },
} as const satisfies { principal: object; action: string; subject: ConditionSpec; audience: ConditionSpec };
