/**
 * npm run schema: writes connections/schema.json, the JSON Schema editors use to check and
 * complete connections files, generated from the zod schema (the only definition of the format).
 * A test fails when the committed file is stale.
 */
import { writeFileSync } from "fs";
import * as path from "path";
import { z } from "zod";
import { ConnectionsFileSchema } from "../model/schema";

export const SCHEMA_PATH = path.resolve(__dirname, "..", "connections", "schema.json");

export function renderJsonSchema(): string {
  const schema = z.toJSONSchema(ConnectionsFileSchema, { io: "input", unrepresentable: "any" });
  return `${JSON.stringify({ ...schema, title: "vendor-connections connections file" }, null, 2)}\n`;
}

if (require.main === module) {
  writeFileSync(SCHEMA_PATH, renderJsonSchema());
  process.stdout.write(`wrote ${path.relative(process.cwd(), SCHEMA_PATH)}\n`);
}
