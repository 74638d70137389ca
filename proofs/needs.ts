/**
 * What each vendor needs, per connection, read from the vendor modules' published requirements
 * (their exported data: ELEMENT_STATEMENTS, ICA_STATEMENTS, ...) and the connection's credential
 * and features. Never from the generated documents: those are what the proofs test.
 *
 * One small function per vendor. Adding a vendor means adding its function to `VENDOR_NEEDS`.
 */
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import type { Connection, ElembioConnection, ElementConnection, IcaConnection, PrequelConnection, VendorKey } from "../model/schema";
import {
  ELEMBIO_OPTIONAL_STATEMENTS,
  ELEMBIO_STATEMENTS,
  HEALTHOMICS_EXECUTION_STATEMENTS,
  HEALTHOMICS_SERVICE,
} from "../vendors/elembio";
import { ELEMENT_ACCOUNT_ID, ELEMENT_STATEMENTS, ELEMENT_USER_ONLY_ACTIONS } from "../vendors/element";
import {
  ICA_CROSS_ACCOUNT_ACTIONS,
  ICA_KMS_ACTIONS,
  ICA_OIDC_AUDIENCE,
  ICA_REGIONS,
  ICA_STATEMENTS,
  ICA_TAGGING_ACTIONS,
  ICA_VERSIONED_ACTIONS,
  icaCrossAccountRoleArn,
  icaOidcIssuer,
} from "../vendors/ica";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_STATEMENTS } from "../vendors/prequel";
import { isVersioned, KMS_ACTIONS_FOR } from "../vendors/shared";
import type { StatementSpec } from "../vendors/types";

/** One action a vendor needs, and the requirement it comes from. */
export interface Need {
  action: string;
  why: string;
}

/** An action on something other than the bucket: STS, HealthOmics, iam:PassRole. */
export interface GlobalNeed extends Need {
  resource: string;
  context?: Record<string, string>;
}

/** Who assumes the role, with what, and who must be refused. */
export interface TrustNeeds {
  why: string;
  /** The vendor's caller, presenting the right values. */
  caller: TrustCaller;
  /** Callers the trust policy must refuse, each saying what is wrong. */
  refused: TrustCaller[];
}

export interface TrustCaller {
  /** How the table names it: `ExternalId=lab-aviti-7f3a`, `sub of another namespace`. */
  label: string;
  principal: string;
  action: "sts:AssumeRole" | "sts:AssumeRoleWithWebIdentity";
  context: Record<string, string>;
  /** True when the caller is an AWS principal, whose own account must allow the call too (assumed: it does). */
  awsPrincipal: boolean;
}

/** A role of the vendor's, named in the bucket policy, that acts on objects under the prefix. */
export interface CrossAccountNeeds {
  label: string;
  /** The role ARN as the bucket policy names it. */
  roleArn: string;
  actions: Need[];
  /** The same vendor's role of another region, which must get nothing. */
  otherRoleArn: string;
}

/** A role the vendor's service runs as (HealthOmics), proved like a credential of its own. */
export interface ExecutionRoleNeeds {
  service: string;
  /** S3 actions on the whole bucket: the vendor's template is not prefix-scoped (§2.6). */
  objects: Need[];
  bucket: Need[];
  kms: Need[];
}

export interface VendorNeeds {
  /** Actions on the objects under the connection's prefix (or the whole bucket without one). */
  objects: Need[];
  /** Actions on the bucket ARN, other than listing. */
  bucket: Need[];
  /** s3:ListBucket, and whether the vendor's template confines it to the prefix (§10). */
  list?: Need & { confinedToPrefix: boolean };
  global: GlobalNeed[];
  /** Actions on the bucket's KMS key (SSE-KMS buckets only). */
  kms: Need[];
  trust?: TrustNeeds;
  /** The vendor's own AWS account: it reaches the bucket only through the credential. */
  vendorAccountId?: string;
  crossAccount?: CrossAccountNeeds;
  executionRole?: ExecutionRoleNeeds;
  /** Requests only this vendor has reason to refuse (PassRole of another role, to another service). */
  denied: (GlobalNeed & { what: string })[];
}

