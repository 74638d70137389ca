/**
 * The baseline of the benchmark: the SDK's own cost for the plan's resources. A plain Pulumi
 * program registers the same resources as the plan of a generated file (same types, names,
 * parents and count, the same documents) straight with @pulumi/aws classes under the same mock
 * engine, without the model, validation, document builders or policy pack.
 *
 * Every input arrives as a literal in the spec (baseline-spec.ts computes it in the benchmark's
 * own process from the real loader and vendor modules), so this file knows no vendor and the
 * timed process loads nothing of the project but the mock engine.
 */
import { readFileSync } from "fs";

type Tags = Record<string, string>;

/** A bucket and its hardening, as ConnectedBucket registers them. */
export interface BaselineBucket {
  name: string;
  region: string;
  tags: Tags;
  /** The server-side encryption rule. */
  encryption: Record<string, unknown>;
  /** Absent when versioning is disabled (nothing is managed). */
  versioning?: "Enabled" | "Suspended";
  /** Absent when no connection needs CORS. */
  corsRules?: Record<string, unknown>[];
  /** The composed bucket policy, rendered. */
  policy: string;
}

/** An OIDC provider some connections' roles trust. */
export interface BaselineOidcProvider {
  logicalName: string;
  url: string;
  clientIds: string[];
  tags?: Tags;
  /** The provider's ARN when the account has it already. */
  import?: string;
}

/** One connection's IAM, as VendorAccess registers it. */
export interface BaselineAccess {
  name: string;
  tags: Tags;
  /** The inline policy's name and rendered document. */
  policyName: string;
  policy: string;
  role?: { name: string; description: string; assumeRolePolicy: string; maxSessionDuration?: number; oidcProvider?: string };
  user?: { name: string };
  executionRole?: { name: string; description: string; assumeRolePolicy: string; policy: string };
}

export interface BaselineSpec {
  stack: string;
  buckets: BaselineBucket[];
  oidcProviders: BaselineOidcProvider[];
  access: BaselineAccess[];
}

/** The baseline: a plain Pulumi program registering the plan's resources directly, from literals. */
async function baselineProgram(spec: BaselineSpec): Promise<void> {
  const pulumi = await import("@pulumi/pulumi");
  const aws = await import("@pulumi/aws");
  // A component with no inputs, as a plain program writes one.
  class Component extends pulumi.ComponentResource {
    constructor(type: string, name: string) {
      super(type, name, {});
    }
    done(): void {
      this.registerOutputs({});
    }
  }
  for (const b of spec.buckets) {
    const component = new Component("vendor-connections:index:ConnectedBucket", b.name);
    const parent = { parent: component };
    const hardening = { parent: component, retainOnDelete: true };
    const region = b.region;
    const bucket = new aws.s3.Bucket(b.name, { bucket: b.name, region, tags: b.tags }, { ...parent, protect: true, retainOnDelete: true });
    const ownership = new aws.s3.BucketOwnershipControls(
      `${b.name}-ownership-controls`,
      { bucket: bucket.id, region, rule: { objectOwnership: "BucketOwnerEnforced" } },
      hardening,
    );
    const pab = new aws.s3.BucketPublicAccessBlock(
      `${b.name}-public-access-block`,
      { bucket: bucket.id, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      hardening,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(`${b.name}-encryption`, { bucket: bucket.id, region, rules: [b.encryption] }, hardening);
    if (b.versioning)
      new aws.s3.BucketVersioning(`${b.name}-versioning`, { bucket: bucket.id, region, versioningConfiguration: { status: b.versioning } }, hardening);
    if (b.corsRules) new aws.s3.BucketCorsConfiguration(`${b.name}-cors`, { bucket: bucket.id, region, corsRules: b.corsRules as never }, parent);
    new aws.s3.BucketPolicy(`${b.name}-policy`, { bucket: bucket.id, region, policy: b.policy }, { ...parent, dependsOn: [pab, ownership] });
    component.done();
  }

  const providers = new Map<string, InstanceType<typeof aws.iam.OpenIdConnectProvider>>();
  for (const p of spec.oidcProviders) {
    const opts = p.import ? { import: p.import, retainOnDelete: true, ignoreChanges: ["thumbprintLists", "tags"] } : undefined;
    providers.set(p.logicalName, new aws.iam.OpenIdConnectProvider(p.logicalName, { url: p.url, clientIdLists: p.clientIds, tags: p.tags }, opts));
  }

  for (const c of spec.access) {
    const access = new Component("vendor-connections:index:VendorAccess", c.name);
    const child = { parent: access };
    let executionRole: InstanceType<typeof aws.iam.Role> | undefined;
    if (c.executionRole) {
      const e = c.executionRole;
      executionRole = new aws.iam.Role(
        `${c.name}-execution-role`,
        { name: e.name, description: e.description, assumeRolePolicy: e.assumeRolePolicy, tags: c.tags },
        child,
      );
      new aws.iam.RolePolicy(`${c.name}-execution-policy`, { role: executionRole.id, name: "execution", policy: e.policy }, child);
    }
    const afterExecution = { ...child, dependsOn: executionRole ? [executionRole] : undefined };
    if (c.role) {
      const { oidcProvider, ...inputs } = c.role;
      const provider = oidcProvider ? providers.get(oidcProvider) : undefined;
      const role = new aws.iam.Role(`${c.name}-role`, { ...inputs, tags: c.tags }, { ...child, dependsOn: provider ? [provider] : undefined });
      new aws.iam.RolePolicy(`${c.name}-policy`, { role: role.id, name: c.policyName, policy: c.policy }, afterExecution);
    } else if (c.user) {
      const user = new aws.iam.User(`${c.name}-user`, { name: c.user.name, tags: c.tags }, child);
      new aws.iam.UserPolicy(`${c.name}-policy`, { user: user.id, name: c.policyName, policy: c.policy }, afterExecution);
      new aws.iam.AccessKey(`${c.name}-access-key`, { user: user.id }, child);
    }
    access.done();
  }
}

/** Child process: runs the baseline under the mock engine and prints the resource types it registered. */
export async function baselineChild(specFile: string): Promise<void> {
  const { startMockEngine } = await import("../offline/mock-engine");
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as BaselineSpec;
  const engine = startMockEngine({ stack: spec.stack, preview: true });
  await baselineProgram(spec);
  await engine.settle();
  process.stdout.write(`${JSON.stringify(countTypes(engine.resources))}\n`);
}

/** Resources per type, sorted by type: what plan and baseline must agree on. */
export function countTypes(resources: { type: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}
