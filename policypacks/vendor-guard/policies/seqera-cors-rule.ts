import type { StackValidationPolicy } from "@pulumi/policy";
import { SEQERA_CLOUD_ORIGIN, SEQERA_CORS_RULE } from "../../../vendors/seqera";
import { corsRules, type CorsRuleOf } from "../lib/buckets";
import { describeSeqeraCredential, seqeraDataExplorerBuckets } from "../lib/seqera";
import { cite, quoted, sentenceList } from "../lib/text";
import { CORS_TYPES, label } from "../lib/types";
import { forEachKnown } from "../lib/values";

const RULE = `{"allowedHeaders": [${quoted(SEQERA_CORS_RULE.allowedHeaders)}], "allowedMethods": [${quoted(SEQERA_CORS_RULE.allowedMethods)}], "allowedOrigins": [${quoted(SEQERA_CORS_RULE.allowedOrigins)}], "exposeHeaders": [${quoted(SEQERA_CORS_RULE.exposeHeaders)}]}`;
const REQUIREMENT = `Data Explorer's uploads and downloads need the CORS rule ${RULE} ${cite("seqera.md §6")}`;

/** What a rule for Seqera's origin lacks of Seqera's rule: methods exactly, header names case-insensitively (HTTP). */
function lacks(rule: CorsRuleOf): string[] {
  const lower = (values: readonly string[]) => values.map((v) => v.toLowerCase());
  const methods = SEQERA_CORS_RULE.allowedMethods.filter((m) => !rule.allowedMethods.includes(m));
  const headers = SEQERA_CORS_RULE.allowedHeaders.filter((h) => !rule.allowedHeaders.includes(h));
  const expose = SEQERA_CORS_RULE.exposeHeaders.filter((h) => !lower(rule.exposeHeaders).includes(h.toLowerCase()));
  return [
    ...(methods.length > 0 ? [`allowedMethods ${quoted(methods)}`] : []),
    ...(headers.length > 0 ? [`allowedHeaders ${quoted(headers)}`] : []),
    ...(expose.length > 0 ? [`exposeHeaders ${quoted(expose)}`] : []),
  ];
}

export const seqeraCorsRule: StackValidationPolicy = {
  name: "seqera-cors-rule",
  description: `Checks that every bucket Seqera's Data Explorer uses has a CORS rule for ${SEQERA_CLOUD_ORIGIN} with the methods, headers and exposed headers Seqera publishes.`,
  enforcementLevel: "mandatory",
  validateStack: ({ resources }, reportViolation) => {
    forEachKnown(seqeraDataExplorerBuckets(resources), ({ bucket, credential }) => {
      const rules = corsRules(bucket, resources);
      const forSeqera = rules.filter((rule) => rule.allowedOrigins.includes(SEQERA_CLOUD_ORIGIN));
      const what = `${label(bucket)} (granted to Seqera's Data Explorer through ${describeSeqeraCredential(credential)})`;
      if (forSeqera.length === 0) {
        const carriers = [...new Set(rules.map((r) => r.carrier).filter((c) => CORS_TYPES.includes(c.type)))];
        const fix =
          carriers.length > 0
            ? `add that rule to ${sentenceList(carriers.map(label))}`
            : "add an aws.s3.BucketCorsConfiguration with bucket set to this bucket's id and that rule";
        reportViolation(`${what} has no CORS rule allowing "${SEQERA_CLOUD_ORIGIN}"; ${REQUIREMENT}. Fix: ${fix}.`, bucket.urn);
        return;
      }
      if (forSeqera.some((rule) => lacks(rule).length === 0)) return;
      for (const rule of forSeqera) {
        reportViolation(
          `${rule.where} allows "${SEQERA_CLOUD_ORIGIN}" on ${what} but lacks ${sentenceList(lacks(rule))}; ${REQUIREMENT}. Fix: add ${sentenceList(lacks(rule))} to the rule.`,
          rule.carrier.urn,
        );
      }
    });
  },
};
