/**
 * Element Biosciences AVITI storage connection (instrument run upload): vendor-requirements.md §1.
 *
 * The customer grants Element's AWS account a role (with an external ID) or an IAM user, holding
 * one policy that lets the instrument upload runs under the connection's prefix.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../iam/s3";
import type { ElementConnection } from "../model/schema";
import type { ResolvedBucket } from "../model/resolve";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "./shared";
import type { Handoff, StatementSpec, VendorModule } from "./types";

/** Element's AWS account (§0b, §1.4); the role trusts its root principal, as E-cloud writes it (§2.2). */
export const ELEMENT_ACCOUNT_ID = "588258415937";
export const ELEMENT_PRINCIPAL_ARN = `arn:aws:iam::${ELEMENT_ACCOUNT_ID}:root`;

/** §1.4, §2.2: "maximum session duration of 12 hours", which is also the AWS maximum (§11.22). */
export const ELEMENT_MAX_SESSION_DURATION_SECONDS = 43_200;

/**
 * External ID rules (§1.4, §2.2, §11.21): Element's charset (alphanumerics and `@ : , = - . / _`,
 * no spaces) with AWS's length limits. AWS would also accept `+`; the narrower vendor set wins.
 */
export const ELEMENT_EXTERNAL_ID = {
  pattern: /^[A-Za-z0-9@:,=./_-]{2,1224}$/,
  allowed: "2 to 1224 characters of A-Z a-z 0-9 and @ : , = . / _ - (no spaces)",
} as const;

/** The storage-connection policy template (§1.3), statement by statement. */
export const ELEMENT_STATEMENTS = {
  S3ObjectWrite: { actions: ["s3:PutObject"], on: "objects", source: "§1.3 [F row 1]", inferred: false },
  S3ObjectListing: { actions: ["s3:ListBucket"], on: "bucket", source: "§1.3 [F row 1]; s3:prefix value [INF] from E-cloud", inferred: false },
  S3BucketLevelOperations: { actions: ["s3:GetBucketLocation"], on: "bucket", source: "§1.3 [INF] from the permission table", inferred: true },
  STSOperations: { actions: ["sts:GetCallerIdentity"], on: "any", source: "§1.3 [INF] from the permission table", inferred: true },
} as const satisfies Record<string, StatementSpec>;

/** Added to `STSOperations` for IAM users only ("as a security measure", §1.3, §1.5, §11.5). */
export const ELEMENT_USER_ONLY_ACTIONS = ["sts:GetFederationToken"] as const;

/**
 * The role or user policy of §1.3, confined to the connection's prefix. On an SSE-KMS bucket the
 * uploader also needs the key (Element gives no KMS guidance, §1.2; uploads fail without it [AWS]).
 */
export function elementPolicyStatements(settings: ResolvedBucket, prefix: string | undefined, credentialType: "role" | "user"): PolicyStatement[] {
  const bucket = settings.name;
  const { S3ObjectWrite, S3ObjectListing, S3BucketLevelOperations, STSOperations } = ELEMENT_STATEMENTS;
  const listing: PolicyStatement = { Sid: "S3ObjectListing", Effect: "Allow", Action: [...S3ObjectListing.actions], Resource: bucketArn(bucket) };
  if (prefix) listing.Condition = listPrefixCondition(prefix);
  const sts = [...STSOperations.actions, ...(credentialType === "user" ? ELEMENT_USER_ONLY_ACTIONS : [])];
  return [
    // Without a prefix the vendor text leaves PutObject on the bucket ARN; objects live under B/* (§1.3, §11.7).
    { Sid: "S3ObjectWrite", Effect: "Allow", Action: [...S3ObjectWrite.actions], Resource: objectArn(bucket, prefix) },
    listing,
    { Sid: "S3BucketLevelOperations", Effect: "Allow", Action: [...S3BucketLevelOperations.actions], Resource: bucketArn(bucket) },
    { Sid: "STSOperations", Effect: "Allow", Action: sts, Resource: "*" },
    ...kmsKeyStatement(settings, KMS_ACTIONS_FOR.write),
  ];
}

/** Trust policy of §2.2: Element's account, only with the customer's external ID. */
export function elementTrustPolicy(externalId: string): PolicyDocument {
  return policyDocument([
    {
      Sid: "ElementAssumeRole",
      Effect: "Allow",
      Principal: { AWS: ELEMENT_PRINCIPAL_ARN },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": externalId } },
    },
  ]);
}

export const element: VendorModule<ElementConnection> = {
  vendor: "element",
  title: "Element Biosciences AVITI storage connection",
  validate: () => [],
  identityPolicy: (connection, bucket) => policyDocument(elementPolicyStatements(bucket, connection.prefix, connection.credential.type)),
  trustPolicy: (connection) => elementTrustPolicy(roleCredentialOf(connection).externalId),
  maxSessionDurationSeconds: ELEMENT_MAX_SESSION_DURATION_SECONDS,
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  // Storage > Add Storage > S3 in the Element UI (§1.6). Bucket, prefix and region cannot be edited
  // after creation (§1.7): changing them here means a new storage connection there.
  handoff(connection): Handoff {
    const fields: Handoff = { storageName: connection.name, bucketName: connection.bucket, region: connection.region };
    if (connection.prefix) fields.prefix = connection.prefix;
    if (connection.credential.type === "role") {
      return { ...fields, credentialType: "Role", roleArn: { credential: "roleArn" }, externalId: connection.credential.externalId };
    }
    return { ...fields, credentialType: "Access Keys", accessKey: { credential: "accessKeyId" }, secretKey: { credential: "secretAccessKey" } };
  },
};
