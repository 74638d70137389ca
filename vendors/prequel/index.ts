/**
 * Data-sync S3 destinations (Prequel, and the services that white-label it, such as Metronome
 * and Orb data export): docs/vendors/prequel.md.
 *
 * The vendor writes files to the bucket: through a role it assumes with Google web identity (its
 * GCP service account), or with an IAM user's access key (HMAC).
 */
import { policyDocument, type Condition, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { objectArn } from "../../iam/s3";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import type { Handoff, VendorModule, VendorProblem } from "../types";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_STATEMENTS, PREQUEL_TRUST, PREQUEL_WEB_IDENTITY_VALUE } from "./facts";
import { prequelNeeds } from "./needs";
import { prequelHandoffSteps } from "./handoff-steps";
import { PrequelConnectionSchema, type PrequelConnection } from "./schema";

export * from "./facts";
export { PrequelConnectionSchema, type PrequelConnection } from "./schema";

type Connection = ResolvedConnection<PrequelConnection>;

const onboarding = (connection: Connection) => connection.onboarding !== false;

/**
 * prequel.md §3, confined to the connection's prefix (the vendor describes none). On SSE-KMS buckets the
 * writer needs the key; the vendor's KMS statement was not retrieved (prequel.md §2), so the actions are
 * AWS's requirements for writing [AWS].
 */
export function prequelPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const objects = objectArn(bucket.name, connection.prefix);
  return [
    { Sid: "DestinationWrite", Effect: "Allow", Action: [...PREQUEL_STATEMENTS.DestinationWrite.actions], Resource: objects },
    ...(onboarding(connection)
      ? [{ Sid: "ConnectionTestCleanup", Effect: "Allow" as const, Action: [...PREQUEL_STATEMENTS.ConnectionTestCleanup.actions], Resource: objects }]
      : []),
    ...kmsKeyStatement(bucket, KMS_ACTIONS_FOR.write),
  ];
}

/** prequel.md §4: Google web identity, only for the vendor's service account (and organisation, when given). */
export function prequelTrustPolicy(subject: string, audience: string | undefined): PolicyDocument {
  const { principal, action, subject: sub, audience: oaud } = PREQUEL_TRUST;
  const condition: Condition = { [sub.operator]: { [sub.key]: subject } };
  if (audience !== undefined) condition[oaud.operator] = { ...condition[oaud.operator], [oaud.key]: audience };
  return policyDocument([{ Sid: "DestinationAssumeRoleWithWebIdentity", Effect: "Allow", Principal: { ...principal }, Action: action, Condition: condition }]);
}

function validate(connection: Connection): VendorProblem[] {
  const problems: VendorProblem[] = [];
  if (onboarding(connection)) {
    problems.push({
      severity: "warning",
      path: connection.onboarding === undefined ? ["vendor"] : ["onboarding"],
      message: `keeps s3:DeleteObject for the destination's connection test (docs/vendors/prequel.md §3); once the destination is added, set onboarding: false to make it append-only`,
    });
  }
  if (connection.prefix !== undefined) {
    problems.push({
      severity: "warning",
      path: ["prefix"],
      message: `the destination's setup form has no folder field (docs/vendors/prequel.md §6), but the policy lets it write only under "${connection.prefix}/": make sure the destination is set to write there, or leave prefix out and give it a bucket of its own, as the vendor recommends (docs/vendors/prequel.md §2)`,
    });
  }
  if (connection.credential.type === "role" && connection.credential.audience === undefined) {
    problems.push({
      severity: "warning",
      path: ["credential"],
      message: `trusts any Google token for the subject without an audience check; if the vendor's setup page gives an organisation ID, set credential.audience to it (accounts.google.com:oaud, docs/vendors/prequel.md §4, §8.1)`,
    });
  }
  return problems;
}

export const prequel: VendorModule<PrequelConnection> = {
  vendor: "prequel",
  title: "Data-sync S3 destination",
  shortTitle: "Prequel",
  connectionSchema: PrequelConnectionSchema,
  requiredFieldHints: {
    "credential.subject":
      " for prequel role credentials: copy the subject (the vendor's service-account ID) from the destination's setup page; without it any Google identity could assume the role",
  },
  needs: prequelNeeds,
  samples: {
    tag: "pq",
    features: [true, false].flatMap((onboarding) => [{ onboarding }, { onboarding, "credential.audience": "org_proof" }]),
    roleCredential: (name) => ({ type: "role", subject: `1034567890${name.length}` }),
  },
  identifiers: [GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_WEB_IDENTITY_VALUE.allowed],
  // The vendor has no AWS account to name; its identity is a Google service account.
  directAccessForbidden: [
    {
      federated: GOOGLE_WEB_IDENTITY_PROVIDER,
      why: "the destination reaches the bucket through the connection's role, which Google web identities may assume only for the vendor's service account (the subject, docs/vendors/prequel.md §4); a grant to the provider would admit any Google identity",
    },
  ],
  validate,
  identityPolicy: (connection, bucket) => policyDocument(prequelPolicyStatements(connection, bucket)),
  trustPolicy(connection): PolicyDocument {
    const { subject, audience } = roleCredentialOf(connection);
    return prequelTrustPolicy(subject, audience);
  },
  // No session duration is required (prequel.md §4): the AWS default applies.
  maxSessionDurationSeconds: undefined,
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  handoffSteps: prequelHandoffSteps,
  // The destination's setup form (prequel.md §6).
  handoff(connection): Handoff {
    // Exactly the form's fields: bucket, region and the credential (prequel.md §6); it has no folder field.
    const fields: Handoff = { bucketName: connection.bucket, region: connection.region };
    if (connection.credential.type === "role") return { ...fields, roleArn: { credential: "roleArn" } };
    return { ...fields, accessKeyId: { credential: "accessKeyId" }, secretAccessKey: { credential: "secretAccessKey" } };
  },
};
