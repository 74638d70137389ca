/**
 * The stack: one ConnectedBucket per bucket, one OIDC provider per issuer the connections' roles
 * trust, and one VendorAccess per connection, all from the model.
 */
import * as aws from "./aws";
import type { LiveBucket } from "../model/adoption";
import { bucketOf, type ResolvedConnection, type StackModel } from "../model/resolve";
import { vendorModule } from "../vendors";
import type { OidcProviderSpec, VendorContext } from "../vendors/types";
import { ConnectedBucket } from "./connected-bucket";
import { VendorAccess, type HandoffOutputs } from "./vendor-access";

export { ConnectedBucket } from "./connected-bucket";
export { VendorAccess } from "./vendor-access";

export interface Connections {
  buckets: Record<string, ConnectedBucket>;
  oidcProviders: Record<string, aws.iam.OpenIdConnectProvider>;
  access: Record<string, VendorAccess>;
  /** Per connection, the fields to paste into the vendor's UI (the `handoff` stack output). */
  handoff: Record<string, HandoffOutputs>;
}

/** The OIDC providers the model's roles trust, one per issuer URL. */
export function oidcProvidersOf(connections: ResolvedConnection[]): Map<string, OidcProviderSpec> {
  const specs = new Map<string, OidcProviderSpec>();
  for (const connection of connections) {
    const spec = vendorModule(connection.vendor).oidcProvider?.(connection);
    if (spec && !specs.has(spec.url)) specs.set(spec.url, spec);
  }
  return specs;
}

/**
 * An OIDC provider exists once per account and issuer, but stacks come and go: the first stack of
 * the account that needs it creates it, every other stack of the account adopts it
 * (`adoptOidcProvider: true`) and imports it. Whoever holds it, no stack ever deletes it: when a
 * stack stops needing it (or is destroyed), it only forgets it, because other stacks' roles may
 * trust it. README, "One account, several stacks".
 */
function createOidcProvider(spec: OidcProviderSpec, accountId: string, tags: Record<string, string>): aws.iam.OpenIdConnectProvider {
  const issuer = spec.url.replace(/^https:\/\//, "");
  return new aws.iam.OpenIdConnectProvider(
    spec.logicalName,
    { url: spec.url, clientIdLists: spec.clientIds, tags: spec.adopt ? undefined : tags },
    spec.adopt
      ? { import: `arn:aws:iam::${accountId}:oidc-provider/${issuer}`, retainOnDelete: true, ignoreChanges: ["thumbprintLists", "tags"] }
      : { retainOnDelete: true },
  );
}

/** What the plan says of each OIDC provider: which stack owns it, and what happens when it is no longer needed. */
export function oidcProviderNotices(connections: ResolvedConnection[], stack: string): string[] {
  return [...oidcProvidersOf(connections).values()].map((spec) =>
    spec.adopt
      ? `OIDC provider ${spec.url} is adopted: it exists in the account already (created by another stack, or by hand), and stack "${stack}" imports it and never deletes it`
      : `OIDC provider ${spec.url} is created and owned by stack "${stack}"; it is kept in the account if this stack stops needing it (retainOnDelete), since other stacks' roles may trust it. Every other stack of this account that needs it sets credential.adoptOidcProvider: true`,
  );
}

/**
 * Builds every resource the model asks for. `liveBuckets` holds what the program read of its
 * adopted buckets: their existing configurations are imported rather than created.
 */
export function createConnections(model: StackModel, context: VendorContext, liveBuckets: ReadonlyMap<string, LiveBucket> = new Map()): Connections {
  const buckets: Record<string, ConnectedBucket> = {};
  for (const bucket of model.buckets) {
    buckets[bucket.name] = new ConnectedBucket(bucket.name, {
      bucket,
      connections: model.connections.filter((c) => c.bucket === bucket.name),
      live: liveBuckets.get(bucket.name),
    });
  }
  const oidcProviders: Record<string, aws.iam.OpenIdConnectProvider> = {};
  for (const [url, spec] of oidcProvidersOf(model.connections)) oidcProviders[url] = createOidcProvider(spec, context.accountId, model.tags);

  const access: Record<string, VendorAccess> = {};
  const handoff: Record<string, HandoffOutputs> = {};
  for (const connection of model.connections) {
    const bucket = bucketOf(model, connection);
    const oidc = vendorModule(connection.vendor).oidcProvider?.(connection);
    access[connection.name] = new VendorAccess(connection.name, {
      connection,
      bucket,
      bucketName: buckets[bucket.name].bucketName,
      context,
      tags: model.tags,
      oidcProvider: oidc ? oidcProviders[oidc.url] : undefined,
    });
    handoff[connection.name] = { vendor: connection.vendor, ...access[connection.name].handoff };
  }
  return { buckets, oidcProviders, access, handoff };
}
