/**
 * The AWS clients of the live commands and of the program's adoption check: the SDK's standard credential chain (environment, shared
 * config and SSO profiles, web identity, container and instance roles), its region resolution, and
 * `AWS_ENDPOINT_URL` for an AWS-compatible endpoint. Reads only: nothing here writes to AWS.
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { S3Client } from "@aws-sdk/client-s3";
import { STSClient } from "@aws-sdk/client-sts";

/** Where the commands talk to; every field optional, the SDK's own resolution fills the gaps. */
export interface ClientOptions {
  /** Region for STS and IAM calls and the default for S3; otherwise AWS_REGION, the profile, us-east-1. */
  region?: string;
  /** An AWS-compatible endpoint; otherwise AWS_ENDPOINT_URL (read by the SDK itself). */
  endpoint?: string;
  /** A shared-config profile (the stack's aws:profile); otherwise AWS_PROFILE, then the default chain. */
  profile?: string;
}

export interface LiveClients {
  sts: STSClient;
  iam: IAMClient;
  /** An S3 client for a bucket's region: S3 answers most bucket calls only in the bucket's region. */
  s3(region: string): S3Client;
}

/**
 * A refused connection or a dead endpoint should fail in seconds, not after the SDK's default
 * three attempts with back-off against a socket that never answers.
 */
const TRANSPORT = { maxAttempts: 2, requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 } } as const;

/**
 * The pinned SDK supports the Node 20 this project runs on; its notice that later releases will
 * need Node 22 would turn every one-line error of the live commands into a dozen lines. Upgrading
 * the SDK past January 2027 means upgrading Node (README, "Live account").
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export function liveClients(options: ClientOptions = {}): LiveClients {
  const region = options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
  const { endpoint, profile } = options;
  // A custom endpoint rarely serves virtual-hosted bucket names (bucket.127.0.0.1:port).
  const customEndpoint = endpoint !== undefined || process.env.AWS_ENDPOINT_URL !== undefined || process.env.AWS_ENDPOINT_URL_S3 !== undefined;
  const s3Clients = new Map<string, S3Client>();
  return {
    sts: new STSClient({ ...TRANSPORT, region, endpoint, profile }),
    iam: new IAMClient({ ...TRANSPORT, region, endpoint, profile }),
    s3(bucketRegion: string) {
      let client = s3Clients.get(bucketRegion);
      if (!client) {
        client = new S3Client({ ...TRANSPORT, region: bucketRegion, endpoint, profile, forcePathStyle: customEndpoint, followRegionRedirects: true });
        s3Clients.set(bucketRegion, client);
      }
      return client;
    },
  };
}
