/**
 * The IAM statements a file may add to a bucket's composed policy (`extraPolicyStatements`).
 */
import { z } from "zod";

export const StringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export const ConditionValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number(), z.boolean()]))]);

/** Whether a principal names everyone. */
export function isEveryonePrincipal(principal: unknown): boolean {
  if (principal === "*") return true;
  if (principal && typeof principal === "object" && "AWS" in principal) {
    const aws = (principal as { AWS: unknown }).AWS;
    return aws === "*" || (Array.isArray(aws) && aws.includes("*"));
  }
  return false;
}

export const ExtraPolicyStatement = z
  .strictObject({
    Sid: z.string().min(1).max(128).describe("Required: names the statement in the composed policy."),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: z.union([z.literal("*"), z.record(z.string(), StringOrList)]).optional(),
    NotPrincipal: z.record(z.string(), StringOrList).optional(),
    Action: StringOrList.optional(),
    NotAction: StringOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: z.record(z.string(), z.record(z.string(), ConditionValue)).optional(),
  })
  .superRefine((statement, ctx) => {
    const pairs: [string, string][] = [["Principal", "NotPrincipal"], ["Action", "NotAction"], ["Resource", "NotResource"]];
    for (const [plain, negated] of pairs) {
      const has = (key: string) => (statement as Record<string, unknown>)[key] !== undefined;
      if (has(plain) && has(negated)) {
        ctx.addIssue({
          code: "custom",
          path: [negated],
          input: statement,
          message: `statement "${statement.Sid}" has both ${plain} and ${negated}, which IAM rejects; keep one of them`,
        });
      } else if (!has(plain) && !has(negated)) {
        ctx.addIssue({ code: "custom", input: statement, message: `statement "${statement.Sid}" has neither ${plain} nor ${negated}: add ${plain}` });
      }
    }
    if (statement.Effect === "Allow" && isEveryonePrincipal(statement.Principal)) {
      ctx.addIssue({
        code: "custom",
        path: ["Principal"],
        input: statement.Principal,
        message: `statement "${statement.Sid}" allows Principal "*", which would make the bucket public; name the IAM principals instead`,
      });
    }
  })
  .describe("An IAM bucket-policy statement kept in the composed policy (consumers this file does not manage).");

export type ExtraPolicyStatement = z.infer<typeof ExtraPolicyStatement>;
