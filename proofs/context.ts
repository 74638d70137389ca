/**
 * What every section of a connection's matrix works from: the connection, its bucket, its
 * documents and needs, the keys inside and outside its prefix, what other connections on the
 * bucket grant; and the small builders of requests and cases the sections share.
 */
import type { ResolvedBucket, ResolvedConnection, StackModel } from "../model/resolve";
import { bucketOf } from "../model/resolve";
import { overlappingPrefix } from "../model/rules";
import type { AccessRequest, NamedPolicy } from "./request";
import { needsOf, type VendorNeeds } from "./needs";
import { ACCOUNT_ID, documentsOf, type Documents, type PlanForProof } from "./documents";

export type Expected = "allow" | "deny";

export interface ProofCase {
  connection: string;
  /** Who asks: `vendor role`, `shared role/partner-reader`, `another account`, `anonymous`, ... */
  who: string;
  /** What is asked: `s3:PutObject runs/aviti/run1/file.bcl`, `s3:ListBucket prefix=runs/aviti/ (no TLS)`. */
  what: string;
  expected: Expected;
  /** The requirement or rule behind the expectation. */
  why: string;
  request: AccessRequest;
}

export const s3Bucket = (bucket: string) => `arn:aws:s3:::${bucket}`;
export const s3Object = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
export const TLS = { "aws:SecureTransport": "true" };
export const NO_TLS = { "aws:SecureTransport": "false" };
export const NO_TLS_WHY = "every request without TLS is refused (DenyInsecureTransport)";

/** The identity policy assumed for principals of other accounts: everything, so only our policies decide. */
export const OWN_ACCOUNT_ALLOWS_ALL: NamedPolicy = {
  name: "its own account's policy (assumed to allow everything)",
  document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
};

/** Keys an object request is made on: a folder marker and a file under it. */
export function keysInside(prefix: string | undefined): string[] {
  return prefix ? [`${prefix}/`, `${prefix}/run1/file.bcl`] : ["run1/file.bcl", "file.bcl"];
}

/**
 * Actions no vendor is given unless its requirements list them (least privilege, DESIGN.md): each
 * is tried by the vendor's principal, and must be refused when the vendor does not need it.
 */
export const UNNEEDED_ACTIONS = {
  bucket: [
    "s3:ListBucket",
    "s3:DeleteBucket",
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutBucketPublicAccessBlock",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutBucketCORS",
  ],
  objects: ["s3:GetObject", "s3:DeleteObject", "s3:PutObjectAcl", "s3:GetObjectVersion", "s3:DeleteObjectVersion", "s3:RestoreObject"],
  kms: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"],
} as const;

/** What a shared principal may do: read and list the connection's prefix (and find the bucket). */
export const SHARED = {
  read: ["s3:GetObject"],
  location: ["s3:GetBucketLocation"],
  refused: ["s3:PutObject", "s3:DeleteObject"],
} as const;

/** An outsider the bucket's documents never name. */
function outsiderAccount(documents: unknown[]): string {
  const text = JSON.stringify(documents);
  return ["444455556666", "777788889999", "210987654321"].find((a) => !text.includes(a))!;
}

/** A caller that the ARN a policy names would match: a session of a role, the user, any principal of an account. */
export function callerFor(principalArn: string): string {
  const match = /^arn:aws:iam::(\d{12}):(root|role\/(.+)|user\/.+)$/.exec(principalArn);
  if (!match) throw new Error(`cannot make a caller for principal ${principalArn}`);
  const [, account, kind, rolePath] = match;
  if (kind === "root") return `arn:aws:iam::${account}:role/proof-any-principal`;
  if (rolePath !== undefined) return `arn:aws:sts::${account}:assumed-role/${rolePath.split("/").pop()}/proof-session`;
  return principalArn;
}

// ---------------------------------------------------------------------------------------------
// What other connections on the bucket grant (so a refusal is only expected where none does)

interface Grant {
  principalArn: string;
  prefix: string | undefined;
  actions: string[];
}

