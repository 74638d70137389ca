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
import { checkExtraStatementSafety } from "./extra-statement-rules";
import { checkExternalIds, checkSharedPrincipalKeys } from "./connection-rules";

export type Path = (string | number)[];

export interface RuleProblem {
  severity: "error" | "warning";
  path: Path;
  message: string;
}

/** The region of every bucket, or a problem saying why it cannot be settled. */
function resolveRegions(
  file: ConnectionsFile,
  bucketNames: string[],
  usersOf: Map<string, { c: ConnectionsFile["connections"][number]; index: number }[]>,
  problems: RuleProblem[],
): Map<string, AwsRegion> {
  const regions = new Map<string, AwsRegion>();
  for (const bucket of bucketNames) {
    const declared = file.buckets?.[bucket]?.region;
    const users = usersOf.get(bucket) ?? [];
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
      problems.push({
        severity: "error",
        path,
        message: `bucket "${bucket}" has no region: set buckets.${bucket}.region, the connection's region, or defaults.region`,
      });
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

/** How many connections' names an overlap warning lists before "and N more". */
const OVERLAP_NAMES_SHOWN = 3;

/** A folder of a bucket, with the connections whose prefix is exactly it and counts for the folders below. */
interface PrefixNode {
  children: Map<string, PrefixNode>;
  here: ResolvedConnection[];
  /** Connections at this folder or below it, and the first few of them. */
  count: number;
  first: ResolvedConnection[];
}

/**
 * For each connection (in file order) that overlaps earlier ones on its bucket: how many, and the
 * first few. Two prefixes overlap when one is a folder of the other (no prefix is the whole
 * bucket), so the earlier overlapping connections are those at the connection's folder or above
 * it, and those below it: a tree of folders answers both without comparing every pair.
 */
function overlapsWithEarlier(onBucket: ResolvedConnection[]): { connection: ResolvedConnection; earlier: { count: number; first: ResolvedConnection[] } }[] {
  const node = (): PrefixNode => ({ children: new Map(), here: [], count: 0, first: [] });
  const root = node();
  const position = new Map(onBucket.map((c, i) => [c, i]));
  const found: { connection: ResolvedConnection; earlier: { count: number; first: ResolvedConnection[] } }[] = [];
  for (const connection of onBucket) {
    const folders = connection.prefix === undefined ? [] : connection.prefix.split("/");
    let count = 0;
    const first: ResolvedConnection[] = [];
    const note = (others: ResolvedConnection[]) => {
      for (const other of others) if (first.length < OVERLAP_NAMES_SHOWN && !first.includes(other)) first.push(other);
    };
    let at: PrefixNode | undefined = root;
    for (let i = 0; at && i <= folders.length; i++) {
      count += at.here.length;
      note(at.here);
      if (i === folders.length) {
        count += at.count - at.here.length;
        note(at.first);
      }
      at = i < folders.length ? at.children.get(folders[i]) : undefined;
    }
    if (count > 0) found.push({ connection, earlier: { count, first: first.sort((a, b) => position.get(a)! - position.get(b)!) } });
    let into = root;
    for (let i = 0; ; i++) {
      into.count++;
      if (into.first.length < OVERLAP_NAMES_SHOWN) into.first.push(connection);
      if (i === folders.length) break;
      let child = into.children.get(folders[i]);
      if (!child) into.children.set(folders[i], (child = node()));
      into = child;
    }
    into.here.push(connection);
  }
  return found;
}

/** One warning per connection: the pair when it overlaps one earlier connection, a summary when more. */
function overlapMessage(bucket: string, connection: ResolvedConnection, earlier: { count: number; first: ResolvedConnection[] }): string {
  if (earlier.count === 1) {
    const other = earlier.first[0];
    const shared = overlappingPrefix(other.prefix, connection.prefix);
    return `connections "${other.name}" and "${connection.name}" share ${shared ? `the prefix "${shared}/" of bucket "${bucket}"` : `all of bucket "${bucket}"`}: each can reach what the other writes there`;
  }
  const names = earlier.first.map((c) => `"${c.name}"`);
  const more = earlier.count - names.length;
  const listed = more > 0 ? `${names.join(", ")} and ${more} more` : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
  const where = connection.prefix === undefined ? `all of bucket "${bucket}"` : `the prefix "${connection.prefix}/" of bucket "${bucket}"`;
  return `has ${earlier.count} earlier connections overlapping it on ${where} (${listed}): each can reach what the others write there`;
}

function checkExtraStatements(bucket: ResolvedBucket, reserved: Map<string, string>, problems: RuleProblem[]): void {
  bucket.extraPolicyStatements.forEach((statement, index) => {
    const path: Path = ["buckets", bucket.name, "extraPolicyStatements", index];
    const owner = reserved.get(statement.Sid);
    if (owner) {
      problems.push({
        severity: "error",
        path: [...path, "Sid"],
        message: `Sid "${statement.Sid}" is already used by ${owner}; give this statement another Sid, or remove it if it only repeats that one`,
      });
    }
    reserved.set(statement.Sid, `extraPolicyStatements[${index}]`);
    checkExtraStatementSafety(bucket.name, statement, path, problems);
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

/** What the file may name in `dropStatements` without reading AWS: only live statements it does not keep. */
function checkDropStatements(bucket: ResolvedBucket, reserved: Map<string, string>, problems: RuleProblem[]): void {
  const drops = bucket.dropStatements ?? [];
  if (drops.length > 0 && !bucket.adopt) {
    problems.push({
      severity: "error",
      path: ["buckets", bucket.name, "dropStatements"],
      message: "lists statements to drop, but only an adopted bucket (adopt: true) has live statements this program did not write; remove dropStatements",
    });
    return;
  }
  drops.forEach((reference, index) => {
    const owner = reserved.get(reference);
    if (owner) {
      problems.push({
        severity: "error",
        path: ["buckets", bucket.name, "dropStatements", index],
        message: `names Sid "${reference}", which ${owner} writes into the policy: a statement the file keeps cannot also be dropped; remove it from dropStatements`,
      });
    }
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
  // Indexed once: a file of thousands of buckets or connections is checked in linear time.
  const usersOf = new Map<string, { c: ConnectionsFile["connections"][number]; index: number }[]>();
  file.connections.forEach((c, index) => {
    const users = usersOf.get(c.bucket) ?? [];
    if (users.length === 0) usersOf.set(c.bucket, users);
    users.push({ c, index });
  });
  const regions = resolveRegions(file, bucketNames, usersOf, problems);

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
        // Only where the file has some: a bucket without keeps the shape it always had.
        ...(settings.extraCorsRules ? { extraCorsRules: settings.extraCorsRules } : {}),
        ...(settings.dropStatements ? { dropStatements: settings.dropStatements } : {}),
        connections: (usersOf.get(name) ?? []).map(({ c }) => c.name),
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
  const indexes = new Map<string, number>();
  file.connections.forEach((c, index) => indexes.has(c.name) || indexes.set(c.name, index));
  const indexOf = (name: string) => indexes.get(name) ?? -1;
  const connectionsOf = new Map<string, ResolvedConnection[]>();
  for (const c of connections) {
    const list = connectionsOf.get(c.bucket) ?? [];
    if (list.length === 0) connectionsOf.set(c.bucket, list);
    list.push(c);
  }

  for (const bucket of buckets) {
    const onBucket = connectionsOf.get(bucket.name) ?? [];
    const reserved = new Map<string, string>([[DENY_INSECURE_TRANSPORT_SID, "the TLS-only statement this program adds to every bucket policy"]]);
    for (const connection of onBucket) {
      const vendor = vendorModule(connection.vendor);
      const vendorProblems = vendor.validate(connection, bucket);
      problems.push(...vendorProblems.map((p) => ({ ...p, path: ["connections", indexOf(connection.name), ...p.path] })));
      if (vendorProblems.some((p) => p.severity === "error")) continue;
      for (const statement of vendor.bucketPolicyStatements(connection, bucket)) reserved.set(statement.Sid, `connection "${connection.name}"`);
    }
    checkExtraStatements(bucket, reserved, problems);
    checkDropStatements(bucket, reserved, problems);
    for (const { connection, earlier } of overlapsWithEarlier(onBucket)) {
      problems.push({
        severity: "warning",
        path: ["connections", indexOf(connection.name), "prefix"],
        message: overlapMessage(bucket.name, connection, earlier),
      });
    }
  }
  for (const vendor of ALL_VENDOR_MODULES) {
    const ofVendor = connections.filter((c) => c.vendor === vendor.vendor);
    for (const { connection, ...problem } of vendor.validateTogether?.(ofVendor) ?? []) {
      problems.push({ ...problem, path: ["connections", indexOf(connection), ...problem.path] });
    }
  }
  checkExternalIds(file.connections, problems);
  checkSharedPrincipalKeys(buckets, connections, indexOf, problems);
  // The documents are built only from a model without errors, as the components build them.
  if (!problems.some((p) => p.severity === "error"))
    problems.push(...checkPolicySizes(model, indexOf, new Set(Object.keys(file.buckets ?? {})), options.stack));
  return { model, problems };
}
