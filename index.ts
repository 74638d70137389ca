/**
 * The Pulumi program: reads this stack's connections file, builds the buckets and the vendor
 * access it declares, and exports the hand-off values to paste into each vendor's UI.
 */
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AdoptedBucketReader } from "./account/adopted-buckets";
import { CannotCheck } from "./account/errors";
import { createConnections } from "./components";
import { adoptionProblems, type LiveBucket } from "./model/adoption";
import { defaultConnectionsFile, formatProblem, loadConnectionsFile, type LoadCache, type Problem } from "./model/load";

interface ProgramOptions {
  /** The offline plan passes the cache it loaded the file with, so the file is parsed once per plan. */
  loadCache?: LoadCache;
  /** How adopted buckets are read; `pulumi up` reads them from AWS, the offline plan cannot. */
  readAdoptedBucket?: AdoptedBucketReader;
}

/** Bad input and unreadable buckets end the program with these lines only, never a stack trace. */
function fail(file: string, errors: Problem[]): never {
  throw new pulumi.RunError(`${file} has ${errors.length} problem(s):\n${errors.map(formatProblem).join("\n")}`);
}

/** The AWS SDK, loaded only for a stack with adopted buckets, reading with the stack's aws:profile. */
async function awsReader(): Promise<AdoptedBucketReader> {
  const { awsAdoptedBucketReader } = await import("./account/adopted-buckets");
  return awsAdoptedBucketReader({ profile: new pulumi.Config("aws").get("profile") });
}

/** `pulumi up` calls it with nothing. */
export = async (options: ProgramOptions = {}) => {
  const stack = pulumi.getStack();
  const file = new pulumi.Config().get("connectionsFile") ?? defaultConnectionsFile(stack);
  // The stack name makes the size checks exact: role names and the ARNs built from them contain it.
  const result = loadConnectionsFile(path.resolve(__dirname, file), file, { stack, cache: options.loadCache });

  for (const warning of result.warnings) pulumi.log.warn(formatProblem(warning));
  if (!result.ok) fail(file, result.errors);
  const { model } = result;

  // An adopted bucket holds statements, rules and settings the file may not know of. Each is read
  // before anything is built: what applying would remove unannounced stops the run at its place in
  // the file, and the configurations that exist are imported, so the preview shows their changes.
  const liveBuckets = new Map<string, LiveBucket>();
  const adoption: Problem[] = [];
  const adopted = model.buckets.filter((b) => b.adopt);
  const readAdoptedBucket = adopted.length > 0 ? (options.readAdoptedBucket ?? (await awsReader())) : undefined;
  for (const bucket of adopted) {
    let live: LiveBucket | undefined;
    try {
      live = await readAdoptedBucket?.(bucket);
    } catch (e) {
      if (!(e instanceof CannotCheck)) throw e;
      throw new pulumi.RunError(e.message);
    }
    if (!live) continue;
    liveBuckets.set(bucket.name, live);
    const onBucket = model.connections.filter((c) => c.bucket === bucket.name);
    adoption.push(...adoptionProblems(bucket, onBucket, live).map(result.problemAt));
  }
  for (const warning of adoption.filter((p) => p.severity === "warning")) pulumi.log.warn(formatProblem(warning));
  const errors = adoption.filter((p) => p.severity === "error");
  if (errors.length > 0) fail(file, errors);

  // The account is known during preview too; the ARNs of this stack's own roles and of an adopted
  // OIDC provider are built from it.
  const { accountId } = await aws.getCallerIdentity();
  const { handoff } = createConnections(model, { stack, accountId }, liveBuckets);

  /** Per connection, the fields the vendor's UI asks for; secrets stay Pulumi secrets. */
  return { handoff };
};
