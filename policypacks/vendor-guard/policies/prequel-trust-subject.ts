import type { ResourceValidationPolicy } from "@pulumi/policy";
import { GOOGLE_WEB_IDENTITY_PROVIDER, PREQUEL_WEB_IDENTITY_VALUE } from "../../../vendors/prequel";
import { conditionValues, type Statement } from "../lib/documents";
import { googleTrust, googleTrustStatements, PREQUEL_SUBJECT_CONDITION, PREQUEL_TRUST_ACTIONS } from "../lib/prequel";
import { cite, quoted, sentenceList } from "../lib/text";
import { ofType } from "../lib/resource-type";
import { label, TYPES } from "../lib/types";

const { operator: OPERATOR, key: KEY } = PREQUEL_SUBJECT_CONDITION;
const SECTIONS = cite("prequel.md §4");

/** The operator (other than the expected one) a condition key is written under, if any. */
const otherOperator = (statement: Statement) =>
  Object.keys(statement.condition).find((operator) => operator !== OPERATOR && conditionValues(statement, operator, KEY) !== undefined);

/**
 * Without an exact `sub`, any Google identity can assume the role (prequel.md §4): this holds
 * for every role trusting Google web identity, the vendor's or not.
 */
export const prequelTrustSubject: ResourceValidationPolicy = {
  name: "prequel-trust-subject",
  description: `Checks that a role trusting Google web identity (${GOOGLE_WEB_IDENTITY_PROVIDER}) allows ${sentenceList(PREQUEL_TRUST_ACTIONS)} only, for an exact ${OPERATOR} ${KEY}.`,
  enforcementLevel: "mandatory",
  validateResource: ofType(TYPES.role, ({ type, name, props }, reportViolation) => {
    const trust = googleTrust(props);
    if (!trust) return;
    for (const statement of googleTrustStatements(trust)) {
      const where = `${label({ type, name })} trust ${statement.label}`;
      const actions = [...statement.actions, ...statement.notActions.map((a) => `NotAction ${a}`)];
      const expected = PREQUEL_TRUST_ACTIONS.map((a) => a.toLowerCase());
      if (actions.length !== expected.length || actions.some((a) => !expected.includes(a.toLowerCase()))) {
        reportViolation(
          `${where} allows ${quoted(actions)}; the vendor assumes the role with ${sentenceList(PREQUEL_TRUST_ACTIONS)} only ${SECTIONS}. Fix: set Action to ${quoted(PREQUEL_TRUST_ACTIONS)}.`,
        );
      }
      const values = conditionValues(statement, OPERATOR, KEY);
      const fix = `"Condition": {"${OPERATOR}": {"${KEY}": "<the vendor's service-account ID>"}}, with the value from the vendor's setup page`;
      if (values === undefined) {
        const elsewhere = otherOperator(statement);
        const found =
          elsewhere === undefined
            ? `has no ${OPERATOR} ${KEY} condition, so any Google identity can assume the role`
            : `sets ${KEY} under ${elsewhere}, not ${OPERATOR}`;
        reportViolation(`${where} ${found}; the trust names the vendor's service account exactly, with ${OPERATOR} ${SECTIONS}. Fix: use ${fix}.`);
        continue;
      }
      const invalid = values.filter((value) => !PREQUEL_WEB_IDENTITY_VALUE.pattern.test(value));
      if (values.length === 0 || invalid.length > 0) {
        reportViolation(
          `${where} sets ${KEY} to ${values.length === 0 ? "an empty list" : quoted(invalid)}; the trust names the vendor's service account exactly, as ${PREQUEL_WEB_IDENTITY_VALUE.allowed} ${SECTIONS}. Fix: use ${fix}.`,
        );
      }
    }
  }),
};
