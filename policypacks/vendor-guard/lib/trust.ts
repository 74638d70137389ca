/**
 * Who a trust policy lets in when its principal is a wildcard. `{"AWS": "*"}` (or `"*"`) lets every
 * principal of every account assume the role, unless a condition names the account, the
 * organisation, the principal's ARN or an external ID [AWS]. Only exact values under a
 * non-`IfExists` string or ARN operator confine: a wildcard value, an `...IfExists` operator (which
 * passes when the key is absent) or a set operator (`ForAllValues:` passes on an empty set) do not.
 */
import { isAllow, type Principal, type Statement } from "./documents";

/** The condition keys that confine a wildcard principal, and what an exact value of each looks like. */
const CONFINING_KEYS: Record<string, RegExp> = {
  "aws:principalaccount": /^\d{12}$/,
  "aws:principalorgid": /^o-[a-z0-9]+$/i,
  // A role or user ARN may end with a wildcard; the account before it must be exact.
  "aws:principalarn": /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[^*?]/,
  "sts:externalid": /^[^*?]+$/,
};

const CONFINING_OPERATORS = ["StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"];

/** True for `"*"`, `{"AWS": "*"}` and principal ARNs with a wildcard (`arn:aws:iam::*:root`). */
export const isAnyonePrincipal = (principal: Principal) => /[*?]/.test(principal.value);

/** The condition keys of a statement that confine it to known principals, as written. */
export function confiningKeys(statement: Statement): string[] {
  return Object.entries(statement.condition).flatMap(([operator, keys]) =>
    CONFINING_OPERATORS.includes(operator)
      ? Object.entries(keys)
          .filter(([key, values]) => {
            const exact = CONFINING_KEYS[key.toLowerCase()];
            return exact !== undefined && values.length > 0 && values.every((v) => exact.test(v));
          })
          .map(([key]) => key)
      : [],
  );
}

/** The Allow statements of a trust policy that anyone may satisfy: a wildcard principal (or NotPrincipal) with no confining condition. */
export function publicTrustStatements(trust: readonly Statement[]): Statement[] {
  return trust.filter((s) => isAllow(s) && (s.notPrincipal || s.principals.some(isAnyonePrincipal)) && confiningKeys(s).length === 0);
}

/** A principal as a trust policy writes it: `"*"`, `{"AWS": "*"}`. */
export const principalText = (principal: Principal) => (principal.type === "*" ? `"*"` : `{"${principal.type}": "${principal.value}"}`);
