/**
 * Reads a connections file: YAML with source positions, then the schema, then the cross-field
 * rules. Every problem is collected and reported with `file:line:column`; nothing throws for bad
 * input, so neither `pulumi up` nor `npm run plan` ever shows a stack trace for a typo.
 */
import { readFileSync } from "fs";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from "yaml";
import type { z } from "zod";
import { closest, oneOf, patternMismatch, show } from "../fields/text";
import { ConnectionsFileSchema, FIELD_OWNERS, isEveryonePrincipal, VENDORS, type ConnectionsFile } from "./schema";
import { resolveModel, type Path, type ResolveOptions } from "./rules";
import type { StackModel } from "./resolve";
import { explainYamlErrors } from "./yaml-errors";
import { checkDocument, TOO_DEEP, tooDeep } from "./yaml-safety";
import { vendorModule, VENDOR_MODULES } from "../vendors";

export interface Problem {
  severity: "error" | "warning";
  file: string;
  line: number;
  column: number;
  /** Where in the file, e.g. `connections[0].credential.externalId`. */
  path: string;
  /** What is wrong, the value found and the fix, starting with the connection or bucket it concerns. */
  message: string;
}

export type LoadResult = { ok: true; model: StackModel; warnings: Problem[] } | { ok: false; errors: Problem[]; warnings: Problem[] };

