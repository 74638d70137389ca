/**
 * The one place that calls the IAM policy simulator (`@cloud-copilot/iam-simulate`).
 *
 * The simulator is AGPL-3.0 and a development dependency: only the proofs (tests and `npm run
 * prove`) import this module, never the Pulumi program, the components, the vendor modules, the
 * model or the policy pack.
 *
 * A request is evaluated the way AWS evaluates it: the identity policies of the principal, the
 * resource's policy (bucket policy, role trust policy, KMS key policy), same-account and
 * cross-account rules, explicit denies first. The answer says which statements decided it.
 */
import {
  anonymousPrincipal,
  getDenialReasons,
  getGrantReasons,
  runSimulation,
  type AllowedConditionExpression,
  type DiscoveryContextKeyConstraint,
  type RequestAnalysis,
  type RunSimulationResults,
  type Simulation,
  type SimulationOptions,
} from "@cloud-copilot/iam-simulate";
// The request's shape lives apart from the simulator, so the matrix can be built (by `verify`
// too) without loading it.
import { ANONYMOUS, type AccessRequest } from "./request";
export { ANONYMOUS, type AccessRequest, type NamedPolicy } from "./request";

export type Decision = "Allowed" | "ExplicitlyDenied" | "ImplicitlyDenied";

export interface Verdict {
  /** What AWS would answer; `Error` when the simulator could not evaluate the request. */
  decision: Decision | "Error";
  /** The statements that decided it: `policy name: Sid`, or why nothing allowed it. */
  deciding: string[];
  /** How the verdict was reached when the simulator needed help (see `webIdentityVerdict`). */
  notes: string[];
}

const ALLOW_NOTHING_DECIDING = "no statement allows it";

