/**
 * Synapse (Sage Bionetworks) external S3 storage locations: docs/vendors/synapse.md.
 *
 * No credential in the account: Synapse's own account is granted in the bucket policy, read-only
 * or read-write. The vendor's policy grants its account the whole bucket (synapse.md §3.1, §3.2);
 * this module confines the grant to the connection's prefix, which is Synapse's base key
 * (synapse.md §3.4). Synapse's ownership check reads `<baseKey>/owner.txt` with GetObject
 * (synapse.md §9), inside that prefix, so it still works; the program writes that marker.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../../iam/document";
import { bucketArn, listPrefixCondition, objectArn } from "../../iam/s3";
import { sidNamespace } from "../../fields/names";
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { sharedPrincipalStatements } from "../shared";
import type { BucketObjectSpec, Handoff, VendorModule, VendorProblem } from "../types";
import {
  LIST_WITHOUT_PREFIX_KEY,
  OWNER_MARKER,
  SYNAPSE_ACCOUNT_ID,
  SYNAPSE_ACTIONS,
  SYNAPSE_CORS_ORIGIN,
  SYNAPSE_CORS_RULE,
  SYNAPSE_HANDOFF,
  SYNAPSE_OWNER,
  SYNAPSE_PRINCIPAL,
  SYNAPSE_WEB_ORIGIN,
} from "./facts";
import { synapseHandoffSteps } from "./handoff-steps";
import { synapseNeeds } from "./needs";
import { SynapseConnectionSchema, type SynapseConnection } from "./schema";

export * from "./facts";
export { ACTION_CATALOG, expandWildcards, type CatalogAction } from "./actions";
export { SynapseConnectionSchema, type SynapseConnection } from "./schema";

type Connection = ResolvedConnection<SynapseConnection>;

/** The key Synapse reads to verify ownership (synapse.md §6, §9). */
export const ownerMarkerKey = (prefix: string | undefined) => (prefix ? `${prefix}/${OWNER_MARKER}` : OWNER_MARKER);

/** Listing actions the connection gets: those without an `s3:prefix` key only on a whole-bucket location (synapse.md §3.3). */
export function synapseListActions(connection: Connection): string[] {
  const list = SYNAPSE_ACTIONS[connection.access].list;
  return connection.prefix ? list.filter((a) => !(LIST_WITHOUT_PREFIX_KEY as readonly string[]).includes(a)) : [...list];
}

/**
 * synapse.md §3.1 or §3.2 with the wildcards expanded (§3.3), confined to the prefix (§3.4):
 * listing under `s3:prefix`, objects under `<prefix>/*`. GetBucketLocation takes no prefix.
 */
export function synapseBucketPolicyStatements(connection: Connection, bucket: ResolvedBucket): PolicyStatement[] {
  const ns = sidNamespace(connection.name);
  const Principal = { AWS: SYNAPSE_PRINCIPAL };
  const B = bucketArn(bucket.name);
  const P = connection.prefix;
  return [
    {
      Sid: `${ns}SynapseList`,
      Effect: "Allow",
      Principal,
      Action: synapseListActions(connection),
      Resource: B,
      ...(P && { Condition: listPrefixCondition(P) }),
    },
    { Sid: `${ns}SynapseLocation`, Effect: "Allow", Principal, Action: ["s3:GetBucketLocation"], Resource: B },
    { Sid: `${ns}SynapseObjects`, Effect: "Allow", Principal, Action: [...SYNAPSE_ACTIONS[connection.access].objects], Resource: objectArn(bucket.name, P) },
  ];
}

function validate(connection: Connection, bucket: ResolvedBucket): VendorProblem[] {
  const problems: VendorProblem[] = [];
  if (connection.sts === true && connection.prefix === undefined) {
    problems.push({
      severity: "error",
      path: ["sts"],
      message: `an STS-enabled location without a base key gives every user Synapse vends credentials to the whole bucket (docs/vendors/synapse.md §8). Fix: set prefix (it becomes the base key), or remove sts: true`,
    });
  }
  if (connection.prefix === undefined) {
    problems.push({
      severity: "warning",
      path: ["vendor"],
      message: `grants Synapse's account the whole bucket, as the vendor's policy does (docs/vendors/synapse.md §3.4); set prefix to confine it to the storage location's base key`,
    });
  }
  if (bucket.encryption.type === "sse-kms") {
    problems.push({
      severity: "warning",
      path: ["vendor"],
      message: `Synapse's account cannot use the bucket's KMS key unless the key policy grants account ${SYNAPSE_ACCOUNT_ID} (docs/vendors/synapse.md §5); this program does not manage key policies. Fix: grant it in the key policy, or use encryption: { type: sse-s3 } as the vendor's template does`,
    });
  }
  return problems;
}