/** `file:line:column message`, the form editors and CI annotations understand. */
export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity === "warning" ? "warning: " : ""}${problem.message}`;
}

export function pathToString(path: Path): string {
  return path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join("");
}

interface Located {
  node: Node | undefined;
  /** True when the path ends at a key that exists; the position is then the key's. */
  keyNode?: Node;
}

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A map's pairs by key, built once per map: a map with thousands of keys is located in linear time. */
function pairsByKey(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) index.set(String(item.key.value), item);
    keyIndexes.set(map, index);
  }
  return index;
}

/** The deepest YAML node along `path` (the key node when `atKey` and the key exists). */
function locate(root: Node | null | undefined, path: Path, atKey: boolean): Located {
  let node: Node | undefined = root ?? undefined;
  let keyNode: Node | undefined;
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    if (isMap(node)) {
      const pair = pairsByKey(node).get(String(segment));
      if (!pair) break;
      keyNode = pair.key as Node;
      if (i === path.length - 1 && atKey) return { node: keyNode, keyNode };
      node = (pair.value as Node | null) ?? keyNode;
    } else if (isSeq(node) && typeof segment === "number" && node.items[segment]) {
      node = node.items[segment] as Node;
    } else {
      break;
    }
  }
  return { node, keyNode };
}

/** The subject of a message: `connection "x"` or `bucket "b"`, and the field path inside it. */
function subjectOf(path: Path, data: unknown): { subject: string; field: string } {
  if (path[0] === "connections" && typeof path[1] === "number") {
    const connection = (data as { connections?: unknown[] })?.connections?.[path[1]] as { name?: unknown } | undefined;
    // A message about the name itself shows the name; naming the connection by it again would repeat it.
    const byName = typeof connection?.name === "string" && !(path.length === 3 && path[2] === "name");
    const name = byName ? `connection "${connection!.name}"` : `connections[${path[1]}]`;
    return { subject: name, field: pathToString(path.slice(2)) };
  }
  if (path[0] === "buckets" && path.length >= 2) return { subject: `bucket "${path[1]}"`, field: pathToString(path.slice(2)) };
  return { subject: "", field: pathToString(path) };
}

/** The keys a strict object at `path` allows, found by walking the schema with the data's choices. */
function allowedKeysAt(path: Path, data: unknown): string[] {
  let schema: any = ConnectionsFileSchema;
  let value: any = data;
  const unwrap = () => {
    for (;;) {
      const def = schema?._zod?.def;
      if (def?.type === "optional" || def?.type === "default" || def?.type === "nullable") schema = def.innerType;
      else if (def?.type === "pipe") schema = def.in;
      else if (def?.type === "union" && !def.discriminator && value !== null && typeof value === "object") {
        // "*" or a map (a Principal): the map's keys are the ones allowed.
        const option = def.options.find((o: any) => o._zod.def.type === "object");
        if (!option) return;
        schema = option;
      } else if (def?.type === "union" && def.discriminator) {
        const option = def.options.find((o: any) => o._zod.def.shape?.[def.discriminator]?._zod.def.values?.includes(value?.[def.discriminator]));
        if (!option) return;
        schema = option;
      } else return;
    }
  };
  for (const segment of [...path, undefined]) {
    unwrap();
    if (segment === undefined) break;
    const def = schema?._zod?.def;
    if (def?.type === "object") schema = def.shape[segment];
    else if (def?.type === "array") schema = def.element;
    else if (def?.type === "record") schema = def.valueType;
    else return [];
    value = value?.[segment];
  }
  return Object.keys(schema?._zod?.def?.shape ?? {});
}

interface Described {
  path: Path;
  message: string;
  atKey: boolean;
  /** A required field that is absent. */
  missing?: boolean;
  /** For an unknown key: the allowed key it is probably a typo of. */
  suggests?: string;
}

/** What the messages need besides the issue: the data, and the text the user typed for a value. */
interface IssueContext {
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
  if (parent === "encryption" && key === "kmsKeyArn") return "is required for sse-kms: add kmsKeyArn: arn:aws:kms:<region>:<account>:key/<key id> (the key's ARN, not an alias)";
  if (path[2] === "sharedPrincipals" && key === "arn") return "is required: add arn: with an IAM role, user or account ARN, e.g. arn:aws:iam::111122223333:role/partner-reader";
  if (path[2] === "extraPolicyStatements" && key === "Sid") return "is required: give every extra statement a Sid that is unique in the bucket's policy, e.g. Sid: ArchiveRead";
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
      if (path[2] === "sharedPrincipals" && typeof input === "string") return `must be a map with arn (and an optional description), not a bare ARN: write "- arn: ${input}"`;
      const allowed = allowedKeysAt(path, context.data);
      // A feature switched on or off by a map with one `enabled` flag, written as the flag itself.
      if (typeof input === "boolean" && allowed.length === 1 && allowed[0] === "enabled") return `must be a map, not ${input}: write ${String(key)}: { enabled: ${input} }`;
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
  if (key === "Resource" || key === "NotResource") return `must be an ARN such as arn:aws:s3:::bucket/folder/*, or a non-empty list of ARNs; got ${show(input)}`;
  if (key === "Principal") {
    const arn = typeof input === "string" && input.startsWith("arn:") ? input : "arn:aws:iam::111122223333:role/reader";
    return `must be "*" or a map such as { AWS: "${arn}" }; got ${show(input)}`;
  }
  return `${show(input)} does not match any allowed form`;
}

/** Turns one zod issue into messages that say what is wrong, the value found and the fix. */
function describeIssue(issue: z.core.$ZodIssue, context: IssueContext): Described[] {
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
          discriminator === "vendor" ? "a supported vendor"
          : holder === "credential" ? `a credential type${vendor ? ` of vendor ${vendor}` : ""}`
          : holder === "encryption" ? "an encryption type"
          : `a supported ${discriminator}`;
        const suggestion = typeof value === "string" ? (holder === "encryption" && Object.hasOwn(ENCRYPTION_ALIASES, value) ? ENCRYPTION_ALIASES[value] : undefined) ?? closest(value, options) : undefined;
        return [{ path: where, message: `${show(value)} is not ${what}: use ${oneOf(options)}${suggestion ? ` (did you mean "${suggestion}"?)` : ""}`, atKey: false }];
      }
      return [{ path, message: unionMessage(path, input), atKey: false }];
    }
    case "invalid_type":
      if (input === undefined) return [{ path, message: missingMessage(path, data), atKey: false, missing: true }];
      return [{ path, message: wrongTypeMessage(issue, path, context), atKey: false }];
    case "invalid_value": {
      if (input === undefined) return [{ path, message: missingMessage(path, data), atKey: false, missing: true }];
      if (path[path.length - 1] === "region" && typeof input === "string" && OTHER_PARTITION_REGION.test(input)) {
        return [{ path, message: `${show(input)} is in a separate AWS partition (GovCloud, China or ISO), which the vendors' AWS accounts cannot reach: use a region of the commercial partition, e.g. us-east-1`, atKey: false }];
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
        const example = /Action$/.test(String(path[path.length - 1])) ? ", e.g. s3:GetObject" : /Resource$/.test(String(path[path.length - 1])) ? ", e.g. arn:aws:s3:::bucket/folder/*" : "";
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
      const messages = issue.issues.map((i) => (i.message.startsWith(key) ? i.message : `${key}: ${i.message}${i.code === "too_big" || i.code === "too_small" ? length : ""}`));
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
function joinMessage(subject: string, field: string, message: string): string {
  let text: string;
  if (field && message.startsWith(`${field} `)) text = message;
  else if (field && /^(is|must|has) /.test(message)) text = `${field} ${message}`;
  else text = field ? `${field}: ${message}` : message;
  return subject && !text.startsWith(subject) ? `${subject}: ${text}` : text;
}

/** What the root of the file is, when it is not the map it must be. */
function rootMessage(data: unknown): string {
  if (data === null || data === undefined) return "the file is empty: it needs version: 1 and a connections: list (see connections/example.yaml)";
  if (Array.isArray(data)) return "the file is a list, but it must be a map: write version: 1, then connections:, and indent this list under connections: (see connections/example.yaml)";
  return `the file must be a map with version: 1 and connections:, not ${show(data)} (see connections/example.yaml)`;
}

/** Parses and validates the text of a connections file. `file` is the name used in messages. */
export function parseConnectionsText(text: string, file: string, options: ResolveOptions = {}): LoadResult {
  const lineCounter = new LineCounter();
  const deep = tooDeep(text);
  if (deep !== undefined) {
    const before = text.slice(0, deep);
    const line = before.split("\n").length;
    return { ok: false, errors: [{ severity: "error", file, line, column: deep - before.lastIndexOf("\n"), path: "", message: TOO_DEEP }], warnings: [] };
  }
  // Keys are compared as the text they become (checkDocument), which also finds `123` and "123".
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, column: col };
  };

  const yamlProblems = doc.errors.length > 0 ? explainYamlErrors(doc.errors, text) : checkDocument(doc, text, (offset) => at(offset).line);
  if (yamlProblems.length > 0) {
    const errors = yamlProblems.map((e) => ({ severity: "error" as const, file, ...at(e.offset), path: "", message: e.message }));
    return { ok: false, errors, warnings: [] };
  }

  // checkDocument bounded what aliases expand to; the library's own count would reject ordinary reuse.
  const data = doc.toJS({ maxAliasCount: -1 });
  const problem = (severity: Problem["severity"], path: Path, message: string, atKey: boolean): Problem => {
    const { node } = locate(doc.contents, path, atKey);
    // An unknown key is reported at the key, but named from the map that holds it.
    const { subject, field } = subjectOf(atKey ? path.slice(0, -1) : path, data);
    return { severity, file, ...at(node?.range?.[0]), path: pathToString(path), message: joinMessage(subject, field, message) };
  };

  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { ok: false, errors: [problem("error", [], rootMessage(data), false)], warnings: [] };
  }


  const context: IssueContext = {
    data,
    sourceOf(path) {
      const { node } = locate(doc.contents, path, false);
      if (!isScalar(node) || !node.range) return undefined;
      return text.slice(node.range[0], node.range[1]);
    },
  };
  const parsed = ConnectionsFileSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    const described = parsed.error.issues.flatMap((issue) => describeIssue(issue, context));
    // A misspelt required key is one mistake: "did you mean" says it, "is required" would repeat it.
    const suggested = new Set(described.filter((d) => d.suggests).map((d) => pathToString([...d.path.slice(0, -1), d.suggests!])));
    const errors = described.filter((d) => !(d.missing && suggested.has(pathToString(d.path)))).map((d) => problem("error", d.path, d.message, d.atKey));
    const others = rulesOverValidConnections(data, parsed.error.issues, options).map((p) => problem(p.severity, p.path, p.message, false));
    return { ok: false, errors: sortProblems([...errors, ...others.filter((p) => p.severity === "error")]), warnings: sortProblems(others.filter((p) => p.severity === "warning")) };
  }

  const { model, problems } = resolveModel(parsed.data as ConnectionsFile, options);
  const all = sortProblems(problems.map((p) => problem(p.severity, p.path, p.message, false)));
  const errors = all.filter((p) => p.severity === "error");
  const warnings = all.filter((p) => p.severity === "warning");
  return errors.length > 0 ? { ok: false, errors, warnings } : { ok: true, model, warnings };
}

