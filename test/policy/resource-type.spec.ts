/**
 * policypacks/vendor-guard/lib/resource-type.ts: a check of one resource type carries its type, so
 * `@pulumi/policy` skips it for other types before deserializing anything, and it judges exactly
 * what it judged when it tested the type itself.
 */
import * as assert from "assert";
import { type Policy, type ResourceValidation, type ResourceValidationArgs } from "@pulumi/policy";
import { policies } from "../../policypacks/vendor-guard/policies";
import { ofType } from "../../policypacks/vendor-guard/lib/resource-type";
import { TYPES } from "../../policypacks/vendor-guard/lib/types";

/** What @pulumi/policy's server reads (its getPulumiType is not exported from the package). */
const getPulumiType = (validate: ResourceValidation): string | undefined => (validate as { __pulumiType?: string }).__pulumiType;

const argsOf = (type: string) =>
  ({ type, name: "r", props: {}, isType: (c: { __pulumiType?: string }) => c.__pulumiType === type }) as unknown as ResourceValidationArgs;

function withSwitch<T>(value: string, body: () => T): T {
  const before = process.env.VENDOR_CONNECTIONS_OPTIMISATIONS;
  process.env.VENDOR_CONNECTIONS_OPTIMISATIONS = value;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.VENDOR_CONNECTIONS_OPTIMISATIONS;
    else process.env.VENDOR_CONNECTIONS_OPTIMISATIONS = before;
  }
}

describe("policy pack: checks of one resource type", () => {
  it("carry their type token, for @pulumi/policy to skip other types", () => {
    const typed = (policies as Policy[]).flatMap((p) => {
      const validate = (p as { validateResource?: ResourceValidation }).validateResource;
      const type = validate && getPulumiType(validate);
      return type ? [`${p.name} ${type}`] : [];
    });
    assert.ok(typed.length >= 16, typed.join("\n"));
    assert.ok(typed.includes(`element-trust-policy ${TYPES.role}`), typed.join("\n"));
    assert.ok(typed.includes(`iam-user-no-login-profile ${TYPES.userLoginProfile}`), typed.join("\n"));
  });

  for (const setting of ["", "off", "off:pack-types"]) {
    it(`run the check on their type only${setting ? `, with VENDOR_CONNECTIONS_OPTIMISATIONS=${setting}` : ""}`, async () => {
      const seen: string[] = [];
      const check = withSwitch(setting, () => ofType(TYPES.role, (args) => void seen.push(args.type)));
      assert.strictEqual(getPulumiType(check), setting ? undefined : TYPES.role);
      await check(argsOf(TYPES.role), () => undefined);
      // Called directly with another type, the typed form says "not applicable" as @pulumi/policy's does.
      const other = { ...argsOf(TYPES.bucket), notApplicable: (reason: string) => seen.push(`not applicable: ${reason}`) } as unknown as ResourceValidationArgs;
      await check(other, () => undefined);
      assert.deepStrictEqual(seen, setting ? [TYPES.role] : [TYPES.role, `not applicable: Policy only applies to resources of type '${TYPES.role}'`]);
    });
  }
});
