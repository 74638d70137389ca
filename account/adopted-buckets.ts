/**
 * The program's view of its adopted buckets in AWS, read during `pulumi preview` and `pulumi up`
 * before anything is built: what each bucket holds that the file must account for, and which of
 * its configurations exist (imported at the first update) or not (created). Read-only. The AWS
 * SDK reader is in bucket-configuration.ts, loaded only when a stack has adopted buckets.
 */
import { adoptionProblems, parseAppliedRecord, type LiveBucket } from "../model/adoption";
import type { ResolvedBucket, StackModel } from "../model/resolve";
import type { RuleProblem } from "../model/rules";

/** Reads one adopted bucket; undefined when it cannot be read here (the offline plan says what that leaves unchecked). */
export type AdoptedBucketReader = (bucket: ResolvedBucket) => Promise<LiveBucket | undefined>;

export interface AdoptionSources {
  readBucket: AdoptedBucketReader;
  /** The stack output `adoptedBuckets` of the last update (see appliedToBucket), read only when a bucket was read. */
  readApplied: () => Promise<unknown>;
  /** The region the AWS provider works in, when the stack or the environment says. */
  providerRegion?: string;
}

export interface AdoptionCheck {
  /** What applying would remove unannounced (errors) and what deserves a look (warnings), at their place in the file. */
  problems: RuleProblem[];
  /**
   * The adopted buckets as read. Each part that exists in AWS is given Pulumi's `import` option:
   * the engine imports it only while it is not in the stack yet (its ID is the bucket's name
   * either way), so the preview shows an update of what is there instead of a create.
   */
  existing: Map<string, LiveBucket>;
}

/**
 * Reads every adopted bucket and checks it against the file and against what the program wrote
 * into it at its last update.
 */
export async function checkAdoptedBuckets(model: StackModel, sources: AdoptionSources): Promise<AdoptionCheck> {
  const check: AdoptionCheck = { problems: [], existing: new Map() };
  let applied: ReturnType<typeof parseAppliedRecord> | undefined;
  for (const bucket of model.buckets.filter((b) => b.adopt)) {
    const live = await sources.readBucket(bucket);
    if (!live) continue;
    applied ??= parseAppliedRecord(await sources.readApplied());
    const before = applied.get(bucket.name);
    const onBucket = model.connections.filter((c) => c.bucket === bucket.name);
    check.problems.push(...adoptionProblems(bucket, onBucket, live, before));
    // Pulumi imports through the provider's region: a configuration read in another region would
    // be missed, or read and then moved (replaced) to the bucket's region. Once the program has
    // applied the bucket, its parts are in the stack and nothing is imported any more.
    const region = sources.providerRegion;
    if (!before && region !== undefined && region !== bucket.region) {
      check.problems.push({
        severity: "error",
        path: ["buckets", bucket.name],
        message: `is in ${bucket.region}, but this stack's AWS provider works in ${region} (aws:region), and Pulumi imports an existing bucket's configuration through the provider's region: adopt it from a stack whose aws:region is ${bucket.region}`,
      });
      continue;
    }
    check.existing.set(bucket.name, live);
  }
  return check;
}
