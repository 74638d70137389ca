/**
 * The shapes every connection and bucket have once the file is validated and its defaults applied,
 * whatever the vendor. Vendor builders and components take these and never re-check shapes.
 */
import type { Encryption, ExtraCorsRule, Versioning } from "./bucket";
import type { AwsRegion } from "./regions";
import type { ExtraPolicyStatement } from "./statement";

/** What every vendor's connection has, as the file gives it (`commonConnectionFields` plus vendor and credential). */
export interface BaseConnection {
  vendor: string;
  name: string;
  bucket: string;
  prefix?: string;
  region?: AwsRegion;
  sharedPrincipals?: { arn: string; description?: string }[];
  credential: { type: string };
}

/** A connection with its defaults applied. */
export type ResolvedConnection<C extends BaseConnection = BaseConnection> = Omit<C, "prefix" | "region" | "sharedPrincipals"> & {
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
  /** An adopted bucket's live statements the file lets applying remove (absent: none). */
  dropStatements?: string[];
  /** CORS rules the file keeps beside the connections' own (absent: none). */
  extraCorsRules?: ExtraCorsRule[];
  /** Names of the connections on this bucket, in file order. */
  connections: string[];
}

/** `runs/aviti/` -> `runs/aviti`; the model keeps prefixes without the trailing slash. */
export function normalizePrefix(prefix: string | undefined): string | undefined {
  return prefix === undefined ? undefined : prefix.replace(/\/$/, "");
}
