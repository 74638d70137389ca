import * as assert from "assert";
import { readFileSync } from "fs";
import { renderJsonSchema, SCHEMA_PATH } from "../cli/schema";
import { VENDORS } from "../vendors";

describe("connections/schema.json", () => {
  it("is generated from the zod schema and up to date (npm run schema)", () => {
    assert.strictEqual(readFileSync(SCHEMA_PATH, "utf8"), renderJsonSchema(), "connections/schema.json is stale: run npm run schema and commit it");
  });

  it("gives editors the vendor list, the region list and the name pattern", () => {
    const schema = JSON.parse(renderJsonSchema());
    const connection = schema.properties.connections.items.oneOf;
    assert.deepStrictEqual(
      connection.map((c: any) => c.properties.vendor.const),
      VENDORS,
    );
    assert.strictEqual(connection[0].properties.name.pattern, "^[a-z][a-z0-9-]{1,62}$");
    assert.ok(schema.properties.defaults.properties.region.enum.includes("us-east-1"));
    assert.strictEqual(connection[0].additionalProperties, false);
  });
});
