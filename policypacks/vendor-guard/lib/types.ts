/**
 * Type tokens of the resources the pack reads. CrossGuard compares tokens exactly
 * (`@pulumi/policy` `isTypeOf`), so every token a check must see is listed, the deprecated `V2`
 * variants included (pulumi-offline.md §1.8). test/policy/meta.spec.ts checks each against the
 * `@pulumi/aws` class that registers it.
 */
export const TYPES = {
  bucket: "aws:s3/bucket:Bucket",
  bucketV2: "aws:s3/bucketV2:BucketV2",
  publicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  ownershipControls: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  encryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
  bucketAcl: "aws:s3/bucketAcl:BucketAcl",
  bucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
  role: "aws:iam/role:Role",
  user: "aws:iam/user:User",
  policy: "aws:iam/policy:Policy",
  rolePolicy: "aws:iam/rolePolicy:RolePolicy",
  userPolicy: "aws:iam/userPolicy:UserPolicy",
  groupPolicy: "aws:iam/groupPolicy:GroupPolicy",
  rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
  policyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
  userLoginProfile: "aws:iam/userLoginProfile:UserLoginProfile",
  versioning: "aws:s3/bucketVersioning:BucketVersioning",
  versioningV2: "aws:s3/bucketVersioningV2:BucketVersioningV2",
  cors: "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration",
  corsV2: "aws:s3/bucketCorsConfigurationV2:BucketCorsConfigurationV2",
  notification: "aws:s3/bucketNotification:BucketNotification",
  oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
} as const;

/** A bucket, in the current or the deprecated token. */
export const BUCKET_TYPES: readonly string[] = [TYPES.bucket, TYPES.bucketV2];

/** A bucket's default-encryption configuration, in the current or the deprecated token. */
export const ENCRYPTION_TYPES: readonly string[] = [TYPES.encryption, TYPES.encryptionV2];

/** A bucket's versioning configuration, in the current or the deprecated token. */
export const VERSIONING_TYPES: readonly string[] = [TYPES.versioning, TYPES.versioningV2];

/** A bucket's CORS configuration, in the current or the deprecated token. */
export const CORS_TYPES: readonly string[] = [TYPES.cors, TYPES.corsV2];

/** Resources whose `policy` input is an identity policy document. */
export const IDENTITY_POLICY_TYPES: readonly string[] = [TYPES.policy, TYPES.rolePolicy, TYPES.userPolicy, TYPES.groupPolicy];

/**
 * The deprecated `V2` family of `aws.s3` (`BucketV2`, `BucketVersioningV2`, ...). `BucketObjectv2`
 * (lower-case v) is not part of it.
 */
export const DEPRECATED_V2_TYPE = /^aws:s3\/(\w+)V2:(\w+)V2$/;

/** `aws:s3/bucketPolicy:BucketPolicy` -> `aws.s3.BucketPolicy`, the name a program writes. */
export function className(type: string): string {
  const match = /^([\w-]+):([\w-]+)(?:\/\w+)?:(\w+)$/.exec(type);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : type;
}

/** How messages name a resource: its class and its logical name, e.g. `aws.s3.Bucket "lab-runs"`. */
export function label(resource: { type: string; name: string }): string {
  return `${className(resource.type)} "${resource.name}"`;
}
