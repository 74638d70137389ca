/**
 * Generic connection fields of the connections file: name, prefix, region and shared principals.
 * Every vendor's connection schema starts from {@link commonConnectionFields}.
 */
import { z } from "zod";
import { AWS_REGIONS } from "./regions";
import { closest, ruleList, show } from "./text";
import { BucketName } from "./bucket";

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

export const Prefix = z
  .string({ error: (iss) => `must be a folder path (text) such as runs/aviti; got ${show(iss.input)}` })
  .superRefine((prefix, ctx) => {
    const problems = prefixProblems(prefix);
    if (problems.length > 0) ctx.addIssue({ code: "custom", input: prefix, message: `${show(prefix)} ${ruleList(problems)}` });
  })
  .meta({
    description: "Folder inside the bucket, e.g. runs/aviti. No leading slash, no s3://, not ./; a trailing slash is optional.",
    pattern: "^(?!\\./)[A-Za-z0-9!_.'()-]+(/[A-Za-z0-9!_.'()-]+)*/?$",
  });

export const Region = z
  .enum(AWS_REGIONS, {
    error: (iss) => {
      const suggestion = typeof iss.input === "string" ? closest(iss.input, AWS_REGIONS) : undefined;
      return `${show(iss.input)} is not an AWS region${suggestion ? `; did you mean "${suggestion}"?` : ""} (write the region code, e.g. us-east-1)`;
    },
  })
  .describe("AWS region code, e.g. us-east-1.");

export const ConnectionName = z
  .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
  .regex(/^[a-z][a-z0-9-]{1,62}$/, {
    error: (iss) => `${show(iss.input)} must be 2 to 63 characters of a-z, 0-9 and "-", starting with a letter (it is used in resource names)`,
  })
  .describe("Unique name of the connection, used in resource names. ^[a-z][a-z0-9-]{1,62}$");

export const PrincipalArn = z.string().superRefine((arn, ctx) => {
  if (arn.includes("*")) {
    ctx.addIssue({
      code: "custom",
      input: arn,
      message: `${show(arn)} is a wildcard, which would share the data with everyone; name each IAM role, user or account ARN`,
    });
  } else if (!PRINCIPAL_ARN_PATTERN.test(arn)) {
    ctx.addIssue({
      code: "custom",
      input: arn,
      message: `${show(arn)} is not an IAM principal ARN; write arn:aws:iam::<12-digit account>:root, :role/<name> or :user/<name>`,
    });
  }
});

export const SharedPrincipal = z
  .strictObject({
    arn: PrincipalArn.describe("IAM role, user or account root ARN given read-only access to this connection's prefix."),
    description: z.string().optional().describe("Who this is, for people reading the plan."),
  })
  .describe("An IAM principal given read-only access to this connection's data.");

export const commonConnectionFields = {
  name: ConnectionName,
  bucket: BucketName,
  prefix: Prefix.optional(),
  region: Region.optional().describe("Region of the bucket; must equal the bucket's region. Defaults to the bucket's region, then defaults.region."),
  sharedPrincipals: z.array(SharedPrincipal).optional().describe("IAM principals given read-only access to this connection's prefix."),
};
