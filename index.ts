/**
 * The Pulumi program: reads this stack's connections file, builds the buckets and the vendor
 * access it declares, and exports the hand-off values to paste into each vendor's UI.
 */
import * as path from "path";
import * as aws from "./components/aws";
import * as pulumi from "@pulumi/pulumi";
import { checkAdoptedBuckets, type AdoptedBucketReader } from "./account/adopted-buckets";
import { CannotCheck } from "./account/errors";
import { createConnections } from "./components";
import { appliedToBucket, type LiveBucket } from "./model/adoption";
import { defaultConnectionsFile, formatProblem, loadConnectionsFile, type LoadCache, type Problem } from "./model/load";

interface ProgramOptions {
  /** The offline plan passes the cache it loaded the file with, so the file is parsed once per plan. */
  loadCache?: LoadCache;
  /** How adopted buckets are read; `pulumi up` reads them from AWS (the SDK is loaded only then), the offline plan cannot. */
  readAdoptedBucket?: AdoptedBucketReader;
  /** What the last update applied to adopted buckets; `pulumi up` reads the stack's own output. */
  readAppliedRecord?: () => Promise<unknown>;
}

/** Bad input and unreadable buckets end the program with these lines only, never a stack trace. */
function fail(file: string, errors: Problem[]): never {
  throw new pulumi.RunError(`${file} has ${errors.length} problem(s):\n${errors.map(formatProblem).join("\n")}`);
}

/** The stack output that records what the program applied to its adopted buckets. */
const ADOPTED_BUCKETS_OUTPUT = "adoptedBuckets";

/** This stack's own outputs of its last update, through a reference to itself (undefined before the first). */
async function appliedAtLastUpdate(): Promise<unknown> {
  const name = `${pulumi.getOrganization()}/${pulumi.getProject()}/${pulumi.getStack()}`;
  const self = new pulumi.StackReference("last-update", { name });
  return (await self.getOutputDetails(ADOPTED_BUCKETS_OUTPUT)).value;
}

/** The region the AWS provider works in: the stack's aws:region, the environment's, else the provider's own answer. */
async function providerRegion(config: pulumi.Config): Promise<string | undefined> {
  return config.get("region") ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? (await aws.getRegion({})).region;
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
  const connectionsOn = (bucket: string) => model.connections.filter((c) => c.bucket === bucket);

  // An adopted bucket holds statements, rules and settings the file may not know of. Each is read
  // before anything is built: what applying would remove unannounced stops the run at its place in
  // the file, and the configurations that exist are imported, so the preview shows their changes.
  const adopted = model.buckets.filter((b) => b.adopt);
  let existing = new Map<string, LiveBucket>();
  if (adopted.length > 0) {
    const awsConfig = new pulumi.Config("aws");
    try {
      const check = await checkAdoptedBuckets(model, {
        readBucket: options.readAdoptedBucket ?? (await import("./account/bucket-configuration")).awsAdoptedBucketReader({ profile: awsConfig.get("profile") }),
        readApplied: options.readAppliedRecord ?? appliedAtLastUpdate,
        providerRegion: await providerRegion(awsConfig),
      });
      const problems = check.problems.map(result.problemAt);
      for (const warning of problems.filter((p) => p.severity === "warning")) pulumi.log.warn(formatProblem(warning));
      const errors = problems.filter((p) => p.severity === "error");
      if (errors.length > 0) fail(file, errors);
      existing = check.existing;
    } catch (e) {
      if (!(e instanceof CannotCheck)) throw e;
      throw new pulumi.RunError(e.message);
    }
  }

  // The account is known during preview too; the ARNs of this stack's own roles and of an adopted
  // OIDC provider are built from it.
  const { accountId } = await aws.getCallerIdentity();
  const { handoff } = createConnections(model, { stack, accountId }, existing);

  return {
    /** Per connection, the fields the vendor's UI asks for; secrets stay Pulumi secrets. */
    handoff,
    // Read back by the next run (appliedAtLastUpdate): what this update writes is then the program's own.
    ...(adopted.length > 0 && {
      [ADOPTED_BUCKETS_OUTPUT]: Object.fromEntries(adopted.map((b) => [b.name, appliedToBucket(b, connectionsOn(b.name))])),
    }),
  };
};
