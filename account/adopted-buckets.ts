/**
 * The program's view of its adopted buckets in AWS, read during `pulumi preview` and `pulumi up`
 * before anything is built: what each bucket holds that the file must account for, and which of
 * its configurations exist (imported) or not (created). Read-only.
 */
import type { LiveBucket } from "../model/adoption";
import type { ResolvedBucket } from "../model/resolve";
import { readBucketConfiguration, liveBucketOf, BUCKET_CONFIGURATION_READS } from "./bucket-configuration";
import { liveClients, type ClientOptions } from "./clients";
import { CannotCheck } from "./errors";

/** Reads one adopted bucket; undefined when it cannot be read here (the offline plan says what that leaves unchecked). */
export type AdoptedBucketReader = (bucket: ResolvedBucket) => Promise<LiveBucket | undefined>;

/** The reader of a real preview: the AWS SDK with the standard credential chain (and the stack's aws:profile). */
export function awsAdoptedBucketReader(options: ClientOptions = {}): AdoptedBucketReader {
  const clients = liveClients(options);
  return async (bucket) => {
    try {
      return liveBucketOf(await readBucketConfiguration(clients.s3(bucket.region), bucket.name, options.endpoint));
    } catch (e) {
      if (!(e instanceof CannotCheck)) throw e;
      throw new CannotCheck(
        `cannot read adopted bucket "${bucket.name}" to check what applying would remove: ${e.message}. The preview needs ${BUCKET_CONFIGURATION_READS.join(", ")} on adopted buckets`,
        e.fatal,
        e.permission,
      );
    }
  };
}
