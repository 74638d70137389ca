/**
 * A policy pack's configuration, as the Pulumi CLI builds it from `--policy-pack-config FILE`
 * (pulumi-offline.md §2.3): every policy starts at its own level with its schema's defaults, `all`
 * sets every level, then each entry of the file overrides one policy, either as a level
 * (`{"policy-name": "mandatory"}`) or as an object (`{"policy-name": {"enforcementLevel": "...",
 * "key": value}}`). The result is validated against each policy's `configSchema`.
 *
 * The CLI validates with a full JSON Schema implementation; this module checks the keywords the
 * pack's schemas use (types, enums, bounds, lengths, patterns, items, required, unknown keys) and
 * refuses a schema that uses any other, so a schema can never be silently unchecked. That keeps
 * the plan free of a JSON Schema dependency.
 */

export const ENFORCEMENT_LEVELS = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof ENFORCEMENT_LEVELS)[number];

/** A JSON Schema, as far as the pack's config schemas go. */
export type JsonSchema = Record<string, unknown>;

/** What the pack says about one policy (from its `getAnalyzerInfo`). */
export interface PolicyInfo {
  name: string;
  enforcementLevel: EnforcementLevel;
  configSchema?: { properties: Record<string, JsonSchema>; required?: string[] };
}

/** Per policy, the level and properties sent to the pack's `configure`. */
export type ResolvedPolicyConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

/** A problem in the config file: where (`policy.key[0]`) and what, with the allowed values. */
export interface ConfigProblem {
  /** The policy name (or `all`) the problem is under; empty for the file as a whole. */
  policy: string;
  path: string;
  message: string;
}

/** Annotation keywords, and the validation keywords {@link validate} implements. */
const SUPPORTED_KEYWORDS = new Set([
  "description",
  "default",
  "title",
  "type",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "pattern",
  "items",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "additionalProperties",
]);

/** Keywords of a schema the validator does not implement (the pack's meta test keeps this empty). */
export function unsupportedKeywords(schema: JsonSchema, at = ""): string[] {
  const out = Object.keys(schema)
    .filter((k) => !SUPPORTED_KEYWORDS.has(k))
    .map((k) => `${at}${k}`);
  if (schema.items && typeof schema.items === "object" && !Array.isArray(schema.items))
    out.push(...unsupportedKeywords(schema.items as JsonSchema, `${at}items.`));
  if (Array.isArray(schema.items)) out.push(`${at}items (tuple form)`);
  for (const [key, sub] of Object.entries((schema.properties ?? {}) as Record<string, JsonSchema>))
    out.push(...unsupportedKeywords(sub, `${at}properties.${key}.`));
  if (schema.additionalProperties && typeof schema.additionalProperties === "object")
    out.push(...unsupportedKeywords(schema.additionalProperties as JsonSchema, `${at}additionalProperties.`));
  return out;
}

const show = (value: unknown) => JSON.stringify(value);
const typeOf = (value: unknown) => (value === null ? "null" : Array.isArray(value) ? "array" : Number.isInteger(value) ? "integer" : typeof value);

function hasType(value: unknown, type: string): boolean {
  const actual = typeOf(value);
  return actual === type || (type === "number" && actual === "integer");
}

