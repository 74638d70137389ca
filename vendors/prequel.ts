/**
 * Data-sync S3 destinations (Prequel, and the services that white-label it, such as Metronome
 * and Orb data export): vendor-requirements.md §9.
 *
 * The vendor writes files to the bucket: through a role it assumes with Google web identity (its
 * GCP service account), or with an IAM user's access key (HMAC).
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iam/document";
import { objectArn } from "../iam/s3";
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import type { PrequelConnection } from "../model/schema";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "./shared";
import type { Handoff, StatementSpec, VendorModule, VendorProblem } from "./types";

type Connection = ResolvedConnection<PrequelConnection>;

/**
 * `accounts.google.com:sub` and `:oaud` values (§9.3): identifiers the vendor issues. Never a
 * wildcard and never a policy variable: without an exact `sub`, any Google identity could assume
 * the role, and IAM replaces `${accounts.google.com:sub}` with the caller's own value, so such a
 * condition matches everyone. Printable ASCII without "$", "*" and "?" rules out every form
 * (including invisible characters that would make the value differ from what is seen).
 */
export const PREQUEL_WEB_IDENTITY_VALUE = {
  pattern: /^[!-#%-)+->@-~]{1,256}$/,
  allowed: "1 to 256 printable ASCII characters, with no spaces, no wildcards (* or ?) and no policy variables (${...})",
} as const;

/** Google, AWS's built-in web identity provider: no OIDC provider resource is needed (§9.3). */
export const GOOGLE_WEB_IDENTITY_PROVIDER = "accounts.google.com";

/** The identity policy of §9.2 (verbatim), split by purpose. */
export const PREQUEL_STATEMENTS = {
  DestinationWrite: { actions: ["s3:PutObject"], on: "objects", source: "§9.2", inferred: false },
  /** Needed only for the connection test's cleanup; removable once the destination is added (§9.2, §11.20). */
  ConnectionTestCleanup: { actions: ["s3:DeleteObject"], on: "objects", source: "§9.2", inferred: false },
} as const satisfies Record<string, StatementSpec>;

const onboarding = (connection: Connection) => connection.onboarding !== false;

/**
 * §9.2, confined to the connection's prefix (the vendor describes none). On SSE-KMS buckets the
 * writer needs the key; the vendor's KMS statement was not retrieved (§9.1), so the actions are
 * AWS's requirements for writing [AWS].
 */
export function prequelPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const objects = objectArn(bucket.name, connection.prefix);
  return [
    { Sid: "DestinationWrite", Effect: "Allow", Action: [...PREQUEL_STATEMENTS.DestinationWrite.actions], Resource: objects },
    ...(onboarding(connection) ? [{ Sid: "ConnectionTestCleanup", Effect: "Allow" as const, Action: [...PREQUEL_STATEMENTS.ConnectionTestCleanup.actions], Resource: objects }] : []),
    ...kmsKeyStatement(bucket, KMS_ACTIONS_FOR.write),
  ];
}

/** §9.3: Google web identity, only for the vendor's service account (and organisation, when given). */
export function prequelTrustPolicy(subject: string, audience: string | undefined): PolicyDocument {
  const equals: Record<string, string> = { [`${GOOGLE_WEB_IDENTITY_PROVIDER}:sub`]: subject };
  if (audience !== undefined) equals[`${GOOGLE_WEB_IDENTITY_PROVIDER}:oaud`] = audience;
  return policyDocument([
    {
      Sid: "DestinationAssumeRoleWithWebIdentity",
      Effect: "Allow",
      Principal: { Federated: GOOGLE_WEB_IDENTITY_PROVIDER },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringEquals: equals },
    },
  ]);
}

function validate(connection: Connection): VendorProblem[] {
  const problems: VendorProblem[] = [];
  if (onboarding(connection)) {
    problems.push({
      severity: "warning",
      path: connection.onboarding === undefined ? ["vendor"] : ["onboarding"],
      message: `keeps s3:DeleteObject for the destination's connection test (§9.2); once the destination is added, set onboarding: false to make it append-only`,
    });
  }
  if (connection.credential.type === "role" && connection.credential.audience === undefined) {
    problems.push({
      severity: "warning",
      path: ["credential"],
      message: `trusts any Google token for the subject without an audience check; if the vendor's setup page gives an organisation ID, set credential.audience to it (accounts.google.com:oaud, §9.3, §11.19)`,
    });
  }
  return problems;
}

export const prequel: VendorModule<PrequelConnection> = {
  vendor: "prequel",
  title: "Data-sync S3 destination",
  validate,
  identityPolicy: (connection, bucket) => policyDocument(prequelPolicyStatements(connection, bucket)),
  trustPolicy(connection): PolicyDocument {
    const { subject, audience } = roleCredentialOf(connection);
    return prequelTrustPolicy(subject, audience);
  },
  // No session duration is required (§9.3): the AWS default applies.
  maxSessionDurationSeconds: undefined,
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsRules: () => [],
  // The destination's setup form (§9.5).
  handoff(connection): Handoff {
    const fields: Handoff = { bucketName: connection.bucket, region: connection.region };
    if (connection.prefix) fields.prefix = connection.prefix;
    if (connection.credential.type === "role") return { ...fields, roleArn: { credential: "roleArn" } };
    return { ...fields, accessKeyId: { credential: "accessKeyId" }, secretAccessKey: { credential: "secretAccessKey" } };
  },
};
