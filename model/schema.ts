/**
 * The connections file format: the only definition of it. TypeScript types come from here
 * (`z.infer`), `connections/schema.json` is generated from here (`npm run schema`), and the
 * message for a value that breaks a rule is written here, next to the rule it explains. Messages
 * that need the rest of the file (a missing field, a field of another vendor, a wrong type) are
 * written by the loader, model/load.ts.
 *
 * This is a user-facing contract (DESIGN.md, "Contracts"): additive changes only.
 */
import { z } from "zod";
import { AWS_REGIONS } from "../fields/regions";
import { closest, show } from "../fields/text";
import { ELEMENT_EXTERNAL_ID } from "../vendors/element";
import { ICA_ROLE_SESSION_NAME_PREFIX } from "../vendors/ica";
import { PREQUEL_WEB_IDENTITY_VALUE } from "../vendors/prequel";

export const VENDORS = ["element", "elembio", "ica", "prequel"] as const;
export type VendorKey = (typeof VENDORS)[number];

// ---------------------------------------------------------------------------------------------
// Pure rule functions (exported for table-driven tests)

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
  if (badCharacters.length > 0) problems.push(`may contain only lowercase letters, digits, "." and "-" (found ${badCharacters.map((c) => JSON.stringify(c)).join(" ")})`);
  if (!/^[a-z0-9]/.test(name) || !/[a-z0-9]$/.test(name)) problems.push("must begin and end with a lowercase letter or digit");
  if (name.includes("..")) problems.push('must not contain ".." (two adjacent dots)');
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) problems.push("must not be formatted as an IP address");
  for (const prefix of RESERVED_BUCKET_PREFIXES) if (name.startsWith(prefix)) problems.push(`must not start with the reserved "${prefix}"`);
  for (const suffix of RESERVED_BUCKET_SUFFIXES) if (name.endsWith(suffix)) problems.push(`must not end with the reserved "${suffix}"`);
  return problems;
}

/**
 * Every problem with a key prefix (a folder in the bucket). Characters are limited to S3's "safe"
 * set, and in particular never `*` or `?`, which IAM would read as wildcards in ARNs and conditions.
 */
