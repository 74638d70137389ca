/**
 * Runs the vendor-guard policy pack in this process, through the pack's own analyzer handlers:
 * the requests the Pulumi CLI would send (`getAnalyzerInfo`, `configure`, `analyze` per resource,
 * `analyzeStack` once), built from the resources the mock engine recorded (pulumi-offline.md §2.4).
 * Not a re-implementation of CrossGuard: enforcement levels, unknown values during preview and
 * config all behave as `@pulumi/policy` makes them behave.
 */
import * as path from "path";
import type { RecordedResource } from "./mock-engine";
import { resolvePolicyConfig, type ConfigProblem, type EnforcementLevel, type JsonSchema, type PolicyInfo, type ResolvedPolicyConfig } from "./policy-config";

export const POLICY_PACK_DIR = path.resolve(__dirname, "..", "policypacks", "vendor-guard");

// The protobuf modules of the requests: resolved from @pulumi/policy, as the pack's server
// resolves them. None has typings worth importing for these internal (`@internal`) APIs.
const fromPolicyOf = (dir: string) => {
  const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json", { paths: [dir] }));
  return (id: string) => require(require.resolve(id, { paths: [policyDir] }));
};
const fromPolicy = fromPolicyOf(__dirname);
const structproto = fromPolicy("google-protobuf/google/protobuf/struct_pb");
const analyzerproto = fromPolicy("@pulumi/pulumi/proto/analyzer_pb");
const rpc = fromPolicy("@pulumi/pulumi/runtime/rpc");
const emptyproto = fromPolicy("google-protobuf/google/protobuf/empty_pb");

/** A policy violation, as the plan reports it. */
export interface PolicyViolation {
  policy: string;
  enforcement: "advisory" | "mandatory";
  /** URN of the resource the violation is about. */
  resource: string;
  message: string;
}

type Handler = (call: { request: unknown }, callback: (err: unknown, response: any) => void) => unknown;
type Handlers = Record<"analyze" | "analyzeStack" | "configure" | "getAnalyzerInfo", Handler>;

const call = (handler: Handler, request: unknown) =>
  new Promise<any>((resolve, reject) => handler({ request }, (err, response) => (err ? reject(err) : resolve(response))));

let handlers: Handlers | undefined;
let packDir = POLICY_PACK_DIR;

/**
 * Makes this process run the pack in `dir` (the source pack by default), e.g. the folder
 * `npm run pack:build` writes. Only before the first pack is loaded: `@pulumi/policy` serves one
 * pack per process and exits the process when a second one is constructed.
 */
export function selectPolicyPack(dir: string): void {
  const wanted = path.resolve(dir);
  if (wanted === packDir) return;
  if (handlers) {
    throw new Error(
      `this process already runs the policy pack in ${packDir}; @pulumi/policy serves one pack per process, so run the pack in ${wanted} in a process of its own`,
    );
  }
  packDir = wanted;
}

/** The folder of the pack this process runs. */
export const policyPackDir = (): string => packDir;

/**
 * Loads the pack once per process, as the CLI does: `require` of the folder, so its package.json
 * `main` names the entry point. `new PolicyPack` serves over gRPC and prints its port; here
 * `Server.addService` hands over the handlers and `bindAsync` does nothing, so no port is opened
 * and the process exits normally. `@pulumi/policy` allows one pack per process and reads the
 * version from `<cwd>/package.json`, hence the memo and the change of directory.
 */
export function loadPolicyPack(): Handlers {
  if (handlers) return handlers;
  const captured: Partial<Handlers> = {};
  // The gRPC module of the pack's own @pulumi/policy: the one whose Server the pack constructs.
  const server = fromPolicyOf(packDir)("@grpc/grpc-js").Server.prototype;
  const { addService, bindAsync } = server;
  const cwd = process.cwd();
  server.addService = (_service: unknown, implementation: Handlers) => Object.assign(captured, implementation);
  server.bindAsync = () => undefined;
  try {
    process.chdir(packDir);
    require(packDir);
  } finally {
    process.chdir(cwd);
    server.addService = addService;
    server.bindAsync = bindAsync;
  }
  if (!captured.analyze || !captured.analyzeStack || !captured.configure || !captured.getAnalyzerInfo) {
    throw new Error(`the policy pack in ${packDir} was loaded before the harness could capture its handlers (one PolicyPack per process)`);
  }
  handlers = captured as Handlers;
  return handlers;
}

const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_NUMBERS: Record<EnforcementLevel, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

let analyzerInfo: Promise<any> | undefined;
/** The pack's own description of itself (asked once: it does not change within a process). */
const getAnalyzerInfo = () => (analyzerInfo ??= call(loadPolicyPack().getAnalyzerInfo, new emptyproto.Empty()));

/** Every policy of the pack with its level and config schema, as the pack reports them. */
export async function policyInfos(): Promise<PolicyInfo[]> {
  const info = await getAnalyzerInfo();
  return info.getPoliciesList().map((p: any): PolicyInfo => {
    const schema = p.getConfigschema();
    return {
      name: p.getName(),
      enforcementLevel: LEVELS[p.getEnforcementlevel()],
      ...(schema && {
        configSchema: { properties: (schema.getProperties()?.toJavaScript() ?? {}) as Record<string, JsonSchema>, required: schema.getRequiredList() },
      }),
    };
  });
}