/**
 * When the schema rejects only some connections, the rules across connections (duplicate names,
 * bucket regions, KMS key regions, vendor checks) still run over the others, so one pass reports
 * every problem it can. A problem outside the connections (version, defaults, buckets) leaves no
 * trustworthy model to check, and nothing more is reported.
 */
function rulesOverValidConnections(data: Record<string, unknown>, issues: readonly { path: PropertyKey[] }[], options: ResolveOptions) {
  const rejected = new Set<number>();
  for (const { path } of issues) {
    if (path[0] !== "connections" || typeof path[1] !== "number") return [];
    rejected.add(path[1]);
  }
  const connections = Array.isArray(data.connections) ? data.connections : [];
  const kept = connections.map((_, index) => index).filter((index) => !rejected.has(index));
  if (kept.length === 0) return [];
  const parsed = ConnectionsFileSchema.safeParse({ ...data, connections: kept.map((index) => connections[index]) });
  if (!parsed.success) return [];
  return resolveModel(parsed.data as ConnectionsFile, options).problems.map((p) =>
    p.path[0] === "connections" && typeof p.path[1] === "number" ? { ...p, path: ["connections", kept[p.path[1]], ...p.path.slice(2)] } : p,
  );
}

function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}

/** The file a stack reads when `vendor-connections:connectionsFile` is not set. */
export function defaultConnectionsFile(stack: string): string {
  return `connections/${stack}.yaml`;
}

