/**
 * What every vendor module provides. A vendor module is pure: plain data and functions from a
 * resolved connection to plain documents. Components lift these functions at the leaf; the policy
 * pack imports the same data, so what is built and what is enforced cannot drift apart.
 */
import type { z } from "zod";
import type { PolicyDocument, PolicyStatement } from "../iam/document";
import type { BaseConnection, ResolvedBucket, ResolvedConnection } from "../fields/resolved";
import type { NeedsContext, VendorNeeds } from "./needs";

/** One CORS rule, in the shape of `aws.s3.BucketCorsConfiguration` rules. */
export interface CorsRule {
  allowedHeaders: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposeHeaders: string[];
  maxAgeSeconds?: number;
}

/**
 * Values only AWS knows after apply. Vendor builders receive them as plain strings; the components
 * supply them from resource outputs.
 */
export interface CredentialRefs {
  roleArn: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** ARN of the connection's execution role (ElemBio HealthOmics). */
  executionRoleArn: string;
}

/** A hand-off value that is filled in from a credential output, marked so secrets stay secrets. */
export interface CredentialField {
  credential: keyof CredentialRefs;
}

/** Credential values that are secrets: shown only from stack outputs, and only when asked for. */
export const SECRET_CREDENTIALS: ReadonlySet<keyof CredentialRefs> = new Set(["secretAccessKey"]);

/** A value pasted into a vendor's UI: literal, or from a credential output. */
export type HandoffValue = string | number | boolean | CredentialField;

/** Hand-off fields, grouped where the vendor's UI has several forms (provider, storage, ...). */
export interface Handoff {
  [field: string]: HandoffValue | Handoff;
}

/** One field of a form in a vendor's UI, with the value to enter. */
export interface HandoffStepField {
  /** The field's label, as the vendor's UI spells it. */
  label: string;
  /** What to enter; "" for an optional field to leave empty. */
  value: HandoffValue;
  /** How to enter it, when typing the value is not all ("choose from the list"). */
  note?: string;
}

/** One form (or action) in a vendor's UI, in the order a person goes through them. */
export interface HandoffStep {
  /** Where in the vendor's UI: its menu path. */
  where: string;
  /** What to do there, in one sentence. */
  action: string;
  /** The form's fields in the form's order. */
  fields: HandoffStepField[];
  /** The section of the vendor's reference page this step follows, e.g. `element.md §6`. */
  source: string;
}

/**
 * The credential type of a vendor that has no credential in the account: its own account is
 * granted in the bucket policy (`bucketPolicyStatements`). The components create no role, user or
 * identity policy for it, and never ask for its `identityPolicy` or `trustPolicy`.
 */
export const BUCKET_POLICY_CREDENTIAL = "bucket-policy";

/**
 * The credential type of a vendor that holds an IAM user's keys which may do nothing but assume the
 * connection's role, whose trust names that user: the components create the user (with its access
 * key and `keysUserPolicy`) and the role (with `trustPolicy` and the identity policy).
 */
export const USER_WITH_ROLE_CREDENTIAL = "user-with-role";

/** An object the program writes into the bucket for a vendor (e.g. an ownership marker the vendor reads). */
export interface BucketObjectSpec {
  /** Suffix of the object's logical name in the stack: a contract with existing stacks, never change it. */
  id: string;
  /** Key inside the bucket. */
  key: string;
  content: string;
  contentType: string;
}

/** A problem a vendor module finds in a connection that the schema alone cannot see. */
export interface VendorProblem {
  severity: "error" | "warning";
  /** Path inside the connection, e.g. `["credential", "externalId"]`. */
  path: (string | number)[];
  message: string;
}

/** One statement template of a vendor's published policy, kept as data with its source. */
export interface StatementSpec {
  actions: readonly string[];
  /** Where the vendor's template puts the actions: objects under the prefix, the bucket, or `*`. */
  on: "objects" | "bucket" | "any";
  /** The section of the vendor's reference page (docs/vendors/) the values come from. */
  source: string;
  /** True when the values are reconstructed ([INF]): checks built on them stay advisory. */
  inferred: boolean;
}

/**
 * Facts about the deployment a builder may need. The account ID comes from the caller identity,
 * which a real preview knows, so documents that name the account stay known during preview.
 */
export interface VendorContext {
  accountId: string;
  stack: string;
}

/** A role a vendor's service assumes on the customer's behalf (e.g. the HealthOmics execution role). */
export interface ExecutionRoleSpec {
  /** Physical role name (deterministic, so policies can name its ARN before it exists). */
  name: string;
  description: string;
  trustPolicy: PolicyDocument;
  policy: PolicyDocument;
}

/** One condition a trust statement carries: its operator and condition key. */
export interface ConditionSpec {
  operator: string;
  key: string;
}

/** An IAM OpenID Connect provider a connection's role trusts; one per account and issuer. */
export interface OidcProviderSpec {
  /**
   * The provider's logical name in the stack, chosen by the vendor so that two vendors with
   * issuers in one region never collide. A contract with existing stacks: never change it.
   */
  logicalName: string;
  /** Issuer URL, `https://...`. */
  url: string;
  clientIds: string[];
  /** True when the account has it already: import it, never create or delete it. */
  adopt: boolean;
}

/**
 * A principal of the vendor's own that a bucket policy must not grant directly: the vendor reaches
 * the bucket through a connection's role, whose trust carries a condition (an external ID, a web
 * identity's subject) that a bucket-policy grant to the same principal would bypass.
 */