/** Facts about the deployment the needs depend on. */
export interface NeedsContext {
  accountId: string;
  /** Name of the connection's role or user, as planned. */
  credentialName: string;
  /** ARN of the execution role, when the plan has one. */
  executionRoleArn?: string;
}

type NeedsFunction<K extends VendorKey> = (connection: ResolvedConnection<Extract<Connection, { vendor: K }>>, bucket: ResolvedBucket, context: NeedsContext) => VendorNeeds;

/** The actions of statement specs, split by what they act on. */
function fromSpecs(specs: Record<string, StatementSpec>, section: string): { objects: Need[]; bucket: Need[]; any: Need[] } {
  const out = { objects: [] as Need[], bucket: [] as Need[], any: [] as Need[] };
  for (const [sid, spec] of Object.entries(specs)) {
    const list = spec.on === "objects" ? out.objects : spec.on === "bucket" ? out.bucket : out.any;
    for (const action of spec.actions) list.push({ action, why: `${section} ${sid} (${spec.source})` });
  }
  return out;
}

/** Pulls s3:ListBucket out of the bucket actions. */
function withList(bucket: Need[], confinedToPrefix: boolean): { bucket: Need[]; list?: VendorNeeds["list"] } {
  const list = bucket.find((n) => n.action === "s3:ListBucket");
  return { bucket: bucket.filter((n) => n !== list), list: list && { ...list, confinedToPrefix } };
}

/** sts actions take no bucket: GetCallerIdentity names nothing, GetFederationToken a federated user. */
function stsNeed(need: Need, context: NeedsContext): GlobalNeed {
  if (need.action === "sts:GetFederationToken") return { ...need, resource: `arn:aws:sts::${context.accountId}:federated-user/${context.credentialName}` };
  return { ...need, resource: "*" };
}

const kmsNeeds = (bucket: ResolvedBucket, actions: readonly string[], why: string): Need[] =>
  bucket.encryption.type === "sse-kms" ? [...new Set(actions)].map((action) => ({ action, why })) : [];

/** The role trust of Element and ElemBio (§1.4, §2.2): Element's account, with the external ID. */
function externalIdTrust(connection: ResolvedConnection<ElementConnection | ElembioConnection>): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const externalId = connection.credential.externalId;
  const element = `arn:aws:iam::${ELEMENT_ACCOUNT_ID}:role/proof-element-service`;
  const caller = (label: string, principal: string, context: Record<string, string>): TrustCaller => ({ label, principal, action: "sts:AssumeRole", context, awsPrincipal: true });
  return {
    why: "§1.4, §2.2: Element's account with the customer's external ID",
    caller: caller(`Element's account, ExternalId=${externalId}`, element, { "sts:ExternalId": externalId }),
    refused: [
      caller("Element's account, wrong ExternalId", element, { "sts:ExternalId": `${externalId}-wrong` }),
      caller("Element's account, no ExternalId", element, {}),
      caller(`another account, ExternalId=${externalId}`, "arn:aws:iam::444455556666:role/proof-outsider", { "sts:ExternalId": externalId }),
    ],
  };
}

/** §1.3: the storage-connection template; users add sts:GetFederationToken. */
export function elementNeeds(connection: ResolvedConnection<ElementConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const specs = fromSpecs(ELEMENT_STATEMENTS, "§1.3");
  const user = connection.credential.type === "user" ? ELEMENT_USER_ONLY_ACTIONS.map((action) => ({ action, why: "§1.3, §1.5: IAM users only" })) : [];
  return {
    objects: specs.objects,
    ...withList(specs.bucket, true),
    global: [...specs.any, ...user].map((n) => stsNeed(n, context)),
    kms: kmsNeeds(bucket, KMS_ACTIONS_FOR.write, "uploads to an SSE-KMS bucket need the key [AWS]"),
    trust: externalIdTrust(connection),
    vendorAccountId: ELEMENT_ACCOUNT_ID,
    denied: [],
  };
}

