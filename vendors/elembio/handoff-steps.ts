/**
 * ElemBio Cloud's forms, in the order they depend on each other: the provider, then the storage
 * connection that uses it, then the HealthOmics compute connection (elembio.md §6).
 */
import type { ResolvedConnection } from "../../fields/resolved";
import { elementCredentialFields } from "../element/handoff-steps";
import type { HandoffStep } from "../types";
import type { ElembioConnection } from "./schema";

export function elembioHandoffSteps(connection: ResolvedConnection<ElembioConnection>): HandoffStep[] {
  const steps: HandoffStep[] = [
    {
      where: "Providers > Amazon Web Services",
      action: "Add the AWS provider holding the credential.",
      fields: [
        { label: "Name", value: connection.name, note: "unique among your providers" },
        { label: "Default region", value: connection.region },
        ...elementCredentialFields(connection),
      ],
      source: "elembio.md §6",
    },
    {
      where: "Storage > Add Storage",
      action: "Add the storage connection on that provider.",
      fields: [
        { label: "Provider", value: connection.name, note: "the provider added above" },
        { label: "Name", value: connection.name, note: "unique among your storage connections" },
        { label: "Region", value: connection.region },
        { label: "Bucket name", value: connection.bucket, note: "without s3://" },
        { label: "Prefix", value: connection.prefix ?? "" },
        { label: "Use for Run Upload", value: "On", note: "offered on instruments at run setup" },
        { label: "Use for Data Exploration", value: "On", note: "off hides the prefix from Data Explorer" },
      ],
      source: "elembio.md §6",
    },
  ];
  if (connection.healthOmics?.enabled === true) {
    steps.push({
      where: "Compute Connections > Add Compute",
      action: "Add the HealthOmics compute connection on that provider.",
      fields: [
        { label: "Provider", value: connection.name },
        { label: "Name", value: connection.name },
        { label: "Execution role ARN", value: { credential: "executionRoleArn" } },
        { label: "Region", value: connection.region, note: "a HealthOmics region (elembio.md §7.4)" },
      ],
      source: "elembio.md §6",
    });
  }
  return steps;
}
