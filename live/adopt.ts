/**
 * `adopt`: reads an existing bucket (read-only) and says what its `buckets.<name>` entry must hold
 * so that applying the file loses nothing: the live settings, every bucket-policy statement this
 * program does not write itself in `extraPolicyStatements`, every CORS rule in `extraCorsRules`.
 * What cannot be adopted safely is refused with the reason.
 */
import {
  GetBucketAclCommand,
  GetBucketLocationCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketTaggingCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { readBucketConfiguration } from "../account/bucket-configuration";
import type { ExtraCorsRule } from "../fields/bucket";
import { checkSize, describeSize } from "../iam/limits";
import type { AnyPolicyStatement, PolicyDocument } from "../iam/document";
import { read } from "../account/errors";
import { statementLabel, statementsOf } from "../iam/policy-diff";
import { regionOfLocation } from "./verify-bucket";

export interface AdoptedEntry {
  adopt: true;
  region: string;
  versioning: "enabled" | "suspended" | "disabled";
  encryption: { type: "sse-s3" } | { type: "sse-kms"; kmsKeyArn: string };
  tags?: Record<string, string>;
  extraPolicyStatements?: Record<string, unknown>[];
  extraCorsRules?: ExtraCorsRule[];
}

export interface AdoptReport {
  bucket: string;
  entry: AdoptedEntry;
  /** One line per statement, rule and setting: kept, replaced, or what changes. */
  lines: string[];
  /** Reasons the bucket cannot be adopted safely; non-empty means nothing is written. */
  refusals: string[];
}

const S3_GROUPS = "http://acs.amazonaws.com/groups/";

export async function readForAdoption(
  s3: S3Client,
  bucket: string,
  /** Statements the program composes for this bucket (by Sid): the live ones with these Sids are replaced. */
  generated: Record<string, unknown>[] = [],
): Promise<AdoptReport> {
  const Bucket = bucket;
  const lines: string[] = [];
  const refusals: string[] = [];
  const location = await read("s3:GetBucketLocation", () => s3.send(new GetBucketLocationCommand({ Bucket })));
  if (!location) return { bucket, entry: undefined as never, lines, refusals: [`bucket "${bucket}" does not exist (or is not this account's)`] };
  const region = regionOfLocation(location.LocationConstraint);

  const acl = await read("s3:GetBucketAcl", () => s3.send(new GetBucketAclCommand({ Bucket })));
  const owner = acl?.Owner?.ID;
  for (const grant of acl?.Grants ?? []) {
    const grantee = grant.Grantee;
    const foreign = grantee?.URI?.startsWith(S3_GROUPS) || (grantee?.ID !== undefined && grantee.ID !== owner) || grantee?.EmailAddress !== undefined;
    if (foreign) {
      const who = grantee?.URI ?? grantee?.EmailAddress ?? `canonical user ${grantee?.ID}`;
      refusals.push(
        `the bucket's ACL grants ${grant.Permission} to ${who}; BucketOwnerEnforced would switch that grant off. Replace it with a bucket-policy statement (or move the grantee to a connection), remove the grant, and run adopt again`,
      );
    }
  }

  const live = await readBucketConfiguration(s3, bucket);
  const policy = live.policy;
  const generatedSids = new Set(generated.map((s) => s.Sid));
  const kept: Record<string, unknown>[] = [];
  let unnamed = 0;
  for (const statement of statementsOf(policy)) {
    const label = statementLabel(statement);
    if (typeof statement.Sid === "string" && generatedSids.has(statement.Sid)) {
      lines.push(`policy ${label}: replaced by the program's own statement of that Sid`);
      continue;
    }
    // extraPolicyStatements name every statement; one without a Sid gets one, its content unchanged.
    const sid = typeof statement.Sid === "string" && statement.Sid !== "" ? statement.Sid : `AdoptedStatement${++unnamed}`;
    kept.push({ ...statement, Sid: sid });
    lines.push(`policy ${label}: kept in extraPolicyStatements${statement.Sid ? "" : ` as Sid "${sid}"`}`);
  }
  if (policy === undefined) lines.push("policy: none on the bucket, nothing to keep");
  const size = checkSize("bucketPolicy", [{ Version: "2012-10-17", Statement: [...generated, ...kept] } as unknown as PolicyDocument<AnyPolicyStatement>]);
  if (size.over) refusals.push(`the kept statements and the program's own would make a bucket policy of ${describeSize(size)}; trim the live policy first`);

  const pab = live.publicAccessBlock;
  const off = ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"].filter(
    (k) => !(pab as Record<string, boolean> | undefined)?.[k],
  );
  lines.push(off.length === 0 ? "public access block: all four flags on, kept" : `public access block: ${off.join(", ")} will be switched on`);
  const ownership = live.ownership;
  lines.push(
    ownership === "BucketOwnerEnforced"
      ? "object ownership: BucketOwnerEnforced, kept"
      : `object ownership: ${ownership ?? "none"} becomes BucketOwnerEnforced (ACLs off)`,
  );

  const byDefault = live.encryption?.ApplyServerSideEncryptionByDefault;
  const kms = byDefault?.SSEAlgorithm === "aws:kms" && byDefault.KMSMasterKeyID;
  const encryption: AdoptedEntry["encryption"] = kms ? { type: "sse-kms", kmsKeyArn: byDefault.KMSMasterKeyID! } : { type: "sse-s3" };
  lines.push(`encryption: ${byDefault?.SSEAlgorithm ?? "none"}${kms ? ` with ${byDefault.KMSMasterKeyID}` : ""}, kept as ${encryption.type}`);
  if (kms && !/^arn:aws:kms:/.test(byDefault.KMSMasterKeyID!))
    refusals.push(`the default encryption names the KMS key as ${byDefault.KMSMasterKeyID}; the file needs the key's ARN: write it in encryption.kmsKeyArn`);

  const status = live.versioning;
  const versioning = status === "Enabled" ? "enabled" : status === "Suspended" ? "suspended" : "disabled";
  lines.push(`versioning: ${versioning}, kept`);

  const extraCorsRules = live.corsRules;
  for (const r of extraCorsRules) lines.push(`CORS rule ${JSON.stringify(r)}: kept in extraCorsRules`);

  const tagSet = (await read("s3:GetBucketTagging", () => s3.send(new GetBucketTaggingCommand({ Bucket }))))?.TagSet ?? [];
  const tags = Object.fromEntries(tagSet.map((t) => [t.Key ?? "", t.Value ?? ""]));
  lines.push(tagSet.length === 0 ? "tags: none" : `tags: ${tagSet.length} kept`);

  const notifications = await read("s3:GetBucketNotification", () => s3.send(new GetBucketNotificationConfigurationCommand({ Bucket })));
  const targets = ["TopicConfigurations", "QueueConfigurations", "LambdaFunctionConfigurations"].reduce(
    (n, key) => n + ((notifications as Record<string, unknown[] | undefined> | undefined)?.[key] ?? []).length,
    0,
  );
  // The program manages no notifications, so applying the file leaves them as they are.
  lines.push(
    targets === 0 && !notifications?.EventBridgeConfiguration
      ? "notifications: none"
      : `notifications: ${targets} target(s)${notifications?.EventBridgeConfiguration ? " and EventBridge" : ""}, left unmanaged and unchanged`,
  );

  const entry: AdoptedEntry = { adopt: true, region, versioning, encryption };
  if (tagSet.length > 0) entry.tags = tags;
  if (kept.length > 0) entry.extraPolicyStatements = kept;
  if (extraCorsRules.length > 0) entry.extraCorsRules = extraCorsRules;
  return { bucket, entry, lines, refusals };
}
