/**
 * Policy tests: build resources with the real @pulumi/aws classes under the mock engine, then run
 * the real vendor-guard pack on them through its own analyzer handlers (offline/policy-harness.ts),
 * as `npm run plan` does. The pack is loaded once for the whole mocha process.
 *
 * Each spec starts from a compliant stack (these builders, which produce no violation) and changes
 * one thing per case.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { MOCK_ACCOUNT_ID, startMockEngine, type RecordedResource } from "../../offline/mock-engine";
import { analyze, configureFromFile, type PolicyViolation } from "../../offline/policy-harness";
import { policyDocument, renderPolicy, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { denyInsecureTransport } from "../../iam/s3";
import type { AwsRegion } from "../../fields/regions";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import type { ElembioConnection } from "../../vendors/elembio";
import type { IcaConnection } from "../../vendors/ica";
import type { PrequelConnection } from "../../vendors/prequel";
import { elembioPolicyStatements, healthOmicsExecutionRole } from "../../vendors/elembio";
import {
  ICA_CORS_RULE,
  ICA_MAX_SESSION_DURATION_SECONDS,
  ICA_OIDC_AUDIENCE,
  icaCrossAccountStatement,
  icaOidcIssuer,
  icaPolicyStatements,
  icaTrustPolicy,
} from "../../vendors/ica";
import { prequelPolicyStatements, prequelTrustPolicy } from "../../vendors/prequel";
import type { CorsRule } from "../../vendors/types";
import { elementPolicyStatements, elementTrustPolicy, ELEMENT_MAX_SESSION_DURATION_SECONDS } from "../../vendors/element";

/** A violation as the specs compare it: the resource by its logical name. */
export interface Found {
  policy: string;
  enforcement: "advisory" | "mandatory";
  resource: string;
  message: string;
}

export interface CheckOptions {
  /** A preview of a new stack (unknown ids), as `npm run plan` runs; default true. */
  preview?: boolean;
  /** Policy pack config, as the content of a `--policy-pack-config` file. */
  config?: unknown;
}

/** Runs `build` under the mock engine and returns the resources it registered (a copy: the next run reuses the engine's list). */
export async function record(build: () => void, options: Pick<CheckOptions, "preview"> = {}): Promise<RecordedResource[]> {
  const engine = startMockEngine({ stack: "policy", preview: options.preview ?? true });
  // Program warnings (deprecated classes) would land on the console; the specs assert on policies.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    build();
    await engine.settle();
  } finally {
    console.warn = warn;
  }
  return [...engine.resources];
}

/** Violations as the specs compare them. */
export const found = (violations: PolicyViolation[]): Found[] =>
  violations.map((v) => ({ policy: v.policy, enforcement: v.enforcement, resource: v.resource.split("::").pop()!, message: v.message }));

/** Runs `build` under the mock engine and the pack on what it registered. */
export async function check(build: () => void, options: CheckOptions = {}): Promise<Found[]> {
  const resources = await record(build, options);
  assert.deepStrictEqual(await configureFromFile(options.config), []);
  return found(await analyze(resources));
}

/** The violations of one policy. */
export const of = (found: Found[], policy: string) => found.filter((f) => f.policy === policy);

/** The settings of an SSE-S3 bucket without versioning, for the vendor builders. */
export function settings(name: string): ResolvedBucket {
  return {
    name,
    region: "us-east-1",
    adopt: false,
    versioning: "disabled",
    encryption: { type: "sse-s3" },
    tags: {},
    extraPolicyStatements: [],
    connections: [],
  };
}

export interface BucketChanges {
  bucket?: Partial<aws.s3.BucketArgs>;
  /** Inputs of the public access block, or false for none. */
  publicAccessBlock?: Partial<aws.s3.BucketPublicAccessBlockArgs> | false;
  /** `rule.objectOwnership`, or false for no ownership controls. */
  ownership?: string | false;
  /** `sseAlgorithm` of the one default rule, or false for no encryption configuration. */
  encryption?: string | false;
  /** The bucket policy's statements, or false for no bucket policy. */
  policy?: ((bucket: string) => PolicyStatement[]) | false;
  /** CORS rules of a BucketCorsConfiguration (none by default). */
  cors?: CorsRule[];
  /** Status of a BucketVersioning (none by default). */
  versioning?: "Enabled" | "Suspended" | "Disabled";
  /** Default encryption with this KMS key instead of SSE-S3. */
  kmsKeyArn?: string;
  /** Options of the bucket policy (e.g. ignoreChanges). */
  policyOptions?: pulumi.CustomResourceOptions;
}

