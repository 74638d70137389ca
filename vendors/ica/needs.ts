/**
 * What the access proofs expect of ICA's credential and cross-account role (docs/vendors/ica.md):
 * the identity template by versioning and features, a trust that lets in only ICA's service
 * account of the region, and a cross-account role confined to the prefix.
 */
import type { ResolvedBucket, ResolvedConnection } from "../../fields/resolved";
import { fromSpecs, kmsNeeds, stsNeed, withList, type Need, type NeedsContext, type TrustCaller, type TrustNeeds, type VendorNeeds } from "../needs";
import { isVersioned } from "../shared";
import {
  ICA_CROSS_ACCOUNT_ACTIONS,
  ICA_KMS_ACTIONS,
  ICA_OIDC_AUDIENCE,
  ICA_REGIONS,
  ICA_STATEMENTS,
  ICA_TAGGING_ACTIONS,
  ICA_VERSIONED_ACTIONS,
  icaCrossAccountRoleArn,
  icaOidcIssuer,
} from "./facts";
import type { IcaConnection } from "./schema";

/** §4.1/§4.2 by versioning, §6.3 tagging, §8 KMS; role trust §5.3; cross-account §6. */
export function icaNeeds(connection: ResolvedConnection<IcaConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const versioned = isVersioned(bucket);
  const specs = fromSpecs(ICA_STATEMENTS, "§4.1");
  const as = (actions: readonly string[], why: string): Need[] => actions.map((action) => ({ action, why }));
  const objects = [
    ...specs.objects,
    ...(versioned ? as(ICA_VERSIONED_ACTIONS.objects, "§4.2 versioned bucket") : []),
    ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "§6.3 object tagging") : []),
    ...(connection.objectTagging && versioned ? as(ICA_TAGGING_ACTIONS.versionedObjects, "§6.3 object tagging, versioned [3P]") : []),
  ];
  const bucketNeeds = [...specs.bucket, ...(versioned ? as(ICA_VERSIONED_ACTIONS.bucket, "§4.2 versioned bucket") : [])];
  // GetFederationToken is the user method's (§4.1); role credentials cannot call it (§5.1, §11.5).
  const global = connection.credential.type === "user" ? specs.any.map((n) => stsNeed(n, context)) : [];
  const mode = connection.crossAccount ?? "none";
  const crossActions =
    mode === "none"
      ? []
      : [
          ...as(ICA_CROSS_ACCOUNT_ACTIONS.copy, "§6.1 cross-account copy"),
          ...(versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedCopy, "§6.1 versioned copy [3P]") : []),
          ...(mode === "move" ? as(ICA_CROSS_ACCOUNT_ACTIONS.move, "§6.1, §11.13 move [3P]") : []),
          ...(mode === "move" && versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedMove, "§6.1 versioned move [3P]") : []),
          ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "§6.3 tagging in the cross-account statement") : []),
          ...(connection.objectTagging && versioned ? as(ICA_TAGGING_ACTIONS.versionedObjects, "§6.3 tagging, versioned [3P]") : []),
        ];
  const otherRegion = Object.keys(ICA_REGIONS).find((r) => r !== connection.region)!;
  return {
    objects,
    // ICA's templates list the bucket without an s3:prefix condition (§10, §11.10).
    ...withList(bucketNeeds, false),
    global,
    kms: kmsNeeds(bucket, ICA_KMS_ACTIONS, "§8 SSE-KMS"),
    trust: icaTrust(connection, context),
    crossAccount: { label: "ICA cross-account role", roleArn: icaCrossAccountRoleArn(connection.region), actions: crossActions, otherRoleArn: icaCrossAccountRoleArn(otherRegion) },
    denied: [],
  };
}

/** §5.3 [INF]: ICA's EKS service account through the account's OIDC provider, with the session-name prefix. */
function icaTrust(connection: ResolvedConnection<IcaConnection>, context: NeedsContext): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const issuer = icaOidcIssuer(connection.region);
  const namespace = ICA_REGIONS[connection.region]?.oidc?.namespace;
  if (!issuer || !namespace) return undefined;
  const provider = `arn:aws:iam::${context.accountId}:oidc-provider/${issuer}`;
  const sessionPrefix = connection.credential.roleSessionNamePrefix;
  const right = {
    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:irsa-${namespace}-gds`,
    [`${issuer}:aud`]: ICA_OIDC_AUDIENCE,
    "sts:RoleSessionName": `${sessionPrefix}-proof`,
  };
  const web = (label: string, ctx: Record<string, string>, principal = provider): TrustCaller => ({ label, principal, action: "sts:AssumeRoleWithWebIdentity", context: ctx, awsPrincipal: false });
  const without = (key: string) => Object.fromEntries(Object.entries(right).filter(([k]) => k !== key));
  const otherIssuer = Object.keys(ICA_REGIONS).map(icaOidcIssuer).find((i) => i !== undefined && i !== issuer)!;
  return {
    why: "§5.3 [INF]: ICA's service account, audience and RoleSessionName prefix",
    caller: web(`ICA service account, session ${sessionPrefix}-proof`, right),
    refused: [
      web("service account of another namespace", { ...right, [`${issuer}:sub`]: "system:serviceaccount:default:irsa-default-gds" }),
      web("another service account of ICA's namespace", { ...right, [`${issuer}:sub`]: `system:serviceaccount:${namespace}:proof-other` }),
      web("wrong audience", { ...right, [`${issuer}:aud`]: "proof-audience" }),
      web("session name without the prefix", { ...right, "sts:RoleSessionName": "proof-session" }),
      web("no session name", without("sts:RoleSessionName")),
      web("no subject", without(`${issuer}:sub`)),
      web("ICA's provider of another region", { [`${otherIssuer}:sub`]: right[`${issuer}:sub`], [`${otherIssuer}:aud`]: ICA_OIDC_AUDIENCE, "sts:RoleSessionName": right["sts:RoleSessionName"] }, `arn:aws:iam::${context.accountId}:oidc-provider/${otherIssuer}`),
      web("the same issuer in another account", right, `arn:aws:iam::444455556666:oidc-provider/${issuer}`),
      { label: "another account, sts:AssumeRole", principal: "arn:aws:iam::444455556666:role/proof-outsider", action: "sts:AssumeRole", context: {}, awsPrincipal: true },
    ],
  };
}

