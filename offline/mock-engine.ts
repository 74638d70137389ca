/**
 * Runs a Pulumi program under the SDK's mock engine and records what it registers: every
 * resource's type token, name, parent, serialized inputs and options, exactly as the engine would
 * receive them (pulumi-offline.md §1.4, §1.6 B). No cloud, no CLI, no provider plugin.
 *
 * In preview mode new resources get unknown ids and AWS-computed values (ARNs, access keys) stay
 * unknown, as in `pulumi preview` of a new stack. Otherwise they get fake but realistic values in
 * account 123456789012, for tests that check the hand-off.
 */
import * as pulumi from "@pulumi/pulumi";

// The monitor class and its request objects are the SDK's own; they have no published types.
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const rpc = require("@pulumi/pulumi/runtime/rpc");
const debuggable = require("@pulumi/pulumi/runtime/debuggable");

export const MOCK_ACCOUNT_ID = "123456789012";
export const PROJECT = "vendor-connections";

/** How a value that is not known before apply, or a secret, appears in a plan. */
export const UNKNOWN = "[known after apply]";
export const SECRET = "[secret]";

/** One RegisterResource request as the engine receives it. */
export interface RecordedResource {
  urn: string;
  type: string;
  name: string;
  custom: boolean;
  /** URN of the parent, or undefined for the stack's direct children. */
  parent?: string;
  /** Inputs as sent (wire encoding: unknowns and secrets as the SDK encodes them). */
  rawInputs: Record<string, unknown>;
  /** Outputs the mock engine returned (wire encoding). */
  rawOutputs: Record<string, unknown>;
  protect: boolean;
  retainOnDelete: boolean;
  /** The import ID when the resource is adopted rather than created. */
  importId?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  ignoreChanges: string[];
}

/**
 * Converts the wire encoding of values to plain JSON for people and tests: unknowns as
 * `[known after apply]`, secrets as `[secret]`, resource references as their URN.
 */
export function plainValue(value: unknown): unknown {
  if (value === rpc.unknownValue) return UNKNOWN;
  if (Array.isArray(value)) return value.map(plainValue);
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const sig = record[rpc.specialSigKey];
    if (sig === rpc.specialSecretSig) return SECRET;
    if (sig === rpc.specialResourceSig) return record.urn;
    if (sig === rpc.specialOutputValueSig) {
      if (record.secret) return SECRET;
      return "value" in record ? plainValue(record.value) : UNKNOWN;
    }
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, plainValue(v)]));
  }
  return value;
}

/** Resolves a program's exports (Outputs nested in plain objects) to plain JSON. */
export async function plainExports(value: unknown): Promise<unknown> {
  return plainValue(await rpc.serializeProperty("export", value, new Set(), { keepOutputValues: false }));
}

/** Values AWS computes, faked for a non-preview run. */
function computedState(type: string, name: string, inputs: Record<string, any>): { id: string; state: Record<string, unknown> } {
  const account = MOCK_ACCOUNT_ID;
  switch (type) {
    case "aws:s3/bucket:Bucket":
      return { id: inputs.bucket, state: { arn: `arn:aws:s3:::${inputs.bucket}`, bucketDomainName: `${inputs.bucket}.s3.amazonaws.com` } };
    case "aws:iam/role:Role":
      return {
        id: inputs.name,
        state: { arn: `arn:aws:iam::${account}:role/${inputs.path ?? "/"}${inputs.name}`.replace(":role//", ":role/"), uniqueId: `AROA${name.length}MOCK` },
      };
    case "aws:iam/user:User":
      return { id: inputs.name, state: { arn: `arn:aws:iam::${account}:user/${inputs.name}`, uniqueId: `AIDA${name.length}MOCK` } };
    case "aws:iam/accessKey:AccessKey": {
      // A user's second key (generation n, `<base>-access-key-<n>`) gets an ID of its own.
      const generation = /-access-key-(\d+)$/.exec(name)?.[1] ?? "";
      const id = `AKIAMOCK${String(inputs.user)
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, "")
        .slice(0, 12)}${generation}`;
      // With a PGP key AWS's provider keeps only the ciphertext (base64), never the secret.
      if (inputs.pgpKey) {
        return { id, state: { encryptedSecret: Buffer.from(`mock-ciphertext-for-${id}`).toString("base64"), keyFingerprint: "MOCKFINGERPRINT" } };
      }
      return { id, state: { secret: `mock-secret-for-${inputs.user}${generation ? `-${generation}` : ""}` } };
    }
    case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
      return {
        id: `arn:aws:iam::${account}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}`,
        state: { arn: `arn:aws:iam::${account}:oidc-provider/${String(inputs.url).replace(/^https:\/\//, "")}` },
      };
    default:
      return { id: `${name}-id`, state: {} };
  }
}