/** §2.4: the provider template with only the optional statements the connection's features turn on. */
export function elembioNeeds(connection: ResolvedConnection<ElembioConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const specs = fromSpecs(ELEMBIO_STATEMENTS, "§2.4");
  const optional = ELEMBIO_OPTIONAL_STATEMENTS;
  const pick = (sid: keyof typeof optional) => fromSpecs({ [sid]: optional[sid] }, "§2.4");
  const objects = [...specs.objects, ...(connection.download ? pick("S3ObjectRead").objects : [])];
  const bucketNeeds = [...specs.bucket, ...(connection.manageBucketPolicy ? pick("S3BucketPolicyOperations").bucket : [])];
  const user = connection.credential.type === "user" ? ELEMENT_USER_ONLY_ACTIONS.map((action) => ({ action, why: "§2.3: IAM users only [INF]" })) : [];
  const global: GlobalNeed[] = [...specs.any, ...user].map((n) => stsNeed(n, context));
  const denied: VendorNeeds["denied"] = [];
  const omics = connection.healthOmics?.enabled === true;
  const region = connection.region;
  const anyRole = `arn:aws:iam::${context.accountId}:role/proof-any-role`;
  if (omics) {
    const run = `arn:aws:omics:${region}:${context.accountId}:run/1234567`;
    const workflow = `arn:aws:omics:${region}:${context.accountId}:workflow/1234567`;
    for (const need of pick("OmicsOperations").any) global.push({ ...need, resource: need.action === "omics:GetWorkflow" ? workflow : run });
    const executionRole = context.executionRoleArn ?? `arn:aws:iam::${context.accountId}:role/missing-execution-role`;
    for (const need of pick("OmicsPassRole").any) {
      global.push({ ...need, resource: executionRole, context: { "iam:PassedToService": HEALTHOMICS_SERVICE } });
      denied.push({ ...need, what: `${need.action} of the execution role to ec2.amazonaws.com`, resource: executionRole, context: { "iam:PassedToService": "ec2.amazonaws.com" } });
      denied.push({ ...need, what: `${need.action} of another role`, resource: anyRole, context: { "iam:PassedToService": HEALTHOMICS_SERVICE } });
    }
  } else {
    denied.push({ action: "iam:PassRole", why: "HealthOmics is off", what: "iam:PassRole of any role", resource: anyRole, context: { "iam:PassedToService": HEALTHOMICS_SERVICE } });
  }
  const kmsActions = [...KMS_ACTIONS_FOR.write, ...(connection.download ? KMS_ACTIONS_FOR.read : [])];
  const execution = fromSpecs(HEALTHOMICS_EXECUTION_STATEMENTS, "§2.6");
  return {
    objects,
    ...withList(bucketNeeds, true),
    global,
    kms: kmsNeeds(bucket, kmsActions, "the provider writes (and with download, reads) an SSE-KMS bucket [AWS]"),
    trust: externalIdTrust(connection),
    vendorAccountId: ELEMENT_ACCOUNT_ID,
    executionRole: omics
      ? {
          service: HEALTHOMICS_SERVICE,
          objects: execution.objects,
          bucket: execution.bucket,
          kms: kmsNeeds(bucket, [...KMS_ACTIONS_FOR.write, ...KMS_ACTIONS_FOR.read], "the workflow reads and writes an SSE-KMS bucket [AWS]"),
        }
      : undefined,
    denied,
  };
}

