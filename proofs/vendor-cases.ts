/**
 * The sections of the matrix for the vendor's own principal (a session of its role, or its user):
 * what it needs is allowed where it needs it and refused elsewhere, without TLS, and when unneeded.
 */
import type { AccessRequest, NamedPolicy } from "./request";
import { ACCOUNT_ID } from "./documents";
import {
  asVendor,
  collect,
  fileInside,
  listContext,
  listWhat,
  listPrefix,
  NO_TLS,
  NO_TLS_WHY,
  outsideFor,
  s3Bucket,
  s3Object,
  TLS,
  UNNEEDED_ACTIONS,
  type MatrixContext,
  type ProofCase,
  type S3Ask,
} from "./context";

const OTHER_BUCKET = "proof-other-bucket";

/**
 * Each object action the vendor needs, inside the prefix; refused outside it and on another bucket.
 * Every action is tried inside and on the look-alike sibling; the first also on every other key,
 * so a statement widened for one action is caught without trying each on all.
 */
export function vendorObjectCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  const { vendor, connection } = ctx;
  const B = connection.bucket;
  ctx.needs.objects.forEach((need, n) => {
    const keys = n === 0 ? ctx.inside : ctx.inside.slice(-1);
    for (const key of keys) add(vendor.who, `${need.action} ${key}`, "allow", need.why, asVendor(ctx, need.action, s3Object(B, key), TLS));
    const key = fileInside(ctx);
    for (const { key: out, why } of outsideFor(ctx.outside, n === 0)) {
      add(
        vendor.who,
        `${need.action} ${out}`,
        "deny",
        `${why}: ${need.action} is needed under ${connection.prefix}/ only`,
        asVendor(ctx, need.action, s3Object(B, out), TLS),
      );
    }
    if (n === 0)
      add(vendor.who, `${need.action} on another bucket`, "deny", "only the connection's bucket", asVendor(ctx, need.action, s3Object(OTHER_BUCKET, key), TLS));
  });
  return cases;
}

/** The prefixes the vendor lists with: under its prefix when listing is confined to it. */
function listedPrefixes(ctx: MatrixContext): (string | undefined)[] {
  const P = ctx.connection.prefix;
  if (!P) return [undefined, "run1/"];
  return ctx.needs.list?.confinedToPrefix ? [`${P}/`, `${P}/run1/`] : [undefined, `${P}/`];
}

/** Listing as the vendor needs it; when confined to the prefix, the whole bucket, elsewhere and look-alikes refused. */
export function vendorListingCases(ctx: MatrixContext): ProofCase[] {
  const list = ctx.needs.list;
  if (!list) return [];
  const { cases, add } = collect(ctx);
  const { vendor } = ctx;
  const B = ctx.connection.bucket;
  const P = ctx.connection.prefix;
  for (const prefix of listedPrefixes(ctx))
    add(vendor.who, listWhat(prefix), "allow", list.why, asVendor(ctx, "s3:ListBucket", s3Bucket(B), listContext(prefix)));
  if (P && list.confinedToPrefix) {
    const refused: [string | undefined, string][] = [
      [undefined, "listing the whole bucket"],
      ["other/", "listing outside the prefix"],
      [`${P}EVIL/`, "a sibling that shares the prefix's leading characters"],
      [P, `"${P}" without "/" is not matched by ${P}/* (docs/vendors/aws.md §1)`],
    ];
    for (const [prefix, why] of refused) {
      add(
        vendor.who,
        listWhat(prefix),
        "deny",
        `${why}: listing is confined to ${P}/ (docs/vendors/aws.md §1)`,
        asVendor(ctx, "s3:ListBucket", s3Bucket(B), listContext(prefix)),
      );
    }
  }
  return cases;
}

/** Each bucket action the vendor needs, on its bucket; the first refused on another bucket. */
export function vendorBucketCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  const { vendor } = ctx;
  ctx.needs.bucket.forEach((need, n) => {
    add(vendor.who, `${need.action} bucket`, "allow", need.why, asVendor(ctx, need.action, s3Bucket(ctx.connection.bucket), TLS));
    if (n === 0)
      add(vendor.who, `${need.action} another bucket`, "deny", "only the connection's bucket", asVendor(ctx, need.action, s3Bucket(OTHER_BUCKET), TLS));
  });
  return cases;
}

/** A request by the vendor's principal that no bucket policy governs (STS, HealthOmics, IAM). */
function vendorIdentityRequest(ctx: MatrixContext, action: string, resource: string, context: Record<string, string>): AccessRequest {
  return { principal: ctx.vendor.caller, identityPolicies: ctx.docs.identityPolicies, action, resource, resourceAccount: ACCOUNT_ID, context };
}

function shortResource(resource: string): string {
  if (resource === "*") return "";
  return resource.replace(/^arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:/, "");
}

/** The vendor's actions on other services (STS, HealthOmics, iam:PassRole of its execution role). */
export function vendorServiceCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  for (const need of ctx.needs.global) {
    add(
      ctx.vendor.who,
      `${need.action} ${shortResource(need.resource)}`,
      "allow",
      need.why,
      vendorIdentityRequest(ctx, need.action, need.resource, { ...TLS, ...need.context }),
    );
  }
  return cases;
}

/** What the vendor's requirements name as refused (another role to pass, a wrong condition). */
export function vendorRefusedCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  for (const denied of ctx.needs.denied) {
    add(ctx.vendor.who, denied.what, "deny", denied.why, vendorIdentityRequest(ctx, denied.action, denied.resource, { ...TLS, ...denied.context }));
  }
  return cases;
}

