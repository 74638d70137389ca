/**
 * Policy tests: build resources with the real @pulumi/aws classes under the mock engine, then run
 * the real vendor-guard pack on them through its own analyzer handlers (cli/policy-harness.ts),
 * as `npm run plan` does. The pack is loaded once for the whole mocha process.
 *
 * Each spec starts from a compliant stack (these builders, which produce no violation) and changes
 * one thing per case.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { startMockEngine } from "../../cli/mock-engine";
import { analyze, configureFromFile } from "../../cli/policy-harness";
import { policyDocument, renderPolicy, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { denyInsecureTransport } from "../../iam/s3";
import type { ResolvedBucket } from "../../model/resolve";
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

/** Runs `build` under the mock engine and the pack on what it registered. */
export async function check(build: () => void, options: CheckOptions = {}): Promise<Found[]> {
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
  assert.deepStrictEqual(await configureFromFile(options.config), []);
  return (await analyze(engine.resources)).map((v) => ({ policy: v.policy, enforcement: v.enforcement, resource: v.resource.split("::").pop()!, message: v.message }));
}

/** The violations of one policy. */
export const of = (found: Found[], policy: string) => found.filter((f) => f.policy === policy);

/** The settings of an SSE-S3 bucket without versioning, for the vendor builders. */
export function settings(name: string): ResolvedBucket {
  return { name, region: "us-east-1", adopt: false, versioning: "disabled", encryption: { type: "sse-s3" }, tags: {}, extraPolicyStatements: [], connections: [] };
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
  if (changes.ownership !== false) new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: id, rule: { objectOwnership: changes.ownership ?? "BucketOwnerEnforced" } });
  if (changes.encryption !== false) {
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, { bucket: id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: changes.encryption ?? "AES256" } }] });
  }
  if (changes.policy !== false) {
    const statements = changes.policy ?? ((b: string) => [denyInsecureTransport(b)]);
    new aws.s3.BucketPolicy(`${name}-policy`, { bucket: id, policy: bucket.bucket.apply((b) => renderPolicy(policyDocument(statements(b)))) });
  }
  return bucket;
}

export interface ElementChanges {
  /** The role's trust policy. */
  trust?: PolicyDocument | object;
  /** The role's maxSessionDuration (undefined: unset). */
  maxSessionDuration?: number | undefined;
  /** Changes the identity policy's statements (Element's §1.3 template by default). */
  statements?: (statements: PolicyStatement[]) => PolicyStatement[];
}

/** Element's role for a bucket, as VendorAccess builds it: trust, 12-hour sessions, the §1.3 policy. */
export function elementRole(name: string, bucket: string, prefix: string | undefined, changes: ElementChanges = {}): aws.iam.Role {
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: JSON.stringify(changes.trust ?? elementTrustPolicy("lab-aviti-7f3a")),
    maxSessionDuration: "maxSessionDuration" in changes ? changes.maxSessionDuration : ELEMENT_MAX_SESSION_DURATION_SECONDS,
  });
  const statements = elementPolicyStatements(settings(bucket), prefix, "role");
  new aws.iam.RolePolicy(`${name}-policy`, { role: role.id, policy: renderPolicy(policyDocument((changes.statements ?? ((s) => s))(statements))) });
  return role;
}

/** Element's IAM user with the §1.3 user policy (including sts:GetFederationToken). */
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
