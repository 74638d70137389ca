/**
 * ICA's part of the file format: the two credential methods, cross-account copy or move, and
 * object-tag copying.
 */
import { z } from "zod";
import { commonConnectionFields } from "../../fields/connection";
import { userCredentialFields } from "../../fields/credential";
import { show } from "../../fields/text";
import { ICA_NAMESPACE_PATTERN, ICA_ROLE_SESSION_NAME_PREFIX } from "./facts";

const IcaCredential = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("role"),
    roleSessionNamePrefix: z
      .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
      .regex(ICA_ROLE_SESSION_NAME_PREFIX.pattern, {
        error: (iss) => `${show(iss.input)} is not a RoleSessionName prefix: ${ICA_ROLE_SESSION_NAME_PREFIX.allowed}; copy it exactly as ICA generated it`,
      })
      .describe("The RoleSessionName prefix ICA generates when you create the AWS_Role credential (shown once)."),
    oidcNamespace: z
      .string({ error: (iss) => `must be text; got ${show(iss.input)}` })
      .regex(ICA_NAMESPACE_PATTERN, { error: (iss) => `${show(iss.input)} is not an ICA namespace: write three letters and a digit, e.g. aps3` })
      .optional()
      .describe("India only, where ICA's own tables disagree (aps1 or aps3): the namespace of ICA's service account that Illumina confirms. Default aps1."),
    adoptOidcProvider: z
      .boolean()
      .optional()
      .describe("true: the account already has ICA's OIDC provider for this region; import it instead of creating it. Default false."),
  }),
  z.strictObject({ type: z.literal("user"), ...userCredentialFields }),
]);

export const IcaConnectionSchema = z
  .strictObject({
    vendor: z.literal("ica"),
    ...commonConnectionFields,
    credential: IcaCredential,
    crossAccount: z.enum(["none", "copy", "move"]).optional().describe("Let Illumina's regional role copy (or move) data across accounts. Default none."),
    objectTagging: z.boolean().optional().describe("Copy object tags (TaggingPermissionType, enabled by Illumina support). Default false."),
  })
  .describe("Illumina Connected Analytics bring-your-own bucket.");

export type IcaConnection = z.infer<typeof IcaConnectionSchema>;