/** One allowed request of each S3 action the vendor needs (and its first listing), over TLS. */
export function vendorAllowedS3(ctx: MatrixContext): S3Ask[] {
  const B = ctx.connection.bucket;
  const key = fileInside(ctx);
  const listing = ctx.needs.list ? [listedPrefixes(ctx)[0]] : [];
  return [
    ...ctx.needs.objects.map((need) => ({ what: `${need.action} ${key}`, action: need.action, resource: s3Object(B, key), context: TLS })),
    ...listing.map((prefix) => ({ what: listWhat(prefix), action: "s3:ListBucket", resource: s3Bucket(B), context: listContext(prefix) })),
    ...ctx.needs.bucket.map((need) => ({ what: `${need.action} bucket`, action: need.action, resource: s3Bucket(B), context: TLS })),
  ];
}

/** Every allowed S3 request of the vendor, refused without TLS. */
export function vendorWithoutTlsCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  for (const request of vendorAllowedS3(ctx)) {
    add(ctx.vendor.who, `${request.what} (no TLS)`, "deny", NO_TLS_WHY, asVendor(ctx, request.action, request.resource, { ...request.context, ...NO_TLS }));
  }
  return cases;
}

/** Least privilege: the S3 actions the vendor does not need, refused inside its own prefix. */
export function vendorUnneededCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  const { vendor, connection, needs } = ctx;
  const B = connection.bucket;
  const needed = new Set([...needs.objects, ...needs.bucket, ...(needs.list ? [needs.list] : [])].map((n) => n.action));
  for (const action of UNNEEDED_ACTIONS.bucket.filter((a) => !needed.has(a))) {
    const listing = listPrefix(ctx);
    const context = action === "s3:ListBucket" ? listing.context : TLS;
    add(
      vendor.who,
      action === "s3:ListBucket" ? listing.what : `${action} bucket`,
      "deny",
      `not needed by ${connection.vendor}`,
      asVendor(ctx, action, s3Bucket(B), context),
    );
  }
  for (const action of UNNEEDED_ACTIONS.objects.filter((a) => !needed.has(a))) {
    const key = fileInside(ctx);
    add(vendor.who, `${action} ${key}`, "deny", `not needed by ${connection.vendor}`, asVendor(ctx, action, s3Object(B, key), TLS));
  }
  return cases;
}

/** Federation tokens: refused unless the vendor's requirements list them (Element's user does). */
export function federationTokenCases(ctx: MatrixContext): ProofCase[] {
  // A vendor account granted in the bucket policy has no credential of this account to ask with.
  if (ctx.docs.credential.kind === "none" || ctx.needs.global.some((n) => n.action === "sts:GetFederationToken")) return [];
  const { cases, add } = collect(ctx);
  const resource = `arn:aws:sts::${ACCOUNT_ID}:federated-user/${ctx.docs.credential.name}`;
  add(
    ctx.vendor.who,
    "sts:GetFederationToken",
    "deny",
    `not needed by a ${ctx.connection.credential.type} credential (docs/vendors/element.md §10.3; docs/vendors/elembio.md §11.2; docs/vendors/ica.md §12.4; docs/vendors/aws.md §5)`,
    vendorIdentityRequest(ctx, "sts:GetFederationToken", resource, TLS),
  );
  return cases;
}

function accountOfArn(arn: string): string {
  const account = arn.split(":")[4];
  if (!/^\d{12}$/.test(account)) throw new Error(`no account in ${arn}`);
  return account;
}

/** The key policy AWS gives a key by default: the key's account decides through IAM policies. */
function defaultKeyPolicy(keyArn: string): NamedPolicy {
  return {
    name: "default key policy",
    document: {
      Version: "2012-10-17",
      Statement: [
        { Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountOfArn(keyArn)}:root` }, Action: "kms:*", Resource: "*" },
      ],
    },
  };
}

function kmsRequest(caller: string, identityPolicies: NamedPolicy[], action: string, resource: string): AccessRequest {
  return {
    principal: caller,
    identityPolicies,
    action,
    resource,
    resourceAccount: accountOfArn(resource),
    context: TLS,
    resourcePolicy: defaultKeyPolicy(resource),
  };
}

/**
 * The bucket's KMS key on SSE-KMS buckets, under its default key policy: the KMS actions the
 * vendor (and its execution role) needs on that key only, the others refused.
 */
export function bucketKeyCases(ctx: MatrixContext): ProofCase[] {
  const encryption = ctx.bucket.encryption;
  if (encryption.type !== "sse-kms") return [];
  const { cases, add } = collect(ctx);
  const { vendor, docs, needs } = ctx;
  const key = encryption.kmsKeyArn;
  const otherKey = key.replace(/key\/.*$/, "key/00000000-0000-4000-8000-000000000000");
  for (const need of needs.kms) {
    add(vendor.who, `${need.action} bucket key`, "allow", need.why, kmsRequest(vendor.caller, docs.identityPolicies, need.action, key));
    add(vendor.who, `${need.action} another key`, "deny", "only the bucket's key", kmsRequest(vendor.caller, docs.identityPolicies, need.action, otherKey));
  }
  const kmsNeeded = new Set(needs.kms.map((n) => n.action));
  for (const action of UNNEEDED_ACTIONS.kms.filter((a) => !kmsNeeded.has(a))) {
    add(vendor.who, `${action} bucket key`, "deny", `not needed by ${ctx.connection.vendor}`, kmsRequest(vendor.caller, docs.identityPolicies, action, key));
  }
  if (docs.executionRole && needs.executionRole) {
    const caller = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${docs.executionRole.name}/proof-session`;
    for (const need of needs.executionRole.kms)
      add("execution role", `${need.action} bucket key`, "allow", need.why, kmsRequest(caller, docs.executionRole.policies, need.action, key));
  }
  return cases;
}
