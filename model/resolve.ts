/**
 * The validated model: the file after defaults, with every bucket's region settled and every
 * prefix normalised. Components and vendor builders take these types and never re-check shapes.
 */
import type { ResolvedBucket, ResolvedConnection as ResolvedConnectionOf } from "../fields/resolved";
import type { Connection } from "./schema";

export { normalizePrefix, type ResolvedBucket } from "../fields/resolved";

/** A connection of any vendor with its defaults applied. */
export type ResolvedConnection<C extends Connection = Connection> = ResolvedConnectionOf<C>;

export interface StackModel {
  /** Tags from `defaults.tags`, added to every resource that takes tags. */
  tags: Record<string, string>;
  /** Buckets in name order. */
  buckets: ResolvedBucket[];
  /** Connections in file order. */
  connections: ResolvedConnection[];
}

export function bucketOf(model: StackModel, connection: ResolvedConnection): ResolvedBucket {
  const bucket = model.buckets.find((b) => b.name === connection.bucket);
  if (!bucket) throw new Error(`bucket "${connection.bucket}" of connection "${connection.name}" is not in the model`);
  return bucket;
}
