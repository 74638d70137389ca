/**
 * The baseline's inputs, computed in the benchmark's own process (never in the timed baseline)
 * from the real loader, vendor registry and document builders, and named as the components name
 * them: the baseline registers the plan's documents as literals, so its resources have the plan's
 * sizes without the baseline knowing any vendor.
 */
import { isDeepStrictEqual } from "util";
import { oidcProvidersOf } from "../components";
import { composeBucketPolicy, mergeCorsRules } from "../components/bucket-plan";
import { credentialName } from "../fields/names";
import { renderPolicy } from "../iam/document";
import { formatProblem, parseConnectionsText } from "../model/load";
import { bucketOf } from "../model/resolve";
import { MOCK_ACCOUNT_ID } from "../offline/mock-engine";
import { vendorModule } from "../vendors";
import type { VendorContext } from "../vendors/types";
import type { BaselineAccess, BaselineBucket, BaselineSpec } from "./baseline";
import { FIXTURE_FILE, FixtureError } from "./generator";

/** The baseline spec of a generated connections file, as the plan under the mock engine would build it. */
export function baselineSpec(text: string, file: string, stack: string): BaselineSpec {
  const result = parseConnectionsText(text, file);
  // The generator's part of the file is fixed; what can make it wrong is the fixture's vendor part.
  if (!result.ok) {
    const problems = result.errors.slice(0, 3).map(formatProblem).join("\n");
    const first = result.errors.length > 3 ? ", the first 3" : "";
    throw new FixtureError(
      `the generated file ${file} has ${result.errors.length} error(s)${first}:\n${problems}\nFix the vendor or credential blocks of ${FIXTURE_FILE}.`,
    );
  }
  const { model } = result;
  // What index.ts passes the components; the mock engine's caller identity gives the account.
  const context: VendorContext = { stack, accountId: MOCK_ACCOUNT_ID };

  const buckets = model.buckets.map((settings): BaselineBucket => {
    // The baseline registers new buckets only; the generator never writes an adopted one.
    if (settings.adopt) throw new Error(`bucket ${settings.name} of ${file} is adopted; the baseline registers new buckets only`);
    const connections = model.connections.filter((c) => c.bucket === settings.name);
    const { encryption } = settings;
    const corsRules = mergeCorsRules(connections);
    return {
      name: settings.name,
      region: settings.region,
      tags: settings.tags,
      encryption:
        encryption.type === "sse-kms"
          ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: encryption.kmsKeyArn }, bucketKeyEnabled: true }
          : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
      versioning: settings.versioning === "disabled" ? undefined : settings.versioning === "enabled" ? "Enabled" : "Suspended",
      corsRules: corsRules.length > 0 ? (corsRules as unknown as Record<string, unknown>[]) : undefined,
      policy: renderPolicy(composeBucketPolicy(settings, connections)),
    };
  });

  const oidcProviders = [...oidcProvidersOf(model.connections).values()].map((p) => ({
    logicalName: p.logicalName,
    url: p.url,
    clientIds: p.clientIds,
    tags: p.adopt ? undefined : model.tags,
    import: p.adopt ? `arn:aws:iam::${context.accountId}:oidc-provider/${p.url.replace(/^https:\/\//, "")}` : undefined,
  }));

  const access = model.connections.map((connection): BaselineAccess => {
    const vendor = vendorModule(connection.vendor);
    const bucket = bucketOf(model, connection);
    const name = credentialName(connection.name, stack);
    const execution = vendor.executionRole?.(connection, bucket, context);
    return {
      name: connection.name,
      tags: { ...model.tags, "vendor-connections:connection": connection.name, "vendor-connections:vendor": connection.vendor },
      policyName: `${connection.vendor}-access`,
      policy: renderPolicy(vendor.identityPolicy(connection, bucket, context)),
      role:
        connection.credential.type === "role"
          ? {
              name,
              description: `${vendor.title}: connection ${connection.name} (vendor-connections, stack ${stack})`,
              assumeRolePolicy: renderPolicy(vendor.trustPolicy(connection, context)),
              maxSessionDuration: vendor.maxSessionDurationSeconds,
              oidcProvider: vendor.oidcProvider?.(connection)?.logicalName,
            }
          : undefined,
      user: connection.credential.type === "role" ? undefined : { name },
      executionRole: execution
        ? {
            name: execution.name,
            description: execution.description,
            assumeRolePolicy: renderPolicy(execution.trustPolicy),
            policy: renderPolicy(execution.policy),
          }
        : undefined,
    };
  });
  return { stack, buckets, oidcProviders, access };
}

/** A value in a message: its JSON, cut short (documents run to kilobytes). */
const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? "nothing";
  return text.length > 120 ? `${text.slice(0, 120)}...` : text;
};

interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/**
 * The inputs the baseline gives its IAM resources and bucket policies, by resource type and name,
 * in the plan's form (documents as parsed JSON): what the plan's must equal.
 */
function expectedInputs(spec: BaselineSpec): Map<string, Record<string, unknown>> {
  const doc = (text: string) => JSON.parse(text) as unknown;
  const expected = new Map<string, Record<string, unknown>>();
  for (const b of spec.buckets) expected.set(`aws:s3/bucketPolicy:BucketPolicy ${b.name}-policy`, { policy: doc(b.policy) });
  for (const c of spec.access) {
    if (c.role) {
      const { oidcProvider: _, assumeRolePolicy, ...role } = c.role;
      expected.set(`aws:iam/role:Role ${c.name}-role`, { ...role, assumeRolePolicy: doc(assumeRolePolicy), tags: c.tags });
      expected.set(`aws:iam/rolePolicy:RolePolicy ${c.name}-policy`, { name: c.policyName, policy: doc(c.policy) });
    }
    if (c.user) {
      expected.set(`aws:iam/user:User ${c.name}-user`, { name: c.user.name, tags: c.tags });
      expected.set(`aws:iam/userPolicy:UserPolicy ${c.name}-policy`, { name: c.policyName, policy: doc(c.policy) });
    }
    if (c.executionRole) {
      const e = c.executionRole;
      expected.set(`aws:iam/role:Role ${c.name}-execution-role`, {
        name: e.name,
        description: e.description,
        assumeRolePolicy: doc(e.assumeRolePolicy),
        tags: c.tags,
      });
      expected.set(`aws:iam/rolePolicy:RolePolicy ${c.name}-execution-policy`, { name: "execution", policy: doc(e.policy) });
    }
  }
  return expected;
}

/**
 * Where the plan's documents and names differ from the baseline's: one line per resource (at most
 * `limit`), empty when the baseline registers what the plan registers. Every expected resource
 * must be in the plan.
 */
export function inputDifferences(spec: BaselineSpec, planned: PlannedResource[], limit = 3): string[] {
  const expected = expectedInputs(spec);
  const differences: string[] = [];
  const seen = new Set<string>();
  for (const resource of planned) {
    const key = `${resource.type} ${resource.name}`;
    const want = expected.get(key);
    if (!want) continue;
    seen.add(key);
    for (const [field, value] of Object.entries(want)) {
      if (value === undefined && resource.inputs[field] === undefined) continue;
      if (!isDeepStrictEqual(resource.inputs[field], value)) {
        differences.push(`${key}: ${field} is ${shown(resource.inputs[field])} in the plan, ${shown(value)} in the baseline`);
        break;
      }
    }
  }
  for (const key of expected.keys()) if (!seen.has(key)) differences.push(`${key}: in the baseline, not in the plan`);
  return differences.slice(0, limit);
}