function grantsOfOthers(plan: PlanForProof, connection: ResolvedConnection, bucket: ResolvedBucket): Grant[] {
  return plan.model.connections
    .filter((o) => o.bucket === connection.bucket && o.name !== connection.name)
    .flatMap((o) => {
      const grants: Grant[] = o.sharedPrincipals.map((p) => ({
        principalArn: p.arn,
        prefix: o.prefix,
        actions: [...SHARED.read, ...SHARED.location, "s3:ListBucket"],
      }));
      const needs = needsOf(o, bucket, { accountId: ACCOUNT_ID, credentialName: o.name });
      const cross = needs.crossAccount;
      // A vendor account granted in the bucket policy reaches every prefix it is granted, one per connection.
      if (needs.bucketPolicyPrincipal)
        grants.push({ principalArn: needs.bucketPolicyPrincipal, prefix: o.prefix, actions: [...needs.objects, ...needs.bucket].map((n) => n.action) });
      if (cross && cross.actions.length > 0) grants.push({ principalArn: cross.roleArn, prefix: o.prefix, actions: cross.actions.map((n) => n.action) });
      return grants;
    });
}

function principalMatches(policyArn: string, callerArn: string): boolean {
  const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(callerArn)?.[1];
  return policyArn === callerArn || policyArn === `arn:aws:iam::${account}:root` || callerFor(policyArn) === callerArn;
}

/** Whether another connection on the bucket lets this caller make the request (then no refusal is expected). */
export function grantedElsewhere(ctx: MatrixContext, callerArn: string, action: string, key: string | undefined): boolean {
  return ctx.grants.some(
    (g) =>
      principalMatches(g.principalArn, callerArn) &&
      g.actions.includes(action) &&
      (g.prefix === undefined || key === undefined || key.startsWith(`${g.prefix}/`)),
  );
}

// ---------------------------------------------------------------------------------------------
// Keys outside the connection's prefix

/** Keys outside the connection's prefix: elsewhere, a look-alike sibling, the root, other connections' prefixes. */
export interface OutsideKey {
  key: string;
  why: string;
  /** The look-alike sibling (`prefixEVIL/x`), the subtlest key: tried with every action. */
  sibling: boolean;
}

/** All outside keys for the first action of a kind, the sibling for the others. */
export function outsideFor(outside: OutsideKey[], first: boolean): OutsideKey[] {
  return first ? outside : outside.filter((k) => k.sibling);
}

function outsideKeys(model: StackModel, connection: ResolvedConnection): OutsideKey[] {
  const P = connection.prefix;
  if (!P) return [];
  const candidates: OutsideKey[] = [
    { key: ["other/x", "elsewhere/x"].find((k) => !k.startsWith(`${P}/`))!, why: "outside the prefix", sibling: false },
    { key: `${P}EVIL/x`, why: "a sibling that shares the prefix's leading characters", sibling: true },
    { key: "x", why: "the bucket root", sibling: false },
  ];
  for (const other of model.connections) {
    if (other.bucket !== connection.bucket || other.name === connection.name || !other.prefix) continue;
    if (overlappingPrefix(P, other.prefix) !== undefined) continue;
    candidates.push({ key: `${other.prefix}/x`, why: `connection ${other.name}'s prefix`, sibling: false });
  }
  const seen = new Set<string>();
  return candidates.filter((c) => !seen.has(c.key) && seen.add(c.key));
}

// ---------------------------------------------------------------------------------------------
// The context of one connection

export interface MatrixContext {
  plan: PlanForProof;
  connection: ResolvedConnection;
  bucket: ResolvedBucket;
  docs: Documents;
  needs: VendorNeeds;
  /** Keys inside the prefix; the last, a file, is the key of every request made on one key only. */
  inside: string[];
  outside: OutsideKey[];
  /** An account none of the connection's documents name. */
  outsider: string;
  /** What other connections on the bucket grant. */
  grants: Grant[];
  /**
   * The vendor's own principal: a session of the role (with the session name the vendor uses), the
   * user, or a principal of the vendor's account granted in the bucket policy.
   */
  vendor: { who: string; caller: string };
}

/** The session name the vendor uses: ICA's must start with its generated prefix (ica.md §7.3). */
function sessionNameOf(connection: ResolvedConnection): string {
  const credential = connection.credential as { roleSessionNamePrefix?: string };
  return credential.roleSessionNamePrefix ? `${credential.roleSessionNamePrefix}-proof` : "proof-session";
}

