/**
 * The access-proof matrix: for every connection of a plan, the requests its vendor must be able to
 * make and the requests that must be refused, each with the answer AWS should give.
 *
 * The documents under test come from the plan (the resources the real program registers under
 * the mock engine). The expectations come from the resolved model (credential, prefix, features,
 * bucket settings) and from the vendors' published requirements as data (`proofs/needs.ts`),
 * never from the generated documents. ARNs are spelled here, not borrowed from the builders.
 */
import { MOCK_ACCOUNT_ID } from "../offline/mock-engine";
import type { PlannedResource } from "../offline/run-plan";
import type { ResolvedBucket, ResolvedConnection, StackModel } from "../model/resolve";
import { bucketOf } from "../model/resolve";
import { overlappingPrefix } from "../model/rules";
import { ANONYMOUS, type AccessRequest, type NamedPolicy } from "./engine";
import { needsOf, type Need, type VendorNeeds } from "./needs";

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

/** What the matrix needs of a plan: its resources (documents parsed) and the resolved model. */
export interface PlanForProof {
  resources: PlannedResource[];
  model: StackModel;
}

/** The account the plan deploys to (the mock engine's caller identity). */
export const ACCOUNT_ID = MOCK_ACCOUNT_ID;

const s3Bucket = (bucket: string) => `arn:aws:s3:::${bucket}`;
const s3Object = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;
const TLS = { "aws:SecureTransport": "true" };
const NO_TLS = { "aws:SecureTransport": "false" };

/** The identity policy assumed for principals of other accounts: everything, so only our policies decide. */
const OWN_ACCOUNT_ALLOWS_ALL: NamedPolicy = {
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
const SHARED = {
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
// Documents of the plan

interface Documents {
  bucketPolicy: NamedPolicy;
  credential: { kind: "role"; name: string; arn: string; trust: NamedPolicy } | { kind: "user"; name: string; arn: string };
  identityPolicies: NamedPolicy[];
  executionRole?: { name: string; arn: string; trust: NamedPolicy; policies: NamedPolicy[] };
}

function documentOf(resource: PlannedResource, key: string): unknown {
  const document = resource.inputs[key];
  if (!document || typeof document !== "object") throw new Error(`${resource.type} ${resource.name}: ${key} is not a known document (${JSON.stringify(document)})`);
  return document;
}

function componentOf(plan: PlanForProof, type: string, name: string): { component: PlannedResource; children: PlannedResource[] } {
  const component = plan.resources.find((r) => r.type === type && r.name === name);
  if (!component) throw new Error(`the plan has no ${type} named ${name}`);
  return { component, children: plan.resources.filter((r) => r.parent === component.urn) };
}

function childNamed(children: PlannedResource[], type: string, name: string): PlannedResource | undefined {
  return children.find((r) => r.type === type && r.name === name);
}

/** The connection's documents, found through the logical names the components give them. */
export function documentsOf(plan: PlanForProof, connection: ResolvedConnection): Documents {
  const bucket = componentOf(plan, "vendor-connections:index:ConnectedBucket", connection.bucket);
  const bucketPolicy = bucket.children.find((r) => r.type === "aws:s3/bucketPolicy:BucketPolicy");
  if (!bucketPolicy) throw new Error(`bucket ${connection.bucket} has no bucket policy in the plan`);
  const access = componentOf(plan, "vendor-connections:index:VendorAccess", connection.name);
  const c = connection.name;
  const role = childNamed(access.children, "aws:iam/role:Role", `${c}-role`);
  const user = childNamed(access.children, "aws:iam/user:User", `${c}-user`);
  const policy = childNamed(access.children, role ? "aws:iam/rolePolicy:RolePolicy" : "aws:iam/userPolicy:UserPolicy", `${c}-policy`);
  if (!(role ?? user) || !policy) throw new Error(`connection ${c}: the plan has no ${c}-role or ${c}-user with its ${c}-policy`);
  const credentialName = String((role ?? user)!.inputs.name);
  const credential: Documents["credential"] = role
    ? { kind: "role", name: credentialName, arn: `arn:aws:iam::${ACCOUNT_ID}:role/${credentialName}`, trust: { name: `trust policy of ${credentialName}`, document: documentOf(role, "assumeRolePolicy") } }
    : { kind: "user", name: credentialName, arn: `arn:aws:iam::${ACCOUNT_ID}:user/${credentialName}` };
  const documents: Documents = {
    bucketPolicy: { name: `bucket policy of ${connection.bucket}`, document: documentOf(bucketPolicy, "policy") },
    credential,
    identityPolicies: [{ name: policy.name, document: documentOf(policy, "policy") }],
  };
  const execution = childNamed(access.children, "aws:iam/role:Role", `${c}-execution-role`);
  if (execution) {
    const name = String(execution.inputs.name);
    const executionPolicy = childNamed(access.children, "aws:iam/rolePolicy:RolePolicy", `${c}-execution-policy`);
    documents.executionRole = {
      name,
      arn: `arn:aws:iam::${ACCOUNT_ID}:role/${name}`,
      trust: { name: `trust policy of ${name}`, document: documentOf(execution, "assumeRolePolicy") },
      policies: executionPolicy ? [{ name: executionPolicy.name, document: documentOf(executionPolicy, "policy") }] : [],
    };
  }
  return documents;
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
      const grants: Grant[] = o.sharedPrincipals.map((p) => ({ principalArn: p.arn, prefix: o.prefix, actions: [...SHARED.read, ...SHARED.location, "s3:ListBucket"] }));
      const cross = needsOf(o, bucket, { accountId: ACCOUNT_ID, credentialName: o.name }).crossAccount;
      if (cross && cross.actions.length > 0) grants.push({ principalArn: cross.roleArn, prefix: o.prefix, actions: cross.actions.map((n) => n.action) });
      return grants;
    });
}

