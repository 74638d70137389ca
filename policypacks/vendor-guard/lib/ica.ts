/**
 * Recognising Illumina Connected Analytics' resources by what they are (docs/vendors/ica.md
 * to ica.md §8), never by names or tags:
 * - ICA's role: a role whose trust federates an OIDC provider with one of the EKS provider IDs ICA
 *   publishes (ica.md §7.2);
 * - ICA's IAM user: a user granted ICA's bucket-notification actions (ica.md §3, §6.1), which no other
 *   vendor is given;
 * - ICA's bucket: a bucket such a role or user is granted on (through the dependency graph), a
 *   bucket whose CORS rule allows ICA's origin (ica.md §4), or one whose bucket policy grants Illumina's
 *   account (ica.md §8).
 */
import type { PolicyResource } from "@pulumi/policy";
import { ICA_ACCOUNT_ID, ICA_CORS_RULE, ICA_REGIONS, ICA_STATEMENTS, ICA_TRUST, icaOidcIssuer } from "../../../vendors/ica";
import { bucketPolicies, knownCorsCarriers } from "./buckets";
import { isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";
import { grantedBuckets, heldStatements } from "./iam";
import { ofTypes } from "./resources";
import { sentenceList } from "./text";
import { BUCKET_TYPES, label, TYPES } from "./types";
import { ifKnown } from "./values";

/** The regions where ICA publishes an OIDC provider (ica.md §7.2; none for three regions, ica.md §12.3). */
export const ICA_OIDC_REGIONS: readonly string[] = Object.keys(ICA_REGIONS).filter((region) => icaOidcIssuer(region) !== undefined);

/**
 * The region where ICA's two tables disagree on the namespace (ica.md §12.1): its OIDC table prints one,
 * its cross-account role suggests another. India, as the tables stand.
 */
export const ICA_AMBIGUOUS_REGION = ICA_OIDC_REGIONS.find((region) => ICA_REGIONS[region].oidc!.namespace !== ICA_REGIONS[region].crossAccountNamespace);

// The trust ICA's role needs is the vendor module's descriptor (ica.md §7.3), the one its builder
// writes: the action, the operators and the condition keys are written once.

/** The actions ICA's trust statement allows (`sts:AssumeRoleWithWebIdentity`). */
export const ICA_TRUST_ACTIONS: readonly string[] = [ICA_TRUST.action];

/** `StringLike <issuer>:sub`: the service account ICA's storage service runs as. */
export const icaSubjectCondition = (issuer: string) => ({ operator: ICA_TRUST.subject.operator, key: `${issuer}${ICA_TRUST.subject.keySuffix}` });

/** `StringEquals <issuer>:aud`: the audience of ICA's tokens. */
export const icaAudienceCondition = (issuer: string) => ({ operator: ICA_TRUST.audience.operator, key: `${issuer}${ICA_TRUST.audience.keySuffix}` });

/** `StringLike sts:RoleSessionName` = `<prefix>-*`: ICA's per-credential session-name prefix. */
export const ICA_SESSION_NAME_CONDITION = ICA_TRUST.sessionName;

/** An OIDC provider a trust statement federates, when it is one of ICA's. */
export interface IcaIssuer {
  /** The issuer as the principal names it: `oidc.eks.<region>.amazonaws.com/id/<ID>`. */
  issuer: string;
  /** The account field of the provider ARN. */
  account: string;
  /** The region whose ICA issuer this is exactly; undefined when the ID is ICA's but the rest is not. */
  region?: string;
  /** The region whose ICA provider ID the issuer carries. */
  idRegion: string;
}

const OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::([^:]*):oidc-provider\/(.+)$/;

/** The ICA issuer a Federated principal names, or undefined for any other principal. */
export function icaIssuerOf(principal: Principal): IcaIssuer | undefined {
  if (principal.type !== "Federated") return undefined;
  const match = OIDC_PROVIDER_ARN.exec(principal.value);
  if (!match) return undefined;
  const [, account, issuer] = match;
  const region = ICA_OIDC_REGIONS.find((r) => icaOidcIssuer(r) === issuer);
  if (region) return { issuer, account, region, idRegion: region };
  const idRegion = ICA_OIDC_REGIONS.find((r) => issuer.toUpperCase().endsWith(`/${ICA_REGIONS[r].oidc!.id.toUpperCase()}`));
  return idRegion ? { issuer, account, idRegion } : undefined;
}

/** The Allow statements of a trust policy that federate one of ICA's OIDC providers, with it. */
export function icaTrustStatements(trust: Statement[]): { statement: Statement; issuer: IcaIssuer }[] {
  return trust.flatMap((statement) => {
    if (!isAllow(statement) || statement.notPrincipal) return [];
    const issuer = statement.principals.map(icaIssuerOf).find((i) => i !== undefined);
    return issuer ? [{ statement, issuer }] : [];
  });
}

/** The trust policy of a role ICA assumes, or undefined for any other role. */
export function icaTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && icaTrustStatements(trust).length > 0 ? trust : undefined;
}

/** ICA's event-driven sync actions (ica.md §3, §6.1): ICA is the only vendor granted them. */
export const ICA_NOTIFICATION_ACTIONS: readonly string[] = ICA_STATEMENTS.S3BucketOperations.actions.filter((action) => /Notification$/.test(action));