let lastLoad: { text: string; stack: string | undefined; result: LoadResult } | undefined;

/** The same result, with its problems naming the file as `file`. */
function withFileName(result: LoadResult, file: string): LoadResult {
  const rename = (problems: Problem[]) => problems.map((p) => (p.file === file ? p : { ...p, file }));
  return result.ok ? { ...result, warnings: rename(result.warnings) } : { ...result, errors: rename(result.errors), warnings: rename(result.warnings) };
}

/**
 * Reads and validates a connections file; an unreadable file is reported like any other problem.
 * `options.stack` is the stack it is applied as, when the caller knows it (see ResolveOptions).
 */
export function loadConnectionsFile(path: string, displayName: string = path, options: ResolveOptions = {}): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message;
    return {
      ok: false,
      errors: [{ severity: "error", file: displayName, line: 1, column: 1, path: "", message: `cannot read the connections file (${reason}); create it, or point vendor-connections:connectionsFile at it` }],
      warnings: [],
    };
  }
  const decoded = decodeUtf8(bytes, displayName);
  if (!decoded.ok) return { ok: false, errors: [decoded.error], warnings: [] };
  const text = decoded.text;
  // The offline plan validates the file, then runs the program, which loads it again: the second
  // load of unchanged text reuses the first result (the model is never mutated).
  if (lastLoad?.text !== text || lastLoad.stack !== options.stack) lastLoad = { text, stack: options.stack, result: parseConnectionsText(text, displayName, options) };
  return withFileName(lastLoad.result, displayName);
}

/**
 * The file's text, or where it stops being UTF-8. Decoding leniently would turn a stray byte into
 * "\uFFFD" inside a name or ARN, which no later check could explain.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): { ok: true; text: string } | { ok: false; error: Problem } {
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    let lineStart = 0;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) [line, lineStart] = [line + 1, i + 1];
    const column = new TextDecoder("utf-8").decode(bytes.subarray(lineStart, offset)).length + 1;
    const byte = `0x${bytes[offset].toString(16).toUpperCase().padStart(2, "0")}`;
    return {
      ok: false,
      error: { severity: "error", file, line, column, path: "", message: `the file is not valid UTF-8: the byte ${byte} here is not part of any character; save the file with UTF-8 encoding, or retype the text around this point` },
    };
  }
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (length > 1) {
      // The second byte's range excludes overlong forms, surrogates and code points above U+10FFFF.
      const [low, high] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      if (i + 1 >= bytes.length || bytes[i + 1] < low || bytes[i + 1] > high) return i;
      for (let k = 2; k < length; k++) if (i + k >= bytes.length || bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    }
    i += length;
  }
  return bytes.length;
}