/**
 * A bucket hardened as ConnectedBucket hardens it, written with raw resources, each linked to the
 * bucket through its `bucket` input (bucket.id: unknown during a preview, as for a new bucket).
 */
export function hardenedBucket(name: string, changes: BucketChanges = {}): aws.s3.Bucket {
  const bucket = new aws.s3.Bucket(name, { bucket: name, ...changes.bucket });
  const id = bucket.id;
  if (changes.publicAccessBlock !== false) {
    new aws.s3.BucketPublicAccessBlock(`${name}-pab`, {
      bucket: id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      ...changes.publicAccessBlock,
    });
  }
  if (changes.ownership !== false)
    new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: id, rule: { objectOwnership: changes.ownership ?? "BucketOwnerEnforced" } });
  if (changes.encryption !== false) {
    const byDefault = changes.kmsKeyArn ? { sseAlgorithm: "aws:kms", kmsMasterKeyId: changes.kmsKeyArn } : { sseAlgorithm: changes.encryption ?? "AES256" };
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket: id, rules: [{ applyServerSideEncryptionByDefault: byDefault }] });
  }
  if (changes.cors) new aws.s3.BucketCorsConfiguration(`${name}-cors`, { bucket: id, corsRules: changes.cors });
  if (changes.versioning) new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: id, versioningConfiguration: { status: changes.versioning } });
  if (changes.policy !== false) {
    const statements = changes.policy ?? ((b: string) => [denyInsecureTransport(b)]);
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      { bucket: id, policy: bucket.bucket.apply((b) => renderPolicy(policyDocument(statements(b)))) },
      changes.policyOptions,
    );
  }
  return bucket;
}

export interface ElementChanges {
  /** The role's trust policy. */
  trust?: PolicyDocument | object;
  /** The role's maxSessionDuration (undefined: unset). */
  maxSessionDuration?: number | undefined;
  /** Changes the identity policy's statements (Element's element.md §3 template by default). */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
}

/** Element's role for a bucket, as VendorAccess builds it: trust, 12-hour sessions, the element.md §3 policy. */
export function elementRole(name: string, bucket: string, prefix: string | undefined, changes: ElementChanges = {}): aws.iam.Role {
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify(changes.trust ?? elementTrustPolicy("lab-aviti-7f3a")),
    maxSessionDuration: "maxSessionDuration" in changes ? changes.maxSessionDuration : ELEMENT_MAX_SESSION_DURATION_SECONDS,
  });
  const statements = elementPolicyStatements(settings(bucket), prefix, "role");
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: renderPolicy(policyDocument((changes.statements ?? ((s) => s))(statements))) });
  return role;
}

/** Element's IAM user with the element.md §3 user policy (including sts:GetFederationToken). */
export function elementUser(name: string, bucket: string, prefix: string | undefined, changes: Pick<ElementChanges, "statements"> = {}): aws.iam.User {
  const user = new aws.iam.User(name, { name });
  const statements = elementPolicyStatements(settings(bucket), prefix, "user");
  new aws.iam.UserPolicy(`${name}-policy`, { user: user.name, policy: renderPolicy(policyDocument((changes.statements ?? ((s) => s))(statements))) });
  return user;
}

/** An identity policy resource holding the given statements (no Sid canonicalisation). */
export function identityPolicy(name: string, statements: object[]): aws.iam.Policy {
  return new aws.iam.Policy(name, { policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) });
}

/** Replaces one statement (by Sid) of a document's statements. */
export const replace = (sid: string, change: (s: PolicyStatement) => PolicyStatement | undefined) => (statements: PolicyStatement[]) =>
  statements.flatMap((s) => (s.Sid === sid ? [change(s)].filter((x): x is PolicyStatement => x !== undefined) : [s]));

const unchanged = <T>(value: T) => value;

