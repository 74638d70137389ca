/**
 * Recognising Seqera's credentials by what they are (docs/vendors/seqera.md): a role whose trust
 * policy names Seqera Cloud's account, or a role (keys with an assumed role) or IAM user holding
 * Seqera's published statements (their Sids), with the uses those statements show.
 */
import type { PolicyResource } from "@pulumi/policy";
import { SEQERA_ACCOUNT_ID, SEQERA_PENDING, SEQERA_PUBLISHED_SIDS, SEQERA_TRUST } from "../../../vendors/seqera";
import { conditionValues, isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";
import { grantedBuckets, heldStatements } from "./iam";
import { TYPES } from "./types";
import { ifKnown } from "./values";

/** A principal in Seqera Cloud's account: the bare account ID or any IAM ARN in it. */
export const isSeqeraPrincipal = (principal: Principal) =>
  principal.type === "AWS" && (principal.value === SEQERA_ACCOUNT_ID || new RegExp(`^arn:aws:iam::${SEQERA_ACCOUNT_ID}:`).test(principal.value));

/** The Allow statements of a trust policy that name Seqera Cloud's account. */
export const seqeraTrustStatements = (trust: Statement[]) => trust.filter((s) => isAllow(s) && !s.notPrincipal && s.principals.some(isSeqeraPrincipal));

/** The trust policy of a role trusted by Seqera Cloud's account, or undefined for any other role. */
export function seqeraTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && seqeraTrustStatements(trust).length > 0 ? trust : undefined;
}

/** True when a statement allows the action by name (IAM action names are case-insensitive). */
export const namesAction = (statement: Statement, action: string) => statement.actions.some((a) => a.toLowerCase() === action.toLowerCase());

/**
 * True for the first phase's condition (seqera.md §3.3): `Null sts:ExternalId = true` beside the
 * external-ID condition, which no request meets, so the statement lets nobody in.
 */
export function isPending(statement: Statement): boolean {
  const nulls = conditionValues(statement, SEQERA_PENDING.operator, SEQERA_PENDING.key) ?? [];
  const ids = conditionValues(statement, SEQERA_TRUST.externalId.operator, SEQERA_TRUST.externalId.key) ?? [];
  return nulls.includes(SEQERA_PENDING.value) && ids.length > 0;
}

export type SeqeraUse = "workDirectory" | "dataExplorer";

/** Seqera's credential: its role or user, what it holds, and the uses its published statements show. */
export interface SeqeraCredential {
  resource: PolicyResource;
  kind: "role" | "user";
  /** How it was recognised: a trust naming Seqera Cloud's account, or Seqera's published Sids (a user, or a role the lab's keys assume). */
  by: "trust" | "statements";
  statements: Statement[];
  uses: SeqeraUse[];
}

const USE_OF_SID: Record<string, SeqeraUse> = {
  S3CheckBucketWorkDirectory: "workDirectory",
  S3ReadOnlyNextflowLogFiles: "workDirectory",
  S3ReadWriteBucketsForStudiosDataExplorer: "dataExplorer",
};

const holdsPublishedSid = (statements: Statement[]) =>
  statements.some((s) => s.sid !== undefined && (SEQERA_PUBLISHED_SIDS as readonly string[]).includes(s.sid));

const usesOf = (statements: Statement[]) => [...new Set(statements.flatMap((s) => (s.sid && USE_OF_SID[s.sid] ? [USE_OF_SID[s.sid]] : [])))];

/**
 * Seqera's credentials in the stack. A role or user whose documents are unknown during preview
 * cannot be recognised and is left to the resource checks.
 */
export function seqeraCredentials(resources: readonly PolicyResource[]): SeqeraCredential[] {
  const out: SeqeraCredential[] = [];
  for (const resource of resources) {
    if (resource.type === TYPES.role && ifKnown(() => seqeraTrust(resource.props))) {
      const statements = heldStatements(resource, resources);
      out.push({ resource, kind: "role", by: "trust", statements, uses: usesOf(statements) });
    } else if (resource.type === TYPES.role) {
      // Keys with an assumed role (seqera.md §3.4): the role trusts the lab's own user, and holds Seqera's statements.
      const statements = ifKnown(() => heldStatements(resource, resources));
      if (statements && holdsPublishedSid(statements)) out.push({ resource, kind: "role", by: "statements", statements, uses: usesOf(statements) });
    } else if (resource.type === TYPES.user) {
      const statements = ifKnown(() => heldStatements(resource, resources));
      if (statements && holdsPublishedSid(statements)) out.push({ resource, kind: "user", by: "statements", statements, uses: usesOf(statements) });
    }
  }
  return out;
}

/** The buckets Data Explorer uses: granted to a Seqera credential holding the Data Explorer statement. */
export function seqeraDataExplorerBuckets(resources: readonly PolicyResource[]): { bucket: PolicyResource; credential: SeqeraCredential }[] {
  const seen = new Set<PolicyResource>();
  const out: { bucket: PolicyResource; credential: SeqeraCredential }[] = [];
  for (const credential of seqeraCredentials(resources).filter((c) => c.uses.includes("dataExplorer"))) {
    for (const bucket of grantedBuckets(credential.resource, resources)) {
      if (seen.has(bucket)) continue;
      seen.add(bucket);
      out.push({ bucket, credential });
    }
  }
  return out;
}

/** How messages introduce a credential: `aws.iam.Role "x" (trusted by Seqera Cloud's account ...)`. */
export function describeSeqeraCredential(credential: SeqeraCredential): string {
  const why = credential.by === "trust" ? `trusted by Seqera Cloud's account ${SEQERA_ACCOUNT_ID}` : "holding Seqera's policy statements";
  return `aws.iam.${credential.kind === "role" ? "Role" : "User"} "${credential.resource.name}" (${why})`;
}
