/**
 * A test tool, not a product path: creates in the emulator, with the SDK, the resources a plan
 * describes, as `pulumi up` would have. The product applies only through Pulumi.
 */
import {
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateOpenIDConnectProviderCommand,
  CreateRoleCommand,
  CreateUserCommand,
  PutRolePolicyCommand,
  PutUserPolicyCommand,
} from "@aws-sdk/client-iam";
import {
  CreateBucketCommand,
  PutBucketCorsCommand,
  PutBucketEncryptionCommand,
  PutBucketOwnershipControlsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutPublicAccessBlockCommand,
  type BucketLocationConstraint,
} from "@aws-sdk/client-s3";
import type { LiveClients } from "../../account/clients";
import type { Expected, ExpectedBucket } from "../../live/expected";

export async function createBucket(clients: LiveClients, bucket: ExpectedBucket, parts: { policy?: boolean; exists?: boolean } = {}): Promise<void> {
  const s3 = clients.s3(bucket.region);
  const Bucket = bucket.name;
  const location = bucket.region === "us-east-1" ? undefined : { LocationConstraint: bucket.region as BucketLocationConstraint };
  if (!parts.exists) await s3.send(new CreateBucketCommand({ Bucket, CreateBucketConfiguration: location }));
  await s3.send(
    new PutPublicAccessBlockCommand({
      Bucket,
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
    }),
  );
  await s3.send(new PutBucketOwnershipControlsCommand({ Bucket, OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] } }));
  if (bucket.encryption) {
    const { algorithm, kmsKeyId, bucketKey } = bucket.encryption;
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket,
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: algorithm as "AES256", KMSMasterKeyID: kmsKeyId }, BucketKeyEnabled: bucketKey }],
        },
      }),
    );
  }
  if (bucket.versioning) await s3.send(new PutBucketVersioningCommand({ Bucket, VersioningConfiguration: { Status: bucket.versioning } }));
  if (bucket.cors.length > 0) {
    const CORSRules = bucket.cors.map((r) => ({
      AllowedHeaders: r.allowedHeaders,
      AllowedMethods: r.allowedMethods,
      AllowedOrigins: r.allowedOrigins,
      ExposeHeaders: r.exposeHeaders,
      MaxAgeSeconds: r.maxAgeSeconds,
    }));
    await s3.send(new PutBucketCorsCommand({ Bucket, CORSConfiguration: { CORSRules } }));
  }
  if (bucket.policy && parts.policy !== false) await s3.send(new PutBucketPolicyCommand({ Bucket, Policy: JSON.stringify(bucket.policy) }));
}

/** Everything of the plan: buckets, roles and users with their inline policies, OIDC providers. */
export async function createPlanned(clients: LiveClients, expected: Expected, existing: string[] = []): Promise<void> {
  for (const bucket of expected.buckets) await createBucket(clients, bucket, { exists: existing.includes(bucket.name) });
  const { iam } = clients;
  for (const provider of expected.oidcProviders) {
    await iam.send(new CreateOpenIDConnectProviderCommand({ Url: provider.url, ClientIDList: provider.clientIds, ThumbprintList: ["0".repeat(40)] }));
  }
  for (const identity of expected.identities) {
    if (identity.kind === "role") {
      await iam.send(
        new CreateRoleCommand({
          RoleName: identity.name,
          AssumeRolePolicyDocument: JSON.stringify(identity.trust),
          MaxSessionDuration: identity.maxSessionDuration,
        }),
      );
      for (const p of identity.inlinePolicies) {
        await iam.send(new PutRolePolicyCommand({ RoleName: identity.name, PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) }));
      }
    } else {
      await iam.send(new CreateUserCommand({ UserName: identity.name }));
      for (const p of identity.inlinePolicies) {
        await iam.send(new PutUserPolicyCommand({ UserName: identity.name, PolicyName: p.name, PolicyDocument: JSON.stringify(p.document) }));
      }
      // One key per generation the file lists (two during a rotation), oldest first.
      for (const _generation of identity.accessKeys ?? [1]) await iam.send(new CreateAccessKeyCommand({ UserName: identity.name }));
    }
  }
}

export { AttachUserPolicyCommand };
