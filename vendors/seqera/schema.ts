/**
 * Seqera's part of the file format: the role (with the external ID Seqera generates, or none yet)
 * or keys, what the bucket is used for, and the optional Enterprise origin.
 */
import { z } from "zod";
import { commonConnectionFields, Region } from "../../fields/connection";
import { userCredentialFields } from "../../fields/credential";
import { show } from "../../fields/text";
import { SEQERA_CLOUD_ORIGIN, SEQERA_EXTERNAL_ID } from "./facts";

const ExternalId = z
  .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
  .regex(SEQERA_EXTERNAL_ID.pattern, {
    error: (iss) => `${show(iss.input)} is not a valid external ID: use ${SEQERA_EXTERNAL_ID.allowed}, copied exactly as Seqera generated it`,
  })
  .describe(
    `The External ID Seqera generated when you saved the credential with this role's ARN (${SEQERA_EXTERNAL_ID.allowed}). Leave it out for the first apply: the role then trusts nobody.`,
  );

const SeqeraCredential = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("role"), externalId: ExternalId.optional() }),
  z.strictObject({ type: z.literal("user"), ...userCredentialFields }),
  z.strictObject({
    type: z.literal("user-with-role"),
    externalId: ExternalId.describe(
      `The External ID Seqera generated when you saved the keys and the role's ARN with Generate External ID on (${SEQERA_EXTERNAL_ID.allowed}). Leave it out for the first apply: the role then trusts nobody.`,
    ).optional(),
    ...userCredentialFields,
  }),
]);

/** An origin is scheme and host (and port), nothing else: S3 compares it to the browser's Origin header. */
export const ORIGIN_PATTERN = /^https:\/\/[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d{1,5})?$/;

const EnterpriseOrigin = z
  .string({ error: (iss) => `must be text such as https://seqera.example.org; got ${show(iss.input)}` })
  .regex(ORIGIN_PATTERN, {
    error: (iss) =>
      `${show(iss.input)} is not a web origin: write https:// and your Seqera Enterprise host in lower case, without a path or trailing slash (e.g. https://seqera.example.org)`,
  })
  .refine((origin) => origin !== SEQERA_CLOUD_ORIGIN, {
    error: `is Seqera Cloud's origin, which Data Explorer buckets allow already; name your Seqera Enterprise host, or leave enterpriseOrigin out`,
  })
  .describe("Origin of your Seqera Enterprise instance (https://host), allowed by the bucket's CORS rule besides Seqera Cloud's.");

export const SeqeraConnectionSchema = z
  .strictObject({
    vendor: z.literal("seqera"),
    ...commonConnectionFields,
    credential: SeqeraCredential,
    workDirectory: z
      .strictObject({
        computeRegion: Region.describe("Region of the AWS Batch or AWS Cloud compute environment; the bucket must be in it."),
      })
      .optional()
      .describe("The prefix (or bucket) is a pipeline work directory: Seqera checks the bucket and reads Nextflow's log files."),
    dataExplorer: z.boolean().optional().describe("Data Explorer and Studios read and write under the prefix. Default false."),
    delete: z.boolean().optional().describe("Data Explorer may also delete objects (needs dataExplorer: true). Default false."),
    discoverBuckets: z.boolean().optional().describe("Grant s3:ListAllMyBuckets so Seqera lists the account's buckets (auto-discovery). Default false."),
    enterpriseOrigin: EnterpriseOrigin.optional(),
  })
  .describe("Seqera Platform Cloud credential for Data Explorer and pipeline work directories.");

export type SeqeraConnection = z.infer<typeof SeqeraConnectionSchema>;
