import type { StackValidationPolicy } from "@pulumi/policy";
import { ICA_CORS_RULE } from "../../../vendors/ica";
import { corsRules, type CorsRuleOf } from "../lib/buckets";
import { describeIcaBucket, ICA_ORIGIN, icaBuckets } from "../lib/ica";
import { cite, quoted, sentenceList } from "../lib/text";
import { CORS_TYPES, label } from "../lib/types";
import { forEachKnown } from "../lib/values";

const RULE = `{"allowedHeaders": [${quoted(ICA_CORS_RULE.allowedHeaders)}], "allowedMethods": [${quoted(ICA_CORS_RULE.allowedMethods)}], "allowedOrigins": [${quoted(ICA_CORS_RULE.allowedOrigins)}], "exposeHeaders": [${quoted(ICA_CORS_RULE.exposeHeaders)}]}`;
const REQUIREMENT = `ICA's browser uploads need the CORS rule ${RULE} ${cite("ica.md §4")}`;

const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());

/** What an ICA-origin rule lacks of ICA's rule: methods exactly, header names case-insensitively (HTTP). */
function lacks(rule: CorsRuleOf): string[] {
  const methods = ICA_CORS_RULE.allowedMethods.filter((m) => !rule.allowedMethods.includes(m));
  const headers = ICA_CORS_RULE.allowedHeaders.filter((h) => !rule.allowedHeaders.includes(h));
  const expose = ICA_CORS_RULE.exposeHeaders.filter((h) => !lower(rule.exposeHeaders).includes(h.toLowerCase()));
  return [
    ...(methods.length > 0 ? [`allowedMethods ${quoted(methods)}`] : []),
    ...(headers.length > 0 ? [`allowedHeaders ${quoted(headers)}`] : []),
    ...(expose.length > 0 ? [`exposeHeaders ${quoted(expose)}`] : []),
  ];
}

export const icaCorsRule: StackValidationPolicy = {
  name: "ica-cors-rule",
  description: `Checks that every bucket ICA uses has a CORS rule for ${ICA_ORIGIN} with the methods, headers and exposed headers ICA's browser uploads need.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(icaBuckets(resources), (ica) => {
      const rules = corsRules(ica.bucket, resources);
      const forIca = rules.filter((rule) => rule.allowedOrigins.includes(ICA_ORIGIN));
      if (forIca.length === 0) {
        const carriers = [...new Set(rules.map((r) => r.carrier).filter((c) => CORS_TYPES.includes(c.type)))];
        const fix =
          carriers.length > 0
            ? `add that rule to ${sentenceList(carriers.map(label))}`
            : "add an aws.s3.BucketCorsConfiguration with bucket set to this bucket's id and that rule";
        reportViolation(`${describeIcaBucket(ica)} has no CORS rule allowing "${ICA_ORIGIN}"; ${REQUIREMENT}. Fix: ${fix}.`, ica.bucket.urn);
        return;
      }
      if (forIca.some((rule) => lacks(rule).length === 0)) return;
      for (const rule of forIca) {
        reportViolation(
          `${rule.where} allows "${ICA_ORIGIN}" on ICA's ${label(ica.bucket)} but lacks ${sentenceList(lacks(rule))}; ${REQUIREMENT}. Fix: add ${sentenceList(lacks(rule))} to the rule.`,
          rule.carrier.urn,
        );
      }
    });
  },
};
