/**
 * What a proof request is: who asks, for what, on which resource, under which policies. Kept apart
 * from the simulator (proofs/engine.ts), so building the matrix loads no simulator: `npm run
 * verify` asks AWS's own simulator about the same requests.
 */

/** A policy document with the name a reader knows it by (resource name, "bucket policy of B"). */
export interface NamedPolicy {
  name: string;
  document: unknown;
}

/** The principal that signs no request at all. */
export const ANONYMOUS = "anonymous";

export interface AccessRequest {
  /** ARN of the calling principal (an assumed-role session, a user, a federated provider), or {@link ANONYMOUS}. */
  principal: string;
  /** Identity policies of the principal (none for anonymous and web-identity callers). */
  identityPolicies: NamedPolicy[];
  action: string;
  /** ARN of the resource, or `*` for actions that take no resource. */
  resource: string;
  /** Account that owns the resource. */
  resourceAccount: string;
  /** Request context: aws:SecureTransport, s3:prefix, sts:ExternalId, web-identity claims... */
  context: Record<string, string | string[]>;
  /** The resource's own policy: bucket policy, trust policy or key policy. */
  resourcePolicy?: NamedPolicy;
}
