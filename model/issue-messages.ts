/**
 * Turns zod's issues into sentences that say what is wrong, the value found and the fix, reading
 * the rest of the file where the message needs it (which vendor a connection is, what a key is
 * probably a typo of). The vendor-specific sentences come from the vendor modules.
 */
import { z } from "zod";
import { closest, oneOf, patternMismatch, show } from "../fields/text";
import { ConnectionsFileSchema, FIELD_OWNERS, isEveryonePrincipal, VENDORS } from "./schema";
import type { Path } from "./rules";
import { pathToString } from "./yaml-positions";
import { vendorModule, VENDOR_MODULES } from "../vendors";

/** The object schema a value at this point of the file must match, looking through wrappers and choosing by the data. */
function objectSchemaFor(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  for (;;) {
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) schema = schema.unwrap() as z.ZodType;
    else if (schema instanceof z.ZodPipe) schema = schema.in as z.ZodType;
    else if (schema instanceof z.ZodDiscriminatedUnion) {
      const discriminator = schema.def.discriminator;
      const chosen = (value as Record<string, unknown> | null)?.[discriminator];
      schema = (schema.options as z.ZodType[]).find(
        (option) => option instanceof z.ZodObject && (option.shape[discriminator] as z.ZodLiteral | undefined)?.values?.has(chosen as never),
      );
      if (!schema) return undefined;
    } else if (schema instanceof z.ZodUnion && value !== null && typeof value === "object") {
      // "*" or a map (a Principal): the map's keys are the ones allowed.
      schema = (schema.options as z.ZodType[]).find((option) => option instanceof z.ZodObject);
      if (!schema) return undefined;
    } else return schema;
  }
}