/** Problems of `value` against `schema`, each with the path below `path`. */
export function validate(value: unknown, schema: JsonSchema, path: string): { path: string; message: string }[] {
  const unsupported = unsupportedKeywords(schema);
  if (unsupported.length > 0) throw new Error(`config schema at ${path} uses ${unsupported.join(", ")}, which the offline config check does not implement`);
  const out: { path: string; message: string }[] = [];
  const fail = (message: string, at = path) => out.push({ path: at, message });
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!types.some((t) => hasType(value, t))) {
      fail(`${show(value)} is a${/^[aeiou]/.test(typeOf(value)) ? "n" : ""} ${typeOf(value)}; expected ${types.join(" or ")}`);
      return out;
    }
  }
  if (schema.enum !== undefined && !(schema.enum as unknown[]).some((e) => show(e) === show(value))) {
    fail(`${show(value)} is not one of ${(schema.enum as unknown[]).map(show).join(", ")}`);
  }
  if (schema.const !== undefined && show(schema.const) !== show(value)) fail(`${show(value)} must be ${show(schema.const)}`);
  if (typeof value === "number") {
    if (typeof schema.minimum === "number" && value < schema.minimum) fail(`${value} is below the minimum ${schema.minimum}`);
    if (typeof schema.maximum === "number" && value > schema.maximum) fail(`${value} is above the maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === "number" && value <= schema.exclusiveMinimum) fail(`${value} must be greater than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === "number" && value >= schema.exclusiveMaximum) fail(`${value} must be less than ${schema.exclusiveMaximum}`);
  }
  if (typeof value === "string") {
    if (typeof schema.minLength === "number" && value.length < schema.minLength) fail(`${show(value)} is shorter than ${schema.minLength} characters`);
    if (typeof schema.maxLength === "number" && value.length > schema.maxLength) fail(`${show(value)} is longer than ${schema.maxLength} characters`);
    if (typeof schema.pattern === "string" && !new RegExp(schema.pattern, "u").test(value)) fail(`${show(value)} does not match ${schema.pattern}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === "number" && value.length < schema.minItems) fail(`has ${value.length} item(s); at least ${schema.minItems} required`);
    if (typeof schema.maxItems === "number" && value.length > schema.maxItems) fail(`has ${value.length} item(s); at most ${schema.maxItems} allowed`);
    if (schema.uniqueItems === true && new Set(value.map(show)).size !== value.length) fail("has duplicate items");
    if (schema.items && typeof schema.items === "object") value.forEach((item, i) => out.push(...validate(item, schema.items as JsonSchema, `${path}[${i}]`)));
  }
  if (typeOf(value) === "object") {
    out.push(...validateProperties(value as Record<string, unknown>, schema, path));
  }
  return out;
}

function validateProperties(value: Record<string, unknown>, schema: JsonSchema, path: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  for (const key of (schema.required ?? []) as string[]) {
    if (value[key] === undefined) out.push({ path: `${path}.${key}`, message: "is required" });
  }
  for (const [key, item] of Object.entries(value)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (properties[key]) out.push(...validate(item, properties[key], at));
    else if (schema.additionalProperties && typeof schema.additionalProperties === "object")
      out.push(...validate(item, schema.additionalProperties as JsonSchema, at));
    else if (schema.additionalProperties === false) {
      const known = Object.keys(properties);
      out.push({ path: at, message: `is not a setting of this policy; ${known.length > 0 ? `its settings are ${known.join(", ")}` : "it has no settings"}` });
    }
  }
  return out;
}

const clone = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/**
 * Builds the configuration the CLI would send for `file` (the parsed JSON of a
 * `--policy-pack-config` file, or undefined for none), with every problem found.
 */
export function resolvePolicyConfig(policies: PolicyInfo[], file: unknown): { config: ResolvedPolicyConfig; problems: ConfigProblem[] } {
  const config: ResolvedPolicyConfig = {};
  for (const policy of policies) {
    const properties: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
      if (schema.default !== undefined) properties[key] = clone(schema.default);
    }
    config[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
  }
  const problems: ConfigProblem[] = [];
  if (file === undefined) return { config, problems };
  if (typeOf(file) !== "object") {
    problems.push({ policy: "", path: "", message: `the policy pack config must be a JSON object of policy names; got ${typeOf(file)}` });
    return { config, problems };
  }
  const entries = Object.entries(file as Record<string, unknown>);
  const levelOf = (policy: string, value: unknown, path: string): EnforcementLevel | undefined => {
    if ((ENFORCEMENT_LEVELS as readonly unknown[]).includes(value)) return value as EnforcementLevel;
    problems.push({ policy, path, message: `enforcement level ${show(value)} is not one of ${ENFORCEMENT_LEVELS.join(", ")}` });
    return undefined;
  };
  // "all" first, whatever its place in the file: a policy's own entry always wins.
  for (const [name, value] of entries.filter(([name]) => name === "all")) {
    const raw = typeOf(value) === "object" ? (value as Record<string, unknown>).enforcementLevel : value;
    const extra = typeOf(value) === "object" ? Object.keys(value as object).filter((k) => k !== "enforcementLevel") : [];
    for (const key of extra) problems.push({ policy: name, path: `${name}.${key}`, message: `"all" takes only an enforcement level` });
    const level = levelOf(name, raw, typeOf(value) === "object" ? `${name}.enforcementLevel` : name);
    if (level) for (const policy of policies) config[policy.name].enforcementLevel = level;
  }
  for (const [name, value] of entries.filter(([name]) => name !== "all")) {
    const policy = policies.find((p) => p.name === name);
    if (!policy) {
      problems.push({
        policy: name,
        path: name,
        message: `"${name}" is not a policy of this pack; its policies are ${policies.map((p) => p.name).join(", ")}`,
      });
      continue;
    }
    if (typeof value === "string") {
      const level = levelOf(name, value, name);
      if (level) config[name].enforcementLevel = level;
      continue;
    }
    if (typeOf(value) !== "object") {
      problems.push({ policy: name, path: name, message: `must be an enforcement level or an object; got ${show(value)}` });
      continue;
    }
    const { enforcementLevel, ...properties } = value as Record<string, unknown>;
    if (enforcementLevel !== undefined) {
      const level = levelOf(name, enforcementLevel, `${name}.enforcementLevel`);
      if (level) config[name].enforcementLevel = level;
    }
    Object.assign(config[name].properties, properties);
  }
  for (const policy of policies) {
    const schema: JsonSchema = {
      type: "object",
      properties: policy.configSchema?.properties ?? {},
      required: policy.configSchema?.required ?? [],
      additionalProperties: false,
    };
    for (const problem of validate(config[policy.name].properties, schema, policy.name)) problems.push({ policy: policy.name, ...problem });
  }
  return { config, problems };
}
