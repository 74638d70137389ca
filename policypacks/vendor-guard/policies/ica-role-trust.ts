import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ICA_INDIA_OIDC_NAMESPACE, ICA_REGIONS, ICA_ROLE_SESSION_NAME_PREFIX, icaOidcIssuer, icaServiceAccountSubject } from "../../../vendors/ica";
import { conditionValues, isAllow, isWildcardPrincipal, type Statement } from "../lib/documents";
import {
  ICA_AMBIGUOUS_REGION,
  ICA_SESSION_NAME_CONDITION,
  ICA_TRUST_ACTIONS,
  icaIssuerOf,
  icaSubjectCondition,
  icaTrust,
  icaTrustStatements,
  type IcaIssuer,
} from "../lib/ica";
import { cite, quoted, sentenceList } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

/**
 * The two namespaces ICA's tables give India (ica.md §7.2, §8.2, §12.1). The connections file
 * chooses one (`credential.oidcNamespace`) and the program writes it into the trust policy, which
 * is what this check reads: either is accepted unless the config pins the one Illumina confirmed.
 */
const AMBIGUOUS = ICA_AMBIGUOUS_REGION && ICA_REGIONS[ICA_AMBIGUOUS_REGION];
const INDIA_NAMESPACES = [...new Set([ICA_INDIA_OIDC_NAMESPACE, ...(AMBIGUOUS ? [AMBIGUOUS.crossAccountNamespace] : [])])];

const { operator: SESSION_OPERATOR, key: SESSION_KEY, suffix: SESSION_SUFFIX } = ICA_SESSION_NAME_CONDITION;

interface Config {
  indiaOidcNamespace: string;
}

/** The namespaces ICA's service account may have in a region's trust: one, or India's documented two unless pinned. */
const namespacesOf = (region: string, config: Partial<Config>): string[] =>
  region !== ICA_AMBIGUOUS_REGION
    ? [ICA_REGIONS[region].oidc!.namespace]
    : config.indiaOidcNamespace !== undefined
      ? [config.indiaOidcNamespace]
      : INDIA_NAMESPACES;

/** The operator (other than the expected one) a condition key is written under, if any. */
const otherOperator = (statement: Statement, expected: string, key: string) =>
  Object.keys(statement.condition).find((operator) => operator !== expected && conditionValues(statement, operator, key) !== undefined);

/**
 * ICA's role trusts ICA's EKS OIDC provider of the bucket's region, for ICA's storage service
 * account and the RoleSessionName prefix ICA generated for the credential (ica.md §7.2, §7.3,
 * §7.6). The statement is reconstructed [INF], but each part enforced here is verbatim: the
 * provider table and ARN pattern (ica.md §7.2), the `:sub` line of the troubleshooting page (ica.md §7.6), the
 * `-*` after the prefix (ica.md §7.3); web identity is assumed only with sts:AssumeRoleWithWebIdentity
 * [AWS]. The audience condition is ica-role-audience's (advisory).
 */
