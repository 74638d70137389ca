/**
 * Element Biosciences AVITI storage connection (instrument run upload): docs/vendors/element.md.
 *
 * The customer grants Element's AWS account a role (with an external ID) or an IAM user, holding
 * one policy that lets the instrument upload runs under the connection's prefix.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import type { ResolvedBucket } from "../../fields/resolved";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import type { Handoff, VendorModule } from "../types";
import {
  ELEMENT_ACCOUNT_ID,
  ELEMENT_EXTERNAL_ID,
  ELEMENT_MAX_SESSION_DURATION_SECONDS,
  ELEMENT_STATEMENTS,
  ELEMENT_TRUST,
  ELEMENT_USER_ONLY_ACTIONS,
} from "./facts";
import { elementNeeds } from "./needs";
import { elementHandoffSteps } from "./handoff-steps";
import { ElementConnectionSchema, externalIdHint, type ElementConnection } from "./schema";

export * from "./facts";
export { ElementConnectionSchema, ElementCredential, externalIdHint, type ElementConnection } from "./schema";

/**
 * The role or user policy of element.md §3, confined to the connection's prefix. On an SSE-KMS bucket the
 * uploader also needs the key (Element gives no KMS guidance, element.md §2; uploads fail without it [AWS]).
 */
export function elementPolicyStatements(settings: ResolvedBucket, prefix: string | undefined, credentialType: "role" | "user"): PolicyStatement[] {
  const bucket = settings.name;
  const { S3ObjectWrite, S3ObjectListing, S3BucketLevelOperations, STSOperations } = ELEMENT_STATEMENTS;
  const listing: PolicyStatement = { Sid: "S3ObjectListing", Effect: "Allow", Action: [...S3ObjectListing.actions], Resource: bucketArn(bucket) };
  if (prefix) listing.Condition = listPrefixCondition(prefix);
  const sts = [...STSOperations.actions, ...(credentialType === "user" ? ELEMENT_USER_ONLY_ACTIONS : [])];
  return [
    // Without a prefix the vendor text leaves PutObject on the bucket ARN; objects live under B/* (element.md §3, §10.2, §3.2).
    { Sid: "S3ObjectWrite", Effect: "Allow", Action: [...S3ObjectWrite.actions], Resource: objectArn(bucket, prefix) },
    listing,
    { Sid: "S3BucketLevelOperations", Effect: "Allow", Action: [...S3BucketLevelOperations.actions], Resource: bucketArn(bucket) },
    { Sid: "STSOperations", Effect: "Allow", Action: sts, Resource: "*" },
    ...kmsKeyStatement(settings, KMS_ACTIONS_FOR.write),
  ];
}

/** Trust policy of elembio.md §3: Element's account, only with the customer's external ID. */
export function elementTrustPolicy(externalId: string): PolicyDocument {
  const { principal, action, externalId: condition } = ELEMENT_TRUST;
  return policyDocument([
    {
      Sid: "ElementAssumeRole",
      Effect: "Allow",
      Principal: { ...principal },
      Action: action,
      Condition: { [condition.operator]: { [condition.key]: externalId } },
    },
  ]);
}

export const element: VendorModule<ElementConnection> = {
  vendor: "element",
  title: "Element Biosciences AVITI storage connection",
  shortTitle: "Element",
  connectionSchema: ElementConnectionSchema,
  requiredFieldHints: { "credential.externalId": externalIdHint("element", "the Element UI (Storage > Add Storage > S3)") },
  needs: elementNeeds,
  samples: { tag: "el", features: [{}], roleCredential: (name) => ({ type: "role", externalId: `ext-${name}` }) },
  identifiers: [ELEMENT_ACCOUNT_ID, ELEMENT_EXTERNAL_ID.pattern.source, ELEMENT_EXTERNAL_ID.allowed],
  directAccessForbidden: [
    {
      accountId: ELEMENT_ACCOUNT_ID,
      why: "Element reaches the bucket through the connection's role, which its account may assume only with the external ID (docs/vendors/element.md §4)",
    },
  ],
  validate: () => [],
  identityPolicy: (connection, bucket) => policyDocument(elementPolicyStatements(bucket, connection.prefix, connection.credential.type)),
  trustPolicy: (connection) => elementTrustPolicy(roleCredentialOf(connection).externalId),
  maxSessionDurationSeconds: ELEMENT_MAX_SESSION_DURATION_SECONDS,
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  handoffSteps: elementHandoffSteps,
  // Storage > Add Storage > S3 in the Element UI (element.md §6). Bucket, prefix and region cannot be edited
  // after creation (element.md §7): changing them here means a new storage connection there.
  handoff(connection): Handoff {
    const fields: Handoff = { storageName: connection.name, bucketName: connection.bucket, region: connection.region };
    if (connection.prefix) fields.prefix = connection.prefix;
    if (connection.credential.type === "role") {
      return { ...fields, credentialType: "Role", roleArn: { credential: "roleArn" }, externalId: connection.credential.externalId };
    }
    return { ...fields, credentialType: "Access Keys", accessKey: { credential: "accessKeyId" }, secretKey: { credential: "secretAccessKey" } };
  },
};
