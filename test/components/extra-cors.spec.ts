/**
 * extraCorsRules: CORS rules a file keeps beside its connections' own (an adopted bucket's rules).
 */
import * as assert from "assert";
import { mergeCorsRules } from "../../components/bucket-plan";
import { ExtraCorsRule } from "../../fields/bucket";

describe("extraCorsRules", () => {
  it("adds each kept rule once, beside the connections' rules, with empty header lists filled in", () => {
    const rule = { allowedMethods: ["GET" as const], allowedOrigins: ["https://viewer.lab.example"], maxAgeSeconds: 600 };
    assert.deepStrictEqual(mergeCorsRules([], [rule, rule]), [{ allowedHeaders: [], exposeHeaders: [], ...rule }]);
  });

  const cases: [string, unknown, string | undefined][] = [
    ["a rule S3 accepts", { allowedMethods: ["GET", "HEAD"], allowedOrigins: ["*"] }, undefined],
    ["a method S3 does not know", { allowedMethods: ["PATCH"], allowedOrigins: ["*"] }, "allowedMethods.0"],
    ["no origin", { allowedMethods: ["GET"], allowedOrigins: [] }, "allowedOrigins"],
    ["an unknown key", { allowedMethods: ["GET"], allowedOrigins: ["*"], origin: "x" }, ""],
  ];
  for (const [what, input, failingPath] of cases) {
    it(`${failingPath === undefined ? "accepts" : "rejects"} ${what}`, () => {
      const result = ExtraCorsRule.safeParse(input);
      assert.strictEqual(result.success, failingPath === undefined);
      if (!result.success) assert.strictEqual(result.error.issues[0].path.join("."), failingPath);
    });
  }
});
