/**
 * The IAM statements a file may add to a bucket's composed policy (`extraPolicyStatements`).
 */
import { z } from "zod";
import { closest, show } from "./text";

export const StringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);
export const ConditionValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.union([z.string(), z.number(), z.boolean()])).min(1, {
    error:
      "must not be an empty list: a condition with no value never matches, so an Allow would never apply and a Deny would never deny; give at least one value",
  }),
]);

/** IAM's condition operators, before the `ForAnyValue:`/`ForAllValues:` prefix and `IfExists` suffix. */
export const CONDITION_OPERATORS = [
  "StringEquals",
  "StringNotEquals",
  "StringEqualsIgnoreCase",
  "StringNotEqualsIgnoreCase",
  "StringLike",
  "StringNotLike",
  "NumericEquals",
  "NumericNotEquals",
  "NumericLessThan",
  "NumericLessThanEquals",
  "NumericGreaterThan",
  "NumericGreaterThanEquals",
  "DateEquals",
  "DateNotEquals",
  "DateLessThan",
  "DateLessThanEquals",
  "DateGreaterThan",
  "DateGreaterThanEquals",
  "Bool",
  "BinaryEquals",
  "IpAddress",
  "NotIpAddress",
  "ArnEquals",
  "ArnLike",
  "ArnNotEquals",
  "ArnNotLike",
  "Null",
] as const;

/**
 * What is wrong with a condition operator, or undefined. IAM refuses an operator it does not know
 * (MalformedPolicy), so a typo is reported here rather than by S3 at apply.
 */
export function conditionOperatorProblem(operator: string): string | undefined {
  const [, set = "", base, ifExists] = /^(ForAnyValue:|ForAllValues:)?(.*?)(IfExists)?$/.exec(operator)!;
  if ((CONDITION_OPERATORS as readonly string[]).includes(base)) {
    if (base === "Null" && ifExists)
      return `${show(operator)} is not a condition operator: Null tests whether the key exists, so it takes no IfExists; write ${set}Null`;
    return undefined;
  }
  const suggestion = closest(base, CONDITION_OPERATORS);
  return `${show(operator)} is not an IAM condition operator${suggestion ? ` (did you mean "${set}${suggestion}${ifExists ?? ""}"?)` : ""}: use one of ${CONDITION_OPERATORS.join(", ")}, optionally prefixed by ForAnyValue: or ForAllValues: and (except Null) suffixed by IfExists`;
}

/** Every IAM condition key has a service prefix: `aws:SourceIp`, `s3:prefix`, `aws:PrincipalTag/team`. */
export const CONDITION_KEY_PATTERN = /^[A-Za-z0-9-]+:\S+$/;

export const ConditionOperator = z.string().superRefine((operator, ctx) => {
  const problem = conditionOperatorProblem(operator);
  if (problem) ctx.addIssue({ code: "custom", input: operator, message: problem });
});

const ConditionKey = z.string().superRefine((key, ctx) => {
  if (!CONDITION_KEY_PATTERN.test(key)) {
    ctx.addIssue({
      code: "custom",
      input: key,
      message: `${show(key)} is not a condition key: write it as service:name, e.g. aws:SourceIp, aws:PrincipalOrgID or s3:prefix`,
    });
  }
});

const nonEmpty = (record: object) => Object.keys(record).length > 0;

export const Condition = z
  .record(
    ConditionOperator,
    z.record(ConditionKey, ConditionValue).refine(nonEmpty, {
      error:
        "must name at least one condition key, e.g. { aws:PrincipalOrgID: o-exampleorgid }: an operator with no key tests nothing, so the statement would apply unconditionally",
    }),
  )
  .refine(nonEmpty, {
    error: "must not be empty: give at least one operator, e.g. { StringEquals: { aws:PrincipalOrgID: o-exampleorgid } }, or remove Condition",
  });

/**
 * A principal map: IAM's principal types, each with one or more values. A bucket policy may name
 * accounts, roles and users (AWS), S3 canonical user IDs (CanonicalUser), AWS services (Service)
 * and identity providers (Federated).
 */
export const PrincipalMap = z
  .strictObject({
    AWS: StringOrList.optional().describe("Account IDs, account roots, IAM role and user ARNs."),
    CanonicalUser: StringOrList.optional().describe("S3 canonical user IDs."),
    Federated: StringOrList.optional().describe("Identity providers."),
    Service: StringOrList.optional().describe("AWS service principals, e.g. logging.s3.amazonaws.com."),
  })
  .refine((map) => Object.values(map).some((v) => v !== undefined), {
    // An unknown principal type is reported as such; the map is not also called empty.
    when: (payload) => payload.issues.length === 0,
    error: 'must name at least one principal, e.g. { AWS: "arn:aws:iam::111122223333:role/reader" }: an empty map names nobody, and S3 refuses it',
  });

/** Whether a principal names everyone; surrounding spaces do not make `" *"` someone else. */
export function isEveryonePrincipal(principal: unknown): boolean {
  const everyone = (value: unknown) => typeof value === "string" && value.trim() === "*";
  if (everyone(principal)) return true;
  if (principal && typeof principal === "object" && Object.hasOwn(principal, "AWS")) {
    const aws = (principal as { AWS: unknown }).AWS;
    return everyone(aws) || (Array.isArray(aws) && aws.some(everyone));
  }
  return false;
}

export const ExtraPolicyStatement = z
  .strictObject({
    Sid: z.string().min(1).max(128).describe("Required: names the statement in the composed policy."),
    Effect: z.enum(["Allow", "Deny"]),
    Principal: z.union([z.literal("*"), PrincipalMap]).optional(),
    NotPrincipal: PrincipalMap.optional(),
    Action: StringOrList.optional(),
    NotAction: StringOrList.optional(),
    Resource: StringOrList.optional(),
    NotResource: StringOrList.optional(),
    Condition: Condition.optional(),
  })
  .superRefine((statement, ctx) => {
    const pairs: [string, string][] = [
      ["Principal", "NotPrincipal"],
      ["Action", "NotAction"],
      ["Resource", "NotResource"],
    ];
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
    if (statement.Effect === "Allow" && statement.NotPrincipal !== undefined) {
      // IAM allows it, but it grants every principal except those named (anonymous users too):
      // S3 counts such a policy as public, and every bucket here blocks public policies.
      ctx.addIssue({
        code: "custom",
        path: ["NotPrincipal"],
        input: statement.NotPrincipal,
        message: `statement "${statement.Sid}" is an Allow with NotPrincipal, which grants everyone except the principals named, so S3 would refuse it as a public policy (the bucket blocks public policies); name the principals to allow in Principal, or make it Effect: Deny`,
      });
    }
  })
  .describe("An IAM bucket-policy statement kept in the composed policy (consumers this file does not manage).");

export type ExtraPolicyStatement = z.infer<typeof ExtraPolicyStatement>;
