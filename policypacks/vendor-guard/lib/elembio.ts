/**
 * ElemBio Cloud (vendor-requirements.md §2). Its provider credential is Element's (same account,
 * same template: lib/element.ts); what is ElemBio's own is recognised by what it is:
 * - the HealthOmics feature: a credential granted ElemBio's omics actions (§2.4);
 * - the HealthOmics execution role: a role whose trust names the HealthOmics service (§2.6).
 */
import { ELEMBIO_OPTIONAL_STATEMENTS, HEALTHOMICS_SERVICE, healthOmicsExecutionRole } from "../../../vendors/elembio";
import { allowsAction, isAllow, parsePolicyDocument, type Principal, type Statement } from "./documents";

/** ElemBio's HealthOmics actions (§2.4 OmicsOperations). */
export const OMICS_ACTIONS: readonly string[] = ELEMBIO_OPTIONAL_STATEMENTS.OmicsOperations.actions;

/** True when the statements grant any of ElemBio's HealthOmics actions: the credential runs HealthOmics. */
export const runsHealthOmics = (statements: readonly Statement[]) => OMICS_ACTIONS.some((action) => statements.some((s) => allowsAction(s, action)));

// The execution role's trust, read from the vendor module's own builder (§2.6), so its action and
// hardening condition are written once, in vendors/elembio.ts. The builder takes a resolved
// connection and bucket; only the fields it reads are given.
type Args = Parameters<typeof healthOmicsExecutionRole>;
const TEMPLATE = parsePolicyDocument(
  healthOmicsExecutionRole({ name: "template" } as unknown as Args[0], { name: "template", encryption: { type: "sse-s3" } } as unknown as Args[1], { accountId: "<account>", stack: "template" })
    .trustPolicy,
)![0];
const [SOURCE_OPERATOR, SOURCE_KEYS] = Object.entries(TEMPLATE.condition)[0];

/** The actions the execution role's trust allows the service (`sts:AssumeRole`, §2.6 verbatim). */
export const EXECUTION_TRUST_ACTIONS: readonly string[] = TEMPLATE.actions;

/** The confused-deputy hardening §12 rule 17 suggests: `StringEquals aws:SourceAccount`. */
export const SOURCE_ACCOUNT_CONDITION = { operator: SOURCE_OPERATOR, key: Object.keys(SOURCE_KEYS)[0] } as const;

export const isHealthOmicsPrincipal = (principal: Principal) => principal.type === "Service" && principal.value === HEALTHOMICS_SERVICE;

/** The Allow statements of a trust policy that let the HealthOmics service in. */
export const executionTrustStatements = (trust: Statement[]) => trust.filter((s) => isAllow(s) && !s.notPrincipal && s.principals.some(isHealthOmicsPrincipal));

/** The trust policy of a HealthOmics execution role, or undefined for any other role. */
export function executionTrust(props: Record<string, any>): Statement[] | undefined {
  const trust = parsePolicyDocument(props.assumeRolePolicy);
  return trust && executionTrustStatements(trust).length > 0 ? trust : undefined;
}
