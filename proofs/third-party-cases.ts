/**
 * The sections of the matrix for principals other than the vendor's credential: anyone not named,
 * the connection's shared principals, and the vendor's cross-account role (ICA copy and move).
 */
import { ANONYMOUS, type NamedPolicy } from "./request";
import type { ResolvedConnection } from "../model/resolve";
import {
  asOtherAccount,
  callerFor,
  collect,
  fileInside,
  grantedElsewhere,
  listContext,
  listPrefix,
  listWhat,
  NO_TLS,
  NO_TLS_WHY,
  outsideFor,
  OWN_ACCOUNT_ALLOWS_ALL,
  s3Bucket,
  s3Object,
  s3Request,
  SHARED,
  TLS,
  type MatrixContext,
  type ProofCase,
  type S3Ask,
} from "./context";
import { vendorAllowedS3 } from "./vendor-cases";

/** Another account, an anonymous caller and the vendor's own account: refused every request the vendor may make. */
export function outsiderCases(ctx: MatrixContext): ProofCase[] {
  const { cases, add } = collect(ctx);
  const outsiders: { who: string; caller: string; identityPolicies: NamedPolicy[]; why: string }[] = [
    {
      who: "another account",
      caller: `arn:aws:sts::${ctx.outsider}:assumed-role/proof-outsider/proof-session`,
      identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL],
      why: "no statement names another account",
    },
    { who: "anonymous", caller: ANONYMOUS, identityPolicies: [], why: "no public access" },
  ];
  if (ctx.needs.vendorAccountId) {
    outsiders.push({
      who: "vendor's account directly",
      caller: `arn:aws:sts::${ctx.needs.vendorAccountId}:assumed-role/proof-vendor-service/proof-session`,
      identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL],
      why: "the vendor reaches the bucket only through its credential",
    });
  }
  const allowed = vendorAllowedS3(ctx);
  for (const o of outsiders) {
    for (const request of allowed)
      add(o.who, request.what, "deny", o.why, s3Request(ctx, o.caller, o.identityPolicies, request.action, request.resource, request.context));
  }
  return cases;
}

/** Shared principals: read and list the prefix, over TLS; no write or delete, nothing outside the prefix. */
export function sharedPrincipalCases(ctx: MatrixContext): ProofCase[] {
  return ctx.connection.sharedPrincipals.flatMap((shared) => sharedPrincipalCasesOf(ctx, shared));
}

function sharedPrincipalCasesOf(ctx: MatrixContext, shared: ResolvedConnection["sharedPrincipals"][number]): ProofCase[] {
  const { cases, add } = collect(ctx);
  const B = ctx.connection.bucket;
  const P = ctx.connection.prefix;
  const caller = callerFor(shared.arn);
  const who = `shared ${shared.arn.replace(/^arn:aws:iam::/, "")}`;
  const ask = (action: string, resource: string, context: Record<string, string>) => asOtherAccount(ctx, caller, action, resource, context);
  const why = "sharedPrincipals: read-only, on the connection's prefix";
  const readable: S3Ask[] = [];
  for (const action of SHARED.read) for (const key of ctx.inside) readable.push({ what: `${action} ${key}`, action, resource: s3Object(B, key), context: TLS });
  readable.push(listPrefix(ctx));
  for (const action of SHARED.location) readable.push({ what: `${action} bucket`, action, resource: s3Bucket(B), context: TLS });
  for (const r of readable) {
    add(who, r.what, "allow", why, ask(r.action, r.resource, r.context));
    add(who, `${r.what} (no TLS)`, "deny", NO_TLS_WHY, ask(r.action, r.resource, { ...r.context, ...NO_TLS }));
  }
  for (const action of SHARED.refused) {
    const key = fileInside(ctx);
    if (!grantedElsewhere(ctx, caller, action, key)) add(who, `${action} ${key}`, "deny", `${why}: no write or delete`, ask(action, s3Object(B, key), TLS));
  }
  for (const action of SHARED.read) {
    for (const { key, why: where } of ctx.outside) {
      if (!grantedElsewhere(ctx, caller, action, key))
        add(who, `${action} ${key}`, "deny", `${where}: sharing covers ${P}/ only`, ask(action, s3Object(B, key), TLS));
    }
  }
  if (P && !grantedElsewhere(ctx, caller, "s3:ListBucket", undefined)) {
    add(who, listWhat(undefined), "deny", "listing is confined to the prefix", ask("s3:ListBucket", s3Bucket(B), listContext(undefined)));
    add(who, listWhat("other/"), "deny", "listing is confined to the prefix", ask("s3:ListBucket", s3Bucket(B), listContext("other/")));
  }
  return cases;
}

/**
 * The vendor's cross-account role (ICA copy and move): exactly the configured actions under the
 * prefix, over TLS; not outside it, not the actions the mode leaves out, not bucket actions, and
 * not the vendor's role of another region.
 */
export function crossAccountCases(ctx: MatrixContext): ProofCase[] {
  const cross = ctx.needs.crossAccount;
  if (!cross) return [];
  const { cases, add } = collect(ctx);
  const B = ctx.connection.bucket;
  const caller = callerFor(cross.roleArn);
  const ask = (callerArn: string, action: string, resource: string, context: Record<string, string>) =>
    asOtherAccount(ctx, callerArn, action, resource, context);
  const granted = new Set(cross.actions.map((n) => n.action));
  const key = fileInside(ctx);
  cross.actions.forEach((need, n) => {
    for (const inside of n === 0 ? ctx.inside : ctx.inside.slice(-1))
      add(cross.label, `${need.action} ${inside}`, "allow", need.why, ask(caller, need.action, s3Object(B, inside), TLS));
    add(cross.label, `${need.action} ${key} (no TLS)`, "deny", NO_TLS_WHY, ask(caller, need.action, s3Object(B, key), NO_TLS));
    for (const { key: out, why } of outsideFor(ctx.outside, n === 0)) {
      if (!grantedElsewhere(ctx, caller, need.action, out)) {
        add(
          cross.label,
          `${need.action} ${out}`,
          "deny",
          `${why}: cross-account access is confined to ${ctx.connection.prefix}/`,
          ask(caller, need.action, s3Object(B, out), TLS),
        );
      }
    }
  });
  // What the copy (or move) does not include, and what it includes for nobody else.
  const refusedObjects = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl"].filter((a) => !granted.has(a));
  for (const action of refusedObjects) {
    if (!grantedElsewhere(ctx, caller, action, key)) {
      add(
        cross.label,
        `${action} ${key}`,
        "deny",
        cross.actions.length === 0 ? "crossAccount is none" : "not part of the configured copy/move",
        ask(caller, action, s3Object(B, key), TLS),
      );
    }
  }
  for (const action of ["s3:ListBucket", "s3:DeleteBucket", "s3:PutBucketPolicy"]) {
    if (!grantedElsewhere(ctx, caller, action, undefined))
      add(cross.label, `${action} bucket`, "deny", "cross-account access is to objects only", ask(caller, action, s3Bucket(B), TLS));
  }
  const otherCaller = callerFor(cross.otherRoleArn);
  for (const need of cross.actions.slice(0, 1)) {
    if (!grantedElsewhere(ctx, otherCaller, need.action, key)) {
      add(
        `${cross.label} of another region`,
        `${need.action} ${key}`,
        "deny",
        "only the bucket region's role (docs/vendors/ica.md §8.2)",
        ask(otherCaller, need.action, s3Object(B, key), TLS),
      );
    }
  }
  return cases;
}