export const icaRoleTrust: ResourceValidationPolicy = {
  name: "ica-role-trust",
  description:
    "Checks that a role trusting ICA's OIDC provider names the right regional provider, with ICA's service account and a RoleSessionName prefix as conditions.",
  configSchema: {
    properties: {
      indiaOidcNamespace: {
        type: "string",
        enum: INDIA_NAMESPACES,
        description: `The namespace of ICA's service account in ${AMBIGUOUS ? `${AMBIGUOUS.name} (${ICA_AMBIGUOUS_REGION})` : "India"}: ICA's tables disagree between ${sentenceList(INDIA_NAMESPACES)} (docs/vendors/ica.md §12.1). Unset, either is accepted (the connections file's credential.oidcNamespace chooses); set it to pin what Illumina confirms.`,
      },
    },
  },
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props, getConfig }, reportViolation) => {
    const trust = icaTrust(props);
    if (!trust) return;
    const config = getConfig<Partial<Config>>();
    const role = label({ type, name });
    const check = (statement: Statement, issuer: IcaIssuer) => {
      const where = `${role} trust ${statement.label}`;
      const region = ICA_REGIONS[issuer.idRegion];
      const expectedIssuer = icaOidcIssuer(issuer.idRegion)!;
      const account = /^\d{12}$/.test(issuer.account) ? issuer.account : "<your account ID>";
      if (account !== issuer.account) {
        reportViolation(
          `${where} federates the OIDC provider "${issuer.issuer}" in account "${issuer.account}"; the provider ARN names your own account, arn:aws:iam::<your account ID>:oidc-provider/${issuer.issuer}, where ICA's table leaves the account empty ${cite("ica.md §7.2")}. Fix: put your 12-digit account ID in the provider ARN.`,
        );
      }
      if (issuer.region === undefined) {
        reportViolation(
          `${where} federates "${issuer.issuer}", which carries the ID of ICA's provider for ${region.name} but is not its issuer "${expectedIssuer}" ${cite("ica.md §7.2")}. Fix: set Principal to {"Federated": "arn:aws:iam::${account}:oidc-provider/${expectedIssuer}"} and key the conditions on "${expectedIssuer}".`,
        );
      }
      const actions = [...statement.actions, ...statement.notActions.map((a) => `NotAction ${a}`)];
      const expected = ICA_TRUST_ACTIONS.map((a) => a.toLowerCase());
      if (actions.length !== expected.length || actions.some((a) => !expected.includes(a.toLowerCase()))) {
        reportViolation(
          `${where} allows ${quoted(actions)}; ICA's service account assumes the role with ${sentenceList(ICA_TRUST_ACTIONS)} only ${cite("ica.md §7.3")}. Fix: set Action to ${quoted(ICA_TRUST_ACTIONS)}.`,
        );
      }

      // The service account: verbatim in ICA's troubleshooting line (ica.md §7.6), so StringLike (trailing *).
      const sub = icaSubjectCondition(issuer.issuer);
      const accepted = namespacesOf(issuer.idRegion, config).map(icaServiceAccountSubject);
      const found = conditionValues(statement, icaSubjectCondition(issuer.issuer).operator, icaSubjectCondition(issuer.issuer).key);
      // Where several namespaces are accepted, name the one the trust uses if it is one of them.
      const subject = accepted.find((candidate) => found?.length === 1 && found[0] === candidate) ?? accepted[0];
      const subRequirement =
        issuer.idRegion === ICA_AMBIGUOUS_REGION
          ? `ICA's storage service in ${region.name} runs as ${accepted.map((a) => `"${a}"`).join(" or ")}, ${config.indiaOidcNamespace !== undefined ? "with the namespace the policy config indiaOidcNamespace pins" : "ICA's tables disagree on the namespace"} (${INDIA_NAMESPACES.map((n) => `"${n}"`).join(" or ")}) ${cite("ica.md §7.3", "ica.md §7.6", "ica.md §12.1")}`
          : `ICA's storage service in ${region.name} runs as "${subject}" ${cite("ica.md §7.3", "ica.md §7.6")}`;
      const subjects = conditionValues(statement, sub.operator, sub.key);
      const subOperator = otherOperator(statement, sub.operator, sub.key);
      if (subjects === undefined && subOperator !== undefined) {
        reportViolation(
          `${where} sets ${sub.key} under ${subOperator}, which does not match the trailing "*" as a wildcard, so ICA's service account never matches; ${subRequirement}. Fix: move it to "${sub.operator}".`,
        );
      } else if (subjects === undefined) {
        reportViolation(
          `${where} has no ${sub.operator} ${sub.key} condition, so any service account of ICA's ${region.name} cluster can assume the role; ${subRequirement}. Fix: add "Condition": {"${sub.operator}": {"${sub.key}": "${subject}"}}.`,
        );
      } else if (subjects.length !== 1 || !accepted.includes(subjects[0])) {
        reportViolation(`${where} sets ${sub.key} to ${quoted(subjects)}; ${subRequirement}. Fix: set it to "${subject}".`);
      }

      // The prefix ICA generates per credential is its proof of identity (ica.md §5, §7.3).
      const sessionRequirement = (detail = "") =>
        `the RoleSessionName prefix ICA generates for each credential is its proof of identity, and the trust allows "<prefix>${SESSION_SUFFIX}"${detail} ${cite("ica.md §5", "ica.md §7.3")}`;
      const names = conditionValues(statement, SESSION_OPERATOR, SESSION_KEY);
      if (names === undefined) {
        reportViolation(
          `${where} has no ${SESSION_OPERATOR} ${SESSION_KEY} condition, so ICA's service account can assume the role for any ICA credential; ${sessionRequirement()}. Fix: add "${SESSION_KEY}": "<prefix>${SESSION_SUFFIX}" to the ${SESSION_OPERATOR} condition, with the prefix ICA showed when you created the AWS_Role credential.`,
        );
        return;
      }
      const invalid = names.filter(
        (value) => !value.endsWith(SESSION_SUFFIX) || !ICA_ROLE_SESSION_NAME_PREFIX.pattern.test(value.slice(0, -SESSION_SUFFIX.length)),
      );
      if (invalid.length > 0) {
        reportViolation(
          `${where} sets ${SESSION_KEY} to ${quoted(invalid)}; ${sessionRequirement(`, the prefix being ${ICA_ROLE_SESSION_NAME_PREFIX.allowed}`)}. Fix: set it to "<prefix>${SESSION_SUFFIX}", with the prefix ICA showed when you created the AWS_Role credential.`,
        );
      }
    };
    for (const { statement, issuer } of icaTrustStatements(trust)) check(statement, issuer);
    for (const statement of trust.filter(isAllow)) {
      for (const principal of statement.principals.filter((p) => !icaIssuerOf(p))) {
        const what = isWildcardPrincipal(principal) ? `Principal "*", so anyone can assume it` : `${principal.type} principal "${principal.value}" too`;
        reportViolation(
          `${role} trust ${statement.label} allows ${what}; ICA's role trusts ICA's OIDC provider only ${cite("ica.md §7.3")}. Fix: remove that principal; give it a role of its own if it needs one.`,
        );
      }
    }
  }),
};