/** §4.1/§4.2 by versioning, §6.3 tagging, §8 KMS; role trust §5.3; cross-account §6. */
export function icaNeeds(connection: ResolvedConnection<IcaConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const versioned = isVersioned(bucket);
  const specs = fromSpecs(ICA_STATEMENTS, "§4.1");
  const as = (actions: readonly string[], why: string): Need[] => actions.map((action) => ({ action, why }));
  const objects = [
    ...specs.objects,
    ...(versioned ? as(ICA_VERSIONED_ACTIONS.objects, "§4.2 versioned bucket") : []),
    ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "§6.3 object tagging") : []),
    ...(connection.objectTagging && versioned ? as(ICA_TAGGING_ACTIONS.versionedObjects, "§6.3 object tagging, versioned [3P]") : []),
  ];
  const bucketNeeds = [...specs.bucket, ...(versioned ? as(ICA_VERSIONED_ACTIONS.bucket, "§4.2 versioned bucket") : [])];
  // GetFederationToken is the user method's (§4.1); role credentials cannot call it (§5.1, §11.5).
  const global = connection.credential.type === "user" ? specs.any.map((n) => stsNeed(n, context)) : [];
  const mode = connection.crossAccount ?? "none";
  const crossActions =
    mode === "none"
      ? []
      : [
          ...as(ICA_CROSS_ACCOUNT_ACTIONS.copy, "§6.1 cross-account copy"),
          ...(versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedCopy, "§6.1 versioned copy [3P]") : []),
          ...(mode === "move" ? as(ICA_CROSS_ACCOUNT_ACTIONS.move, "§6.1, §11.13 move [3P]") : []),
          ...(mode === "move" && versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedMove, "§6.1 versioned move [3P]") : []),
          ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "§6.3 tagging in the cross-account statement") : []),
          ...(connection.objectTagging && versioned ? as(ICA_TAGGING_ACTIONS.versionedObjects, "§6.3 tagging, versioned [3P]") : []),
        ];
  const otherRegion = Object.keys(ICA_REGIONS).find((r) => r !== connection.region)!;
  return {
    objects,
    // ICA's templates list the bucket without an s3:prefix condition (§10, §11.10).
    ...withList(bucketNeeds, false),
    global,
    kms: kmsNeeds(bucket, ICA_KMS_ACTIONS, "§8 SSE-KMS"),
    trust: icaTrust(connection, context),
    crossAccount: { label: "ICA cross-account role", roleArn: icaCrossAccountRoleArn(connection.region), actions: crossActions, otherRoleArn: icaCrossAccountRoleArn(otherRegion) },
    denied: [],
  };
}

