/**
 * The data-sync destinations' part of the file format: the Google web-identity values of the role
 * method, and the onboarding switch.
 */
import { z } from "zod";
import { commonConnectionFields } from "../../fields/connection";
import { userCredentialFields } from "../../fields/credential";
import { show } from "../../fields/text";
import { PREQUEL_WEB_IDENTITY_VALUE } from "./facts";

const WebIdentityValue = (what: string) =>
  z.string({ error: (iss) => `must be text; got ${show(iss.input)}` }).regex(PREQUEL_WEB_IDENTITY_VALUE.pattern, {
    error: (iss) => `${show(iss.input)} is not a valid ${what}: ${PREQUEL_WEB_IDENTITY_VALUE.allowed}; copy it from the destination's setup page`,
  });

const PrequelCredential = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("role"),
    subject: WebIdentityValue("subject").describe("accounts.google.com:sub the vendor gives you (its service-account ID). Never a wildcard."),
    audience: WebIdentityValue("audience").optional().describe("accounts.google.com:oaud the vendor gives you (organisation ID), when it gives one."),
  }),
  z.strictObject({ type: z.literal("user"), ...userCredentialFields }),
]);

export const PrequelConnectionSchema = z
  .strictObject({
    vendor: z.literal("prequel"),
    ...commonConnectionFields,
    credential: PrequelCredential,
    onboarding: z
      .boolean()
      .optional()
      .describe("Keep s3:DeleteObject for the destination's connection test. Default true; set false once the destination is added."),
  })
  .describe("Data-sync S3 destination (Prequel, and services that white-label it).");

export type PrequelConnection = z.infer<typeof PrequelConnectionSchema>;