export function prefixProblems(prefix: string): string[] {
  if (prefix === "") return ["must not be empty: leave prefix out to use the whole bucket"];
  if (prefix.startsWith("s3://")) return ['must be a folder inside the bucket, without "s3://" and the bucket name (e.g. runs/aviti)'];
  if (prefix.startsWith("/")) return ['must not start with "/" (write runs/aviti, not /runs/aviti)'];
  if (prefix === "./" || prefix === "." || prefix.startsWith("./")) return ['must not start with "./" (ICA rejects it; write runs/aviti)'];
  const problems: string[] = [];
  const segments = prefix.replace(/\/$/, "").split("/");
  if (segments.some((s) => s === "")) problems.push('must not contain empty folders ("//")');
  if (segments.some((s) => s === "." || s === "..")) problems.push('must not contain "." or ".." folders');
  const badCharacters = [...new Set(prefix.replace(/[A-Za-z0-9!_.'()/-]/g, ""))];
  if (badCharacters.length > 0) {
    problems.push(`may contain only letters, digits and ! - _ . ' ( ) separated by "/" (found ${badCharacters.map((c) => JSON.stringify(c)).join(" ")})`);
  }
  if (prefix.length > 512) problems.push(`must be at most 512 characters (it has ${prefix.length})`);
  return problems;
}

/** IAM principals a connection may share data with: an account root, a role or a user. */
export const PRINCIPAL_ARN_PATTERN = /^arn:aws:iam::\d{12}:(root|(role|user)\/[A-Za-z0-9+=,.@_/-]+)$/;

/** A KMS key ARN (not an alias: IAM grants on keys need the key ARN). */
export const KMS_KEY_ARN_PATTERN = /^arn:aws:kms:([a-z0-9-]+):\d{12}:key\/[A-Za-z0-9-]+$/;

// ---------------------------------------------------------------------------------------------
// Field schemas

function ruleList(problems: string[]): string {
  return problems.join("; ");
}

const BucketName = z
  .string({ error: (iss) => `must be a bucket name (text); got ${show(iss.input)}` })
  .superRefine((name, ctx) => {
    const problems = bucketNameProblems(name);
    if (problems.length > 0) ctx.addIssue({ code: "custom", input: name, message: `${show(name)} is not a valid S3 bucket name: ${ruleList(problems)}` });
  })
  // The pattern is for editors; the refinement above gives the reasons.
  .meta({ description: "S3 bucket name only: no s3://, no slash.", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" });

const Prefix = z
  .string({ error: (iss) => `must be a folder path (text) such as runs/aviti; got ${show(iss.input)}` })
  .superRefine((prefix, ctx) => {
    const problems = prefixProblems(prefix);
    if (problems.length > 0) ctx.addIssue({ code: "custom", input: prefix, message: `${show(prefix)} ${ruleList(problems)}` });
  })
  .meta({
    description: "Folder inside the bucket, e.g. runs/aviti. No leading slash, no s3://, not ./; a trailing slash is optional.",
    pattern: "^(?!\\./)[A-Za-z0-9!_.'()-]+(/[A-Za-z0-9!_.'()-]+)*/?$",
  });

const Region = z
  .enum(AWS_REGIONS, {
    error: (iss) => {
      const suggestion = typeof iss.input === "string" ? closest(iss.input, AWS_REGIONS) : undefined;
      return `${show(iss.input)} is not an AWS region${suggestion ? `; did you mean "${suggestion}"?` : ""} (write the region code, e.g. us-east-1)`;
    },
  })
  .describe("AWS region code, e.g. us-east-1.");

const Tags = z
  .record(
    z.string().min(1).max(128, { error: "tag keys must be at most 128 characters" }),
    z.string({ error: (iss) => `tag values must be text (quote numbers and booleans); got ${show(iss.input)}` }).max(256, { error: "tag values must be at most 256 characters" }),
  )
  .describe("Tags added to every resource that takes tags.");

const ConnectionName = z
  .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
  .regex(/^[a-z][a-z0-9-]{1,62}$/, {
    error: (iss) => `${show(iss.input)} must be 2 to 63 characters of a-z, 0-9 and "-", starting with a letter (it is used in resource names)`,
  })
  .describe("Unique name of the connection, used in resource names. ^[a-z][a-z0-9-]{1,62}$");

const PrincipalArn = z.string().superRefine((arn, ctx) => {
  if (arn.includes("*")) {
    ctx.addIssue({ code: "custom", input: arn, message: `${show(arn)} is a wildcard, which would share the data with everyone; name each IAM role, user or account ARN` });
  } else if (!PRINCIPAL_ARN_PATTERN.test(arn)) {
    ctx.addIssue({ code: "custom", input: arn, message: `${show(arn)} is not an IAM principal ARN; write arn:aws:iam::<12-digit account>:root, :role/<name> or :user/<name>` });
  }
});

const SharedPrincipal = z
  .strictObject({
    arn: PrincipalArn.describe("IAM role, user or account root ARN given read-only access to this connection's prefix."),
    description: z.string().optional().describe("Who this is, for people reading the plan."),
  })
  .describe("An IAM principal given read-only access to this connection's data.");

const ExternalId = z
  .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
  .regex(ELEMENT_EXTERNAL_ID.pattern, {
    error: (iss) => `${show(iss.input)} is not a valid external ID: use ${ELEMENT_EXTERNAL_ID.allowed}, and enter the same value in the vendor's UI`,
  })
  .describe(`External ID the vendor presents when it assumes the role: ${ELEMENT_EXTERNAL_ID.allowed}.`);

/** Credentials of the vendors whose role trusts Element's account with an external ID. */
const ElementCredential = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("role"), externalId: ExternalId }),
  z.strictObject({ type: z.literal("user") }),
]);

const IcaCredential = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("role"),
    roleSessionNamePrefix: z
      .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
      .regex(ICA_ROLE_SESSION_NAME_PREFIX.pattern, {
        error: (iss) => `${show(iss.input)} is not a RoleSessionName prefix: ${ICA_ROLE_SESSION_NAME_PREFIX.allowed}; copy it exactly as ICA generated it`,
      })
      .describe("The RoleSessionName prefix ICA generates when you create the AWS_Role credential (shown once)."),
    adoptOidcProvider: z
      .boolean()
      .optional()
      .describe("true: the account already has ICA's OIDC provider for this region; import it instead of creating it. Default false."),
  }),
  z.strictObject({ type: z.literal("user") }),
]);

