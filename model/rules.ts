/**
 * Rules across fields and connections, run after the schema accepted the file: defaults, bucket
 * regions, duplicates, KMS key regions, Sid namespaces, overlapping prefixes, and each vendor's own
 * checks. Pure: returns the model and every problem found, each with its path in the file.
 */
import { DENY_INSECURE_TRANSPORT_SID } from "../iam/s3";
import { sidNamespace } from "../fields/names";
import type { AwsRegion } from "../fields/regions";
import { KMS_KEY_ARN_PATTERN } from "../fields/bucket";
import type { ConnectionsFile } from "./schema";
import { normalizePrefix, type ResolvedBucket, type ResolvedConnection, type StackModel } from "./resolve";
import { bucketArn } from "../iam/s3";
import { ALL_VENDOR_MODULES, vendorModule } from "../vendors";
import { checkPolicySizes } from "./limits";

export type Path = (string | number)[];

export interface RuleProblem {
  severity: "error" | "warning";
  path: Path;
  message: string;
}

/** The region of every bucket, or a problem saying why it cannot be settled. */
function resolveRegions(file: ConnectionsFile, bucketNames: string[], problems: RuleProblem[]): Map<string, AwsRegion> {
  const regions = new Map<string, AwsRegion>();
  for (const bucket of bucketNames) {
    const declared = file.buckets?.[bucket]?.region;
    const users = file.connections.map((c, index) => ({ c, index })).filter(({ c }) => c.bucket === bucket);
    let region: AwsRegion | undefined = declared;
    let source = declared ? `buckets.${bucket}.region` : undefined;
    for (const { c, index } of users) {
      if (c.region === undefined) continue;
      if (region === undefined) {
        region = c.region;
        source = `connection "${c.name}"`;
      } else if (c.region !== region) {
        problems.push({
          severity: "error",
          path: ["connections", index, "region"],
          message: `bucket "${bucket}" is used with two regions: ${c.region} here and ${region} in ${source}; a bucket has one region, so make them equal`,
        });
      }
    }
    region ??= file.defaults?.region;
    if (region === undefined) {
      const path: Path = file.buckets?.[bucket] ? ["buckets", bucket] : ["connections", users[0].index, "bucket"];
      problems.push({ severity: "error", path, message: `bucket "${bucket}" has no region: set buckets.${bucket}.region, the connection's region, or defaults.region` });
      continue;
    }
    regions.set(bucket, region);
  }
  return regions;
}

/** The longest folder two prefixes share when one contains the other ("" for the whole bucket). */
export function overlappingPrefix(a: string | undefined, b: string | undefined): string | undefined {
  const within = (inner: string | undefined, outer: string | undefined) => outer === undefined || inner === outer || (inner ?? "").startsWith(`${outer}/`);
  if (within(a, b)) return b ?? "";
  if (within(b, a)) return a ?? "";
  return undefined;
}

function checkExtraStatements(bucket: ResolvedBucket, reserved: Map<string, string>, problems: RuleProblem[]): void {
  bucket.extraPolicyStatements.forEach((statement, index) => {
    const path: Path = ["buckets", bucket.name, "extraPolicyStatements", index];
    const owner = reserved.get(statement.Sid);
    if (owner) {
      problems.push({ severity: "error", path: [...path, "Sid"], message: `Sid "${statement.Sid}" is already used by ${owner}; give this statement another Sid, or remove it if it only repeats that one` });
    }
    reserved.set(statement.Sid, `extraPolicyStatements[${index}]`);
    const listed = statement.Resource ?? statement.NotResource ?? [];
    const resources = [listed].flat();
    const arn = bucketArn(bucket.name);
    resources.forEach((resource, i) => {
      if (resource !== arn && !resource.startsWith(`${arn}/`)) {
        problems.push({
          severity: "error",
          // Point at the list item, not at the start of the list.
          path: [...path, statement.Resource !== undefined ? "Resource" : "NotResource", ...(Array.isArray(listed) ? [i] : [])],
          message: `statement "${statement.Sid}" names ${JSON.stringify(resource)}, but a bucket policy may only name this bucket (${arn} or ${arn}/...)`,
        });
      }
    });
  });
}

export interface ResolveOptions {
  /**
   * The stack the file is applied as; role names in some documents contain it. Without it the
   * size checks measure the longest name any stack could give (model/limits.ts).
   */
  stack?: string;
}

