/**
 * What AWS should hold, read from the offline plan's resources (the `resources` of `npm run plan
 * -- --json`): the buckets with their hardening and policy, the roles and users with their trust and
 * inline policies, and the OIDC providers.
 */
import { accessKeyGenerationOf } from "../fields/credential";

/** A planned resource as `npm run plan -- --json` writes it (the fields read here). */
export interface PlanResource {
  type: string;
  name: string;
  parent?: string;
  inputs: Record<string, unknown>;
}

export interface ExpectedCorsRule {
  allowedHeaders?: string[];
  allowedMethods: string[];
  allowedOrigins: string[];
  exposeHeaders?: string[];
  maxAgeSeconds?: number;
}

export interface ExpectedBucket {
  name: string;
  region: string;
  policy?: unknown;
  encryption?: { algorithm: string; kmsKeyId?: string; bucketKey?: boolean };
  /** Undefined when the plan leaves versioning alone (never versioned). */
  versioning?: "Enabled" | "Suspended";
  cors: ExpectedCorsRule[];
}

export interface ExpectedIdentity {
  kind: "role" | "user";
  name: string;
  connection?: string;
  vendor?: string;
  trust?: unknown;
  /** IAM's default when the plan sets none. */
  maxSessionDuration?: number;
  inlinePolicies: { name: string; document: unknown }[];
  /** A user's access key generations, as the file's `accessKeys` lists them. */
  accessKeys?: number[];
}

export interface ExpectedOidcProvider {
  url: string;
  clientIds: string[];
}

export interface Expected {
  buckets: ExpectedBucket[];
  identities: ExpectedIdentity[];
  oidcProviders: ExpectedOidcProvider[];
}

const TYPES = {
  bucket: "aws:s3/bucket:Bucket",
  policy: "aws:s3/bucketPolicy:BucketPolicy",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  role: "aws:iam/role:Role",
  user: "aws:iam/user:User",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  accessKey: "aws:iam/accessKey:AccessKey",
  oidc: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
} as const;

type Inputs = Record<string, unknown>;
const record = (value: unknown): Inputs => (value && typeof value === "object" ? (value as Inputs) : {});

/** The plan names an identity's inline policy after it: `<base>-role` / `<base>-user` and `<base>-policy` (`<base>-user-policy` beside a role). */
const baseName = (name: string) => name.replace(/-(role|user)$/, "");

/** The generations of a user's planned access keys, from their logical names, ascending. */
function accessKeysOf(keys: PlanResource[], base: string): number[] {
  return keys
    .map((k) => accessKeyGenerationOf(k.name, base))
    .filter((g): g is number => g !== undefined)
    .sort((a, b) => a - b);
}

export function expectedFromPlan(resources: PlanResource[]): Expected {
  const siblings = (r: PlanResource, type: string) => resources.filter((other) => other.type === type && other.parent === r.parent);
  const buckets = resources
    .filter((r) => r.type === TYPES.bucket)
    .map((r): ExpectedBucket => {
      const [policy] = siblings(r, TYPES.policy);
      const [encryption] = siblings(r, TYPES.encryption);
      const [versioning] = siblings(r, TYPES.versioning);
      const [cors] = siblings(r, TYPES.cors);
      const rule = record((record(encryption?.inputs).rules as unknown[] | undefined)?.[0]);
      const byDefault = record(rule.applyServerSideEncryptionByDefault);
      const status = record(versioning?.inputs.versioningConfiguration).status;
      return {
        name: String(r.inputs.bucket),
        region: String(r.inputs.region ?? "us-east-1"),
        policy: policy?.inputs.policy,
        encryption: encryption
          ? {
              algorithm: String(byDefault.sseAlgorithm),
              kmsKeyId: byDefault.kmsMasterKeyId as string | undefined,
              bucketKey: rule.bucketKeyEnabled as boolean | undefined,
            }
          : undefined,
        versioning: status === "Enabled" || status === "Suspended" ? status : undefined,
        cors: (cors?.inputs.corsRules as ExpectedCorsRule[] | undefined) ?? [],
      };
    });
  const identities = resources
    .filter((r) => r.type === TYPES.role || r.type === TYPES.user)
    .map((r): ExpectedIdentity => {
      const kind = r.type === TYPES.role ? "role" : "user";
      const policyType = kind === "role" ? TYPES.rolePolicy : TYPES.userPolicy;
      // A user whose keys assume the connection's role (user-with-role) holds `<base>-user-policy`; the role holds `<base>-policy`.
      const names = kind === "role" ? [`${baseName(r.name)}-policy`] : [`${baseName(r.name)}-policy`, `${baseName(r.name)}-user-policy`];
      const policies = siblings(r, policyType).filter((p) => names.includes(p.name));
      const tags = record(r.inputs.tags);
      return {
        kind,
        name: String(r.inputs.name),
        connection: tags["vendor-connections:connection"] as string | undefined,
        vendor: tags["vendor-connections:vendor"] as string | undefined,
        trust: kind === "role" ? r.inputs.assumeRolePolicy : undefined,
        maxSessionDuration: kind === "role" ? ((r.inputs.maxSessionDuration as number | undefined) ?? 3600) : undefined,
        inlinePolicies: policies.map((p) => ({ name: String(p.inputs.name), document: p.inputs.policy })),
        ...(kind === "user" ? { accessKeys: accessKeysOf(siblings(r, TYPES.accessKey), baseName(r.name)) } : {}),
      };
    });
  const oidcProviders = resources
    .filter((r) => r.type === TYPES.oidc)
    .map((r) => ({ url: String(r.inputs.url), clientIds: (r.inputs.clientIdLists as string[] | undefined) ?? [] }));
  return { buckets, identities, oidcProviders };
}
