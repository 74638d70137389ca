/**
 * The baseline of the benchmark: the SDK's own cost for the plan's resources. A plain Pulumi
 * program registers the same resources as the plan of a generated file (same types, names,
 * parents and count, similar inputs) straight with @pulumi/aws classes under the same mock engine,
 * without the model, validation, document builders or policy pack.
 */
import { readFileSync } from "fs";
import { ELEMENT_MAX_SESSION_DURATION_SECONDS, ELEMENT_PRINCIPAL_ARN } from "../vendors/element";
import { KMS_KEY, type BenchSpec } from "./generator";

/**
 * The baseline: a plain Pulumi program registering the plan's resources directly. Documents are
 * literal JSON of the same shape and size as the real ones; nothing is validated or composed.
 */
async function baselineProgram(spec: BenchSpec): Promise<void> {
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
  const region = "us-east-1";
  const doc = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });
  for (const b of spec.buckets) {
    const component = new Component("vendor-connections:index:ConnectedBucket", b.name);
    const parent = { parent: component };
    const bucket = new aws.s3.Bucket(b.name, { bucket: b.name, region, tags: spec.tags }, { ...parent, protect: true, retainOnDelete: true });
    const ownership = new aws.s3.BucketOwnershipControls(`${b.name}-ownership-controls`, { bucket: bucket.id, region, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const pab = new aws.s3.BucketPublicAccessBlock(
      `${b.name}-public-access-block`,
      { bucket: bucket.id, region, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      parent,
    );
    const rule = b.kms ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KMS_KEY }, bucketKeyEnabled: true } : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } };
    new aws.s3.BucketServerSideEncryptionConfiguration(`${b.name}-encryption`, { bucket: bucket.id, region, rules: [rule] }, parent);
    new aws.s3.BucketVersioning(`${b.name}-versioning`, { bucket: bucket.id, region, versioningConfiguration: { status: "Enabled" } }, parent);
    const arn = `arn:aws:s3:::${b.name}`;
    const statements: object[] = [
      { Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } },
    ];
    for (const c of b.connections) {
      if (!c.sharedPrincipal) continue;
      statements.push(
        { Sid: `${c.name}SharedList`, Effect: "Allow", Principal: { AWS: [c.sharedPrincipal] }, Action: ["s3:ListBucket"], Resource: [arn], Condition: { StringLike: { "s3:prefix": [`${c.prefix}/*`] } } },
        { Sid: `${c.name}SharedRead`, Effect: "Allow", Principal: { AWS: [c.sharedPrincipal] }, Action: ["s3:GetObject"], Resource: [`${arn}/${c.prefix}/*`] },
      );
    }
    new aws.s3.BucketPolicy(`${b.name}-policy`, { bucket: bucket.id, region, policy: doc(statements) }, { ...parent, dependsOn: [pab, ownership] });
    component.done();

    for (const c of b.connections) {
      const access = new Component("vendor-connections:index:VendorAccess", c.name);
      const child = { parent: access };
      const tags = { ...spec.tags, "vendor-connections:connection": c.name, "vendor-connections:vendor": "element" };
      const name = `${c.name}-${spec.stack}`;
      const policy = doc([
        { Sid: "S3BucketLevelOperations", Effect: "Allow", Action: ["s3:GetBucketLocation"], Resource: [arn] },
        { Sid: "S3ObjectListing", Effect: "Allow", Action: ["s3:ListBucket"], Resource: [arn], Condition: { StringLike: { "s3:prefix": [`${c.prefix}/*`] } } },
        { Sid: "S3ObjectWrite", Effect: "Allow", Action: ["s3:PutObject"], Resource: [`${arn}/${c.prefix}/*`] },
        { Sid: "STSOperations", Effect: "Allow", Action: ["sts:GetCallerIdentity"], Resource: ["*"] },
        ...(b.kms ? [{ Sid: "KMSKeyOperations", Effect: "Allow", Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: [KMS_KEY] }] : []),
      ]);
      if (c.credential === "role") {
        const role = new aws.iam.Role(
          `${c.name}-role`,
          {
            name,
            description: `Element Biosciences AVITI storage connection: connection ${c.name} (vendor-connections, stack ${spec.stack})`,
            assumeRolePolicy: doc([
              { Sid: "ElementAssumeRole", Effect: "Allow", Principal: { AWS: ELEMENT_PRINCIPAL_ARN }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": c.externalId } } },
            ]),
            maxSessionDuration: ELEMENT_MAX_SESSION_DURATION_SECONDS,
            tags,
          },
          child,
        );
        new aws.iam.RolePolicy(`${c.name}-policy`, { role: role.id, name: "element-access", policy }, child);
      } else {
        const user = new aws.iam.User(`${c.name}-user`, { name, tags }, child);
        new aws.iam.UserPolicy(`${c.name}-policy`, { user: user.id, name: "element-access", policy }, child);
        new aws.iam.AccessKey(`${c.name}-access-key`, { user: user.id }, child);
      }
      access.done();
    }
  }
}

/** Child process: runs the baseline under the mock engine and prints the resource types it registered. */
export async function baselineChild(specFile: string): Promise<void> {
  const { startMockEngine } = await import("../offline/mock-engine");
  const spec = JSON.parse(readFileSync(specFile, "utf8")) as BenchSpec;
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
