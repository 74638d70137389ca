/**
 * ElemBio Cloud's part of the file format: Element's credential (the same account and external
 * ID), plus the provider's optional features.
 */
import { z } from "zod";
import { commonConnectionFields } from "../../fields/connection";
import { ElementCredential } from "../element/schema";

export const ElembioConnectionSchema = z
  .strictObject({
    vendor: z.literal("elembio"),
    ...commonConnectionFields,
    credential: ElementCredential,
    download: z.boolean().optional().describe("Grant s3:GetObject for presigned downloads from the data browser. Default false."),
    healthOmics: z
      .strictObject({ enabled: z.boolean() })
      .optional()
      .describe("Run the Bases2Fastq HealthOmics workflow: adds the omics actions and an execution role. Default off."),
    manageBucketPolicy: z
      .boolean()
      .optional()
      .describe("Grant ElemBio the bucket-policy actions for its sharing feature. Default false, because this program owns the bucket policy."),
  })
  .describe("ElemBio Cloud AWS provider and storage connection.");

export type ElembioConnection = z.infer<typeof ElembioConnectionSchema>;
