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
  icaOidcNamespace,
} from "./facts";
import type { IcaConnection } from "./schema";

/** ica.md §6.1, §6.2 by versioning, ica.md §8.3, §6.4 tagging, ica.md §10 KMS; role trust ica.md §7.3; cross-account ica.md §8. */
export function icaNeeds(connection: ResolvedConnection<IcaConnection>, bucket: ResolvedBucket, context: NeedsContext): VendorNeeds {
  const versioned = isVersioned(bucket);
  const specs = fromSpecs(ICA_STATEMENTS, "docs/vendors/ica.md §6.1");
  const as = (actions: readonly string[], why: string): Need[] => actions.map((action) => ({ action, why }));
  const objects = [
    ...specs.objects,
    ...(versioned ? as(ICA_VERSIONED_ACTIONS.objects, "docs/vendors/ica.md §6.2 versioned bucket") : []),
    ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "docs/vendors/ica.md §8.3, §6.4 object tagging") : []),
    ...(connection.objectTagging && versioned
      ? as(ICA_TAGGING_ACTIONS.versionedObjects, "docs/vendors/ica.md §8.3, §6.4 object tagging, versioned [third-party]")
      : []),
  ];
  const bucketNeeds = [...specs.bucket, ...(versioned ? as(ICA_VERSIONED_ACTIONS.bucket, "docs/vendors/ica.md §6.2 versioned bucket") : [])];
  // GetFederationToken is the user method's (ica.md §6.1); role credentials cannot call it (ica.md §7.1, §12.4).
  const global = connection.credential.type === "user" ? specs.any.map((n) => stsNeed(n, context)) : [];
  const mode = connection.crossAccount ?? "none";
  const crossActions =
    mode === "none"
      ? []
      : [
          ...as(ICA_CROSS_ACCOUNT_ACTIONS.copy, "docs/vendors/ica.md §8.1 cross-account copy"),
          ...(versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedCopy, "docs/vendors/ica.md §8.1 versioned copy [third-party]") : []),
          ...(mode === "move" ? as(ICA_CROSS_ACCOUNT_ACTIONS.move, "docs/vendors/ica.md §8.1, §12.8 move [third-party]") : []),
          ...(mode === "move" && versioned ? as(ICA_CROSS_ACCOUNT_ACTIONS.versionedMove, "docs/vendors/ica.md §8.1 versioned move [third-party]") : []),
          ...(connection.objectTagging ? as(ICA_TAGGING_ACTIONS.objects, "docs/vendors/ica.md §8.3, §6.4 tagging in the cross-account statement") : []),
          ...(connection.objectTagging && versioned
            ? as(ICA_TAGGING_ACTIONS.versionedObjects, "docs/vendors/ica.md §8.3, §6.4 tagging, versioned [third-party]")
            : []),
        ];
  const otherRegion = Object.keys(ICA_REGIONS).find((r) => r !== connection.region)!;
  return {
    objects,
    // ICA's templates list the bucket without an s3:prefix condition (aws.md §1, ica.md §12.5).
    ...withList(bucketNeeds, false),
    global,
    kms: kmsNeeds(bucket, ICA_KMS_ACTIONS, "docs/vendors/ica.md §10 SSE-KMS"),
    trust: icaTrust(connection, context),
    crossAccount: {
      label: "ICA cross-account role",
      roleArn: icaCrossAccountRoleArn(connection.region),
      actions: crossActions,
      otherRoleArn: icaCrossAccountRoleArn(otherRegion),
    },
    denied: [],
  };
}

/** ica.md §7.3: ICA's EKS service account through the account's OIDC provider, with the session-name prefix. */
function icaTrust(connection: ResolvedConnection<IcaConnection>, context: NeedsContext): TrustNeeds | undefined {
  if (connection.credential.type !== "role") return undefined;
  const issuer = icaOidcIssuer(connection.region);
  const namespace = icaOidcNamespace(connection.region, connection.credential.oidcNamespace);
  if (!issuer || !namespace) return undefined;
  const provider = `arn:aws:iam::${context.accountId}:oidc-provider/${issuer}`;
  const sessionPrefix = connection.credential.roleSessionNamePrefix;
  const right = {
    [`${issuer}:sub`]: `system:serviceaccount:${namespace}:irsa-${namespace}-gds`,
    [`${issuer}:aud`]: ICA_OIDC_AUDIENCE,
    "sts:RoleSessionName": `${sessionPrefix}-proof`,
  };
  const web = (label: string, ctx: Record<string, string>, principal = provider): TrustCaller => ({
    label,
    principal,
    action: "sts:AssumeRoleWithWebIdentity",
    context: ctx,
    awsPrincipal: false,
  });
  const without = (key: string) => Object.fromEntries(Object.entries(right).filter(([k]) => k !== key));
  const otherIssuer = Object.keys(ICA_REGIONS)
    .map(icaOidcIssuer)
    .find((i) => i !== undefined && i !== issuer)!;
  return {
    why: "docs/vendors/ica.md §7.3: ICA's service account, audience and RoleSessionName prefix",
    caller: web(`ICA service account, session ${sessionPrefix}-proof`, right),
    refused: [
      web("service account of another namespace", { ...right, [`${issuer}:sub`]: "system:serviceaccount:default:irsa-default-gds" }),
      web("another service account of ICA's namespace", { ...right, [`${issuer}:sub`]: `system:serviceaccount:${namespace}:proof-other` }),
      web("wrong audience", { ...right, [`${issuer}:aud`]: "proof-audience" }),
      web("session name without the prefix", { ...right, "sts:RoleSessionName": "proof-session" }),
      web("no session name", without("sts:RoleSessionName")),
      web("no subject", without(`${issuer}:sub`)),
      web(
        "ICA's provider of another region",
        { [`${otherIssuer}:sub`]: right[`${issuer}:sub`], [`${otherIssuer}:aud`]: ICA_OIDC_AUDIENCE, "sts:RoleSessionName": right["sts:RoleSessionName"] },
        `arn:aws:iam::${context.accountId}:oidc-provider/${otherIssuer}`,
      ),
      web("the same issuer in another account", right, `arn:aws:iam::444455556666:oidc-provider/${issuer}`),
      {
        label: "another account, sts:AssumeRole",
        principal: "arn:aws:iam::444455556666:role/proof-outsider",
        action: "sts:AssumeRole",
        context: {},
        awsPrincipal: true,
      },
    ],
  };
}
