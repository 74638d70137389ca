/**
 * What the access proofs expect of Seqera's credential (docs/vendors/seqera.md): the statements of
 * the connection's uses, and a trust that lets in Seqera's platform role only with the external ID
 * Seqera generated, or nobody at all before it has.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { fromSpecs, kmsNeeds, withList, type NeedsContext, type TrustCaller, type TrustNeeds, type VendorNeeds } from "../needs";
import { KMS_ACTIONS_FOR } from "../shared";
import { USER_WITH_ROLE_CREDENTIAL, type StatementSpec } from "../types";
import {
  SEQERA_ACCOUNT_ID,
  SEQERA_DATA_EXPLORER_STATEMENTS,
  SEQERA_DELETE_STATEMENTS,
  SEQERA_DISCOVERY_STATEMENTS,
  SEQERA_PENDING,
  SEQERA_PLATFORM_ROLE_ARN,
  SEQERA_WORK_DIRECTORY_STATEMENTS,
} from "./facts";
import type { SeqeraConnection } from "./schema";

const caller = (label: string, principal: string, action: TrustCaller["action"], context: Record<string, string>): TrustCaller => ({
  label,
  principal,
  action,
  context,
  awsPrincipal: true,
});

/**
 * seqera.md §3.4: keys with an assumed role. The connection's own user with the external ID; Seqera's
 * platform role (it holds the keys, not a role of its own here), another account, and the user
 * without the ID or with another are refused. Before the ID exists, nobody.
 */
function keysTrust(externalId: string | undefined, context: NeedsContext): TrustNeeds {
  const user = `arn:aws:iam::${context.accountId}:user/${context.credentialName}`;
  const outsider = "arn:aws:iam::444455556666:user/proof-outsider";
  if (externalId === undefined) {
    const { placeholder } = SEQERA_PENDING;
    return {
      why: "docs/vendors/seqera.md §3.3, §3.4: before Seqera has generated the external ID the role trusts nobody",
      refused: [
        caller("the connection's user, no ExternalId", user, "sts:AssumeRole", {}),
        caller(`the connection's user, ExternalId=${placeholder} (the placeholder)`, user, "sts:AssumeRole", { "sts:ExternalId": placeholder }),
        caller("the connection's user, ExternalId=any-generated-id", user, "sts:AssumeRole", { "sts:ExternalId": "any-generated-id" }),
      ],
    };
  }
  return {
    why: "docs/vendors/seqera.md §3.4: the connection's own user, whose keys Seqera holds, with the external ID Seqera generated",
    caller: caller(`the connection's user, ExternalId=${externalId}`, user, "sts:AssumeRole", { "sts:ExternalId": externalId }),
    refused: [
      caller("the connection's user, wrong ExternalId", user, "sts:AssumeRole", { "sts:ExternalId": `${externalId}-wrong` }),
      caller("the connection's user, no ExternalId", user, "sts:AssumeRole", {}),
      caller(`Seqera's platform role, ExternalId=${externalId}`, SEQERA_PLATFORM_ROLE_ARN, "sts:AssumeRole", { "sts:ExternalId": externalId }),
      caller(`another account's user, ExternalId=${externalId}`, outsider, "sts:AssumeRole", { "sts:ExternalId": externalId }),
    ],
  };
}

/** seqera.md §3.1, §3.3: Seqera's platform role with the generated ID; before it exists, nobody. §3.4: the keys' user. */
export function seqeraTrust(connection: { credential: SeqeraConnection["credential"] }, context: NeedsContext): TrustNeeds | undefined {
  if (connection.credential.type === USER_WITH_ROLE_CREDENTIAL) return keysTrust(connection.credential.externalId, context);
  if (connection.credential.type !== "role") return undefined;
  const seqera = SEQERA_PLATFORM_ROLE_ARN;
  const outsider = "arn:aws:iam::444455556666:role/proof-outsider";
  const externalId = connection.credential.externalId;
  if (externalId === undefined) {
    const { placeholder } = SEQERA_PENDING;
    return {
      why: "docs/vendors/seqera.md §3.3: before Seqera has generated the external ID the role trusts nobody",
      refused: [
        caller("Seqera's platform role, no ExternalId", seqera, "sts:AssumeRole", {}),
        caller(`Seqera's platform role, ExternalId=${placeholder} (the placeholder)`, seqera, "sts:AssumeRole", { "sts:ExternalId": placeholder }),
        caller("Seqera's platform role, ExternalId=any-generated-id", seqera, "sts:AssumeRole", { "sts:ExternalId": "any-generated-id" }),
        caller("Seqera's platform role, no ExternalId", seqera, "sts:TagSession", {}),
        caller(`another account, ExternalId=${placeholder}`, outsider, "sts:AssumeRole", { "sts:ExternalId": placeholder }),
      ],
    };
  }
  return {
    why: "docs/vendors/seqera.md §3.1: Seqera's platform role with the external ID Seqera generated, and sts:TagSession",
    caller: caller(`Seqera's platform role, ExternalId=${externalId}`, seqera, "sts:AssumeRole", { "sts:ExternalId": externalId }),
    allowed: [caller("Seqera's platform role", seqera, "sts:TagSession", {})],
    refused: [
      caller("Seqera's platform role, wrong ExternalId", seqera, "sts:AssumeRole", { "sts:ExternalId": `${externalId}-wrong` }),
      caller("Seqera's platform role, no ExternalId", seqera, "sts:AssumeRole", {}),
      caller(`another account, ExternalId=${externalId}`, outsider, "sts:AssumeRole", { "sts:ExternalId": externalId }),
      caller("another account", outsider, "sts:TagSession", {}),
    ],
  };
}

/** seqera.md §4: the statements of the connection's uses. */
export function seqeraNeeds(connection: ResolvedConnection<SeqeraConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const specs: Record<string, StatementSpec> = {
    ...(connection.workDirectory ? SEQERA_WORK_DIRECTORY_STATEMENTS : {}),
    ...(connection.dataExplorer ? SEQERA_DATA_EXPLORER_STATEMENTS : {}),
    ...(connection.dataExplorer && connection.delete ? SEQERA_DELETE_STATEMENTS : {}),
    ...(connection.discoverBuckets ? SEQERA_DISCOVERY_STATEMENTS : {}),
  };
  const needs = fromSpecs(specs, "docs/vendors/seqera.md §4");
  const unique = <T extends { action: string }>(list: T[]) => list.filter((n, i) => list.findIndex((m) => m.action === n.action) === i);
  return {
    objects: unique(needs.objects),
    // Confined to the prefix by this program (seqera.md §4.5).
    ...withList(unique(needs.bucket), true),
    global: needs.any.map((n) => ({ ...n, resource: "*" })),
    kms: kmsNeeds(bucket, connection.dataExplorer ? KMS_ACTIONS_FOR.write : KMS_ACTIONS_FOR.read, "reading and writing an SSE-KMS bucket needs the key [AWS]"),
    trust: seqeraTrust(connection, context),
    vendorAccountId: SEQERA_ACCOUNT_ID,
    denied: [],
  };
}
