/**
 * Seqera Platform Cloud credentials for Data Explorer and pipeline work directories:
 * docs/vendors/seqera.md.
 *
 * The customer gives Seqera a role its platform role assumes (with the external ID Seqera
 * generates) or an IAM user's keys, holding the S3 statements of the connection's uses, confined to
 * the connection's prefix. The compute part of Seqera's policy (Batch, EC2, iam:PassRole) is out of
 * scope (seqera.md §4.6).
 */
import { policyDocument, type Condition, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import { credentialName } from "../../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { KMS_ACTIONS_FOR, kmsKeyStatement, roleCredentialOf, sharedPrincipalStatements } from "../shared";
import { USER_WITH_ROLE_CREDENTIAL, type CorsRule, type Handoff, type VendorContext, type VendorModule, type VendorProblem } from "../types";
import {
  SEQERA_ACCOUNT_ID,
  SEQERA_CLOUD_ORIGIN,
  SEQERA_CORS_RULE,
  SEQERA_DATA_EXPLORER_STATEMENTS,
  SEQERA_DELETE_STATEMENTS,
  SEQERA_DISCOVERY_STATEMENTS,
  SEQERA_EXTERNAL_ID,
  SEQERA_KEYS_ASSUME_ROLE,
  SEQERA_PENDING,
  SEQERA_TRUST,
  SEQERA_WORK_DIRECTORY_STATEMENTS,
} from "./facts";
import { seqeraHandoffSteps } from "./handoff-steps";
import { seqeraNeeds } from "./needs";
import { SeqeraConnectionSchema, type SeqeraConnection } from "./schema";

export * from "./facts";
export { ORIGIN_PATTERN, SeqeraConnectionSchema, type SeqeraConnection } from "./schema";

type Connection = ResolvedConnection<SeqeraConnection>;

const actions = (...specs: { actions: readonly string[] }[]) => specs.flatMap((s) => [...s.actions]);

/**
 * The S3 statements of the connection's uses (seqera.md §4), on its prefix. Seqera's statements name
 * the whole bucket; its Data Explorer page lets a dedicated credential carry a narrower policy
 * (seqera.md §4.5), and the log-file statement names the work directory's path itself (seqera.md §4.1).
 * s3:ListBucket moves to a statement of its own carrying the s3:prefix condition, since the
 * bucket-level Get actions carry no s3:prefix key and would fail that condition.
 */
export function seqeraPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const B = bucket.name;
  const prefix = connection.prefix;
  const { S3CheckBucketWorkDirectory, S3ReadOnlyNextflowLogFiles } = SEQERA_WORK_DIRECTORY_STATEMENTS;
  const { S3ReadWriteBucketsForStudiosDataExplorer, S3DataExplorerObjectTagging, S3DataExplorerBucket } = SEQERA_DATA_EXPLORER_STATEMENTS;
  const withoutList = (list: string[]) => (prefix ? list.filter((a) => a !== "s3:ListBucket") : list);
  const out: PolicyStatement[] = [];
  if (connection.workDirectory) {
    out.push(
      { Sid: "S3CheckBucketWorkDirectory", Effect: "Allow", Action: withoutList(actions(S3CheckBucketWorkDirectory)), Resource: bucketArn(B) },
      { Sid: "S3ReadOnlyNextflowLogFiles", Effect: "Allow", Action: actions(S3ReadOnlyNextflowLogFiles), Resource: objectArn(B, prefix) },
    );
  }
  if (connection.dataExplorer) {
    out.push(
      {
        Sid: "S3ReadWriteBucketsForStudiosDataExplorer",
        Effect: "Allow",
        Action: actions(S3ReadWriteBucketsForStudiosDataExplorer, S3DataExplorerObjectTagging),
        Resource: objectArn(B, prefix),
      },
      { Sid: "S3DataExplorerBucket", Effect: "Allow", Action: withoutList(actions(S3DataExplorerBucket)), Resource: bucketArn(B) },
    );
    if (connection.delete) {
      out.push({
        Sid: "S3DataExplorerDelete",
        Effect: "Allow",
        Action: actions(SEQERA_DELETE_STATEMENTS.S3DataExplorerDelete),
        Resource: objectArn(B, prefix),
      });
    }
  }
  if (prefix && (connection.workDirectory || connection.dataExplorer)) {
    out.push({ Sid: "S3ListUnderPrefix", Effect: "Allow", Action: ["s3:ListBucket"], Resource: bucketArn(B), Condition: listPrefixCondition(prefix) });
  }
  if (connection.discoverBuckets) {
    // "it must have the Resource field set to *" (seqera.md §4.4): ListAllMyBuckets names no bucket.
    out.push({ Sid: "S3ListAllMyBuckets", Effect: "Allow", Action: actions(SEQERA_DISCOVERY_STATEMENTS.S3ListAllMyBuckets), Resource: "*" });
  }
  return [...out, ...kmsKeyStatement(bucket, connection.dataExplorer ? KMS_ACTIONS_FOR.write : KMS_ACTIONS_FOR.read)];
}