const WebIdentityValue = (what: string) =>
  z
    .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
    .regex(PREQUEL_WEB_IDENTITY_VALUE.pattern, {
      error: (iss) => `${show(iss.input)} is not a valid ${what}: ${PREQUEL_WEB_IDENTITY_VALUE.allowed}; copy it from the destination's setup page`,
    });

const PrequelCredential = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("role"),
    subject: WebIdentityValue("subject").describe("accounts.google.com:sub the vendor gives you (its service-account ID). Never a wildcard."),
    audience: WebIdentityValue("audience").optional().describe("accounts.google.com:oaud the vendor gives you (organisation ID), when it gives one."),
  }),
  z.strictObject({ type: z.literal("user") }),
]);

const commonConnectionFields = {
  name: ConnectionName,
  bucket: BucketName,
  prefix: Prefix.optional(),
  region: Region.optional().describe("Region of the bucket; must equal the bucket's region. Defaults to the bucket's region, then defaults.region."),
  sharedPrincipals: z.array(SharedPrincipal).optional().describe("IAM principals given read-only access to this connection's prefix."),
};

const ElementConnection = z
  .strictObject({ vendor: z.literal("element"), ...commonConnectionFields, credential: ElementCredential })
  .describe("Element Biosciences AVITI storage connection (instrument run upload).");

const ElembioConnection = z
  .strictObject({
    vendor: z.literal("elembio"),
    ...commonConnectionFields,
    credential: ElementCredential,
    download: z.boolean().optional().describe("Grant s3:GetObject for presigned downloads from the data browser. Default false."),
    healthOmics: z
      .strictObject({ enabled: z.boolean() })
      .optional()
      .describe("Run the Bases2Fastq HealthOmics workflow: adds the omics actions and an execution role. Default off."),
    manageBucketPolicy: z
      .boolean()
      .optional()
      .describe("Grant ElemBio the bucket-policy actions for its sharing feature. Default false, because this program owns the bucket policy."),
  })
  .describe("ElemBio Cloud AWS provider and storage connection.");

const IcaConnection = z
  .strictObject({
    vendor: z.literal("ica"),
    ...commonConnectionFields,
    credential: IcaCredential,
    crossAccount: z.enum(["none", "copy", "move"]).optional().describe("Let Illumina's regional role copy (or move) data across accounts. Default none."),
    objectTagging: z.boolean().optional().describe("Copy object tags (TaggingPermissionType, enabled by Illumina support). Default false."),
  })
  .describe("Illumina Connected Analytics bring-your-own bucket.");

const PrequelConnection = z
  .strictObject({
    vendor: z.literal("prequel"),
    ...commonConnectionFields,
    credential: PrequelCredential,
    onboarding: z.boolean().optional().describe("Keep s3:DeleteObject for the destination's connection test. Default true; set false once the destination is added."),
  })
  .describe("Data-sync S3 destination (Prequel, and services that white-label it).");

const Connection = z.discriminatedUnion("vendor", [ElementConnection, ElembioConnection, IcaConnection, PrequelConnection]);

const StringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
const ConditionValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

/** Whether a principal names everyone; surrounding spaces do not make `" *"` someone else. */
export function isEveryonePrincipal(principal: unknown): boolean {
  const everyone = (value: unknown) => typeof value === "string" && value.trim() === "*";
  if (everyone(principal)) return true;
  if (principal && typeof principal === "object" && Object.hasOwn(principal, "AWS")) {
    const aws = (principal as { AWS: unknown }).AWS;
    return everyone(aws) || (Array.isArray(aws) && aws.some(everyone));
  }
  return false;
}

