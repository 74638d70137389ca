/**
 * The validated model: the file after defaults, with every bucket's region settled and every
 * prefix normalised. Components and vendor builders take these types and never re-check shapes.
 */
import type { AwsRegion } from "../fields/regions";
import type { Connection, Encryption, ExtraPolicyStatement, Versioning } from "./schema";

/** A connection with its defaults applied. */
export type ResolvedConnection<C extends Connection = Connection> = Omit<C, "prefix" | "region" | "sharedPrincipals"> & {
  /** Folder inside the bucket without a trailing slash, or undefined for the whole bucket. */
  prefix?: string;
  region: AwsRegion;
  sharedPrincipals: { arn: string; description?: string }[];
};

export interface ResolvedBucket {
  name: string;
  region: AwsRegion;
  /** True: the bucket exists already and is imported, never created. */
  adopt: boolean;
  versioning: Versioning;
  encryption: Encryption;
  /** `defaults.tags` merged with the bucket's own tags; empty for an adopted bucket the file does not tag. */
  tags: Record<string, string>;
  extraPolicyStatements: ExtraPolicyStatement[];
  /** Names of the connections on this bucket, in file order. */
  connections: string[];
}

export interface StackModel {
  /** Tags from `defaults.tags`, added to every resource that takes tags. */
  tags: Record<string, string>;
  /** Buckets in name order. */
  buckets: ResolvedBucket[];
  /** Connections in file order. */
  connections: ResolvedConnection[];
}

/** `runs/aviti/` -> `runs/aviti`; the model keeps prefixes without the trailing slash. */
export function normalizePrefix(prefix: string | undefined): string | undefined {
  return prefix === undefined ? undefined : prefix.replace(/\/$/, "");
}

export function bucketOf(model: StackModel, connection: ResolvedConnection): ResolvedBucket {
  const bucket = model.buckets.find((b) => b.name === connection.bucket);
  if (!bucket) throw new Error(`bucket "${connection.bucket}" of connection "${connection.name}" is not in the model`);
  return bucket;
}
