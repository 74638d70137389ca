/**
 * The destination's setup form on the vendor's page (Prequel's, or its white label's): prequel.md §6.
 */
import type { ResolvedConnection } from "../../fields/resolved";
import type { HandoffStep } from "../types";
import type { PrequelConnection } from "./schema";

export function prequelHandoffSteps(connection: ResolvedConnection<PrequelConnection>): HandoffStep[] {
  const credential =
    connection.credential.type === "role"
      ? [{ label: "Role ARN", value: { credential: "roleArn" as const } }]
      : [
          { label: "Access key ID", value: { credential: "accessKeyId" as const } },
          { label: "Secret access key", value: { credential: "secretAccessKey" as const } },
        ];
  return [
    {
      where: "The S3 destination's setup form",
      // The form runs a connection test that writes and deletes a file (prequel.md §3).
      action:
        connection.prefix === undefined
          ? "Add the destination; its connection test writes a file and deletes it."
          : `Add the destination; its connection test writes a file and deletes it. The form has no folder field: make sure the destination writes under ${connection.prefix}/, the only folder its policy allows.`,
      fields: [{ label: "Bucket name", value: connection.bucket, note: "the name only" }, { label: "Bucket region", value: connection.region }, ...credential],
      source: "prequel.md §6",
    },
  ];
}
