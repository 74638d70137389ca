/**
 * What the access proofs expect of Synapse's account (docs/vendors/synapse.md): the object actions
 * of its access level under the prefix, listing confined to it, and the bucket's location.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import type { Need, VendorNeeds } from "../needs";
import { SYNAPSE_ACTIONS, SYNAPSE_PRINCIPAL } from "./facts";
import type { SynapseConnection } from "./schema";

/** synapse.md §3.1 or §3.2, expanded (§3.3) and confined to the prefix (§3.4). */
export function synapseNeeds(connection: ResolvedConnection<SynapseConnection>, _bucket: ResolvedBucket): VendorNeeds {
  const why = `docs/vendors/synapse.md ${connection.access === "read-write" ? "§3.1" : "§3.2"}, §3.3 (${connection.access})`;
  const need = (action: string): Need => ({ action, why });
  return {
    objects: SYNAPSE_ACTIONS[connection.access].objects.map(need),
    bucket: [need("s3:GetBucketLocation")],
    list: { ...need("s3:ListBucket"), confinedToPrefix: connection.prefix !== undefined },
    global: [],
    // The key policy is not this program's (synapse.md §5): Synapse is expected to get no KMS action from it.
    kms: [],
    bucketPolicyPrincipal: SYNAPSE_PRINCIPAL,
    denied: [],
  };
}
