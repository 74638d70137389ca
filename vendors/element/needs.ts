/**
 * What the access proofs expect of Element's credential (docs/vendors/element.md): the upload
 * template's actions, and a trust that lets in Element's account only with the external ID.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { fromSpecs, kmsNeeds, stsNeed, withList, type NeedsContext, type TrustCaller, type TrustNeeds, type VendorNeeds } from "../needs";
import { KMS_ACTIONS_FOR } from "../shared";
import { ELEMENT_ACCOUNT_ID, ELEMENT_STATEMENTS, ELEMENT_USER_ONLY_ACTIONS } from "./facts";
import type { ElementConnection } from "./schema";

/** The role trust of Element and ElemBio (element.md §4; elembio.md §3): Element's account, with the external ID. */
export function externalIdTrust(connection: { credential: { type: "role"; externalId: string } | { type: "user" } }): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const externalId = connection.credential.externalId;
  const element = `arn:aws:iam::${ELEMENT_ACCOUNT_ID}:role/proof-element-service`;
  const caller = (label: string, principal: string, context: Record<string, string>): TrustCaller => ({
    label,
    principal,
    action: "sts:AssumeRole",
    context,
    awsPrincipal: true,
  });
  return {
    why: "docs/vendors/element.md §4; docs/vendors/elembio.md §3: Element's account with the customer's external ID",
    caller: caller(`Element's account, ExternalId=${externalId}`, element, { "sts:ExternalId": externalId }),
    refused: [
      caller("Element's account, wrong ExternalId", element, { "sts:ExternalId": `${externalId}-wrong` }),
      caller("Element's account, no ExternalId", element, {}),
      caller(`another account, ExternalId=${externalId}`, "arn:aws:iam::444455556666:role/proof-outsider", { "sts:ExternalId": externalId }),
    ],
  };
}

/** element.md §3: the storage-connection template; users add sts:GetFederationToken. */
export function elementNeeds(connection: ResolvedConnection<ElementConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const specs = fromSpecs(ELEMENT_STATEMENTS, "docs/vendors/element.md §3");
  const user =
    connection.credential.type === "user" ? ELEMENT_USER_ONLY_ACTIONS.map((action) => ({ action, why: "docs/vendors/element.md §3, §5: IAM users only" })) : [];
  return {
    objects: specs.objects,
    ...withList(specs.bucket, true),
    global: [...specs.any, ...user].map((n) => stsNeed(n, context)),
    kms: kmsNeeds(bucket, KMS_ACTIONS_FOR.write, "uploads to an SSE-KMS bucket need the key [AWS]"),
    trust: externalIdTrust(connection),
    vendorAccountId: ELEMENT_ACCOUNT_ID,
    denied: [],
  };
}