/** Applies defaults and every cross-field rule. The model is usable only when no problem is an error. */
export function resolveModel(file: ConnectionsFile, options: ResolveOptions = {}): { model: StackModel; problems: RuleProblem[] } {
  const problems: RuleProblem[] = [];
  const defaultTags = file.defaults?.tags ?? {};

  const seenNames = new Map<string, number>();
  const seenNamespaces = new Map<string, string>();
  file.connections.forEach((c, index) => {
    if (seenNames.has(c.name)) {
      const first = file.connections[seenNames.get(c.name)!];
      problems.push({
        severity: "error",
        path: ["connections", index, "name"],
        message: `"${c.name}" is already the name of an earlier connection (on bucket "${first.bucket}"); connection names must be unique, so rename one of them`,
      });
      return;
    }
    seenNames.set(c.name, index);
    const namespace = sidNamespace(c.name);
    const clash = seenNamespaces.get(namespace);
    if (clash) {
      problems.push({
        severity: "error",
        path: ["connections", index, "name"],
        message: `"${c.name}" and "${clash}" differ only in hyphens, so their bucket-policy statements would share the Sid prefix "${namespace}"; rename one`,
      });
    }
    seenNamespaces.set(namespace, c.name);
  });

  const bucketNames = [...new Set([...Object.keys(file.buckets ?? {}), ...file.connections.map((c) => c.bucket)])].sort();
  const regions = resolveRegions(file, bucketNames, problems);

  const buckets: ResolvedBucket[] = bucketNames
    .filter((name) => regions.has(name))
    .map((name) => {
      const settings = file.buckets?.[name] ?? {};
      return {
        name,
        region: regions.get(name)!,
        adopt: settings.adopt ?? false,
        versioning: settings.versioning ?? "enabled",
        encryption: settings.encryption ?? { type: "sse-s3" },
        // Tags replace a bucket's whole tag set, so an adopted bucket keeps the tags it has unless
        // the file tags that bucket itself.
        tags: settings.adopt && settings.tags === undefined ? {} : { ...defaultTags, ...settings.tags },
        extraPolicyStatements: settings.extraPolicyStatements ?? [],
        connections: file.connections.filter((c) => c.bucket === name).map((c) => c.name),
      };
    });

  for (const bucket of buckets) {
    if (bucket.encryption.type !== "sse-kms") continue;
    const keyRegion = KMS_KEY_ARN_PATTERN.exec(bucket.encryption.kmsKeyArn)?.[1];
    if (keyRegion !== bucket.region) {
      problems.push({
        severity: "error",
        path: ["buckets", bucket.name, "encryption", "kmsKeyArn"],
        message: `the KMS key is in ${keyRegion}, but bucket "${bucket.name}" is in ${bucket.region}; S3 default encryption needs a key in the bucket's region`,
      });
    }
  }

  const connections: ResolvedConnection[] = file.connections
    .filter((c) => regions.has(c.bucket))
    .map((c) => ({ ...c, prefix: normalizePrefix(c.prefix), region: regions.get(c.bucket)!, sharedPrincipals: c.sharedPrincipals ?? [] }));
  const model: StackModel = { tags: defaultTags, buckets, connections };
  const indexOf = (name: string) => file.connections.findIndex((c) => c.name === name);

  for (const bucket of buckets) {
    const onBucket = connections.filter((c) => c.bucket === bucket.name);
    const reserved = new Map<string, string>([[DENY_INSECURE_TRANSPORT_SID, "the TLS-only statement this program adds to every bucket policy"]]);
    for (const connection of onBucket) {
      const vendor = vendorModule(connection.vendor);
      const vendorProblems = vendor.validate(connection, bucket);
      problems.push(...vendorProblems.map((p) => ({ ...p, path: ["connections", indexOf(connection.name), ...p.path] })));
      if (vendorProblems.some((p) => p.severity === "error")) continue;
      for (const statement of vendor.bucketPolicyStatements(connection, bucket)) reserved.set(statement.Sid, `connection "${connection.name}"`);
    }
    checkExtraStatements(bucket, reserved, problems);
    for (let i = 0; i < onBucket.length; i++) {
      for (let j = i + 1; j < onBucket.length; j++) {
        const [a, b] = [onBucket[i], onBucket[j]];
        const shared = overlappingPrefix(a.prefix, b.prefix);
        if (shared === undefined) continue;
        problems.push({
          severity: "warning",
          path: ["connections", indexOf(b.name), "prefix"],
          message: `connections "${a.name}" and "${b.name}" share ${shared ? `the prefix "${shared}/" of bucket "${bucket.name}"` : `all of bucket "${bucket.name}"`}: each can reach what the other writes there`,
        });
      }
    }
  }
  for (const vendor of ALL_VENDOR_MODULES) {
    const ofVendor = connections.filter((c) => c.vendor === vendor.vendor);
    for (const { connection, ...problem } of vendor.validateTogether?.(ofVendor) ?? []) {
      problems.push({ ...problem, path: ["connections", indexOf(connection), ...problem.path] });
    }
  }
  // The documents are built only from a model without errors, as the components build them.
  if (!problems.some((p) => p.severity === "error")) problems.push(...checkPolicySizes(model, indexOf, new Set(Object.keys(file.buckets ?? {})), options.stack));
  return { model, problems };
}
