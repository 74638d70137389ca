/**
 * IAM policy documents as policies receive them, in one shape.
 *
 * `policy` and `assumeRolePolicy` arrive as JSON text or, since @pulumi/aws v7 accepts objects, as
 * objects (pulumi-offline.md §1.3 gotcha 7). `Statement`, `Action`, `Resource`, `Principal` and
 * condition values may each be a single value or a list. Everything here takes either form.
 */

/** A principal of a statement: `{ type: "AWS", value: "arn:..." }`; a bare `"*"` has type `"*"`. */
export interface Principal {
  type: string;
  value: string;
}

/** One statement with every list-or-value field as a list. */
export interface Statement {
  /** How messages name the statement: `statement "Sid"`, or `statement 2` (1-based) without a Sid. */
  label: string;
  sid?: string;
  effect: string;
  principals: Principal[];
  /** True when the statement uses `NotPrincipal` (its principals are the exceptions). */
  notPrincipal: boolean;
  actions: string[];
  notActions: string[];
  resources: string[];
  notResources: string[];
  /** Operator -> condition key -> values, values as strings (`false` -> `"false"`). */
  condition: Record<string, Record<string, string[]>>;
}

const list = (value: unknown): unknown[] => (value === undefined || value === null ? [] : Array.isArray(value) ? [...value] : [value]);
const strings = (value: unknown): string[] => list(value).map((v) => String(v));

function principals(value: unknown): Principal[] {
  if (value === undefined || value === null) return [];
  if (typeof value === "string") return [{ type: value === "*" ? "*" : "AWS", value }];
  if (typeof value !== "object") return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([type, values]) => strings(values).map((v) => ({ type, value: v })));
}

function condition(value: unknown): Statement["condition"] {
  const out: Statement["condition"] = {};
  if (!value || typeof value !== "object") return out;
  for (const [operator, keys] of Object.entries(value as Record<string, unknown>)) {
    if (!keys || typeof keys !== "object") continue;
    out[operator] = {};
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) out[operator][key] = strings(values);
  }
  return out;
}

/**
 * The statements of a policy document given as JSON text or as an object; undefined when it is
 * neither (AWS rejects such a document at apply time, so the checks have nothing to add).
 */
export function parsePolicyDocument(value: unknown): Statement[] | undefined {
  let document: unknown = value;
  if (typeof value === "string") {
    try {
      document = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!document || typeof document !== "object") return undefined;
  return list((document as Record<string, unknown>).Statement).map((raw, index) => {
    const s = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const sid = typeof s.Sid === "string" && s.Sid !== "" ? s.Sid : undefined;
    return {
      label: sid !== undefined ? `statement "${sid}"` : `statement ${index + 1}`,
      sid,
      effect: String(s.Effect ?? ""),
      principals: principals(s.Principal ?? s.NotPrincipal),
      notPrincipal: s.NotPrincipal !== undefined,
      actions: strings(s.Action),
      notActions: strings(s.NotAction),
      resources: strings(s.Resource),
      notResources: strings(s.NotResource),
      condition: condition(s.Condition),
    };
  });
}

/** IAM's wildcard match (`*` any run, `?` one character), case-insensitive as action names are. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(value);
}

export const isAllow = (statement: Statement) => statement.effect === "Allow";

/** True when the statement allows `action` (through `Action` patterns, or `NotAction` that spares it). */
export function allowsAction(statement: Statement, action: string): boolean {
  if (!isAllow(statement)) return false;
  if (statement.notActions.length > 0) return !statement.notActions.some((pattern) => wildcardMatch(pattern, action));
  return statement.actions.some((pattern) => wildcardMatch(pattern, action));
}

/** True for `"*"` and `{"AWS": "*"}`: anyone, in any account. */
export const isWildcardPrincipal = (principal: Principal) => principal.value === "*";

/** Values of a condition key under an operator; keys compare case-insensitively, as IAM's do. */
export function conditionValues(statement: Statement, operator: string, key: string): string[] | undefined {
  const keys = statement.condition[operator];
  if (!keys) return undefined;
  const found = Object.keys(keys).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : keys[found];
}
