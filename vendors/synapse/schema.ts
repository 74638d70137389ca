/**
 * Synapse's part of the file format: the access level, the owner.txt identifiers, STS mode and the
 * banner. The credential is the bucket policy itself: nothing is created in the account.
 */
import { z } from "zod";
import { commonConnectionFields } from "../../fields/connection";
import { show } from "../../fields/text";
import { SYNAPSE_CORS_ORIGIN, SYNAPSE_OWNER } from "./facts";

const OwnerId = z
  .union([z.string(), z.number()], { error: (iss) => `must be a Synapse user or team ID or a username; got ${show(iss.input)}` })
  .transform((value) => String(value))
  .pipe(
    z.string().regex(SYNAPSE_OWNER.pattern, {
      error: (iss) => `${show(iss.input)} is not a Synapse identifier: ${SYNAPSE_OWNER.allowed}; copy it from your Synapse profile or team page`,
    }),
  );

export const SynapseConnectionSchema = z
  .strictObject({
    vendor: z.literal("synapse"),
    ...commonConnectionFields,
    credential: z
      .strictObject({ type: z.literal("bucket-policy") })
      .default({ type: "bucket-policy" })
      .describe("Optional: Synapse's account is granted in the bucket policy; nothing is created in your account."),
    access: z
      .enum(["read-only", "read-write"], { error: (iss) => `${show(iss.input)} is not an access level: use read-only or read-write` })
      .describe("What Synapse may do under the prefix: read-only, or read-write (uploads from Synapse)."),
    owners: z
      .array(OwnerId, { error: (iss) => `must be a list of Synapse user or team IDs or usernames; got ${show(iss.input)}` })
      .min(1, { error: "needs at least one Synapse user or team ID, or username: Synapse refuses the storage location without owner.txt" })
      .describe("Synapse user IDs, team IDs or usernames written to owner.txt under the prefix; the person creating the storage location must be one of them."),
    sts: z
      .boolean()
      .optional()
      .describe("true: the storage location is STS-enabled (Synapse vends temporary credentials for the base key). Needs a prefix. Default false."),
    corsOrigins: z
      .array(
        z.string({ error: (iss) => `must be text; got ${show(iss.input)}` }).regex(SYNAPSE_CORS_ORIGIN.pattern, {
          error: (iss) => `${show(iss.input)} is not a CORS origin: ${SYNAPSE_CORS_ORIGIN.allowed}`,
        }),
        { error: (iss) => `must be a list of origins; got ${show(iss.input)}` },
      )
      .min(1, { error: "needs at least one origin; leave corsOrigins out for Synapse's web client" })
      .optional()
      .describe("Origins of Synapse's CORS rule. Default: Synapse's web client, https://www.synapse.org; the vendor's example shows \"*\"."),
    banner: z
      .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
      .regex(/^[^\r\n]{1,250}$/, { error: (iss) => `${show(iss.input)} must be one line of 1 to 250 characters` })
      .optional()
      .describe("Banner shown when uploading to the location, e.g. who owns it. Defaults to the connection's name."),
  })
  .describe("Synapse (Sage Bionetworks) external S3 storage location.");

export type SynapseConnection = z.infer<typeof SynapseConnectionSchema>;