export type DirectAccessForbidden = {
  /** Principals of that account or provider that may be named all the same (full ARNs), e.g. a role the vendor publishes for bucket policies. */
  allowedPrincipals?: readonly string[];
  /** Why a direct grant is refused, with the vendor page's section; the message quotes it. */
  why: string;
} & ({ accountId: string; federated?: never } | { federated: string; accountId?: never });

/** A problem involving several connections of one vendor, reported at one of them. */
export interface VendorStackProblem extends VendorProblem {
  connection: string;
}

/**
 * A connection's schema: a zod object whose `vendor` is the vendor key, built from
 * `commonConnectionFields` (fields/connection.ts) plus the vendor's own fields and credentials.
 */
export type ConnectionSchema<C extends BaseConnection = BaseConnection> = z.ZodType<C> & { shape: Record<string, z.ZodType> };

/**
 * Sample values for generated tests (the access proofs over every combination of bucket settings,
 * credentials and features), kept with the vendor so a new vendor needs no test edited.
 */
export interface VendorSamples {
  /** A short tag for generated connection names. */
  tag: string;
  /**
   * Combinations of the vendor's optional fields that generated tests rotate through. Keys are
   * connection fields, or `credential.<field>` for a role credential's (or another sampled credential's) optional fields.
   */
  features: Record<string, unknown>[];
  /** The credential types generated connections take; role and user unless the vendor says otherwise. */
  credentialTypes?: readonly string[];
  /** The role credential of a generated connection named `name` (values the vendor needs unique are derived from it). */
  roleCredential?(name: string): Record<string, unknown>;
  /** The credential of another type (keyed by type) of a generated connection named `name`; `{type}` alone when absent. */
  otherCredentials?: Record<string, (name: string) => Record<string, unknown>>;
  /** Fields every generated connection needs besides the features, given whether it has a prefix. */
  requiredFields?(hasPrefix: boolean): Record<string, unknown>;
}

export interface VendorModule<C extends BaseConnection = BaseConnection> {
  vendor: C["vendor"];
  /** What the connection is, in the vendor's words. */
  title: string;
  /** The vendor's name in a line about one of its principals (`ica-analysis (ICA role)`); the title when absent. */
  shortTitle?: string;
  /** The connection's part of the file format: the only definition of this vendor's fields. */
  connectionSchema: ConnectionSchema<C>;
  /**
   * What to write when a field of this vendor is missing, keyed by its path inside the connection
   * (`credential.externalId`); the loader puts "is required" before it.
   */
  requiredFieldHints: Record<string, string>;
  /**
   * The values only this vendor's own files may spell: its account IDs, provider IDs, origins,
   * service principals, web-identity providers and charsets. Everything else imports them, so a
   * fact is written once (an architecture test and the pack's meta spec check it).
   */
  identifiers: readonly string[];
  /** Sample values for generated tests. */
  samples: VendorSamples;
  /** The vendor's accounts and identity providers `extraPolicyStatements` may not grant (model/extra-statement-rules.ts). */
  directAccessForbidden: readonly DirectAccessForbidden[];
  /** The access the vendor must have and must be refused, for the access proofs; never read from the documents. */
  needs(connection: ResolvedConnection<C>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds;
  /** Extra validation with vendor facts (regions, feature combinations). */
  validate(connection: ResolvedConnection<C>, bucket: ResolvedBucket): VendorProblem[];
  /** The credential's identity policy (never asked for a `bucket-policy` credential). */
  identityPolicy(connection: ResolvedConnection<C>, bucket: ResolvedBucket, context: VendorContext): PolicyDocument;
  /** The role's trust policy (role credentials only). */
  trustPolicy(connection: ResolvedConnection<C>, context: VendorContext): PolicyDocument;
  /** The policy of the user whose keys assume the role (credential type `user-with-role` only). */
  keysUserPolicy?(connection: ResolvedConnection<C>, context: VendorContext): PolicyDocument;
  /** The role's maximum session duration the vendor requires, in seconds. */
  maxSessionDurationSeconds: number | undefined;
  /** Statements this connection contributes to its bucket's policy. */
  bucketPolicyStatements(connection: ResolvedConnection<C>, bucket: ResolvedBucket): PolicyStatement[];
  /**
   * The origins this vendor's own CORS rules allow: on a bucket shared with other vendors, another
   * vendor's check of extra origins accepts them (ica-cors-extra-origins).
   */
  corsOrigins?: readonly string[];
  /** CORS rules the vendor needs on the bucket. */
  corsRules(connection: ResolvedConnection<C>): CorsRule[];
  /**
   * The fields to paste into the vendor's UI. With the deployment's context a vendor can name its
   * role's ARN before the role exists (Seqera generates its external ID only once it has the ARN).
   */
  handoff(connection: ResolvedConnection<C>, bucket: ResolvedBucket, context?: VendorContext): Handoff;
  /**
   * The hand-off as a person follows it in the vendor's UI: its forms in order, its field names, and
   * the value of each (credential values as in `handoff`).
   */
  handoffSteps?(connection: ResolvedConnection<C>, bucket: ResolvedBucket): HandoffStep[];
  /** A role the vendor's service needs besides the credential, if the connection's features ask for one. */
  executionRole?(connection: ResolvedConnection<C>, bucket: ResolvedBucket, context: VendorContext): ExecutionRoleSpec | undefined;
  /** Objects the program writes into the bucket for the vendor, if any. */
  bucketObjects?(connection: ResolvedConnection<C>): BucketObjectSpec[];
  /** The OIDC provider the connection's role trusts, if any. */
  oidcProvider?(connection: ResolvedConnection<C>): OidcProviderSpec | undefined;
  /** Checks across all of this vendor's connections (e.g. connections sharing one OIDC provider agree). */
  validateTogether?(connections: ResolvedConnection<C>[]): VendorStackProblem[];
}
