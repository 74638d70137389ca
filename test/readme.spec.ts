/**
 * The README is part of the product: its commands exist, and it links the policy pack's README,
 * the one place the table of policies lives, instead of repeating it.
 */
import * as assert from "assert";
import { readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../offline/run-plan";
import { policies } from "../policypacks/vendor-guard/policies";

const readme = readFileSync(path.join(ROOT, "README.md"), "utf8");
const packReadme = readFileSync(path.join(ROOT, "policypacks", "vendor-guard", "README.md"), "utf8");
const policyRows = (text: string) => text.split("\n").filter((line) => /^\| `[a-z]+-[a-z0-9-]+` \| (mandatory|advisory) \|/.test(line));

describe("README.md", () => {
  it("shows the quick-start and test commands", () => {
    assert.match(readme, /npm ci && npm run plan/);
    assert.match(readme, /^npm test\b/m);
  });

  it("links the pack's README for the policy table instead of repeating it", () => {
    assert.match(readme, /\]\(policypacks\/vendor-guard\/README\.md#policies\)/);
    assert.match(packReadme, /^## Policies$/m);
    assert.deepStrictEqual(policyRows(readme), []);
  });

  it("the pack's README lists every policy of the pack, with its level, in registration order", () => {
    const rows = policyRows(packReadme).map((row) =>
      row
        .split(" | ")
        .slice(0, 2)
        .map((cell) => cell.replace(/^\| /, "").replace(/`/g, "")),
    );
    assert.deepStrictEqual(
      rows,
      policies.map((p) => [p.name, p.enforcementLevel]),
    );
  });

  it("names only npm scripts that exist", () => {
    const scripts = Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts);
    for (const [, name] of readme.matchAll(/npm run ([a-z:]+)/g)) assert.ok(scripts.includes(name), `npm run ${name} is not a script`);
  });

  it("runs plan and prove with -s wherever their output is read by a program", () => {
    // npm prints a banner on stdout unless -s: `npm run plan -- --json | jq` would not parse.
    const piped = readme.split("\n").filter((line) => /npm run (plan|prove)\b/.test(line) && /(--json|--format (json|markdown)).*(\||>)/.test(line));
    assert.deepStrictEqual(piped, []);
    assert.match(readme, /npm run -s plan -- --stack prod --json \| jq/);
  });
});