function principalMatches(policyArn: string, callerArn: string): boolean {
  const account = /^arn:aws:(?:iam|sts)::(\d{12}):/.exec(callerArn)?.[1];
  return policyArn === callerArn || policyArn === `arn:aws:iam::${account}:root` || callerFor(policyArn) === callerArn;
}

function grantedElsewhere(grants: Grant[], callerArn: string, action: string, key: string | undefined): boolean {
  return grants.some(
    (g) => principalMatches(g.principalArn, callerArn) && g.actions.includes(action) && (g.prefix === undefined || key === undefined || key.startsWith(`${g.prefix}/`)),
  );
}

// ---------------------------------------------------------------------------------------------
// The matrix

/** Every case of every connection of the plan. */
export function buildMatrix(plan: PlanForProof): ProofCase[] {
  return plan.model.connections.flatMap((connection) => connectionMatrix(plan, connection));
}

/** The cases of one connection. */
export function connectionMatrix(plan: PlanForProof, connection: ResolvedConnection): ProofCase[] {
  const bucket = bucketOf(plan.model, connection);
  const docs = documentsOf(plan, connection);
  const needs = needsOf(connection, bucket, { accountId: ACCOUNT_ID, credentialName: docs.credential.name, executionRoleArn: docs.executionRole?.arn });
  const cases: ProofCase[] = [];
  const B = connection.bucket;
  const P = connection.prefix;
  const inside = keysInside(P);
  const outside = outsideKeys(plan.model, connection);
  const outsider = outsiderAccount([docs.bucketPolicy.document, docs.identityPolicies.map((p) => p.document)]);
  const grants = grantsOfOthers(plan, connection, bucket);
  const add = (who: string, what: string, expected: Expected, why: string, request: AccessRequest) =>
    cases.push({ connection: connection.name, who, what, expected, why, request });

  // Requests on the bucket, by a caller with its identity policies; the bucket policy always applies.
  const s3 = (caller: string, identityPolicies: NamedPolicy[], action: string, resource: string, context: Record<string, string>): AccessRequest => ({
    principal: caller,
    identityPolicies,
    action,
    resource,
    resourceAccount: ACCOUNT_ID,
    context,
    resourcePolicy: docs.bucketPolicy,
  });
  const listWhat = (prefix: string | undefined) => `s3:ListBucket ${prefix === undefined ? "(no prefix)" : `prefix=${prefix}`}`;
  const listContext = (prefix: string | undefined, tls = TLS): Record<string, string> => (prefix === undefined ? { ...tls } : { ...tls, "s3:prefix": prefix });

  // --- The vendor's own principal ------------------------------------------------------------
  const vendor =
    docs.credential.kind === "role"
      ? { who: "vendor role", caller: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${docs.credential.name}/${sessionNameOf(connection)}` }
      : { who: "vendor user", caller: docs.credential.arn };
  const asVendor = (action: string, resource: string, context: Record<string, string>) => s3(vendor.caller, docs.identityPolicies, action, resource, context);
  /** The vendor's allowed S3 requests over TLS, kept for the no-TLS and outsider variants. */
  const allowedS3: { what: string; action: string; resource: string; context: Record<string, string> }[] = [];

  // Every action is tried inside and on the look-alike sibling; the first of each kind also on
  // every other key, so a statement widened for one action is caught without trying each on all.
  needs.objects.forEach((need, n) => {
    const keys = n === 0 ? inside : inside.slice(-1);
    for (const key of keys) add(vendor.who, `${need.action} ${key}`, "allow", need.why, asVendor(need.action, s3Object(B, key), TLS));
    const key = inside[inside.length - 1];
    allowedS3.push({ what: `${need.action} ${key}`, action: need.action, resource: s3Object(B, key), context: TLS });
    for (const { key: out, why } of outsideFor(outside, n === 0)) add(vendor.who, `${need.action} ${out}`, "deny", `${why}: ${need.action} is needed under ${P}/ only`, asVendor(need.action, s3Object(B, out), TLS));
    if (n === 0) add(vendor.who, `${need.action} on another bucket`, "deny", "only the connection's bucket", asVendor(need.action, s3Object("proof-other-bucket", key), TLS));
  });
  if (needs.list) {
    const list = needs.list;
    const allowedPrefixes = P ? (list.confinedToPrefix ? [`${P}/`, `${P}/run1/`] : [undefined, `${P}/`]) : [undefined, "run1/"];
    allowedPrefixes.forEach((prefix, i) => {
      add(vendor.who, listWhat(prefix), "allow", list.why, asVendor("s3:ListBucket", s3Bucket(B), listContext(prefix)));
      if (i === 0) allowedS3.push({ what: listWhat(prefix), action: "s3:ListBucket", resource: s3Bucket(B), context: listContext(prefix) });
    });
    if (P && list.confinedToPrefix) {
      const refused: [string | undefined, string][] = [
        [undefined, "listing the whole bucket"],
        ["other/", "listing outside the prefix"],
        [`${P}EVIL/`, "a sibling that shares the prefix's leading characters"],
        [P, `"${P}" without "/" is not matched by ${P}/* (§10)`],
      ];
      for (const [prefix, why] of refused) add(vendor.who, listWhat(prefix), "deny", `${why}: listing is confined to ${P}/ (§10, §12 rule 19)`, asVendor("s3:ListBucket", s3Bucket(B), listContext(prefix)));
    }
  }
  needs.bucket.forEach((need, n) => {
    add(vendor.who, `${need.action} bucket`, "allow", need.why, asVendor(need.action, s3Bucket(B), TLS));
    allowedS3.push({ what: `${need.action} bucket`, action: need.action, resource: s3Bucket(B), context: TLS });
    if (n === 0) add(vendor.who, `${need.action} another bucket`, "deny", "only the connection's bucket", asVendor(need.action, s3Bucket("proof-other-bucket"), TLS));
  });
  for (const need of needs.global) {
    add(vendor.who, `${need.action} ${shortResource(need.resource)}`, "allow", need.why, {
      principal: vendor.caller,
      identityPolicies: docs.identityPolicies,
      action: need.action,
      resource: need.resource,
      resourceAccount: ACCOUNT_ID,
      context: { ...TLS, ...need.context },
    });
  }
  for (const denied of needs.denied) {
    add(vendor.who, denied.what, "deny", denied.why, {
      principal: vendor.caller,
      identityPolicies: docs.identityPolicies,
      action: denied.action,
      resource: denied.resource,
      resourceAccount: ACCOUNT_ID,
      context: { ...TLS, ...denied.context },
    });
  }
  for (const request of allowedS3) {
    add(vendor.who, `${request.what} (no TLS)`, "deny", "every request without TLS is refused (DenyInsecureTransport)", asVendor(request.action, request.resource, { ...request.context, ...NO_TLS }));
  }

  // Least privilege: what the vendor does not need, tried inside its own prefix.
  const needed = new Set([...needs.objects, ...needs.bucket, ...(needs.list ? [needs.list] : [])].map((n) => n.action));
  for (const action of UNNEEDED_ACTIONS.bucket.filter((a) => !needed.has(a))) {
    const context = action === "s3:ListBucket" ? listContext(P ? `${P}/` : undefined) : TLS;
    add(vendor.who, action === "s3:ListBucket" ? listWhat(P ? `${P}/` : undefined) : `${action} bucket`, "deny", `not needed by ${connection.vendor}`, asVendor(action, s3Bucket(B), context));
  }
  for (const action of UNNEEDED_ACTIONS.objects.filter((a) => !needed.has(a))) {
    const key = inside[inside.length - 1];
    add(vendor.who, `${action} ${key}`, "deny", `not needed by ${connection.vendor}`, asVendor(action, s3Object(B, key), TLS));
  }
  const globalNeeded = new Set(needs.global.map((n) => n.action));
  if (!globalNeeded.has("sts:GetFederationToken")) {
    add(vendor.who, "sts:GetFederationToken", "deny", `not needed by a ${connection.credential.type} credential (§11.5)`, {
      principal: vendor.caller,
      identityPolicies: docs.identityPolicies,
      action: "sts:GetFederationToken",
      resource: `arn:aws:sts::${ACCOUNT_ID}:federated-user/${docs.credential.name}`,
      resourceAccount: ACCOUNT_ID,
      context: TLS,
    });
  }

  // The bucket's KMS key, under its default key policy (which lets IAM policies of the key's account decide).
  if (bucket.encryption.type === "sse-kms") {
    const key = bucket.encryption.kmsKeyArn;
    const kms = (caller: string, identityPolicies: NamedPolicy[], action: string, resource: string): AccessRequest => ({
      principal: caller,
      identityPolicies,
      action,
      resource,
      resourceAccount: accountOfArn(resource),
      context: TLS,
      resourcePolicy: defaultKeyPolicy(resource),
    });
    const otherKey = key.replace(/key\/.*$/, "key/00000000-0000-4000-8000-000000000000");
    for (const need of needs.kms) {
      add(vendor.who, `${need.action} bucket key`, "allow", need.why, kms(vendor.caller, docs.identityPolicies, need.action, key));
      add(vendor.who, `${need.action} another key`, "deny", "only the bucket's key", kms(vendor.caller, docs.identityPolicies, need.action, otherKey));
    }
    const kmsNeeded = new Set(needs.kms.map((n) => n.action));
    for (const action of UNNEEDED_ACTIONS.kms.filter((a) => !kmsNeeded.has(a))) {
      add(vendor.who, `${action} bucket key`, "deny", `not needed by ${connection.vendor}`, kms(vendor.caller, docs.identityPolicies, action, key));
    }
    if (docs.executionRole && needs.executionRole) {
      const caller = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${docs.executionRole.name}/proof-session`;
      for (const need of needs.executionRole.kms) add("execution role", `${need.action} bucket key`, "allow", need.why, kms(caller, docs.executionRole.policies, need.action, key));
    }
  }

  // --- Anyone not named ------------------------------------------------------------------------
  const outsiders: { who: string; caller: string; identityPolicies: NamedPolicy[]; why: string }[] = [
    { who: "another account", caller: `arn:aws:sts::${outsider}:assumed-role/proof-outsider/proof-session`, identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL], why: "no statement names another account" },
    { who: "anonymous", caller: ANONYMOUS, identityPolicies: [], why: "no public access" },
  ];
  if (needs.vendorAccountId) {
    outsiders.push({
      who: "vendor's account directly",
      caller: `arn:aws:sts::${needs.vendorAccountId}:assumed-role/proof-vendor-service/proof-session`,
      identityPolicies: [OWN_ACCOUNT_ALLOWS_ALL],
      why: "the vendor reaches the bucket only through its credential",
    });
  }
  for (const o of outsiders) {
    for (const request of allowedS3) add(o.who, request.what, "deny", o.why, s3(o.caller, o.identityPolicies, request.action, request.resource, request.context));
  }

  // --- Shared principals: read and list the prefix, nothing else -----------------------------
  for (const shared of connection.sharedPrincipals) {
    const caller = callerFor(shared.arn);
    const who = `shared ${shared.arn.replace(/^arn:aws:iam::/, "")}`;
    const ask = (action: string, resource: string, context: Record<string, string>) => s3(caller, [OWN_ACCOUNT_ALLOWS_ALL], action, resource, context);
    const why = "sharedPrincipals: read-only, on the connection's prefix";
    const readable: { what: string; action: string; resource: string; context: Record<string, string> }[] = [];
    for (const action of SHARED.read) for (const key of inside) readable.push({ what: `${action} ${key}`, action, resource: s3Object(B, key), context: TLS });
    readable.push({ what: listWhat(P ? `${P}/` : undefined), action: "s3:ListBucket", resource: s3Bucket(B), context: listContext(P ? `${P}/` : undefined) });
    for (const action of SHARED.location) readable.push({ what: `${action} bucket`, action, resource: s3Bucket(B), context: TLS });
    for (const r of readable) {
      add(who, r.what, "allow", why, ask(r.action, r.resource, r.context));
      add(who, `${r.what} (no TLS)`, "deny", "every request without TLS is refused (DenyInsecureTransport)", ask(r.action, r.resource, { ...r.context, ...NO_TLS }));
    }
    for (const action of SHARED.refused) {
      const key = inside[inside.length - 1];
      if (!grantedElsewhere(grants, caller, action, key)) add(who, `${action} ${key}`, "deny", `${why}: no write or delete`, ask(action, s3Object(B, key), TLS));
    }
    for (const action of SHARED.read) {
      for (const { key, why: where } of outside) {
        if (!grantedElsewhere(grants, caller, action, key)) add(who, `${action} ${key}`, "deny", `${where}: sharing covers ${P}/ only`, ask(action, s3Object(B, key), TLS));
      }
    }
    if (P && !grantedElsewhere(grants, caller, "s3:ListBucket", undefined)) {
      add(who, listWhat(undefined), "deny", "listing is confined to the prefix", ask("s3:ListBucket", s3Bucket(B), listContext(undefined)));
      add(who, listWhat("other/"), "deny", "listing is confined to the prefix", ask("s3:ListBucket", s3Bucket(B), listContext("other/")));
    }
  }

  // --- The vendor's cross-account role (ICA copy and move) -----------------------------------
  if (needs.crossAccount) {
    const cross = needs.crossAccount;
    const caller = callerFor(cross.roleArn);
    const ask = (callerArn: string, action: string, resource: string, context: Record<string, string>) => s3(callerArn, [OWN_ACCOUNT_ALLOWS_ALL], action, resource, context);
    const granted = new Set(cross.actions.map((n) => n.action));
    cross.actions.forEach((need, n) => {
      for (const key of n === 0 ? inside : inside.slice(-1)) add(cross.label, `${need.action} ${key}`, "allow", need.why, ask(caller, need.action, s3Object(B, key), TLS));
      const key = inside[inside.length - 1];
      add(cross.label, `${need.action} ${key} (no TLS)`, "deny", "every request without TLS is refused (DenyInsecureTransport)", ask(caller, need.action, s3Object(B, key), NO_TLS));
      for (const { key: out, why } of outsideFor(outside, n === 0)) {
        if (!grantedElsewhere(grants, caller, need.action, out)) add(cross.label, `${need.action} ${out}`, "deny", `${why}: cross-account access is confined to ${P}/`, ask(caller, need.action, s3Object(B, out), TLS));
      }
    });
    // What the copy (or move) does not include, and what it includes for nobody else.
    const key = inside[inside.length - 1];
    const refusedObjects = ["s3:PutObject", "s3:GetObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl"].filter((a) => !granted.has(a));
    for (const action of refusedObjects) {
      if (!grantedElsewhere(grants, caller, action, key)) {
        add(cross.label, `${action} ${key}`, "deny", cross.actions.length === 0 ? "crossAccount is none" : "not part of the configured copy/move", ask(caller, action, s3Object(B, key), TLS));
      }
    }
    for (const action of ["s3:ListBucket", "s3:DeleteBucket", "s3:PutBucketPolicy"]) {
      if (!grantedElsewhere(grants, caller, action, undefined)) add(cross.label, `${action} bucket`, "deny", "cross-account access is to objects only", ask(caller, action, s3Bucket(B), TLS));
    }
    const otherCaller = callerFor(cross.otherRoleArn);
    for (const need of cross.actions.slice(0, 1)) {
      if (!grantedElsewhere(grants, otherCaller, need.action, key)) {
        add(`${cross.label} of another region`, `${need.action} ${key}`, "deny", "only the bucket region's role (§6.2)", ask(otherCaller, need.action, s3Object(B, key), TLS));
      }
    }
  }

  // --- Who may assume the role -----------------------------------------------------------------
  if (docs.credential.kind === "role" && needs.trust) {
    const trust = needs.trust;
    const role = docs.credential;
    const assume = (c: typeof trust.caller): AccessRequest => ({
      principal: c.principal,
      identityPolicies: c.awsPrincipal ? [OWN_ACCOUNT_ALLOWS_ALL] : [],
      action: c.action,
      resource: role.arn,
      resourceAccount: ACCOUNT_ID,
      context: c.context,
      resourcePolicy: role.trust,
    });
    add("trust", `${trust.caller.action} ${trust.caller.label}`, "allow", trust.why, assume(trust.caller));
    for (const refused of trust.refused) add("trust", `${refused.action} ${refused.label}`, "deny", trust.why, assume(refused));
  } else if (docs.credential.kind === "role") {
    throw new Error(`connection ${connection.name}: a role credential, but no trust requirements for vendor ${connection.vendor}`);
  }

  // --- The vendor service's execution role (ElemBio HealthOmics) ------------------------------
  if (needs.executionRole || docs.executionRole) executionRoleCases(connection, needs, docs, add, s3);
  return cases;
}

type Add = (who: string, what: string, expected: Expected, why: string, request: AccessRequest) => void;
type S3Request = (caller: string, identityPolicies: NamedPolicy[], action: string, resource: string, context: Record<string, string>) => AccessRequest;

function executionRoleCases(connection: ResolvedConnection, needs: VendorNeeds, docs: Documents, add: Add, s3: S3Request): void {
  const spec = needs.executionRole;
  const role = docs.executionRole;
  if (!spec || !role) throw new Error(`connection ${connection.name}: ${spec ? "the plan has no execution role" : "the plan has an execution role the vendor does not ask for"}`);
  const B = connection.bucket;
  const caller = `arn:aws:sts::${ACCOUNT_ID}:assumed-role/${role.name}/proof-session`;
  const who = "execution role";
  const keys = [...keysInside(connection.prefix).slice(-1), "other/run2/file.bcl"];
  const granted = new Set([...spec.objects, ...spec.bucket].map((n: Need) => n.action));
  for (const need of spec.objects) {
    for (const key of keys) add(who, `${need.action} ${key}`, "allow", `${need.why}: the whole bucket`, s3(caller, role.policies, need.action, s3Object(B, key), TLS));
    add(who, `${need.action} ${keys[0]} (no TLS)`, "deny", "every request without TLS is refused (DenyInsecureTransport)", s3(caller, role.policies, need.action, s3Object(B, keys[0]), NO_TLS));
    add(who, `${need.action} on another bucket`, "deny", "only the connection's bucket", s3(caller, role.policies, need.action, s3Object("proof-other-bucket", keys[0]), TLS));
  }
  for (const need of spec.bucket) add(who, `${need.action} bucket`, "allow", need.why, s3(caller, role.policies, need.action, s3Bucket(B), TLS));
  for (const action of UNNEEDED_ACTIONS.objects.filter((a) => !granted.has(a))) add(who, `${action} ${keys[0]}`, "deny", "not in the execution role's template (§2.6)", s3(caller, role.policies, action, s3Object(B, keys[0]), TLS));
  for (const action of UNNEEDED_ACTIONS.bucket.filter((a) => !granted.has(a))) add(who, `${action} bucket`, "deny", "not in the execution role's template (§2.6)", s3(caller, role.policies, action, s3Bucket(B), TLS));
  const assume = (principal: string, context: Record<string, string>): AccessRequest => ({
    principal,
    identityPolicies: [],
    action: "sts:AssumeRole",
    resource: role.arn,
    resourceAccount: ACCOUNT_ID,
    context,
    resourcePolicy: role.trust,
  });
  add("execution role trust", `sts:AssumeRole ${spec.service} for this account`, "allow", "§2.6 execution-role trust", assume(spec.service, { "aws:SourceAccount": ACCOUNT_ID }));
  add("execution role trust", `sts:AssumeRole ${spec.service} for another account`, "deny", "§12 rule 17: aws:SourceAccount hardening", assume(spec.service, { "aws:SourceAccount": "444455556666" }));
  add("execution role trust", "sts:AssumeRole ec2.amazonaws.com", "deny", "only the HealthOmics service", assume("ec2.amazonaws.com", { "aws:SourceAccount": ACCOUNT_ID }));
}

/** The session name the vendor uses: ICA's must start with its generated prefix (§5.3). */
function sessionNameOf(connection: ResolvedConnection): string {
  const credential = connection.credential as { roleSessionNamePrefix?: string };
  return credential.roleSessionNamePrefix ? `${credential.roleSessionNamePrefix}-proof` : "proof-session";
}

/** Keys outside the connection's prefix: elsewhere, a look-alike sibling, the root, other connections' prefixes. */
interface OutsideKey {
  key: string;
  why: string;
  /** The look-alike sibling (`prefixEVIL/x`), the subtlest key: tried with every action. */
  sibling: boolean;
}

/** All outside keys for the first action of a kind, the sibling for the others. */
function outsideFor(outside: OutsideKey[], first: boolean): OutsideKey[] {
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

function shortResource(resource: string): string {
  if (resource === "*") return "";
  return resource.replace(/^arn:aws:[a-z0-9-]+:[a-z0-9-]*:\d*:/, "");
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
      Statement: [{ Sid: "EnableIAMUserPermissions", Effect: "Allow", Principal: { AWS: `arn:aws:iam::${accountOfArn(keyArn)}:root` }, Action: "kms:*", Resource: "*" }],
    },
  };
}