export function matrixContext(plan: PlanForProof, connection: ResolvedConnection): MatrixContext {
  const bucket = bucketOf(plan.model, connection);
  const planned = documentsOf(plan, connection);
  const needs = needsOf(connection, bucket, { accountId: ACCOUNT_ID, credentialName: planned.credential.name, executionRoleArn: planned.executionRole?.arn });
  const vendor = vendorPrincipal(connection, planned, needs);
  // The vendor's account is another account, whose own policies are assumed to allow everything: only the bucket policy decides.
  const docs = planned.credential.kind === "none" ? { ...planned, identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL] } : planned;
  const grants = grantsOfOthers(plan, connection, bucket);
  return {
    plan,
    connection,
    bucket,
    docs,
    needs,
    inside: keysInside(connection.prefix),
    // Another connection's prefix is outside this one's, unless the same vendor account is granted it there too.
    outside: outsideKeys(plan.model, connection).filter(
      (k) => !grants.some((g) => g.prefix && k.key.startsWith(`${g.prefix}/`) && principalMatches(g.principalArn, vendor.caller)),
    ),
    outsider: outsiderAccount([planned.bucketPolicy.document, planned.identityPolicies.map((p) => p.document)]),
    grants,
    vendor,
  };
}

function vendorPrincipal(connection: ResolvedConnection, docs: Documents, needs: VendorNeeds): MatrixContext["vendor"] {
  if (docs.credential.kind === "role")
    return { who: "vendor role", caller: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${docs.credential.name}/${sessionNameOf(connection)}` };
  if (docs.credential.kind === "user") return { who: "vendor user", caller: docs.credential.arn };
  if (!needs.bucketPolicyPrincipal)
    throw new Error(`connection ${connection.name}: no credential in the plan, and its vendor names no bucket-policy principal`);
  return { who: "vendor account (bucket policy)", caller: callerFor(needs.bucketPolicyPrincipal) };
}

/** The key of every request made on one key inside the prefix. */
export const fileInside = (ctx: MatrixContext): string => ctx.inside[ctx.inside.length - 1];

// ---------------------------------------------------------------------------------------------
// Builders of cases and requests

export type Add = (who: string, what: string, expected: Expected, why: string, request: AccessRequest) => void;

/** A section's cases, and the function that adds one for the context's connection. */
export function collect(ctx: MatrixContext): { cases: ProofCase[]; add: Add } {
  const cases: ProofCase[] = [];
  const add: Add = (who, what, expected, why, request) => {
    cases.push({ connection: ctx.connection.name, who, what, expected, why, request });
  };
  return { cases, add };
}

/** An S3 request, as the request line names it. */
export interface S3Ask {
  what: string;
  action: string;
  resource: string;
  context: Record<string, string>;
}

/** A request on the bucket by a caller with its identity policies; the bucket policy always applies. */
export function s3Request(
  ctx: MatrixContext,
  caller: string,
  identityPolicies: NamedPolicy[],
  action: string,
  resource: string,
  context: Record<string, string>,
): AccessRequest {
  return { principal: caller, identityPolicies, action, resource, resourceAccount: ACCOUNT_ID, context, resourcePolicy: ctx.docs.bucketPolicy };
}

/** A request on the bucket by the vendor's own principal. */
export function asVendor(ctx: MatrixContext, action: string, resource: string, context: Record<string, string>): AccessRequest {
  return s3Request(ctx, ctx.vendor.caller, ctx.docs.identityPolicies, action, resource, context);
}

/** A request by someone of another account (whose own account is assumed to allow everything). */
export function asOtherAccount(ctx: MatrixContext, caller: string, action: string, resource: string, context: Record<string, string>): AccessRequest {
  return s3Request(ctx, caller, [OWN_ACCOUNT_ALLOWS_ALL], action, resource, context);
}

export const listWhat = (prefix: string | undefined) => `s3:ListBucket ${prefix === undefined ? "(no prefix)" : `prefix=${prefix}`}`;
export const listContext = (prefix: string | undefined, tls = TLS): Record<string, string> =>
  prefix === undefined ? { ...tls } : { ...tls, "s3:prefix": prefix };

/** The listing request on the connection's prefix (the whole bucket without one). */
export function listPrefix(ctx: MatrixContext): S3Ask {
  const prefix = ctx.connection.prefix ? `${ctx.connection.prefix}/` : undefined;
  return { what: listWhat(prefix), action: "s3:ListBucket", resource: s3Bucket(ctx.connection.bucket), context: listContext(prefix) };
}
