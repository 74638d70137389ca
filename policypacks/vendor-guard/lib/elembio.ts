/**
 * ElemBio Cloud (docs/vendors/elembio.md). Its provider credential is Element's (same account,
 * same template: lib/element.ts); what is ElemBio's own is recognised by what it is:
 * - the HealthOmics feature: a credential granted ElemBio's omics actions (elembio.md §5);
 * - the HealthOmics execution role: a role whose trust names the HealthOmics service (elembio.md §7).
 */
import { ELEMBIO_OPTIONAL_STATEMENTS, HEALTHOMICS_EXECUTION_TRUST, HEALTHOMICS_SERVICE } from "../../../vendors/elembio";
import { allowsAction, isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";

/** ElemBio's HealthOmics actions (elembio.md §5.1). */
export const OMICS_ACTIONS: readonly string[] = ELEMBIO_OPTIONAL_STATEMENTS.OmicsOperations.actions;

/** True when the statements grant any of ElemBio's HealthOmics actions: the credential runs HealthOmics. */
export const runsHealthOmics = (statements: readonly Statement[]) => OMICS_ACTIONS.some((action) => statements.some((s) => allowsAction(s, action)));

// The execution role's trust is the vendor module's descriptor (elembio.md §7), the one its builder
// writes: the action and the hardening condition are written once.

/** The actions the execution role's trust allows the service (`sts:AssumeRole`, elembio.md §7 verbatim). */
export const EXECUTION_TRUST_ACTIONS: readonly string[] = [HEALTHOMICS_EXECUTION_TRUST.action];

/** The confused-deputy hardening elembio.md §7.2 suggests: `StringEquals aws:SourceAccount`. */
export const SOURCE_ACCOUNT_CONDITION = HEALTHOMICS_EXECUTION_TRUST.sourceAccount;

export const isHealthOmicsPrincipal = (principal: Principal) => principal.type === "Service" && principal.value === HEALTHOMICS_SERVICE;

/** The Allow statements of a trust policy that let the HealthOmics service in. */
export const executionTrustStatements = (trust: Statement[]) => trust.filter((s) => isAllow(s) && !s.notPrincipal && s.principals.some(isHealthOmicsPrincipal));

/** The trust policy of a HealthOmics execution role, or undefined for any other role. */
export function executionTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && executionTrustStatements(trust).length > 0 ? trust : undefined;
}
