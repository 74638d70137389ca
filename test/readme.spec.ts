/**
 * The README is part of the product: its commands exist and its policy table is the pack's.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../offline/run-plan";

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const packReadme = readFileSync(path.join(ROOT, "policypacks", "vendor-guard", "README.md"), "utf8");
const policyRows = (text: string) => text.split("\n").filter((line) => /^\| `[a-z]+-[a-z0-9-]+` \| (mandatory|advisory) \|/.test(line));

describe("README.md", () => {
  it("shows the quick-start and test commands", () => {
    assert.match(readme, /npm ci && npm run plan/);
    assert.match(readme, /^npm test\b/m);
  });

  it("lists every policy of the pack with its level and requirement, as the pack's README does", () => {
    const rows = policyRows(readme);
    assert.ok(rows.length >= 40, `only ${rows.length} policy rows`);
    assert.deepStrictEqual(rows, policyRows(packReadme));
  });

  it("names only npm scripts that exist", () => {
    const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
    for (const [, name] of readme.matchAll(/npm run ([a-z:]+)/g)) assert.ok(scripts.includes(name), `npm run ${name} is not a script`);
  });
});
