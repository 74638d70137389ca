/**
 * What the access proofs expect of a data-sync destination's credential (docs/vendors/prequel.md):
 * write (and the connection test's delete while onboarding), and a trust that lets in only the
 * vendor's Google identity.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { fromSpecs, kmsNeeds, type TrustCaller, type TrustNeeds, type VendorNeeds } from "../needs";
import { KMS_ACTIONS_FOR } from "../shared";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_STATEMENTS } from "./facts";
import type { PrequelConnection } from "./schema";

/** prequel.md §3: write (and, while onboarding, the connection test's delete); prequel.md §4 Google web identity. */
export function prequelNeeds(connection: ResolvedConnection<PrequelConnection>, bucket: ResolvedBucket): VendorNeeds {
  const specs = fromSpecs(
    connection.onboarding === false ? { DestinationWrite: PREQUEL_STATEMENTS.DestinationWrite } : PREQUEL_STATEMENTS,
    "docs/vendors/prequel.md §3",
  );
  return {
    objects: specs.objects,
    bucket: [],
    global: [],
    kms: kmsNeeds(
      bucket,
      KMS_ACTIONS_FOR.write,
      "writing to an SSE-KMS bucket needs the key [AWS] (the vendor's KMS statement was not retrieved, docs/vendors/prequel.md §2)",
    ),
    trust: prequelTrust(connection),
    denied: [],
  };
}

function prequelTrust(connection: ResolvedConnection<PrequelConnection>): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const { subject, audience } = connection.credential;
  const sub = `${GOOGLE_WEB_IDENTITY_PROVIDER}:sub`;
  const oaud = `${GOOGLE_WEB_IDENTITY_PROVIDER}:oaud`;
  const right: Record<string, string> = { [sub]: subject, ...(audience !== undefined && { [oaud]: audience }) };
  const web = (label: string, ctx: Record<string, string>, principal: string = GOOGLE_WEB_IDENTITY_PROVIDER): TrustCaller => ({
    label,
    principal,
    action: "sts:AssumeRoleWithWebIdentity",
    context: ctx,
    awsPrincipal: false,
  });
  const refused: TrustCaller[] = [
    web("another Google identity", { ...right, [sub]: `${subject}0` }),
    web("no subject", audience !== undefined ? { [oaud]: audience } : {}),
    web("another web-identity provider", right, "www.amazon.com"),
    {
      label: "another account, sts:AssumeRole",
      principal: "arn:aws:iam::444455556666:role/proof-outsider",
      action: "sts:AssumeRole",
      context: {},
      awsPrincipal: true,
    },
  ];
  if (audience !== undefined)
    refused.push(web("another organisation (oaud)", { ...right, [oaud]: `${audience}-other` }), web("no organisation (oaud)", { [sub]: subject }));
  return {
    why: "docs/vendors/prequel.md §4: the vendor's Google service account (and organisation)",
    caller: web(`Google sub=${subject}${audience ? ` oaud=${audience}` : ""}`, right),
    refused,
  };
}
