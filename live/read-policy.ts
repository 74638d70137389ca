/**
 * The least-privilege, read-only IAM policy `verify` needs, scoped to the stack's buckets, roles
 * and users when a plan is at hand.
 */
import type { Expected } from "./expected";

export const VERIFY_PERMISSIONS = {
  caller: ["sts:GetCallerIdentity"],
  bucket: [
    "s3:GetBucketCORS",
    "s3:GetBucketLocation",
    "s3:GetBucketOwnershipControls",
    "s3:GetBucketPolicy",
    "s3:GetBucketPolicyStatus",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetBucketVersioning",
    "s3:GetEncryptionConfiguration",
  ],
  role: ["iam:GetRole", "iam:GetRolePolicy", "iam:ListAttachedRolePolicies", "iam:ListRolePolicies"],
  user: [
    "iam:GetAccessKeyLastUsed",
    "iam:GetLoginProfile",
    "iam:GetUser",
    "iam:GetUserPolicy",
    "iam:ListAccessKeys",
    "iam:ListAttachedUserPolicies",
    "iam:ListUserPolicies",
  ],
  oidc: ["iam:GetOpenIDConnectProvider", "iam:ListOpenIDConnectProviders"],
  simulate: ["iam:SimulatePrincipalPolicy"],
} as const;

/** With no plan, every resource of a kind: the role can then verify any stack of the account. */
export function verifyPolicy(expected?: Expected, account = "*"): { Version: string; Statement: Record<string, unknown>[] } {
  const buckets = expected ? expected.buckets.map((b) => `arn:aws:s3:::${b.name}`) : ["arn:aws:s3:::*"];
  const roles = expected
    ? expected.identities.filter((i) => i.kind === "role").map((i) => `arn:aws:iam::${account}:role/${i.name}`)
    : [`arn:aws:iam::${account}:role/*`];
  const users = expected
    ? expected.identities.filter((i) => i.kind === "user").map((i) => `arn:aws:iam::${account}:user/${i.name}`)
    : [`arn:aws:iam::${account}:user/*`];
  const statements: Record<string, unknown>[] = [
    { Sid: "Caller", Effect: "Allow", Action: [...VERIFY_PERMISSIONS.caller], Resource: "*" },
    { Sid: "OidcProviders", Effect: "Allow", Action: [...VERIFY_PERMISSIONS.oidc], Resource: "*" },
  ];
  if (buckets.length > 0) statements.push({ Sid: "Buckets", Effect: "Allow", Action: [...VERIFY_PERMISSIONS.bucket], Resource: buckets });
  if (roles.length > 0)
    statements.push({ Sid: "Roles", Effect: "Allow", Action: [...VERIFY_PERMISSIONS.role, ...VERIFY_PERMISSIONS.simulate], Resource: roles });
  // GetAccessKeyLastUsed is authorised on the key's user.
  if (users.length > 0)
    statements.push({ Sid: "Users", Effect: "Allow", Action: [...VERIFY_PERMISSIONS.user, ...VERIFY_PERMISSIONS.simulate], Resource: users });
  return { Version: "2012-10-17", Statement: statements };
}
