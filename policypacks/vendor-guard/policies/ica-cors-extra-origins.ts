import type { StackValidationPolicy } from "@pulumi/policy";
import { ALL_VENDOR_MODULES } from "../../../vendors";
import { corsRules } from "../lib/buckets";
import { ICA_ORIGIN, icaBuckets } from "../lib/ica";
import { cite, plural, quoted } from "../lib/text";
import { label } from "../lib/types";
import { forEachKnown } from "../lib/values";

interface Config {
  acceptedOrigins: string[];
}

/**
 * ica.md §4 warns when an ICA bucket also allows other origins: each lets that site's scripts
 * call the bucket from a browser. A team whose own web application needs the bucket lists its
 * origin in `acceptedOrigins`. The origins other vendors' rules allow are accepted: on a shared
 * bucket they are those vendors' needs, declared by their connections.
 */
const VENDOR_ORIGINS: readonly string[] = ALL_VENDOR_MODULES.flatMap((m) => m.corsOrigins ?? []);

export const icaCorsExtraOrigins: StackValidationPolicy = {
  name: "ica-cors-extra-origins",
  description: `Checks that a bucket ICA uses allows no CORS origin besides ${ICA_ORIGIN} and the origins the policy config accepts.`,
  configSchema: {
    properties: {
      acceptedOrigins: {
        type: "array",
        items: { type: "string", minLength: 1 },
        uniqueItems: true,
        default: [],
        description: "Other CORS origins your own web applications need on ICA's buckets, e.g. https://portal.example.org.",
      },
    },
  },
  enforcementLevel: "advisory",
  validateStack: ({ resources, getConfig }, reportViolation) => {
    const accepted = getConfig<Config>().acceptedOrigins ?? [];
    forEachKnown(icaBuckets(resources), (ica) => {
      for (const rule of corsRules(ica.bucket, resources)) {
        const extra = rule.allowedOrigins.filter((origin) => origin !== ICA_ORIGIN && !accepted.includes(origin) && !VENDOR_ORIGINS.includes(origin));
        if (extra.length === 0) continue;
        const them = plural(extra.length, "it", "them");
        reportViolation(
          `${rule.where} on ICA's ${label(ica.bucket)} allows the CORS ${plural(extra.length, "origin", "origins")} ${quoted(extra)}; ICA needs only "${ICA_ORIGIN}", and every other origin lets that site's scripts call the bucket from a browser ${cite("ica.md §4")}. Fix: remove ${them}, or add ${them} to the policy config acceptedOrigins if your own web application needs ${them}.`,
          rule.carrier.urn,
        );
      }
    });
  },
};