/** Sends a resolved configuration to the pack (every policy, so no level falls back to a default). */
export async function configurePolicyPack(config: ResolvedPolicyConfig): Promise<void> {
  const request = new analyzerproto.ConfigureAnalyzerRequest();
  for (const [name, { enforcementLevel, properties }] of Object.entries(config)) {
    const policyConfig = new analyzerproto.PolicyConfig();
    policyConfig.setEnforcementlevel(LEVEL_NUMBERS[enforcementLevel]);
    policyConfig.setProperties(structproto.Struct.fromJavaScript(properties));
    request.getPolicyconfigMap().set(name, policyConfig);
  }
  await call(loadPolicyPack().configure, request);
}

/**
 * Resolves a `--policy-pack-config` file's content (undefined: none) against the pack and, when it
 * is valid, configures the pack with it.
 */
export async function configureFromFile(file: unknown): Promise<ConfigProblem[]> {
  const { config, problems } = resolvePolicyConfig(await policyInfos(), file);
  if (problems.length === 0) await configurePolicyPack(config);
  return problems;
}

/**
 * A recorded value as the engine hands it to an analyzer: unknowns stay unknown, secrets stay
 * marked (the pack unwraps them), resource references become the resource's id (or URN for a
 * component), and output values their plain value.
 */
function forAnalyzer(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(forAnalyzer);
  if (!value || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  switch (record[rpc.specialSigKey]) {
    case rpc.specialResourceSig:
      return typeof record.id === "string" ? record.id || rpc.unknownValue : record.urn;
    case rpc.specialOutputValueSig: {
      const inner = "value" in record ? forAnalyzer(record.value) : rpc.unknownValue;
      return record.secret ? { [rpc.specialSigKey]: rpc.specialSecretSig, value: inner } : inner;
    }
    case rpc.specialSecretSig:
      return { [rpc.specialSigKey]: rpc.specialSecretSig, value: forAnalyzer(record.value) };
    default:
      return Object.fromEntries(
        Object.entries(record)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, forAnalyzer(v)]),
      );
  }
}

const struct = (properties: Record<string, unknown>) => structproto.Struct.fromJavaScript(forAnalyzer(properties));

function options(resource: RecordedResource) {
  const opts = new analyzerproto.AnalyzerResourceOptions();
  opts.setProtect(resource.protect);
  opts.setIgnorechangesList(resource.ignoreChanges);
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

function violations(response: any, urn: string | undefined, descriptions: Map<string, string>): PolicyViolation[] {
  return response.getDiagnosticsList().map((d: any): PolicyViolation => {
    const description = descriptions.get(d.getPolicyname());
    const message: string = d.getMessage();
    return {
      policy: d.getPolicyname(),
      enforcement: d.getEnforcementlevel() === 0 ? "advisory" : "mandatory",
      resource: d.getUrn() || urn || "",
      // CrossGuard prefixes every reported message with the policy's description.
      message: description && message.startsWith(`${description}\n`) ? message.slice(description.length + 1) : message,
    };
  });
}

async function descriptions(): Promise<Map<string, string>> {
  const info = await getAnalyzerInfo();
  return new Map(info.getPoliciesList().map((p: any) => [p.getName(), p.getDescription()]));
}

/**
 * Analyzes every resource (its inputs) and then the stack (every resource's outputs with its
 * parent and dependencies) with the configuration last sent, as `pulumi preview` does.
 */
export async function analyze(resources: RecordedResource[]): Promise<PolicyViolation[]> {
  const pack = loadPolicyPack();
  const described = await descriptions();
  const out: PolicyViolation[] = [];
  for (const resource of resources) {
    const request = new analyzerproto.AnalyzeRequest();
    request.setType(resource.type);
    request.setUrn(resource.urn);
    request.setName(resource.name);
    request.setProperties(struct(resource.rawInputs));
    request.setOptions(options(resource));
    out.push(...violations(await call(pack.analyze, request), resource.urn, described));
  }
  const stack = new analyzerproto.AnalyzeStackRequest();
  stack.setResourcesList(
    resources.map((resource) => {
      const r = new analyzerproto.AnalyzerResource();
      r.setType(resource.type);
      r.setUrn(resource.urn);
      r.setName(resource.name);
      r.setProperties(struct(resource.rawOutputs));
      r.setOptions(options(resource));
      if (resource.parent) r.setParent(resource.parent);
      r.setDependenciesList(resource.dependencies);
      for (const [property, urns] of Object.entries(resource.propertyDependencies)) {
        const dependencies = new analyzerproto.AnalyzerPropertyDependencies();
        dependencies.setUrnsList(urns);
        r.getPropertydependenciesMap().set(property, dependencies);
      }
      return r;
    }),
  );
  out.push(...violations(await call(pack.analyzeStack, stack), undefined, described));
  const order = (v: PolicyViolation) => `${v.enforcement === "mandatory" ? 0 : 1}\u0000${v.policy}\u0000${v.resource}\u0000${v.message}`;
  return out.sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
}