const ExtraPolicyStatement = z
  .strictObject({
    Sid: z.string().min(1).max(128).describe("Required: names the statement in the composed policy."),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: z.union([z.literal("*"), z.record(z.string(), StringOrList)]).optional(),
    NotPrincipal: z.record(z.string(), StringOrList).optional(),
    Action: StringOrList.optional(),
    NotAction: StringOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), ConditionValue)).optional(),
  })
  .superRefine((statement, ctx) => {
    const pairs: [string, string][] = [["Principal", "NotPrincipal"], ["Action", "NotAction"], ["Resource", "NotResource"]];
    for (const [plain, negated] of pairs) {
      const has = (key: string) => (statement as Record<string, unknown>)[key] !== undefined;
      if (has(plain) && has(negated)) {
        ctx.addIssue({
          code: "custom",
          path: [negated],
          input: statement,
          message: `statement "${statement.Sid}" has both ${plain} and ${negated}, which IAM rejects; keep one of them`,
        });
      } else if (!has(plain) && !has(negated)) {
        ctx.addIssue({ code: "custom", input: statement, message: `statement "${statement.Sid}" has neither ${plain} nor ${negated}: add ${plain}` });
      }
    }
    if (statement.Effect === "Allow" && isEveryonePrincipal(statement.Principal)) {
      ctx.addIssue({
        code: "custom",
        path: ["Principal"],
        input: statement.Principal,
        message: `statement "${statement.Sid}" allows Principal "*", which would make the bucket public; name the IAM principals instead`,
      });
    }
  })
  .describe("An IAM bucket-policy statement kept in the composed policy (consumers this file does not manage).");

const Versioning = z.enum(["enabled", "suspended", "disabled"], {
  error: (iss) => `${show(iss.input)} is not a versioning setting; use enabled, suspended or disabled`,
});

const Encryption = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("sse-s3") }),
  z.strictObject({
    type: z.literal("sse-kms"),
    kmsKeyArn: z.string().regex(KMS_KEY_ARN_PATTERN, {
      error: (iss) => `${show(iss.input)} is not a KMS key ARN; write arn:aws:kms:<region>:<account>:key/<key id> (an alias will not do: IAM grants need the key ARN)`,
    }),
  }),
]);

const BucketSettings = z
  .strictObject({
    region: Region.optional().describe("Region of the bucket. Defaults to the region its connections give, then defaults.region."),
    adopt: z.boolean().optional().describe("true: the bucket exists already; import it, never create, replace or delete it. Default false."),
    versioning: Versioning.optional().describe("enabled (default), suspended, or disabled (never versioned)."),
    encryption: Encryption.optional().describe("Default encryption: { type: sse-s3 } (default) or { type: sse-kms, kmsKeyArn }."),
    tags: Tags.optional(),
    extraPolicyStatements: z.array(ExtraPolicyStatement).optional().describe("Statements kept in the bucket's composed policy, each with a Sid."),
  })
  .describe("Settings of one bucket.");

export const ConnectionsFileSchema = z
  .strictObject({
    version: z.literal(1, { error: (iss) => `${show(iss.input)} is not a supported version; this program reads version: 1` }).describe("File format version; only 1 exists."),
    defaults: z
      .strictObject({
        region: Region.optional().describe("Used where a bucket or connection gives none."),
        tags: Tags.optional(),
      })
      .optional(),
    buckets: z.record(BucketName, BucketSettings).optional().describe("Bucket name -> settings. A bucket named only by connections gets the defaults."),
    connections: z.array(Connection).min(1, { error: "needs at least one connection" }).describe("The vendor connections of this stack."),
  })
  .describe("vendor-connections: the S3 buckets of one stack and the vendors connected to them.");

export type ConnectionsFile = z.infer<typeof ConnectionsFileSchema>;
export type Connection = z.infer<typeof Connection>;
export type ElementConnection = z.infer<typeof ElementConnection>;
export type ElembioConnection = z.infer<typeof ElembioConnection>;
export type IcaConnection = z.infer<typeof IcaConnection>;
export type PrequelConnection = z.infer<typeof PrequelConnection>;
export type BucketSettings = z.infer<typeof BucketSettings>;
export type ExtraPolicyStatement = z.infer<typeof ExtraPolicyStatement>;
export type Encryption = z.infer<typeof Encryption>;
export type Versioning = z.infer<typeof Versioning>;

/**
 * Fields that belong to one vendor or credential type, so that a field in the wrong place gets a
 * message naming where it belongs, instead of only "unknown key".
 */
export const FIELD_OWNERS: Record<string, string> = {
  download: "vendor elembio",
  healthOmics: "vendor elembio",
  manageBucketPolicy: "vendor elembio",
  crossAccount: "vendor ica",
  objectTagging: "vendor ica",
  onboarding: "vendor prequel",
  externalId: "role credentials of vendors element and elembio",
  roleSessionNamePrefix: "role credentials of vendor ica",
  adoptOidcProvider: "role credentials of vendor ica",
  subject: "role credentials of vendor prequel",
  audience: "role credentials of vendor prequel",
};


