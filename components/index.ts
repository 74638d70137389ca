/**
 * The stack: one ConnectedBucket per bucket and one VendorAccess per connection, from the model.
 */
import * as aws from "@pulumi/aws";
import { bucketOf, type StackModel } from "../model/resolve";
import { ConnectedBucket } from "./connected-bucket";
import { VendorAccess, type HandoffOutputs } from "./vendor-access";

export { ConnectedBucket } from "./connected-bucket";
export { VendorAccess } from "./vendor-access";

export interface Connections {
  buckets: Record<string, ConnectedBucket>;
  access: Record<string, VendorAccess>;
  /** Per connection, the fields to paste into the vendor's UI (the `handoff` stack output). */
  handoff: Record<string, HandoffOutputs>;
}

/** Builds every resource the model asks for. */
export function createConnections(model: StackModel, stack: string): Connections {
  const buckets: Record<string, ConnectedBucket> = {};
  for (const bucket of model.buckets) {
    buckets[bucket.name] = new ConnectedBucket(bucket.name, { bucket, connections: model.connections.filter((c) => c.bucket === bucket.name) });
  }
  const accountId = aws.getCallerIdentityOutput().accountId;
  const access: Record<string, VendorAccess> = {};
  const handoff: Record<string, HandoffOutputs> = {};
  for (const connection of model.connections) {
    const bucket = bucketOf(model, connection);
    access[connection.name] = new VendorAccess(connection.name, {
      connection,
      bucket,
      bucketName: buckets[bucket.name].bucketName,
      stack,
      accountId,
      tags: model.tags,
    });
    handoff[connection.name] = { vendor: connection.vendor, ...access[connection.name].handoff };
  }
  return { buckets, access, handoff };
}
