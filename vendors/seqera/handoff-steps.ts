/**
 * Seqera's forms, in order (seqera.md §7): the credential, then Data Explorer's data repository and
 * the compute environment's work directory, for the uses the connection has.
 */
import type { ResolvedConnection } from "../../fields/resolved";
import { USER_WITH_ROLE_CREDENTIAL, type HandoffStep } from "../types";
import type { SeqeraConnection } from "./schema";

export function seqeraHandoffSteps(connection: ResolvedConnection<SeqeraConnection>): HandoffStep[] {
  const path = `s3://${connection.bucket}${connection.prefix ? `/${connection.prefix}` : ""}`;
  const role = connection.credential.type === "role" ? connection.credential : undefined;
  const keysRole = connection.credential.type === USER_WITH_ROLE_CREDENTIAL ? connection.credential : undefined;
  const credentialFields = keysRole
    ? [
        { label: "AWS credential mode", value: "Keys" },
        { label: "Access key", value: { credential: "accessKeyId" as const } },
        { label: "Secret key", value: { credential: "secretAccessKey" as const } },
        {
          label: "Assume role",
          value: { credential: "roleArn" as const },
          note: "the role's name is fixed, so the plan shows this ARN before the first apply",
        },
        { label: "Generate External ID", value: "on", note: "the role trusts the user only with the External ID Seqera generates" },
      ]
    : role
      ? [
          { label: "AWS credential mode", value: "Role" },
          {
            label: "Assume role",
            value: { credential: "roleArn" as const },
            note: "the role's name is fixed, so the plan shows this ARN before the first apply",
          },
        ]
      : [
          { label: "AWS credential mode", value: "Keys" },
          { label: "Access key", value: { credential: "accessKeyId" as const } },
          { label: "Secret key", value: { credential: "secretAccessKey" as const } },
          { label: "Assume role", value: "", note: "leave empty" },
        ];
  const withId = role ?? keysRole;
  const steps: HandoffStep[] = [
    {
      where: "Credentials > Add credentials (Provider: AWS)",
      action: withId?.externalId
        ? `Save the credential; the External ID Seqera shows must be ${withId.externalId}, the one the role trusts.`
        : withId
          ? "Save the credential, copy the External ID Seqera shows into credential.externalId in the connections file, and apply again: until then the role trusts nobody."
          : "Save the credential.",
      fields: [{ label: "Name", value: connection.name }, { label: "Provider", value: "AWS" }, ...credentialFields],
      source: "seqera.md §7",
    },
  ];
  if (connection.dataExplorer) {
    steps.push({
      where: "Data Explorer > Add data repository",
      action: "Add the bucket folder as a data repository with the credential above.",
      fields: [
        { label: "Provider", value: "AWS" },
        { label: "Path", value: path },
        { label: "Name", value: connection.name },
        { label: "Credentials", value: connection.name, note: "choose from the list" },
        { label: "Description", value: "", note: "optional" },
      ],
      source: "seqera.md §7",
    });
  }
  if (connection.workDirectory) {
    steps.push({
      where: "Compute environments > Add compute environment (AWS Batch or AWS Cloud)",
      action: `Create the compute environment in ${connection.workDirectory.computeRegion}, the bucket's region, with the credential above.`,
      fields: [
        { label: "Region", value: connection.workDirectory.computeRegion },
        { label: "Pipeline work directory", value: path },
      ],
      source: "seqera.md §7",
    });
  }
  return steps;
}
