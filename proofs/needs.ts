/**
 * What each vendor needs, per connection: each vendor module's `needs` (vendors/<vendor>/needs.ts),
 * read from its published requirements and the connection's credential and features, never from
 * the generated documents: those are what the proofs test.
 */
import type { ResolvedBucket, ResolvedConnection } from "../model/resolve";
import { vendorModule } from "../vendors";
import type { NeedsContext, VendorNeeds } from "../vendors/needs";

export type { CrossAccountNeeds, ExecutionRoleNeeds, GlobalNeed, Need, NeedsContext, TrustCaller, TrustNeeds, VendorNeeds } from "../vendors/needs";

export function needsOf(connection: ResolvedConnection, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  return vendorModule(connection.vendor).needs(connection, bucket, context);
}