function simulation(request: AccessRequest): Simulation {
  return {
    request: {
      principal: request.principal === ANONYMOUS ? anonymousPrincipal : request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: request.context,
    },
    identityPolicies: request.identityPolicies.map((p) => ({ name: p.name, policy: p.document })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: request.resourcePolicy?.document,
  };
}

/** The analysis of a successful run: the single result, or the decisive one of a wildcard run. */
function analysisOf(result: Exclude<RunSimulationResults, { resultType: "error" }>): { analysis?: RequestAnalysis; ignoredContextKeys: string[] } {
  if (result.resultType === "single") return { analysis: result.result.analysis, ignoredContextKeys: result.result.ignoredContextKeys ?? [] };
  const decisive = result.results.find((r) => r.analysis.result === result.overallResult) ?? result.results[0];
  return { analysis: decisive?.analysis, ignoredContextKeys: decisive?.ignoredContextKeys ?? [] };
}

/** `policy name: Sid` for the statements that granted or denied the request. */
function decidingStatements(analysis: RequestAnalysis | undefined, request: AccessRequest): string[] {
  if (!analysis) return [ALLOW_NOTHING_DECIDING];
  const resourceName = request.resourcePolicy?.name ?? "resource policy";
  const label = (policyType: string, policyId: string | undefined, sid: string | undefined, index: number) =>
    `${policyType === "resource" ? resourceName : (policyId ?? policyType)}: ${sid ?? `statement ${index}`}`;
  if (analysis.result === "Allowed") {
    const grants = getGrantReasons(analysis).map((g) =>
      label(g.policyType, "policyIdentifier" in g ? g.policyIdentifier : undefined, g.statementId, g.statementIndex),
    );
    // STS answers GetCallerIdentity for every signed caller, whatever the policies say (element.md §10.4; aws.md §5).
    return grants.length > 0 ? grants : [`${request.action} needs no permission`];
  }
  const denials = getDenialReasons(analysis);
  const explicit = denials.flatMap((d) => (d.denialType === "Explicit" ? [label(d.policyType, d.policyIdentifier, d.statementId, d.statementIndex)] : []));
  if (explicit.length > 0) return explicit;
  // Implicit: say which side would have had to allow it.
  const sides = denials.map((d) => (d.policyType === "resource" ? resourceName : d.policyType === "identity" ? "identity policies" : d.policyType));
  return [`${ALLOW_NOTHING_DECIDING}${sides.length > 0 ? ` (${[...new Set(sides)].join(", ")})` : ""}`];
}

type Run = { ok: false; error: string } | { ok: true; overall: Decision; analysis?: RequestAnalysis; ignoredContextKeys: string[] };

async function simulate(request: AccessRequest, options: Partial<SimulationOptions>): Promise<Run> {
  const result = await runSimulation(simulation(request), options);
  if (result.resultType === "error") return { ok: false, error: `the simulator cannot evaluate it: ${result.errors.message}${detailOf(result.errors)}` };
  return { ok: true, overall: result.overallResult, ...analysisOf(result) };
}

function detailOf(errors: object): string {
  const { message: _message, ...rest } = errors as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : "";
}

/** Evaluates one request. Never throws for a policy the simulator rejects: that is an `Error` verdict. */
export async function evaluate(request: AccessRequest): Promise<Verdict> {
  if (request.action.toLowerCase() === "sts:assumerolewithwebidentity") return webIdentityVerdict(request);
  const run = await simulate(request, { simulationMode: "Strict" });
  if (!run.ok) return { decision: "Error", deciding: [run.error], notes: [] };
  return { decision: run.overall, deciding: decidingStatements(run.analysis, request), notes: ignoredNote(run.ignoredContextKeys) };
}

function ignoredNote(keys: string[]): string[] {
  return keys.length > 0 ? [`the simulator ignored context keys it does not know for this action: ${keys.join(", ")}`] : [];
}

/**
 * sts:AssumeRoleWithWebIdentity, where the simulator needs help (both limits verified against
 * @cloud-copilot/iam-simulate 0.1.173):
 *
 * 1. Its overall verdict for this action stays denied unless an identity policy allows the call,
 *    but a web-identity caller (a Google service account, an EKS service account) has no identity
 *    policy in AWS: the trust policy alone decides. So the verdict here is the trust policy's own
 *    (`resourceAnalysis`), with the simulator's explicit-deny and principal matching intact.
 * 2. In Strict mode it drops context keys it does not know for the action. It knows
 *    Google's web-identity keys (`:sub`, `:oaud`) and `sts:RoleSessionName`, but not a generic OIDC issuer's
 *    `<issuer>:sub`/`:aud` (ICA's EKS issuers), and a dropped key makes a correct request fail its
 *    condition. When that happens the request is evaluated again in Discovery mode, with every
 *    key it does know marked authoritative, so the only conditions left open (the "residual")
 *    are those on the dropped keys. Each residual condition is then checked against the value the
 *    request carries, by the small string matcher below; a residual this matcher cannot decide is
 *    an `Error`, never a pass.
 */
async function webIdentityVerdict(request: AccessRequest): Promise<Verdict> {
  const strict = await simulate(request, { simulationMode: "Strict" });
  if (!strict.ok) return { decision: "Error", deciding: [strict.error], notes: [] };
  const notes = ["verdict of the trust policy alone (web-identity callers have no identity policy)"];
  if (strict.ignoredContextKeys.length === 0) return trustVerdict(strict.analysis, request, notes);

  const dropped = strict.ignoredContextKeys;
  notes.push(`keys the simulator drops for this action, checked against the residual conditions of Discovery mode: ${dropped.join(", ")}`);
  const known = conditionKeysOf(request.resourcePolicy?.document)
    .concat(Object.keys(request.context))
    .filter((key) => !dropped.some((d) => d.toLowerCase() === key.toLowerCase()));
  const constraints: DiscoveryContextKeyConstraint[] = [...new Set(known)].map((keyName) => ({ keyName, presenceIsKnown: true, valueIsKnown: true }));
  const discovery = await simulate(request, { simulationMode: "Discovery", discoveryContextKeyConstraints: constraints });
  if (!discovery.ok) return { decision: "Error", deciding: [discovery.error], notes };
  const verdict = trustVerdict(discovery.analysis, request, notes);
  if (verdict.decision !== "Allowed") return verdict;
  const residual = discovery.analysis?.conditions;
  if (!residual) {
    // Allowed with no open condition: the dropped keys were not needed by the allowing statement.
    return verdict;
  }
  const check = residualHolds(residual, request.context, dropped);
  if (check.error) return { decision: "Error", deciding: [check.error], notes };
  if (check.holds) return verdict;
  return {
    decision: "ImplicitlyDenied",
    deciding: [`${request.resourcePolicy?.name ?? "resource policy"}: condition not met: ${check.failed.join("; ")}`],
    notes,
  };
}

function trustVerdict(analysis: RequestAnalysis | undefined, request: AccessRequest, notes: string[]): Verdict {
  const trust = analysis?.resourceAnalysis;
  const name = request.resourcePolicy?.name ?? "resource policy";
  const sids = (statements: { statement: { sid(): string | undefined; index(): number } }[]) =>
    statements.map((s) => `${name}: ${s.statement.sid() ?? `statement ${s.statement.index()}`}`);
  if (!trust) return { decision: "ImplicitlyDenied", deciding: [ALLOW_NOTHING_DECIDING], notes };
  if (trust.result === "ExplicitlyDenied") return { decision: "ExplicitlyDenied", deciding: sids(trust.denyStatements), notes };
  if (trust.result === "Allowed" || trust.result === "AllowedForAccount") return { decision: "Allowed", deciding: sids(trust.allowStatements), notes };
  return { decision: "ImplicitlyDenied", deciding: [`${ALLOW_NOTHING_DECIDING} (${name})`], notes };
}

/** Every condition key a policy document names. */
export function conditionKeysOf(document: unknown): string[] {
  const statements = (document as { Statement?: unknown })?.Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  return list.flatMap((s) =>
    Object.values((s as { Condition?: Record<string, Record<string, unknown>> }).Condition ?? {}).flatMap((keys) => Object.keys(keys)),
  );
}

interface ResidualCheck {
  holds: boolean;
  failed: string[];
  error?: string;
}

/** IAM's `*` and `?` wildcards (StringLike), matched against the whole value. */
function likeToRegExp(pattern: string, flags = ""): RegExp {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${escaped}$`, flags);
}

const STRING_OPERATORS: Record<string, (value: string, expected: string) => boolean> = {
  stringequals: (v, e) => v === e,
  stringequalsignorecase: (v, e) => v.toLowerCase() === e.toLowerCase(),
  stringlike: (v, e) => likeToRegExp(e).test(v),
};
const NEGATED_OPERATORS: Record<string, string> = {
  stringnotequals: "stringequals",
  stringnotequalsignorecase: "stringequalsignorecase",
  stringnotlike: "stringlike",
};

/**
 * Whether the request's own values satisfy the residual conditions of a Discovery run. Only the
 * single-valued string operators are decided here (the trust conditions the vendors publish use
 * nothing else); anything else is reported as an error so it can never pass unnoticed.
 */
export function residualHolds(expression: AllowedConditionExpression, context: Record<string, string | string[]>, dropped: string[]): ResidualCheck {
  switch (expression.conditionType) {
    case "always":
      return { holds: true, failed: [] };
    case "never":
      return { holds: false, failed: [`never (${expression.reason})`] };
    case "group": {
      const parts = expression.conditions.map((c) => residualHolds(c, context, dropped));
      const error = parts.find((p) => p.error)?.error;
      if (error) return { holds: false, failed: [], error };
      const holds = expression.operator === "and" ? parts.every((p) => p.holds) : parts.some((p) => p.holds);
      return { holds, failed: holds ? [] : parts.flatMap((p) => p.failed) };
    }
    case "sessionName":
      return { holds: false, failed: [], error: `residual role-session-name condition ${JSON.stringify(expression.sessionName)} cannot be decided here` };
    case "condition": {
      const key = expression.key;
      if (!dropped.some((d) => d.toLowerCase() === key.toLowerCase())) {
        return { holds: false, failed: [], error: `residual condition on ${key}, a key the simulator knows; it should have been decided by the simulator` };
      }
      let op = expression.op.toLowerCase();
      const ifExists = op.endsWith("ifexists");
      if (ifExists) op = op.slice(0, -"ifexists".length);
      const negated = op in NEGATED_OPERATORS;
      const match = STRING_OPERATORS[negated ? NEGATED_OPERATORS[op] : op];
      if (!match) return { holds: false, failed: [], error: `residual condition ${expression.op} on ${key} cannot be decided here` };
      const entry = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase());
      const value = entry?.[1];
      if (Array.isArray(value)) return { holds: false, failed: [], error: `multi-valued key ${key} cannot be decided here` };
      // `op` is already the operator that must hold (`inverted` only marks one the simulator
      // derived from a Deny statement). A missing key satisfies IfExists and negated operators.
      const holds =
        value === undefined ? ifExists || negated : negated ? !expression.values.some((e) => match(value, e)) : expression.values.some((e) => match(value, e));
      const shown = `${expression.op} ${key} ${JSON.stringify(expression.values)}, request has ${value === undefined ? "no value" : JSON.stringify(value)}`;
      return { holds, failed: holds ? [] : [shown] };
    }
  }
}