/**
 * The trust policy of seqera.md §3.1: Seqera's platform role, sts:AssumeRole only with the external
 * ID Seqera generated, and the separate sts:TagSession statement. Without the ID yet, both statements
 * carry a condition no request satisfies (seqera.md §3.3), so the role trusts nobody.
 */
export function seqeraTrustPolicy(externalId: string | undefined): PolicyDocument {
  const { principal, action, tagSessionAction } = SEQERA_TRUST;
  const pending = externalIdCondition(undefined);
  const assume = externalIdCondition(externalId);
  const tag: PolicyStatement = { Sid: "SeqeraTagSession", Effect: "Allow", Principal: { ...principal }, Action: tagSessionAction };
  if (externalId === undefined) tag.Condition = pending;
  return policyDocument([{ Sid: "SeqeraAssumeRole", Effect: "Allow", Principal: { ...principal }, Action: action, Condition: assume }, tag]);
}

/** The external-ID condition, or before Seqera has generated the ID the first phase's one that no request meets (seqera.md §3.3). */
function externalIdCondition(externalId: string | undefined): Condition {
  const { operator, key } = SEQERA_TRUST.externalId;
  if (externalId !== undefined) return { [operator]: { [key]: externalId } };
  return { [operator]: { [key]: SEQERA_PENDING.placeholder }, [SEQERA_PENDING.operator]: { [SEQERA_PENDING.key]: SEQERA_PENDING.value } };
}

/**
 * Keys with an assumed role (seqera.md §3.4): the role's trust names the connection's own user, with
 * sts:AssumeRole and the external-ID condition; no sts:TagSession, which Seqera's template for this
 * variant does not have.
 */
export function seqeraKeysTrustPolicy(userArn: string, externalId: string | undefined): PolicyDocument {
  return policyDocument([
    {
      Sid: "SeqeraKeysAssumeRole",
      Effect: "Allow",
      Principal: { AWS: userArn },
      Action: SEQERA_KEYS_ASSUME_ROLE.action,
      Condition: externalIdCondition(externalId),
    },
  ]);
}

/** The user's only statement (seqera.md §3.4, Seqera's Sid): assume the connection's role, with the external ID. */
export function seqeraKeysUserPolicy(roleArn: string, externalId: string | undefined): PolicyDocument {
  return policyDocument([
    {
      Sid: SEQERA_KEYS_ASSUME_ROLE.sid,
      Effect: "Allow",
      Action: SEQERA_KEYS_ASSUME_ROLE.action,
      Resource: roleArn,
      Condition: externalIdCondition(externalId),
    },
  ]);
}

/** The bucket's CORS rule (seqera.md §6): Seqera Cloud's origin, and the Enterprise origin when given. */
export function seqeraCorsRules(connection: Pick<Connection, "dataExplorer" | "enterpriseOrigin">): CorsRule[] {
  // Uploads and downloads go through Data Explorer; a work directory alone needs no browser access (seqera.md §6).
  if (!connection.dataExplorer) return [];
  const origins = [SEQERA_CLOUD_ORIGIN, ...(connection.enterpriseOrigin ? [connection.enterpriseOrigin] : [])];
  return [{ ...SEQERA_CORS_RULE, allowedOrigins: origins }];
}

