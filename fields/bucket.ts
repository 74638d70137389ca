/**
 * Generic bucket fields of the connections file: the S3 bucket name, versioning, default
 * encryption and tags. Vendor-neutral, so vendor modules and the model can both use them.
 */
import { z } from "zod";
import { ruleList, show } from "./text";

const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Every S3 naming rule the name breaks (AWS "General purpose bucket naming rules"). */
export function bucketNameProblems(name: string): string[] {
  if (name.includes("s3://") || name.includes("/")) {
    return ['give the bucket name only, without "s3://" or "/" (put folders in prefix)'];
  }
  const problems: string[] = [];
  if (name.length < 3 || name.length > 63) problems.push(`must be 3 to 63 characters long (it has ${name.length})`);
  const badCharacters = [...new Set(name.replace(/[a-z0-9.-]/g, ""))];
  if (badCharacters.length > 0)
    problems.push(`may contain only lowercase letters, digits, "." and "-" (found ${badCharacters.map((c) => JSON.stringify(c)).join(" ")})`);
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) problems.push("must begin and end with a lowercase letter or digit");
  if (name.includes("..")) problems.push('must not contain ".." (two adjacent dots)');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("must not be formatted as an IP address");
  for (const prefix of RESERVED_BUCKET_PREFIXES) if (name.startsWith(prefix)) problems.push(`must not start with the reserved "${prefix}"`);
  for (const suffix of RESERVED_BUCKET_SUFFIXES) if (name.endsWith(suffix)) problems.push(`must not end with the reserved "${suffix}"`);
  return problems;
}

/** A KMS key ARN (not an alias: IAM grants on keys need the key ARN). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

export const BucketName = z
  .string({ error: (iss) => `must be a bucket name (text); got ${show(iss.input)}` })
  .superRefine((name, ctx) => {
    const problems = bucketNameProblems(name);
    if (problems.length > 0) ctx.addIssue({ code: "custom", input: name, message: `${show(name)} is not a valid S3 bucket name: ${ruleList(problems)}` });
  })
  // The pattern is for editors; the refinement above gives the reasons.
  .meta({ description: "S3 bucket name only: no s3://, no slash.", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" });

export const Tags = z
  .record(
    z.string().min(1).max(128, { error: "tag keys must be at most 128 characters" }),
    z
      .string({ error: (iss) => `tag values must be text (quote numbers and booleans); got ${show(iss.input)}` })
      .max(256, { error: "tag values must be at most 256 characters" }),
  )
  .describe("Tags added to every resource that takes tags.");

export const Versioning = z.enum(["enabled", "suspended", "disabled"], {
  error: (iss) => `${show(iss.input)} is not a versioning setting; use enabled, suspended or disabled`,
});

export const Encryption = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("sse-s3") }),
  z.strictObject({
    type: z.literal("sse-kms"),
    kmsKeyArn: z.string().regex(KMS_KEY_ARN_PATTERN, {
      error: (iss) =>
        `${show(iss.input)} is not a KMS key ARN; write arn:aws:kms:<region>:<account>:key/<key id> (an alias will not do: IAM grants need the key ARN)`,
    }),
  }),
]);

export type Encryption = z.infer<typeof Encryption>;
export type Versioning = z.infer<typeof Versioning>;

/**
 * A CORS rule the bucket keeps beside the ones its connections need: rules an adopted bucket
 * already had (npm run adopt writes them here), so applying the file removes none.
 */
export const ExtraCorsRule = z
  .strictObject({
    allowedHeaders: z.array(z.string()).optional(),
    allowedMethods: z.array(z.enum(["GET", "PUT", "POST", "DELETE", "HEAD"])).min(1),
    allowedOrigins: z.array(z.string()).min(1),
    exposeHeaders: z.array(z.string()).optional(),
    maxAgeSeconds: z.number().int().nonnegative().optional(),
  })
  .describe("One S3 CORS rule, as S3 stores it (AllowedMethods, AllowedOrigins, ...), in camelCase.");
export type ExtraCorsRule = z.infer<typeof ExtraCorsRule>;

/**
 * How a bucket-policy statement is named where the file lists statements to drop: its Sid, or, for
 * a statement without one, `sha256:` and the start of the hash of its canonical content (the
 * preview's error prints it for each statement the file does not account for).
 */
export const STATEMENT_REFERENCE_PATTERN = /^(sha256:[0-9a-f]{16}|(?!sha256:)\S.*)$/;

export const DropStatements = z
  .array(
    z
      .string({ error: (iss) => `must be a statement's Sid, or sha256:<16 hex digits> for one without a Sid; got ${show(iss.input)}` })
      .regex(STATEMENT_REFERENCE_PATTERN, { error: (iss) => `${show(iss.input)} is not a Sid or a sha256:<16 hex digits> reference` }),
  )
  .describe(
    "An adopted bucket's live policy statements that applying the file may remove: each by Sid, or by the sha256: reference the preview prints for one without a Sid.",
  );