/** True when an Allow statement names the action itself: a wildcard (`s3:*`) says nothing about who holds it. */
const namesAction = (statement: Statement, action: string) => isAllow(statement) && statement.actions.some((a) => a.toLowerCase() === action.toLowerCase());

/** ICA's credential: the role it assumes or the user whose key it holds, with what it is granted. */
export interface IcaCredential {
  resource: PolicyResource;
  kind: "role" | "user";
  statements: Statement[];
  /** The ICA issuers the role's trust federates (none for a user). */
  issuers: IcaIssuer[];
}

const credentialsCache = new WeakMap<readonly PolicyResource[], IcaCredential[]>();

/**
 * ICA's credentials in the stack. A role or user whose documents are unknown during preview cannot
 * be recognised and is left to the resource checks.
 */
export function icaCredentials(resources: readonly PolicyResource[]): IcaCredential[] {
  let out = credentialsCache.get(resources);
  if (out) return out;
  out = [];
  for (const resource of resources) {
    if (resource.type === TYPES.role) {
      const trust = ifKnown(() => icaTrust(resource.props));
      if (trust) out.push({ resource, kind: "role", statements: heldStatements(resource, resources), issuers: icaTrustStatements(trust).map((t) => t.issuer) });
    } else if (resource.type === TYPES.user) {
      const statements = ifKnown(() => heldStatements(resource, resources));
      if (statements && ICA_NOTIFICATION_ACTIONS.every((action) => statements.some((s) => namesAction(s, action))))
        out.push({ resource, kind: "user", statements, issuers: [] });
    }
  }
  credentialsCache.set(resources, out);
  return out;
}

/** Per bucket, ICA's credentials granted on it (computed once per stack analysis). */
export function icaCredentialsByBucket(resources: readonly PolicyResource[]): Map<PolicyResource, IcaCredential[]> {
  const out = new Map<PolicyResource, IcaCredential[]>();
  for (const credential of icaCredentials(resources)) {
    for (const bucket of grantedBuckets(credential.resource, resources)) out.set(bucket, [...(out.get(bucket) ?? []), credential]);
  }
  return out;
}

/** How messages introduce a credential: `aws.iam.Role "x" (trusted through ICA's OIDC provider ...)`. */
export function describeIcaCredential(credential: IcaCredential): string {
  const why =
    credential.kind === "role"
      ? `trusted through ICA's OIDC provider ${sentenceList([...new Set(credential.issuers.map((i) => i.issuer))])}`
      : `granted ICA's ${sentenceList(ICA_NOTIFICATION_ACTIONS)}`;
  return `${label(credential.resource)} (${why})`;
}

/** ICA's origin, the one its browser uploads come from (ica.md §4). */
export const ICA_ORIGIN = ICA_CORS_RULE.allowedOrigins[0];

/** A principal in Illumina's account: the bare account ID or any IAM ARN in it (ica.md §8.2). */
export const isIcaAccountPrincipal = (principal: Principal) =>
  principal.type === "AWS" && (principal.value === ICA_ACCOUNT_ID || new RegExp(`^arn:aws[a-z-]*:iam::${ICA_ACCOUNT_ID}:`).test(principal.value));

/** A bucket ICA uses, with why it is taken for ICA's (for messages). */
export interface IcaBucket {
  bucket: PolicyResource;
  why: string;
}

const bucketsCache = new WeakMap<readonly PolicyResource[], IcaBucket[]>();

/** ICA's buckets in the stack, in the order the stack lists them. */
export function icaBuckets(resources: readonly PolicyResource[]): IcaBucket[] {
  const cached = bucketsCache.get(resources);
  if (cached) return cached;
  const why = new Map<PolicyResource, string>();
  const add = (bucket: PolicyResource, reason: string) => {
    if (!why.has(bucket)) why.set(bucket, reason);
  };
  for (const credential of icaCredentials(resources)) {
    for (const bucket of grantedBuckets(credential.resource, resources)) add(bucket, `granted to ICA's ${label(credential.resource)}`);
  }
  for (const { rules, buckets } of knownCorsCarriers(resources)) {
    if (rules.some((rule) => rule.allowedOrigins.includes(ICA_ORIGIN)))
      for (const bucket of buckets) add(bucket, `its CORS rule allows ICA's origin ${ICA_ORIGIN}`);
  }
  for (const bucket of ofTypes(resources, BUCKET_TYPES)) {
    const policies = ifKnown(() => bucketPolicies(bucket, resources)) ?? [];
    if (policies.some((p) => p.statements.some((s) => isAllow(s) && s.principals.some(isIcaAccountPrincipal))))
      add(bucket, `its bucket policy grants Illumina's account ${ICA_ACCOUNT_ID}`);
  }
  const out = ofTypes(resources, BUCKET_TYPES)
    .filter((bucket) => why.has(bucket))
    .map((bucket) => ({ bucket, why: why.get(bucket)! }));
  bucketsCache.set(resources, out);
  return out;
}

/** How messages introduce an ICA bucket: `aws.s3.Bucket "x" (its CORS rule allows ...)`. */
export const describeIcaBucket = ({ bucket, why }: IcaBucket) => `${label(bucket)} (${why})`;
