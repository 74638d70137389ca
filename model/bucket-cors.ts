/**
 * The bucket's CORS rules, from the model alone (pure): every rule its connections need and every
 * rule the file keeps, once each. The components apply them; adoption compares the live ones with them.
 */
import type { ExtraCorsRule } from "../fields/bucket";
import { vendorModule } from "../vendors";
import type { CorsRule } from "../vendors/types";
import type { ResolvedConnection } from "./resolve";

/** A rule's identity: two rules with the same lists in any order are the same rule. */
export const corsRuleKey = (rule: Partial<CorsRule> & Pick<CorsRule, "allowedMethods" | "allowedOrigins">): string =>
  JSON.stringify(
    [rule.allowedHeaders ?? [], rule.allowedMethods, rule.allowedOrigins, rule.exposeHeaders ?? [], rule.maxAgeSeconds].map((v) =>
      Array.isArray(v) ? [...v].sort() : v,
    ),
  );

/**
 * Every distinct CORS rule the bucket's connections need and the file keeps (`extraCorsRules`),
 * once each, in a stable order.
 */
export function mergeCorsRules(connections: ResolvedConnection[], extra: ExtraCorsRule[] = []): CorsRule[] {
  const rules = new Map<string, CorsRule>();
  for (const c of connections) for (const rule of vendorModule(c.vendor).corsRules(c)) rules.set(corsRuleKey(rule), rule);
  for (const rule of extra) {
    const full: CorsRule = { allowedHeaders: [], exposeHeaders: [], ...rule };
    rules.set(corsRuleKey(full), full);
  }
  return [...rules.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, rule]) => rule);
}