export interface MockEngineOptions {
  stack: string;
  project?: string;
  /** True: a preview of a new stack (unknown ids and computed values). */
  preview: boolean;
  /** Stack configuration, `namespace:key` -> value. */
  config?: Record<string, string>;
}

export interface MockEngine {
  resources: RecordedResource[];
  /** Waits until every registration the program started has been answered. */
  settle(): Promise<void>;
  /** Forgets what was recorded (mocks are process-global; tests reset between cases). */
  reset(): void;
}

let recorderInstalled = false;
const recorded: RecordedResource[] = [];

/**
 * The SDK wraps every internal promise (about ten per resource) in `debuggablePromise`, which
 * takes and formats a stack trace that it prints only when `PULUMI_DEBUG_PROMISE_LEAKS` is set.
 * Those traces were a third of a plan's time (pulumi-offline.md §6; docs/benchmarks.md). Unless
 * leak debugging is on, they are taken with no frames; every other stack trace, and the source
 * positions the SDK records for resources, are unchanged.
 */
function skipPromiseStackTraces(): void {
  const original = debuggable.debuggablePromise;
  if (debuggable.debugPromiseLeaks || typeof original !== "function" || original.framesSkipped) return;
  const withoutFrames = function (this: unknown, ...args: unknown[]) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return original.apply(this, args);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
  debuggable.debuggablePromise = Object.assign(withoutFrames, { framesSkipped: true });
}

function installRecorder(): void {
  if (recorderInstalled) return;
  recorderInstalled = true;
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (req: any, callback: (err: unknown, resp: any) => void) {
    return original.call(this, req, (err: unknown, resp: any) => {
      if (!err && resp) {
        const propertyDependencies: Record<string, string[]> = {};
        req.getPropertydependenciesMap().forEach((deps: any, key: string) => {
          propertyDependencies[key] = deps.getUrnsList();
        });
        recorded.push({
          urn: resp.getUrn(),
          type: req.getType(),
          name: req.getName(),
          custom: req.getCustom(),
          parent: req.getParent() || undefined,
          rawInputs: req.getObject()?.toJavaScript() ?? {},
          rawOutputs: resp.getObject()?.toJavaScript() ?? {},
          protect: req.getProtect() ?? false,
          retainOnDelete: req.getRetainondelete() ?? false,
          importId: req.getImportid() || undefined,
          dependencies: req.getDependenciesList(),
          propertyDependencies,
          ignoreChanges: req.getIgnorechangesList(),
        });
      }
      callback(err, resp);
    });
  };
}

/**
 * Installs the mock engine for one program run. Call before the program (or any module that
 * creates resources) is loaded.
 */
export function startMockEngine(options: MockEngineOptions): MockEngine {
  installRecorder();
  skipPromiseStackTraces();
  recorded.length = 0;
  const { preview } = options;
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        if (!args.custom) return { id: "", state: args.inputs };
        const computed = computedState(args.type, args.name, args.inputs);
        // In a preview a new resource has no id and AWS-computed values are unknown; an adopted
        // (imported) resource has its import ID.
        if (preview) return { id: args.id || "", state: args.inputs };
        return { id: args.id || computed.id, state: { ...args.inputs, ...computed.state } };
      },
      call(args) {
        switch (args.token) {
          case "aws:index/getCallerIdentity:getCallerIdentity":
            return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`, userId: "AIDAPLAN", id: MOCK_ACCOUNT_ID };
          case "aws:index/getPartition:getPartition":
            return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
          default:
            return args.inputs;
        }
      },
    },
    options.project ?? PROJECT,
    options.stack,
    preview,
    // A self-managed backend's organization: the program names its own stack with it.
    "organization",
  );
  pulumi.runtime.setAllConfig(options.config ?? {}, []);
  return {
    resources: recorded,
    settle: () => (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs(),
    reset: () => {
      recorded.length = 0;
    },
  };
}