export const synapse: VendorModule<SynapseConnection> = {
  vendor: "synapse",
  title: "Synapse external S3 storage location",
  connectionSchema: SynapseConnectionSchema,
  requiredFieldHints: {
    access: ": add access: read-only or access: read-write, what Synapse may do under the prefix (docs/vendors/synapse.md §3)",
    owners: ": list the Synapse user or team IDs (or usernames) written to owner.txt (docs/vendors/synapse.md §6)",
  },
  needs: synapseNeeds,
  directAccessForbidden: [
    {
      accountId: SYNAPSE_ACCOUNT_ID,
      why: "Synapse is granted its connection's base key by the connection itself (docs/vendors/synapse.md §3); a grant of its own would bypass that confinement",
    },
  ],
  samples: {
    tag: "syn",
    features: [{ access: "read-only" }, { access: "read-write" }],
    // Synapse's account is granted in the bucket policy: there is no credential in the account.
    credentialTypes: ["bucket-policy"],
    // An STS location needs a base key, so generated connections ask for STS where they have one.
    requiredFields: (hasPrefix) => ({ owners: [3412345, "proof-owner"], sts: hasPrefix }),
  },
  identifiers: [
    SYNAPSE_ACCOUNT_ID,
    SYNAPSE_PRINCIPAL,
    SYNAPSE_WEB_ORIGIN,
    SYNAPSE_HANDOFF.concreteType,
    SYNAPSE_HANDOFF.projectSettingType,
    SYNAPSE_OWNER.allowed,
    SYNAPSE_CORS_ORIGIN.allowed,
  ],
  validate,
  // No credential in the account (synapse.md §2): the components never ask for these.
  identityPolicy: (): PolicyDocument => policyDocument([]),
  trustPolicy: (): PolicyDocument => policyDocument([]),
  maxSessionDurationSeconds: undefined,
  bucketPolicyStatements: (connection, bucket) => [...synapseBucketPolicyStatements(connection, bucket), ...sharedPrincipalStatements(connection)],
  corsOrigins: SYNAPSE_CORS_RULE.allowedOrigins,
  corsRules: (connection) => [connection.corsOrigins ? { ...SYNAPSE_CORS_RULE, allowedOrigins: [...connection.corsOrigins] } : SYNAPSE_CORS_RULE],
  // Written for read-only locations too: the server checks it for every external location (synapse.md §10.2).
  bucketObjects: (connection): BucketObjectSpec[] => [
    { id: "owner-marker", key: ownerMarkerKey(connection.prefix), content: `${connection.owners.join("\n")}\n`, contentType: "text/plain; charset=utf-8" },
  ],
  // synapse.md §7: the web form, and the API's storage-location setting.
  handoffSteps: (connection) => synapseHandoffSteps(connection),
  handoff(connection): Handoff {
    const baseKey = connection.prefix ?? "";
    const banner = connection.banner ?? `${connection.name} (vendor-connections)`;
    return {
      web: { path: SYNAPSE_HANDOFF.uiPath, Bucket: connection.bucket, "Base Key": baseKey, Banner: banner },
      api: {
        "POST /storageLocation": {
          concreteType: SYNAPSE_HANDOFF.concreteType,
          uploadType: "S3",
          bucket: connection.bucket,
          ...(connection.prefix !== undefined && { baseKey }),
          banner,
          stsEnabled: connection.sts === true,
        },
        "POST /projectSettings": { concreteType: SYNAPSE_HANDOFF.projectSettingType, settingsType: "upload", locations: "[<storageLocationId>]" },
      },
    };
  },
};
