/**
 * Checks one bucket against the plan, read-only: region, the four public-access-block flags,
 * BucketOwnerEnforced, policy status, default encryption, versioning, CORS, and the bucket policy
 * up to canonical form.
 */
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetBucketPolicyCommand,
  GetBucketPolicyStatusCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type CORSRule,
  type S3Client,
} from "@aws-sdk/client-s3";
import { CannotCheck, read } from "../account/errors";
import type { ExpectedBucket, ExpectedCorsRule } from "./expected";
import { Findings, type Finding } from "./findings";
import { describeDiff, diffPolicies, parsePolicyText, samePolicy } from "../iam/policy-diff";

/** Runs one check; a refused read becomes a cannot-check finding naming the permission, unless nothing can be read. */
export async function checked(findings: Findings, check: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    if (!(e instanceof CannotCheck) || e.fatal) throw e;
    findings.add(check, "cannot-check", e.message, e.permission);
  }
}

/** GetBucketLocation answers no constraint for us-east-1 and "EU" for the oldest Irish buckets. */
export function regionOfLocation(constraint: string | undefined): string {
  if (!constraint) return "us-east-1";
  return constraint === "EU" ? "eu-west-1" : constraint;
}

/** A CORS rule in one comparable form, whichever side (plan inputs or S3's answer) it came from. */
export function comparableCors(rule: ExpectedCorsRule | CORSRule): string {
  const r = rule as unknown as Record<string, unknown>;
  const list = (camel: string, pascal: string) => [...((r[camel] ?? r[pascal] ?? []) as string[])].sort();
  return JSON.stringify({
    headers: list("allowedHeaders", "AllowedHeaders"),
    methods: list("allowedMethods", "AllowedMethods"),
    origins: list("allowedOrigins", "AllowedOrigins"),
    expose: list("exposeHeaders", "ExposeHeaders"),
    maxAge: r.maxAgeSeconds ?? r.MaxAgeSeconds ?? null,
  });
}

export async function verifyBucket(s3: S3Client, bucket: ExpectedBucket): Promise<Finding[]> {
  const f = new Findings(`bucket ${bucket.name}`);
  const Bucket = bucket.name;
  let exists = true;
  await checked(f, "region", async () => {
    const location = await read("s3:GetBucketLocation", () => s3.send(new GetBucketLocationCommand({ Bucket })));
    if (location === undefined) {
      exists = false;
      f.add("region", "mismatch", "the bucket does not exist (or is not this account's)");
    } else f.compare("region", bucket.region, regionOfLocation(location.LocationConstraint));
  });
  if (!exists) return f.list;

  await checked(f, "public access block", async () => {
    const answer = await read("s3:GetBucketPublicAccessBlock", () => s3.send(new GetPublicAccessBlockCommand({ Bucket })));
    const c = answer?.PublicAccessBlockConfiguration;
    const flags = {
      BlockPublicAcls: c?.BlockPublicAcls ?? false,
      IgnorePublicAcls: c?.IgnorePublicAcls ?? false,
      BlockPublicPolicy: c?.BlockPublicPolicy ?? false,
      RestrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
    };
    const off = Object.entries(flags).filter(([, on]) => !on);
    f.add("public access block", off.length === 0 ? "match" : "mismatch", off.length === 0 ? "all four flags on" : `off: ${off.map(([k]) => k).join(", ")}`);
  });
  await checked(f, "object ownership", async () => {
    const answer = await read("s3:GetBucketOwnershipControls", () => s3.send(new GetBucketOwnershipControlsCommand({ Bucket })));
    f.compare("object ownership", "BucketOwnerEnforced", answer?.OwnershipControls?.Rules?.[0]?.ObjectOwnership);
  });
  await checked(f, "policy status", async () => {
    const answer = await read("s3:GetBucketPolicyStatus", () => s3.send(new GetBucketPolicyStatusCommand({ Bucket })));
    const isPublic = answer?.PolicyStatus?.IsPublic;
    if (isPublic === undefined && answer !== undefined) f.add("policy status", "note", "the endpoint did not report whether the policy is public");
    else f.add("policy status", isPublic ? "mismatch" : "match", isPublic ? "the bucket policy makes the bucket PUBLIC" : "not public");
  });
  await checked(f, "encryption", async () => {
    const answer = await read("s3:GetEncryptionConfiguration", () => s3.send(new GetBucketEncryptionCommand({ Bucket })));
    const rule = answer?.ServerSideEncryptionConfiguration?.Rules?.[0];
    const live = rule?.ApplyServerSideEncryptionByDefault;
    const found = { algorithm: live?.SSEAlgorithm, kmsKeyId: live?.KMSMasterKeyID };
    const want = { algorithm: bucket.encryption?.algorithm, kmsKeyId: bucket.encryption?.kmsKeyId };
    f.compare("encryption", want, found);
  });
  await checked(f, "versioning", async () => {
    const answer = await read("s3:GetBucketVersioning", () => s3.send(new GetBucketVersioningCommand({ Bucket })));
    f.compare("versioning", bucket.versioning ?? "never enabled", answer?.Status ?? "never enabled");
  });
  await checked(f, "CORS", async () => {
    const answer = await read("s3:GetBucketCORS", () => s3.send(new GetBucketCorsCommand({ Bucket })));
    const live = (answer?.CORSRules ?? []).map(comparableCors).sort();
    const want = bucket.cors.map(comparableCors).sort();
    const extra = live.filter((r) => !want.includes(r));
    const missing = want.filter((r) => !live.includes(r));
    const same = extra.length === 0 && missing.length === 0;
    const detail = [extra.length > 0 && `extra rules in AWS: ${extra.join(", ")}`, missing.length > 0 && `missing from AWS: ${missing.join(", ")}`].filter(
      Boolean,
    );
    f.add("CORS", same ? "match" : "mismatch", same ? `${live.length} rule(s)` : detail.join("; "));
  });
  await checked(f, "bucket policy", async () => {
    const answer = await read("s3:GetBucketPolicy", () => s3.send(new GetBucketPolicyCommand({ Bucket })));
    // No policy at all: S3 answers NoSuchBucketPolicy, read here as an empty document.
    const live = parsePolicyText(answer?.Policy) ?? { Statement: [] };
    const diff = diffPolicies(bucket.policy ?? { Statement: [] }, live);
    f.add("bucket policy", samePolicy(diff) ? "match" : "mismatch", samePolicy(diff) ? "equal to the composed policy" : describeDiff(diff));
  });
  return f.list;
}
