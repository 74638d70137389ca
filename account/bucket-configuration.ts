/**
 * Reads the configurations of one bucket that this program manages (read-only): its policy, public
 * access block, ownership controls, default encryption, versioning and CORS rules. "Not configured"
 * comes back as undefined (S3 answers NoSuchBucketPolicy and the like); a refusal as CannotCheck.
 */
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type PublicAccessBlockConfiguration,
  type S3Client,
  type ServerSideEncryptionRule,
} from "@aws-sdk/client-s3";
import type { ExtraCorsRule } from "../fields/bucket";
import { parsePolicyText } from "../iam/policy-diff";
import type { LiveBucket } from "../model/adoption";
import type { AdoptedBucketReader } from "./adopted-buckets";
import { liveClients, type ClientOptions } from "./clients";
import { CannotCheck, read } from "./errors";

export interface BucketConfiguration {
  /** The parsed bucket policy; undefined when there is none. */
  policy: unknown;
  publicAccessBlock?: PublicAccessBlockConfiguration;
  /** The ObjectOwnership setting; undefined when the bucket has no ownership controls. */
  ownership?: string;
  encryption?: ServerSideEncryptionRule;
  /** Enabled or Suspended; undefined for a bucket that was never versioned. */
  versioning?: string;
  /** The CORS rules in the file's camelCase shape (empty lists and absent fields left out). */
  corsRules: ExtraCorsRule[];
  /** True when the bucket has a CORS configuration at all. */
  hasCors: boolean;
}

/** The IAM actions {@link readBucketConfiguration} needs on the bucket (`pulumi preview` of an adopted bucket needs them too). */
export const BUCKET_CONFIGURATION_READS = [
  "s3:GetBucketPolicy",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetBucketOwnershipControls",
  "s3:GetEncryptionConfiguration",
  "s3:GetBucketVersioning",
  "s3:GetBucketCORS",
] as const;

export async function readBucketConfiguration(s3: S3Client, bucket: string, endpoint?: string): Promise<BucketConfiguration> {
  const Bucket = bucket;
  const [policy, publicAccessBlock, ownership, encryption, versioning, cors] = await Promise.all([
    read("s3:GetBucketPolicy", () => s3.send(new GetBucketPolicyCommand({ Bucket })), endpoint),
    read("s3:GetBucketPublicAccessBlock", () => s3.send(new GetPublicAccessBlockCommand({ Bucket })), endpoint),
    read("s3:GetBucketOwnershipControls", () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })), endpoint),
    read("s3:GetEncryptionConfiguration", () => s3.send(new GetBucketEncryptionCommand({ Bucket })), endpoint),
    read("s3:GetBucketVersioning", () => s3.send(new GetBucketVersioningCommand({ Bucket })), endpoint),
    read("s3:GetBucketCORS", () => s3.send(new GetBucketCorsCommand({ Bucket })), endpoint),
  ]);
  return {
    policy: parsePolicyText(policy?.Policy),
    publicAccessBlock: publicAccessBlock?.PublicAccessBlockConfiguration,
    ownership: ownership?.OwnershipControls?.Rules?.[0]?.ObjectOwnership,
    encryption: encryption?.ServerSideEncryptionConfiguration?.Rules?.[0],
    versioning: versioning?.Status || undefined,
    corsRules: (cors?.CORSRules ?? []).map((r) => {
      const rule: ExtraCorsRule = { allowedMethods: (r.AllowedMethods ?? []) as ExtraCorsRule["allowedMethods"], allowedOrigins: r.AllowedOrigins ?? [] };
      if (r.AllowedHeaders?.length) rule.allowedHeaders = r.AllowedHeaders;
      if (r.ExposeHeaders?.length) rule.exposeHeaders = r.ExposeHeaders;
      if (r.MaxAgeSeconds !== undefined) rule.maxAgeSeconds = r.MaxAgeSeconds;
      return rule;
    }),
    hasCors: cors !== undefined,
  };
}

/** What adoption needs to know of the configuration: the statements and rules to keep, and which parts exist. */
export function liveBucketOf(configuration: BucketConfiguration): LiveBucket {
  return {
    policy: configuration.policy,
    corsRules: configuration.corsRules,
    exists: {
      policy: configuration.policy !== undefined,
      publicAccessBlock: configuration.publicAccessBlock !== undefined,
      ownershipControls: configuration.ownership !== undefined,
      encryption: configuration.encryption !== undefined,
      versioning: configuration.versioning !== undefined,
      cors: configuration.hasCors,
    },
  };
}

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