function validate(connection: Connection, bucket: ResolvedBucket): VendorProblem[] {
  const problems: VendorProblem[] = [];
  if (!connection.workDirectory && !connection.dataExplorer) {
    problems.push({
      severity: "error",
      path: ["dataExplorer"],
      message:
        "is not true and workDirectory is not set, so the connection would grant Seqera nothing; set dataExplorer: true, or workDirectory: {computeRegion: <region>} for a pipeline work directory, or both (docs/vendors/seqera.md §4)",
    });
  }
  if (connection.delete && !connection.dataExplorer) {
    problems.push({
      severity: "error",
      path: ["delete"],
      message:
        "is true, which lets Data Explorer delete objects, but dataExplorer is not true; set dataExplorer: true, or remove delete (docs/vendors/seqera.md §4.3)",
    });
  }
  if (connection.enterpriseOrigin && !connection.dataExplorer) {
    problems.push({
      severity: "error",
      path: ["enterpriseOrigin"],
      message: `"${connection.enterpriseOrigin}" goes into the CORS rule Data Explorer needs, but dataExplorer is not true; set dataExplorer: true, or remove enterpriseOrigin (docs/vendors/seqera.md §6)`,
    });
  }
  const computeRegion = connection.workDirectory?.computeRegion;
  if (computeRegion && computeRegion !== bucket.region) {
    problems.push({
      severity: "error",
      path: ["workDirectory", "computeRegion"],
      message: `is "${computeRegion}" but bucket "${bucket.name}" is in "${bucket.region}"; Seqera rejects a compute environment whose work-directory bucket is in another region (docs/vendors/seqera.md §5). Fix: use a bucket in ${computeRegion}, or set computeRegion: ${bucket.region}`,
    });
  }
  if (connection.credential.type === "role" && connection.credential.externalId === undefined) {
    problems.push({
      severity: "warning",
      path: ["credential", "externalId"],
      message:
        "is not set yet: the role is created trusting nobody (first phase, docs/vendors/seqera.md §3.3). Paste the role ARN from the hand-off into Seqera's credential form (Role mode), save, copy the External ID Seqera shows into credential.externalId and apply again",
    });
  }
  if (connection.credential.type === USER_WITH_ROLE_CREDENTIAL && connection.credential.externalId === undefined) {
    problems.push({
      severity: "warning",
      path: ["credential", "externalId"],
      message:
        "is not set yet: the role is created trusting nobody, and the user may not assume it (first phase, docs/vendors/seqera.md §3.3, §3.4). Enter the access key, secret key and role ARN from the hand-off in Seqera's credential form (Keys mode) with Generate External ID on, save, copy the External ID Seqera shows into credential.externalId and apply again",
    });
  }
  return problems;
}

/** The role's ARN before it exists: its name is the connection's and the stack's (fields/names.ts). */
export const seqeraRoleArn = (connection: { name: string }, context: VendorContext) =>
  `arn:aws:iam::${context.accountId}:role/${credentialName(connection.name, context.stack)}`;

/** The ARN of the connection's user (user-with-role credentials), from the same deterministic name. */
export const seqeraUserArn = (connection: { name: string }, context: VendorContext) =>
  `arn:aws:iam::${context.accountId}:user/${credentialName(connection.name, context.stack)}`;

/** `s3://bucket/prefix`, as Seqera's Path and work-directory fields take it (seqera.md §7). */
const s3Path = (connection: Connection) => `s3://${connection.bucket}${connection.prefix ? `/${connection.prefix}` : ""}`;

