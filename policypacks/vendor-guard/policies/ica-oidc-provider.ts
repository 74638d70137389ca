import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ICA_OIDC_AUDIENCE } from "../../../vendors/ica";
import { describeIcaCredential, icaCredentials } from "../lib/ica";
import { ofTypes } from "../lib/resources";
import { cite, quoted, sentenceList } from "../lib/text";
import { label, TYPES } from "../lib/types";
import { forEachKnown, ifKnown } from "../lib/values";

/** The issuer an OIDC provider's `url` names, as IAM writes it in the provider's ARN. */
function issuerOf(provider: PolicyResource): string | undefined {
  const url = ifKnown(() => provider.props.url);
  return typeof url === "string" ? url.replace(/^https:\/\//, "").replace(/\/+$/, "") : undefined;
}

const clientIds = (provider: PolicyResource): string[] => (Array.isArray(provider.props.clientIdLists) ? provider.props.clientIdLists.map(String) : []);

/**
 * The role method needs ICA's OIDC provider in the customer's account, with ICA's audience as
 * client ID (ica.md §7.2). The role depends on it: IAM refuses a trust policy that names a
 * provider which does not exist yet, so the dependency is also what orders a new stack's creation.
 * A provider the account has already is imported into the stack (adopted), never assumed.
 */
export const icaOidcProvider: StackValidationPolicy = {
  name: "ica-oidc-provider",
  description: `Checks that a role trusting ICA's OIDC provider depends on that provider in the stack (created or imported), with ${ICA_OIDC_AUDIENCE} as a client ID.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    const providers = ofTypes(resources, [TYPES.oidcProvider]);
    const requirement = `the role method needs ICA's OIDC provider in your account, with client ID "${ICA_OIDC_AUDIENCE}", and IAM refuses a trust policy naming a provider that does not exist yet ${cite("ica.md §7.2")}`;
    forEachKnown(
      icaCredentials(resources).filter((c) => c.kind === "role"),
      (role) => {
        for (const issuer of [...new Set(role.issuers.map((i) => i.issuer))]) {
          const url = `https://${issuer}`;
          const depended = role.resource.dependencies.filter((d) => d.type === TYPES.oidcProvider && issuerOf(d) === issuer);
          if (depended.length === 0) {
            const elsewhere = providers.filter((p) => issuerOf(p) === issuer);
            const found =
              elsewhere.length > 0
                ? `does not depend on ${sentenceList(elsewhere.map(label))}, the stack's provider for "${url}"`
                : `trusts "${url}", a provider the stack neither creates nor imports`;
            const fix =
              elsewhere.length > 0
                ? `add that provider to the role's dependsOn (or build the Federated principal from its arn)`
                : `add an aws.iam.OpenIdConnectProvider with url "${url}" and clientIdLists ["${ICA_OIDC_AUDIENCE}"] (import it if the account has it already), and list it in the role's dependsOn`;
            reportViolation(`${describeIcaCredential(role)} ${found}; ${requirement}. Fix: ${fix}.`, role.resource.urn);
            continue;
          }
          for (const provider of depended.filter((p) => !clientIds(p).includes(ICA_OIDC_AUDIENCE))) {
            reportViolation(
              `${label(provider)}, ICA's OIDC provider for ${describeIcaCredential(role)}, lists clientIdLists ${quoted(clientIds(provider))} without "${ICA_OIDC_AUDIENCE}"; ${requirement}. Fix: add "${ICA_OIDC_AUDIENCE}" to clientIdLists.`,
              provider.urn,
            );
          }
        }
      },
    );
  },
};
