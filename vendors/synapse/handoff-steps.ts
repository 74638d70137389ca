/**
 * Synapse's storage-location form, field by field (synapse.md §7), then the project setting that
 * makes the location the project's upload destination.
 */
import type { ResolvedConnection } from "../../fields/resolved";
import type { HandoffStep } from "../types";
import { SYNAPSE_HANDOFF } from "./facts";
import type { SynapseConnection } from "./schema";

export function synapseHandoffSteps(connection: ResolvedConnection<SynapseConnection>): HandoffStep[] {
  return [
    {
      where: SYNAPSE_HANDOFF.uiPath,
      // Synapse reads <base key>/owner.txt, which the program writes, before it accepts the location (synapse.md §6, §9).
      action: "Add the external storage location; Synapse checks owner.txt under the base key before it saves it.",
      fields: [
        { label: "Bucket", value: connection.bucket, note: "the name only" },
        { label: "Base Key", value: connection.prefix ?? "" },
        { label: "Banner", value: connection.banner ?? `${connection.name} (vendor-connections)` },
      ],
      source: "synapse.md §7",
    },
  ];
}
