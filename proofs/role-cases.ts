/**
 * The sections of the matrix about roles: who may assume the vendor's role, and what the vendor
 * service's execution role (ElemBio HealthOmics) may do and who may assume it.
 */
import type { AccessRequest } from "./request";
import { ACCOUNT_ID } from "./documents";
import {
  collect,
  fileInside,
  keysInside,
  listContext,
  listWhat,
  NO_TLS,
  NO_TLS_WHY,
  OWN_ACCOUNT_ALLOWS_ALL,
  s3Bucket,
  s3Object,
  s3Request,
  TLS,
  UNNEEDED_ACTIONS,
  type MatrixContext,
  type ProofCase,
} from "./context";
import type { Need, TrustCaller } from "./needs";

/** The vendor's caller may assume its role; a wrong or missing condition value, another provider or account may not. */
export function roleTrustCases(ctx: MatrixContext): ProofCase[] {
  const { connection, docs, needs } = ctx;
  const role = docs.credential;
  if (role.kind !== "role") return [];
  const trust = needs.trust;
  if (!trust) throw new Error(`connection ${connection.name}: a role credential, but no trust requirements for vendor ${connection.vendor}`);
  const { cases, add } = collect(ctx);
  const keysUser = docs.keysUser;
  const assume = (c: TrustCaller): AccessRequest => ({
    principal: c.principal,
    // The keys' user is asked with its own policy, not an account assumed to allow everything.
    identityPolicies: keysUser && c.principal === keysUser.arn ? keysUser.policies : c.awsPrincipal ? [OWN_ACCOUNT_ALLOWS_ALL] : [],
    action: c.action,
    resource: role.arn,
    resourceAccount: ACCOUNT_ID,
    context: c.context,
    resourcePolicy: role.trust,
  });
  for (const allowed of [...(trust.caller ? [trust.caller] : []), ...(trust.allowed ?? [])])
    add("trust", `${allowed.action} ${allowed.label}`, "allow", trust.why, assume(allowed));
  for (const refused of trust.refused) add("trust", `${refused.action} ${refused.label}`, "deny", trust.why, assume(refused));
  return cases;
}

/**
 * The user whose keys assume the role (credential type `user-with-role`) reaches the bucket only
 * through the role: on its own it may read, write or list nothing.
 */
export function keysUserCases(ctx: MatrixContext): ProofCase[] {
  const { connection, docs, needs } = ctx;
  const user = docs.keysUser;
  if (!user) return [];
  const { cases, add } = collect(ctx);
  const B = connection.bucket;
  const key = fileInside(ctx);
  const why = `the user holds nothing but sts:AssumeRole on the connection's role; ${needs.trust?.why ?? "its role's trust names it"}`;
  const s3 = (action: string, resource: string, context: Record<string, string>) => s3Request(ctx, user.arn, user.policies, action, resource, context);
  for (const need of needs.objects) add("keys' user", `${need.action} ${key}`, "deny", why, s3(need.action, s3Object(B, key), TLS));
  add("keys' user", listWhat(connection.prefix), "deny", why, s3("s3:ListBucket", s3Bucket(B), listContext(connection.prefix)));
  return cases;
}

/**
 * The execution role's S3 actions on the whole bucket (the vendor's template is not prefix-scoped),
 * refused without TLS, on another bucket and beyond the template; assumed only by the vendor's
 * service for this account.
 */
export function executionRoleCases(ctx: MatrixContext): ProofCase[] {
  const { connection } = ctx;
  const spec = ctx.needs.executionRole;
  const role = ctx.docs.executionRole;
  if (!spec && !role) return [];
  if (!spec || !role)
    throw new Error(`connection ${connection.name}: ${spec ? "the plan has no execution role" : "the plan has an execution role the vendor does not ask for"}`);
  const { cases, add } = collect(ctx);
  const B = connection.bucket;
  const caller = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.name}/proof-session`;
  const who = "execution role";
  const s3 = (action: string, resource: string, context: Record<string, string>) => s3Request(ctx, caller, role.policies, action, resource, context);
  const keys = [...keysInside(connection.prefix).slice(-1), "other/run2/file.bcl"];
  // On a shared bucket the role is confined to the connection's prefix: the second key is another
  // connection's, and must be refused (elembio.md §7, confined by this program).
  const confined = spec.prefix !== undefined;
  const granted = new Set([...spec.objects, ...spec.bucket].map((n: Need) => n.action));
  for (const need of spec.objects) {
    keys.forEach((key, i) => {
      if (confined && i > 0)
        add(who, `${need.action} ${key}`, "deny", `${need.why}: confined to ${spec.prefix}/ on a shared bucket`, s3(need.action, s3Object(B, key), TLS));
      else
        add(
          who,
          `${need.action} ${key}`,
          "allow",
          `${need.why}: ${confined ? `under ${spec.prefix}/` : "the whole bucket"}`,
          s3(need.action, s3Object(B, key), TLS),
        );
    });
    add(who, `${need.action} ${keys[0]} (no TLS)`, "deny", NO_TLS_WHY, s3(need.action, s3Object(B, keys[0]), NO_TLS));
    add(who, `${need.action} on another bucket`, "deny", "only the connection's bucket", s3(need.action, s3Object("proof-other-bucket", keys[0]), TLS));
  }
  for (const need of spec.bucket) {
    if (!confined) {
      add(who, `${need.action} bucket`, "allow", need.why, s3(need.action, s3Bucket(B), TLS));
      continue;
    }
    add(who, `${listWhat(`${spec.prefix}/`)}`, "allow", `${need.why}: under ${spec.prefix}/`, s3(need.action, s3Bucket(B), listContext(`${spec.prefix}/`)));
    add(
      who,
      `${listWhat("other/")}`,
      "deny",
      `${need.why}: confined to ${spec.prefix}/ on a shared bucket`,
      s3(need.action, s3Bucket(B), listContext("other/")),
    );
  }
  for (const action of UNNEEDED_ACTIONS.objects.filter((a) => !granted.has(a)))
    add(who, `${action} ${keys[0]}`, "deny", "not in the execution role's template (docs/vendors/elembio.md §7)", s3(action, s3Object(B, keys[0]), TLS));
  for (const action of UNNEEDED_ACTIONS.bucket.filter((a) => !granted.has(a)))
    add(who, `${action} bucket`, "deny", "not in the execution role's template (docs/vendors/elembio.md §7)", s3(action, s3Bucket(B), TLS));
  const assume = (principal: string, context: Record<string, string>): AccessRequest => ({
    principal,
    identityPolicies: [],
    action: "sts:AssumeRole",
    resource: role.arn,
    resourceAccount: ACCOUNT_ID,
    context,
    resourcePolicy: role.trust,
  });
  add(
    "execution role trust",
    `sts:AssumeRole ${spec.service} for this account`,
    "allow",
    "docs/vendors/elembio.md §7.2",
    assume(spec.service, { "aws:SourceAccount": ACCOUNT_ID }),
  );
  add(
    "execution role trust",
    `sts:AssumeRole ${spec.service} for another account`,
    "deny",
    "docs/vendors/elembio.md §7.2; docs/vendors/aws.md §6: aws:SourceAccount hardening",
    assume(spec.service, { "aws:SourceAccount": "444455556666" }),
  );
  add(
    "execution role trust",
    "sts:AssumeRole ec2.amazonaws.com",
    "deny",
    "only the HealthOmics service",
    assume("ec2.amazonaws.com", { "aws:SourceAccount": ACCOUNT_ID }),
  );
  return cases;
}