export interface IcaChanges {
  /** The bucket's region (default eu-central-1). */
  region?: AwsRegion;
  /** The connection's folder (default ica/analysis; undefined: the whole bucket). */
  prefix?: string | undefined;
  credential?: "role" | "user";
  versioning?: "Enabled" | "Suspended";
  kmsKeyArn?: string;
  crossAccount?: "copy" | "move";
  /** The bucket's CORS rules (default ICA's). */
  cors?: CorsRule[];
  /** The region whose OIDC provider the role trusts and the stack creates (default the bucket's). */
  trustRegion?: AwsRegion;
  /** The role's trust policy (default ICA's for trustRegion, ica.md §7.3). */
  trust?: object;
  maxSessionDuration?: number | undefined;
  /** Changes the identity policy's statements. */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
  /** Changes the bucket policy's statements. */
  bucketPolicy?: (statements: PolicyStatement[]) => PolicyStatement[];
  /** Inputs of the OIDC provider, or false for none in the stack. */
  oidcProvider?: Partial<aws.iam.OpenIdConnectProviderArgs> | false;
  /** Whether the role lists the provider in dependsOn (default true). */
  dependsOnProvider?: boolean;
}

/**
 * An ICA connection as ConnectedBucket and VendorAccess build it, written with raw resources: the
 * bucket with ICA's CORS rule (and the cross-account statement when asked), the OIDC provider, and
 * the role (or user) with ICA's policy for the bucket.
 */
export function icaConnection(name: string, bucketName: string, changes: IcaChanges = {}): aws.s3.Bucket {
  const region = changes.region ?? "eu-central-1";
  const bucketSettings: ResolvedBucket = {
    ...settings(bucketName),
    region,
    versioning: changes.versioning === "Enabled" ? "enabled" : changes.versioning === "Suspended" ? "suspended" : "disabled",
    encryption: changes.kmsKeyArn ? { type: "sse-kms", kmsKeyArn: changes.kmsKeyArn } : { type: "sse-s3" },
  };
  const connection: ResolvedConnection<IcaConnection> = {
    name,
    vendor: "ica",
    bucket: bucketName,
    prefix: "prefix" in changes ? changes.prefix : "ica/analysis",
    region,
    sharedPrincipals: [],
    credential: changes.credential === "user" ? { type: "user" } : { type: "role", roleSessionNamePrefix: "a1b2c3d4e5" },
    crossAccount: changes.crossAccount,
  };
  const bucket = hardenedBucket(bucketName, {
    bucket: { region },
    cors: changes.cors ?? [ICA_CORS_RULE],
    versioning: changes.versioning,
    kmsKeyArn: changes.kmsKeyArn,
    policy: (b) => (changes.bucketPolicy ?? unchanged)([denyInsecureTransport(b), ...icaCrossAccountStatement(connection, { ...bucketSettings, name: b })]),
  });
  const policy = bucket.bucket.apply((b) =>
    renderPolicy(policyDocument((changes.statements ?? unchanged)(icaPolicyStatements(connection, { ...bucketSettings, name: b })))),
  );
  if (connection.credential.type === "user") {
    const user = new aws.iam.User(name, { name });
    new aws.iam.UserPolicy(`${name}-policy`, { user: user.name, policy });
    return bucket;
  }
  const trustRegion = changes.trustRegion ?? region;
  const provider =
    changes.oidcProvider === false
      ? undefined
      : new aws.iam.OpenIdConnectProvider(`${name}-oidc`, {
          url: `https://${icaOidcIssuer(trustRegion)}`,
          clientIdLists: [ICA_OIDC_AUDIENCE],
          ...changes.oidcProvider,
        });
  const role = new aws.iam.Role(
    name,
    {
      assumeRolePolicy: JSON.stringify(changes.trust ?? icaTrust(trustRegion)),
      maxSessionDuration: "maxSessionDuration" in changes ? changes.maxSessionDuration : ICA_MAX_SESSION_DURATION_SECONDS,
    },
    { dependsOn: provider && changes.dependsOnProvider !== false ? [provider] : undefined },
  );
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy });
  return bucket;
}

/** ICA's trust for a connection in a region, as the vendor module builds it (ica.md §7.3). */
export function icaTrust(region: AwsRegion = "eu-central-1"): PolicyDocument {
  return icaTrustPolicy(
    { name: "ica", vendor: "ica", bucket: "b", region, sharedPrincipals: [], credential: { type: "role", roleSessionNamePrefix: "a1b2c3d4e5" } },
    MOCK_ACCOUNT_ID,
  );
}

