/**
 * The access proofs' expectations, as types every vendor module fills in (its `needs` function),
 * and the small helpers they share. A vendor's needs come from its published requirements (its
 * statement specs and facts) and the connection's features, never from the generated documents:
 * those are what the proofs test.
 */
import type { ResolvedBucket } from "../fields/resolved";
import type { StatementSpec } from "./types";

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
  /**
   * The vendor's caller, presenting the right values; none while the role is meant to trust nobody
   * yet (Seqera's first phase, before it has generated the external ID).
   */
  caller?: TrustCaller;
  /** Further calls of the vendor's the trust must allow (Seqera's separate sts:TagSession). */
  allowed?: TrustCaller[];
  /** Callers the trust policy must refuse, each saying what is wrong. */
  refused: TrustCaller[];
}

export interface TrustCaller {
  /** How the table names it: `ExternalId=lab-aviti-7f3a`, `sub of another namespace`. */
  label: string;
  principal: string;
  action: "sts:AssumeRole" | "sts:AssumeRoleWithWebIdentity" | "sts:TagSession";
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
  /** The folder the role is confined to (a bucket shared with other connections), or undefined for the whole bucket (elembio.md §7). */
  prefix?: string;
  objects: Need[];
  bucket: Need[];
  kms: Need[];
}

export interface VendorNeeds {
  /** Actions on the objects under the connection's prefix (or the whole bucket without one). */
  objects: Need[];
  /** Actions on the bucket ARN, other than listing. */
  bucket: Need[];
  /** s3:ListBucket, and whether the vendor's template confines it to the prefix (aws.md §1). */
  list?: Need & { confinedToPrefix: boolean };
  global: GlobalNeed[];
  /** Actions on the bucket's KMS key (SSE-KMS buckets only). */
  kms: Need[];
  trust?: TrustNeeds;
  /** The vendor's own AWS account: it reaches the bucket only through the credential. */
  vendorAccountId?: string;
  crossAccount?: CrossAccountNeeds;
  /**
   * The vendor's account as the bucket policy names it, for a vendor with no credential in the
   * account (`bucket-policy`): its principals are the vendor's principal the proofs try.
   */
  bucketPolicyPrincipal?: string;
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

/** The actions of statement specs, split by what they act on. */
export function fromSpecs(specs: Record<string, StatementSpec>, section: string): { objects: Need[]; bucket: Need[]; any: Need[] } {
  const out = { objects: [] as Need[], bucket: [] as Need[], any: [] as Need[] };
  for (const [sid, spec] of Object.entries(specs)) {
    const list = spec.on === "objects" ? out.objects : spec.on === "bucket" ? out.bucket : out.any;
    for (const action of spec.actions) list.push({ action, why: `${section} ${sid} (${spec.source})` });
  }
  return out;
}

/** Pulls s3:ListBucket out of the bucket actions. */
export function withList(bucket: Need[], confinedToPrefix: boolean): { bucket: Need[]; list?: VendorNeeds["list"] } {
  const list = bucket.find((n) => n.action === "s3:ListBucket");
  return { bucket: bucket.filter((n) => n !== list), list: list && { ...list, confinedToPrefix } };
}

/** sts actions take no bucket: GetCallerIdentity names nothing, GetFederationToken a federated user. */
export function stsNeed(need: Need, context: NeedsContext): GlobalNeed {
  if (need.action === "sts:GetFederationToken") return { ...need, resource: `arn:aws:sts::${context.accountId}:federated-user/${context.credentialName}` };
  return { ...need, resource: "*" };
}

export const kmsNeeds = (bucket: ResolvedBucket, actions: readonly string[], why: string): Need[] =>
  bucket.encryption.type === "sse-kms" ? [...new Set(actions)].map((action) => ({ action, why })) : [];
