/**
 * The connections file format: the only definition of it. TypeScript types come from here
 * (`z.infer`), `connections/schema.json` is generated from here (`npm run schema`), and the
 * message for a value that breaks a rule is written next to the rule it explains: generic fields
 * in fields/, each vendor's fields in its module, composed here from the vendor registry. Messages
 * that need the rest of the file (a missing field, a field of another vendor, a wrong type) are
 * written by the loader, model/load.ts.
 *
 * This is a user-facing contract (DESIGN.md, "Contracts"): additive changes only.
 */
import { z } from "zod";
import { BucketName, DropStatements, Encryption, ExtraCorsRule, Tags, Versioning } from "../fields/bucket";
import { commonConnectionFields, Region } from "../fields/connection";
import { ExtraPolicyStatement } from "../fields/statement";
import { sentenceList, show } from "../fields/text";
import { ALL_VENDOR_MODULES, VENDORS, type Connection, type VendorKey } from "../vendors";

export { VENDORS, type Connection, type VendorKey };
export { isEveryonePrincipal, type ExtraPolicyStatement } from "../fields/statement";
export type { Encryption, Versioning } from "../fields/bucket";

type ConnectionOption = z.ZodType<Connection> & z.core.$ZodTypeDiscriminable;

/** One connection: the vendor key tells which vendor's schema applies. */
const ConnectionSchema = z.discriminatedUnion(
  "vendor",
  ALL_VENDOR_MODULES.map((module) => module.connectionSchema) as unknown as [ConnectionOption, ...ConnectionOption[]],
);

const BucketSettings = z
  .strictObject({
    region: Region.optional().describe("Region of the bucket. Defaults to the region its connections give, then defaults.region."),
    adopt: z.boolean().optional().describe("true: the bucket exists already; import it, never create, replace or delete it. Default false."),
    versioning: Versioning.optional().describe("enabled (default), suspended, or disabled (never versioned)."),
    encryption: Encryption.optional().describe("Default encryption: { type: sse-s3 } (default) or { type: sse-kms, kmsKeyArn }."),
    tags: Tags.optional(),
    extraPolicyStatements: z.array(ExtraPolicyStatement).optional().describe("Statements kept in the bucket's composed policy, each with a Sid."),
    extraCorsRules: z.array(ExtraCorsRule).optional().describe("CORS rules kept beside the ones the connections need (an adopted bucket's own rules)."),
    dropStatements: DropStatements.optional(),
  })
  .describe("Settings of one bucket.");

export const ConnectionsFileSchema = z
  .strictObject({
    version: z
      .literal(1, { error: (iss) => `${show(iss.input)} is not a supported version; this program reads version: 1` })
      .describe("File format version; only 1 exists."),
    defaults: z
      .strictObject({
        region: Region.optional().describe("Used where a bucket or connection gives none."),
        tags: Tags.optional(),
      })
      .optional(),
    buckets: z.record(BucketName, BucketSettings).optional().describe("Bucket name -> settings. A bucket named only by connections gets the defaults."),
    connections: z.array(ConnectionSchema).min(1, { error: "needs at least one connection" }).describe("The vendor connections of this stack."),
  })
  .describe("vendor-connections: the S3 buckets of one stack and the vendors connected to them.");

export type ConnectionsFile = z.infer<typeof ConnectionsFileSchema>;
export type BucketSettings = z.infer<typeof BucketSettings>;

/** The keys every connection has, whatever its vendor. */
const COMMON_CONNECTION_KEYS = new Set(["vendor", "credential", ...Object.keys(commonConnectionFields)]);

/** The credential types of a vendor's schema, each with its own keys. */
function credentialKeys(schema: z.ZodType): { type: string; keys: string[] }[] {
  const credential = (schema as unknown as z.ZodObject).shape.credential;
  if (!(credential instanceof z.ZodDiscriminatedUnion)) return [];
  return (credential.options as z.ZodObject[]).map((option) => ({
    type: String((option.shape.type as z.ZodLiteral).value),
    keys: Object.keys(option.shape).filter((key) => key !== "type"),
  }));
}

/**
 * Fields that belong to one vendor or credential type, so that a field in the wrong place gets a
 * message naming where it belongs, instead of only "unknown key". Read from the vendors' schemas.
 */
export const FIELD_OWNERS: Record<string, string> = (() => {
  const vendorsOf = new Map<string, string[]>();
  const credentialOwners = new Map<string, { type: string; vendors: string[] }>();
  for (const module of ALL_VENDOR_MODULES) {
    for (const key of Object.keys(module.connectionSchema.shape)) {
      if (!COMMON_CONNECTION_KEYS.has(key)) vendorsOf.set(key, [...(vendorsOf.get(key) ?? []), module.vendor]);
    }
    for (const { type, keys } of credentialKeys(module.connectionSchema)) {
      for (const key of keys) {
        const owner = credentialOwners.get(key) ?? { type, vendors: [] };
        // A field of several credential types of one vendor (user and user-with-role) names the vendor once.
        if (!owner.vendors.includes(module.vendor)) owner.vendors.push(module.vendor);
        credentialOwners.set(key, owner);
      }
    }
  }
  const vendorList = (vendors: string[]) => `vendor${vendors.length > 1 ? "s" : ""} ${sentenceList(vendors)}`;
  const owners: Record<string, string> = {};
  for (const [key, vendors] of vendorsOf) owners[key] = vendorList(vendors);
  for (const [key, { type, vendors }] of credentialOwners) owners[key] = `${type} credentials of ${vendorList(vendors)}`;
  return owners;
})();