export interface ElembioChanges {
  /** The bucket's region (default us-east-1). */
  region?: AwsRegion;
  credential?: "role" | "user";
  /** HealthOmics on (default true). */
  healthOmics?: boolean;
  manageBucketPolicy?: boolean;
  /** Changes the provider policy's statements. */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
  /** The execution role's trust policy (default elembio.md §7 with aws:SourceAccount). */
  executionTrust?: object;
  /** Options of the bucket policy. */
  policyOptions?: pulumi.CustomResourceOptions;
}

/** An ElemBio connection as VendorAccess builds it, with raw resources: provider credential and HealthOmics execution role. */
export function elembioConnection(name: string, bucketName: string, changes: ElembioChanges = {}): void {
  const region = changes.region ?? "us-east-1";
  const bucketSettings: ResolvedBucket = { ...settings(bucketName), region };
  const context = { accountId: MOCK_ACCOUNT_ID, stack: "policy" };
  const connection: ResolvedConnection<ElembioConnection> = {
    name,
    vendor: "elembio",
    bucket: bucketName,
    prefix: "elembio",
    region,
    sharedPrincipals: [],
    credential: changes.credential === "user" ? { type: "user" } : { type: "role", externalId: "lab-elembio-2f9c" },
    healthOmics: { enabled: changes.healthOmics ?? true },
    manageBucketPolicy: changes.manageBucketPolicy,
  };
  const bucket = hardenedBucket(bucketName, { bucket: { region }, policyOptions: changes.policyOptions });
  if (changes.healthOmics ?? true) {
    const execution = healthOmicsExecutionRole(connection, bucketSettings, context);
    const role = new aws.iam.Role(`${name}-execution`, {
      name: execution.name,
      assumeRolePolicy: JSON.stringify(changes.executionTrust ?? execution.trustPolicy),
    });
    new aws.iam.RolePolicy(`${name}-execution-policy`, { role: role.id, policy: renderPolicy(execution.policy) });
  }
  const policy = bucket.bucket.apply((b) =>
    renderPolicy(policyDocument((changes.statements ?? unchanged)(elembioPolicyStatements(connection, { ...bucketSettings, name: b }, context)))),
  );
  if (connection.credential.type === "user") {
    const user = new aws.iam.User(name, { name });
    new aws.iam.UserPolicy(`${name}-policy`, { user: user.name, policy });
    return;
  }
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify(elementTrustPolicy("lab-elembio-2f9c")),
    maxSessionDuration: ELEMENT_MAX_SESSION_DURATION_SECONDS,
  });
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy });
}

export interface DestinationChanges {
  /** The role's trust policy (default prequel.md §4 with subject and audience). */
  trust?: object;
  /** Still onboarding: keeps s3:DeleteObject (default false). */
  onboarding?: boolean;
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
}

/** A data-sync destination's bucket and role, as the components build them (prequel.md). */
export function destinationRole(name: string, bucketName: string, changes: DestinationChanges = {}): void {
  const region = "us-west-2";
  const connection: ResolvedConnection<PrequelConnection> = {
    name,
    vendor: "prequel",
    bucket: bucketName,
    prefix: "billing",
    region,
    sharedPrincipals: [],
    credential: { type: "role", subject: "103456789012345678901", audience: "org_8c1f2a" },
    onboarding: changes.onboarding ?? false,
  };
  const bucket = hardenedBucket(bucketName, { bucket: { region } });
  const role = new aws.iam.Role(name, { assumeRolePolicy: JSON.stringify(changes.trust ?? prequelTrustPolicy("103456789012345678901", "org_8c1f2a")) });
  const policy = bucket.bucket.apply((b) =>
    renderPolicy(policyDocument((changes.statements ?? unchanged)(prequelPolicyStatements(connection, { ...settings(b), region })))),
  );
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy });
}

/** What iam-role-trust-public-principal says of a trust statement that lets `{"AWS": "*"}` in unconfined. */
export function publicTrustMessage(role: string, sid: string): string {
  return `aws.iam.Role "${role}" trust statement "${sid}" allows Principal {"AWS": "*"} with no condition confining it to an account, organisation, principal ARN or external ID, so any principal of any AWS account can assume the role; a role trusts the principals it names, never anyone (AWS IAM: a wildcard principal is confined only by an exact aws:PrincipalAccount, aws:PrincipalOrgID, aws:PrincipalArn or sts:ExternalId condition). Fix: set Principal to the account or role that assumes it ({"AWS": "arn:aws:iam::<account ID>:root"}), or add "Condition": {"StringEquals": {"aws:PrincipalAccount": "<account ID>"}}.`;
}