/** The keys a strict object at `path` allows, found by walking the schema with the data's choices. */
export function allowedKeysAt(path: Path, data: unknown): string[] {
  let schema: z.ZodType | undefined = ConnectionsFileSchema;
  let value: unknown = data;
  for (const segment of path) {
    schema = objectSchemaFor(schema, value);
    if (schema instanceof z.ZodObject) schema = schema.shape[segment] as z.ZodType | undefined;
    else if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType as z.ZodType;
    else return [];
    value = (value as Record<string | number, unknown> | null | undefined)?.[segment];
  }
  schema = objectSchemaFor(schema, value);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

export interface Described {
  path: Path;
  message: string;
  atKey: boolean;
  /** A required field that is absent. */
  missing?: boolean;
  /** For an unknown key: the allowed key it is probably a typo of. */
  suggests?: string;
}

/** What the messages need besides the issue: the data, and the text the user typed for a value. */
export interface IssueContext {
  data: unknown;
  sourceOf(path: Path): string | undefined;
}

/** Values people write for an encryption type, from the S3 API and console. */
const ENCRYPTION_ALIASES: Record<string, string> = { "aws:kms": "sse-kms", kms: "sse-kms", AES256: "sse-s3", aes256: "sse-s3", s3: "sse-s3" };

/** Regions of the GovCloud, China and ISO partitions: real, but outside `aws`, where the vendors are (regions.ts). */
const OTHER_PARTITION_REGION = /^(us-gov|cn|us-iso[a-z]?|eu-isoe?)-[a-z]+-\d$/;

/** The vendor and credential type of the connection a path is in, as the file gives them. */
function connectionAt(path: Path, data: unknown): { vendor?: string; type?: string } | undefined {
  if (path[0] !== "connections" || typeof path[1] !== "number") return undefined;
  const connection = (data as { connections?: unknown[] })?.connections?.[path[1]] as { vendor?: unknown; credential?: { type?: unknown } } | undefined;
  return {
    vendor: typeof connection?.vendor === "string" ? connection.vendor : undefined,
    type: typeof connection?.credential?.type === "string" ? connection.credential.type : undefined,
  };
}

/** "is required", with what to write and where the value comes from. */
function missingMessage(path: Path, data: unknown): string {
  const key = path[path.length - 1];
  const parent = path[path.length - 2];
  const vendor = connectionAt(path, data)?.vendor;
  if (path.length === 1 && key === "version") return "is required: add version: 1 at the top of the file";
  if (path.length === 1 && key === "connections") return "is required: add connections: with at least one connection (see connections/example.yaml)";
  if (path[0] === "connections" && path.length === 3) {
    switch (key) {
      case "name":
        return 'is required: add name: with a name of a-z, 0-9 and "-" that is unique in this file, such as aviti-runs (it is used in resource names)';
      case "vendor":
        return `is required: add vendor: ${oneOf(VENDORS)}`;
      case "bucket":
        return "is required: add bucket: with the S3 bucket name (the name only, without s3://; folders go in prefix)";
      case "credential":
        return "is required: add credential: with type: role or type: user";
    }
  }
  if (path[0] === "connections" && parent === "credential" && path.length === 4 && key === "type") return "is required: add type: role or type: user";
  // A vendor's own fields: the vendor module says what to write and where the value comes from.
  if (path[0] === "connections" && vendor !== undefined && Object.hasOwn(VENDOR_MODULES, vendor)) {
    const hints = vendorModule(vendor as keyof typeof VENDOR_MODULES).requiredFieldHints;
    const field = pathToString(path.slice(2));
    if (Object.hasOwn(hints, field)) return `is required${hints[field]}`;
  }
  if (parent === "encryption" && key === "type") return "is required: add type: sse-s3 or type: sse-kms";
  if (parent === "encryption" && key === "kmsKeyArn")
    return "is required for sse-kms: add kmsKeyArn: arn:aws:kms:<region>:<account>:key/<key id> (the key's ARN, not an alias)";
  if (path[2] === "sharedPrincipals" && key === "arn")
    return "is required: add arn: with an IAM role, user or account ARN, e.g. arn:aws:iam::111122223333:role/partner-reader";
  if (path[2] === "extraPolicyStatements" && key === "Sid")
    return "is required: give every extra statement a Sid that is unique in the bucket's policy, e.g. Sid: ArchiveRead";
  if (path[2] === "extraPolicyStatements" && key === "Effect") return "is required: add Effect: Allow or Deny";
  return "is required";
}

/** A vendor or credential field written where it does not apply. */
function misplacedMessage(key: string, owner: string, path: Path, data: unknown): string {
  const connection = connectionAt(path, data);
  if (!connection) return `"${key}" does not belong here: it is only for ${owner}; remove it`;
  const inCredential = path[2] === "credential";
  const place = inCredential ? `${connection.vendor} ${connection.type} credentials` : `vendor ${connection.vendor}`;
  const wantsRole = inCredential && connection.type !== "role" && owner.startsWith("role credentials") && new RegExp(`\\b${connection.vendor}\\b`).test(owner);
  return `"${key}" does not apply to ${place}: it is only for ${owner}; ${wantsRole ? "use type: role, or remove it" : "remove it"}`;
}

/** What a value of the wrong type should be, with the fix. */
function wrongTypeMessage(issue: z.core.$ZodIssueInvalidType, path: Path, context: IssueContext): string {
  const input = (issue as { input?: unknown }).input;
  const key = path[path.length - 1];
  if (issue.expected === "string" && (typeof input === "number" || typeof input === "boolean")) {
    // YAML reads unquoted digits and true/false as numbers and booleans, and rounds long numbers:
    // show what the user typed, not what YAML made of it.
    const typed = context.sourceOf(path) ?? String(input);
    return `must be text, but YAML reads ${typed} as ${typeof input === "number" ? "a number" : "true/false"}: put it in quotes, "${typed}"`;
  }
  if (path[2] === "sharedPrincipals" && key === "arn") {
    const example = "e.g. arn:aws:iam::111122223333:role/partner-reader";
    if (isEveryonePrincipal(input)) return `is ${show(input)}, which would share the data with everyone: write one IAM role, user or account ARN, ${example}`;
    const aws = (input as { AWS?: unknown } | null)?.AWS;
    if (typeof aws === "string") return `must be the ARN itself, not a bucket-policy Principal map: write arn: ${aws}`;
    return `must be one IAM role, user or account ARN (text), ${example}; got ${show(input)}`;
  }
  if (!issue.message.startsWith("Invalid input")) return issue.message;
  switch (issue.expected) {
    case "boolean": {
      const text = typeof input === "string" ? input.trim().toLowerCase() : undefined;
      if (text === "true" || text === "false") return `must be true or false, not the text ${show(input)}: remove the quotes`;
      if (text && ["yes", "y", "on", "enabled", "enable", "always"].includes(text)) return `must be true or false; got ${show(input)}: write true`;
      if (text && ["no", "n", "off", "disabled", "disable", "never", "none"].includes(text)) return `must be true or false; got ${show(input)}: write false`;
      return `must be true or false; got ${show(input)}`;
    }
    case "object":
    case "record": {
      if (path[2] === "sharedPrincipals" && typeof input === "string")
        return `must be a map with arn (and an optional description), not a bare ARN: write "- arn: ${input}"`;
      const allowed = allowedKeysAt(path, context.data);
      // A feature switched on or off by a map with one `enabled` flag, written as the flag itself.
      if (typeof input === "boolean" && allowed.length === 1 && allowed[0] === "enabled")
        return `must be a map, not ${input}: write ${String(key)}: { enabled: ${input} }`;
      return `must be a map${allowed.length > 0 ? ` with the keys ${allowed.join(", ")}` : ' of "key: value" lines'}; got ${show(input)}`;
    }
    case "array":
      if (input !== null && typeof input === "object") {
        const keys = Object.keys(input);
        if (path.length === 1 && key === "connections" && keys.length > 0) {
          return `must be a list, not a map: start each connection with "- name:", e.g. "- name: ${keys[0]}" with its fields indented under it`;
        }
        return `must be a list (one "- " line per item), not a map`;
      }
      return `must be a list (one "- " line per item); got ${show(input)}`;
    case "string":
      return `must be text; got ${show(input)}`;
    default:
      return `must be ${issue.expected}; got ${show(input)}`;
  }
}

/** A value outside a union that is not told apart by a key (IAM's "string or list" fields, Principal). */
function unionMessage(path: Path, input: unknown): string {
  const key = String(path[path.length - 1]);
  if (key === "Action" || key === "NotAction") return `must be an action such as s3:GetObject, or a non-empty list of actions; got ${show(input)}`;
  if (key === "Resource" || key === "NotResource")
    return `must be an ARN such as arn:aws:s3:::bucket/folder/*, or a non-empty list of ARNs; got ${show(input)}`;
  if (key === "Principal") {
    const arn = typeof input === "string" && input.startsWith("arn:") ? input : "arn:aws:iam::111122223333:role/reader";
    return `must be "*" or a map such as { AWS: "${arn}" }; got ${show(input)}`;
  }
  return `${show(input)} does not match any allowed form`;
}

/** Turns one zod issue into messages that say what is wrong, the value found and the fix. */
export function describeIssue(issue: z.core.$ZodIssue, context: IssueContext): Described[] {
  const { data } = context;
  const path = issue.path as Path;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "unrecognized_keys": {
      const allowed = allowedKeysAt(path, data);
      return issue.keys.map((key) => {
        const owner = Object.hasOwn(FIELD_OWNERS, key) ? FIELD_OWNERS[key] : undefined;
        if (owner && !allowed.includes(key)) return { path: [...path, key], message: misplacedMessage(key, owner, path, data), atKey: true };
        const suggestion = closest(key, allowed);
        if (suggestion) return { path: [...path, key], message: `unknown key "${key}": did you mean "${suggestion}"?`, atKey: true, suggests: suggestion };
        return { path: [...path, key], message: `unknown key "${key}": allowed here: ${allowed.join(", ")}`, atKey: true };
      });
    }
    case "invalid_union": {
      const discriminator = (issue as { discriminator?: string }).discriminator;
      if (discriminator) {
        const options = ((issue as { options?: unknown[] }).options ?? []).map(String);
        const value = (input as Record<string, unknown> | undefined)?.[discriminator];
        const where = path[path.length - 1] === discriminator ? path : [...path, discriminator];
        if (value === undefined) return [{ path: where, message: missingMessage(where, data), atKey: false, missing: true }];
        const holder = where[where.length - 2];
        const vendor = connectionAt(where, data)?.vendor;
        const what =
          discriminator === "vendor"
            ? "a supported vendor"
            : holder === "credential"
              ? `a credential type${vendor ? ` of vendor ${vendor}` : ""}`
              : holder === "encryption"
                ? "an encryption type"
                : `a supported ${discriminator}`;
        const suggestion =
          typeof value === "string"
            ? ((holder === "encryption" && Object.hasOwn(ENCRYPTION_ALIASES, value) ? ENCRYPTION_ALIASES[value] : undefined) ?? closest(value, options))
            : undefined;
        return [
          { path: where, message: `${show(value)} is not ${what}: use ${oneOf(options)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, atKey: false },
        ];
      }
      return [{ path, message: unionMessage(path, input), atKey: false }];
    }
    case "invalid_type":
      if (input === undefined) return [{ path, message: missingMessage(path, data), atKey: false, missing: true }];
      return [{ path, message: wrongTypeMessage(issue, path, context), atKey: false }];
    case "invalid_value": {
      if (input === undefined) return [{ path, message: missingMessage(path, data), atKey: false, missing: true }];
      if (path[path.length - 1] === "region" && typeof input === "string" && OTHER_PARTITION_REGION.test(input)) {
        return [
          {
            path,
            message: `${show(input)} is in a separate AWS partition (GovCloud, China or ISO), which the vendors' AWS accounts cannot reach: use a region of the commercial partition, e.g. us-east-1`,
            atKey: false,
          },
        ];
      }
      if (!issue.message.startsWith("Invalid")) return [{ path, message: issue.message, atKey: false }];
      const values = issue.values.map(String);
      const suggestion = typeof input === "string" ? closest(input, values) : undefined;
      return [{ path, message: `${show(input)} is not allowed: use ${oneOf(values)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, atKey: false }];
    }
    case "too_small":
    case "too_big": {
      if (path.length === 1 && path[0] === "connections" && issue.code === "too_small") {
        return [{ path, message: "must list at least one connection: add one (see connections/example.yaml for each vendor's fields)", atKey: false }];
      }
      const size = typeof input === "string" || Array.isArray(input) ? input.length : undefined;
      const has = size !== undefined ? ` (it has ${size})` : "";
      if (!issue.message.startsWith("Too")) return [{ path, message: `${issue.message}${issue.message.includes("it has") ? "" : has}`, atKey: false }];
      const limit = Number(issue.code === "too_small" ? issue.minimum : issue.maximum);
      const unit = issue.origin === "array" ? "item" : "character";
      if (issue.code === "too_small" && limit === 1) {
        const example = /Action$/.test(String(path[path.length - 1]))
          ? ", e.g. s3:GetObject"
          : /Resource$/.test(String(path[path.length - 1]))
            ? ", e.g. arn:aws:s3:::bucket/folder/*"
            : "";
        const fix = example ? `: name at least one${example}` : "";
        return [{ path, message: `${issue.origin === "array" ? "must not be an empty list" : "must not be empty"}${fix}`, atKey: false }];
      }
      const bound = issue.code === "too_small" ? `at least ${limit}` : `at most ${limit}`;
      return [{ path, message: `must have ${bound} ${unit}${limit === 1 ? "" : "s"}${has}; got ${show(input)}`, atKey: false }];
    }
    case "invalid_format": {
      // The schema's message names the rule; add which part of it this value breaks.
      const pattern = (issue as { pattern?: string }).pattern;
      if (issue.format !== "regex" || typeof input !== "string" || pattern === undefined || !issue.message.startsWith(`${show(input)} `)) {
        return [{ path, message: issue.message, atKey: false }];
      }
      const reason =
        path[path.length - 1] === "roleSessionNamePrefix" && input.endsWith("-*")
          ? 'leave out the trailing "-*": the trust policy adds it'
          : patternMismatch(input, pattern);
      return [{ path, message: reason ? `${show(input)} (${reason})${issue.message.slice(show(input).length)}` : issue.message, atKey: false }];
    }
    case "invalid_key": {
      // A map key (bucket name, tag key): name the key unless the message already does.
      const key = show(input);
      const length = typeof input === "string" ? ` (it has ${input.length})` : "";
      const messages = issue.issues.map((i) =>
        i.message.startsWith(key) ? i.message : `${key}: ${i.message}${i.code === "too_big" || i.code === "too_small" ? length : ""}`,
      );
      return [{ path, message: messages.join("; "), atKey: true }];
    }
    default:
      return [{ path, message: issue.message, atKey: false }];
  }
}

/**
 * `connection "x": field message`. A message that starts with a verb reads on from the field
 * (`bucket is required`); one that already names its subject or field is not prefixed twice.
 */
export function joinMessage(subject: string, field: string, message: string): string {
  let text: string;
  if (field && message.startsWith(`${field} `)) text = message;
  else if (field && /^(is|must|has) /.test(message)) text = `${field} ${message}`;
  else text = field ? `${field}: ${message}` : message;
  return subject && !text.startsWith(subject) ? `${subject}: ${text}` : text;
}

/** What the root of the file is, when it is not the map it must be. */
export function rootMessage(data: unknown): string {
  if (data === null || data === undefined) return "the file is empty: it needs version: 1 and a connections: list (see connections/example.yaml)";
  if (Array.isArray(data))
    return "the file is a list, but it must be a map: write version: 1, then connections:, and indent this list under connections: (see connections/example.yaml)";
  return `the file must be a map with version: 1 and connections:, not ${show(data)} (see connections/example.yaml)`;
}