/** §5.3 [INF]: ICA's EKS service account through the account's OIDC provider, with the session-name prefix. */
function icaTrust(connection: ResolvedConnection<IcaConnection>, context: NeedsContext): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const issuer = icaOidcIssuer(connection.region);
  const namespace = ICA_REGIONS[connection.region]?.oidc?.namespace;
  if (!issuer || !namespace) return undefined;
  const provider = `arn:aws:iam::${context.accountId}:oidc-provider/${issuer}`;
  const sessionPrefix = connection.credential.roleSessionNamePrefix;
  const right = {
    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:irsa-${namespace}-gds`,
    [`${issuer}:aud`]: ICA_OIDC_AUDIENCE,
    "sts:RoleSessionName": `${sessionPrefix}-proof`,
  };
  const web = (label: string, ctx: Record<string, string>, principal = provider): TrustCaller => ({ label, principal, action: "sts:AssumeRoleWithWebIdentity", context: ctx, awsPrincipal: false });
  const without = (key: string) => Object.fromEntries(Object.entries(right).filter(([k]) => k !== key));
  const otherIssuer = Object.keys(ICA_REGIONS).map(icaOidcIssuer).find((i) => i !== undefined && i !== issuer)!;
  return {
    why: "§5.3 [INF]: ICA's service account, audience and RoleSessionName prefix",
    caller: web(`ICA service account, session ${sessionPrefix}-proof`, right),
    refused: [
      web("service account of another namespace", { ...right, [`${issuer}:sub`]: "system:serviceaccount:default:irsa-default-gds" }),
      web("another service account of ICA's namespace", { ...right, [`${issuer}:sub`]: `system:serviceaccount:${namespace}:proof-other` }),
      web("wrong audience", { ...right, [`${issuer}:aud`]: "proof-audience" }),
      web("session name without the prefix", { ...right, "sts:RoleSessionName": "proof-session" }),
      web("no session name", without("sts:RoleSessionName")),
      web("no subject", without(`${issuer}:sub`)),
      web("ICA's provider of another region", { [`${otherIssuer}:sub`]: right[`${issuer}:sub`], [`${otherIssuer}:aud`]: ICA_OIDC_AUDIENCE, "sts:RoleSessionName": right["sts:RoleSessionName"] }, `arn:aws:iam::${context.accountId}:oidc-provider/${otherIssuer}`),
      web("the same issuer in another account", right, `arn:aws:iam::444455556666:oidc-provider/${issuer}`),
      { label: "another account, sts:AssumeRole", principal: "arn:aws:iam::444455556666:role/proof-outsider", action: "sts:AssumeRole", context: {}, awsPrincipal: true },
    ],
  };
}

/** §9.2: write (and, while onboarding, the connection test's delete); §9.3 Google web identity. */
export function prequelNeeds(connection: ResolvedConnection<PrequelConnection>, bucket: ResolvedBucket): VendorNeeds {
  const specs = fromSpecs(
    connection.onboarding === false ? { DestinationWrite: PREQUEL_STATEMENTS.DestinationWrite } : PREQUEL_STATEMENTS,
    "§9.2",
  );
  return {
    objects: specs.objects,
    bucket: [],
    global: [],
    kms: kmsNeeds(bucket, KMS_ACTIONS_FOR.write, "writing to an SSE-KMS bucket needs the key [AWS] (the vendor's KMS statement was not retrieved, §9.1)"),
    trust: prequelTrust(connection),
    denied: [],
  };
}

function prequelTrust(connection: ResolvedConnection<PrequelConnection>): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const { subject, audience } = connection.credential;
  const sub = `${GOOGLE_WEB_IDENTITY_PROVIDER}:sub`;
  const oaud = `${GOOGLE_WEB_IDENTITY_PROVIDER}:oaud`;
  const right: Record<string, string> = { [sub]: subject, ...(audience !== undefined && { [oaud]: audience }) };
  const web = (label: string, ctx: Record<string, string>, principal: string = GOOGLE_WEB_IDENTITY_PROVIDER): TrustCaller => ({
    label,
    principal,
    action: "sts:AssumeRoleWithWebIdentity",
    context: ctx,
    awsPrincipal: false,
  });
  const refused: TrustCaller[] = [
    web("another Google identity", { ...right, [sub]: `${subject}0` }),
    web("no subject", audience !== undefined ? { [oaud]: audience } : {}),
    web("another web-identity provider", right, "www.amazon.com"),
    { label: "another account, sts:AssumeRole", principal: "arn:aws:iam::444455556666:role/proof-outsider", action: "sts:AssumeRole", context: {}, awsPrincipal: true },
  ];
  if (audience !== undefined) refused.push(web("another organisation (oaud)", { ...right, [oaud]: `${audience}-other` }), web("no organisation (oaud)", { [sub]: subject }));
  return { why: "§9.3: the vendor's Google service account (and organisation)", caller: web(`Google sub=${subject}${audience ? ` oaud=${audience}` : ""}`, right), refused };
}

/** Every vendor's needs function. A vendor missing here cannot be proved, and `needsOf` says so. */
export const VENDOR_NEEDS: { [K in VendorKey]: NeedsFunction<K> } = {
  element: elementNeeds,
  elembio: elembioNeeds,
  ica: icaNeeds,
  prequel: prequelNeeds,
};

export function needsOf(connection: ResolvedConnection, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const needs = VENDOR_NEEDS[connection.vendor] as NeedsFunction<VendorKey> | undefined;
  if (!needs) throw new Error(`no proof requirements for vendor "${connection.vendor}": add its function to proofs/needs.ts`);
  return needs(connection, bucket, context);
}