/** The credential form and the Data Explorer form (seqera.md §7.1, §7.2), and the work directory (seqera.md §7.3). */
function handoff(connection: Connection, _bucket: ResolvedBucket, context?: VendorContext): Handoff {
  const credential: Handoff = { name: connection.name, provider: "AWS" };
  if (connection.credential.type === "role") {
    // Known from the role's deterministic name, so `pulumi preview` shows it before the first apply.
    credential.mode = "Role";
    credential.assumeRole = context ? seqeraRoleArn(connection, context) : { credential: "roleArn" };
    credential.externalId =
      connection.credential.externalId ??
      "not generated yet: save this form, then copy the External ID Seqera shows into credential.externalId and apply again (docs/vendors/seqera.md §3.2)";
  } else {
    credential.mode = "Keys";
    credential.accessKey = { credential: "accessKeyId" };
    credential.secretKey = { credential: "secretAccessKey" };
    if (connection.credential.type === USER_WITH_ROLE_CREDENTIAL) {
      credential.assumeRole = context ? seqeraRoleArn(connection, context) : { credential: "roleArn" };
      credential.generateExternalId = true;
      credential.externalId =
        connection.credential.externalId ??
        "not generated yet: save this form with Generate External ID on, then copy the External ID Seqera shows into credential.externalId and apply again (docs/vendors/seqera.md §3.4)";
    }
  }
  const out: Handoff = { credential };
  if (connection.dataExplorer) {
    out.dataExplorer = {
      provider: "AWS",
      path: s3Path(connection),
      name: connection.name,
      credentials: connection.name,
      description: `${connection.delete ? "Read, write and delete" : "Read and write"} under ${s3Path(connection)} (vendor-connections)`,
    };
  }
  if (connection.workDirectory) out.computeEnvironment = { region: connection.workDirectory.computeRegion, pipelineWorkDirectory: s3Path(connection) };
  return out;
}

export const seqera: VendorModule<SeqeraConnection> = {
  vendor: "seqera",
  title: "Seqera Platform Cloud credential",
  shortTitle: "Seqera",
  connectionSchema: SeqeraConnectionSchema,
  requiredFieldHints: { "workDirectory.computeRegion": " for a seqera work directory: the region of the compute environment, e.g. us-east-1" },
  needs: seqeraNeeds,
  samples: {
    tag: "sq",
    // An undefined externalId is the role's first phase, before Seqera has generated it (seqera.md §3.3).
    features: [
      { workDirectory: { computeRegion: "us-east-1" }, discoverBuckets: true },
      { dataExplorer: true },
      { dataExplorer: true, delete: true, discoverBuckets: true, enterpriseOrigin: "https://seqera.proof.example" },
      { workDirectory: { computeRegion: "us-east-1" }, dataExplorer: true, delete: true },
      { dataExplorer: true, "credential.externalId": undefined },
      { workDirectory: { computeRegion: "us-east-1" }, "credential.externalId": undefined },
    ],
    credentialTypes: ["role", "user", USER_WITH_ROLE_CREDENTIAL],
    roleCredential: (name) => ({ type: "role", externalId: `seqera-generated-${name}` }),
    otherCredentials: { [USER_WITH_ROLE_CREDENTIAL]: (name) => ({ type: USER_WITH_ROLE_CREDENTIAL, externalId: `seqera-generated-${name}` }) },
  },
  directAccessForbidden: [
    {
      accountId: SEQERA_ACCOUNT_ID,
      why: "Seqera reaches the bucket through the connection's role, which its platform role may assume only with the External ID Seqera generated (docs/vendors/seqera.md §3.1)",
    },
  ],
  identifiers: [SEQERA_ACCOUNT_ID, SEQERA_CLOUD_ORIGIN, SEQERA_EXTERNAL_ID.allowed, SEQERA_PENDING.placeholder],
  validate,
  identityPolicy: (connection, bucket) => policyDocument(seqeraPolicyStatements(connection, bucket)),
  trustPolicy: (connection, context) =>
    connection.credential.type === USER_WITH_ROLE_CREDENTIAL
      ? seqeraKeysTrustPolicy(seqeraUserArn(connection, context), connection.credential.externalId)
      : seqeraTrustPolicy(roleCredentialOf(connection).externalId),
  keysUserPolicy: (connection, context) =>
    seqeraKeysUserPolicy(
      seqeraRoleArn(connection, context),
      connection.credential.type === USER_WITH_ROLE_CREDENTIAL ? connection.credential.externalId : undefined,
    ),
  // Seqera states no session duration (seqera.md §3.1): IAM's default applies.
  maxSessionDurationSeconds: undefined,
  bucketPolicyStatements: (connection) => sharedPrincipalStatements(connection),
  corsOrigins: [SEQERA_CLOUD_ORIGIN],
  corsRules: seqeraCorsRules,
  handoff,
  handoffSteps: seqeraHandoffSteps,
};
