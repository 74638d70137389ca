/**
 * The Element UI's storage form, field by field (element.md §6).
 */
import type { ResolvedConnection } from "../../fields/resolved";
import type { HandoffStep, HandoffStepField } from "../types";
import type { ElementConnection } from "./schema";

/** The credential fields of element.md §6, shared with ElemBio's provider form (elembio.md §6). */
export function elementCredentialFields(connection: { credential: ElementConnection["credential"] }): HandoffStepField[] {
  if (connection.credential.type === "role") {
    return [
      { label: "Credential type", value: "Role", note: "choose it" },
      { label: "Role ARN", value: { credential: "roleArn" } },
      { label: "External ID", value: connection.credential.externalId },
    ];
  }
  return [
    { label: "Credential type", value: "Access Keys", note: "choose it" },
    { label: "Access key", value: { credential: "accessKeyId" } },
    { label: "Secret key", value: { credential: "secretAccessKey" } },
  ];
}

export function elementHandoffSteps(connection: ResolvedConnection<ElementConnection>): HandoffStep[] {
  return [
    {
      where: "Storage > Add Storage > S3",
      // Only the name and the credential can be edited later (element.md §7).
      action: "Add the storage connection. Bucket, prefix and region cannot be changed after it is saved.",
      fields: [
        { label: "Storage Name", value: connection.name },
        { label: "Bucket name", value: connection.bucket, note: "the name only, no s3://" },
        { label: "Prefix", value: connection.prefix ?? "" },
        { label: "Region", value: connection.region, note: "choose it from the list" },
        ...elementCredentialFields(connection),
      ],
      source: "element.md §6",
    },
  ];
}
