/**
 * Element's part of the file format: the external ID and the credential shared by Element's two
 * products (the AVITI storage connection and ElemBio Cloud, which trust the same account), and the
 * storage connection itself.
 */
import { z } from "zod";
import { commonConnectionFields } from "../../fields/connection";
import { userCredentialFields } from "../../fields/credential";
import { show } from "../../fields/text";
import { ELEMENT_EXTERNAL_ID } from "./facts";

const ExternalId = z
  .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
  .regex(ELEMENT_EXTERNAL_ID.pattern, {
    error: (iss) => `${show(iss.input)} is not a valid external ID: use ${ELEMENT_EXTERNAL_ID.allowed}, and enter the same value in the vendor's UI`,
  })
  .describe(`External ID the vendor presents when it assumes the role: ${ELEMENT_EXTERNAL_ID.allowed}.`);

/** Credentials of the vendors whose role trusts Element's account with an external ID. */
export const ElementCredential = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("role"), externalId: ExternalId }),
  z.strictObject({ type: z.literal("user"), ...userCredentialFields }),
]);

export const ElementConnectionSchema = z
  .strictObject({ vendor: z.literal("element"), ...commonConnectionFields, credential: ElementCredential })
  .describe("Element Biosciences AVITI storage connection (instrument run upload).");

export type ElementConnection = z.infer<typeof ElementConnectionSchema>;

/** What "is required" adds for a missing external ID, naming where the vendor's UI takes the same value. */
export const externalIdHint = (vendor: string, ui: string) =>
  ` for ${vendor} role credentials: choose one (${ELEMENT_EXTERNAL_ID.allowed}) and enter the same value in ${ui}`;
