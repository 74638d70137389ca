/**
 * The simulator is AGPL-3.0 and a development dependency: only the proofs (proofs/, their specs
 * and `npm run prove`) may import it, directly or through proofs/.
 */
import * as assert from "assert";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { ROOT } from "../../offline/run-plan";

const ALLOWED = [/^proofs\//, /^test\/proofs\//, /^cli\/prove\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") ? [] : sources(full);
    return /\.(ts|js)$/.test(entry.name) ? [full] : [];
  });
}

describe("licence boundary of the IAM simulator", () => {
  it("is imported only by proofs/, their specs and cli/prove.ts", () => {
    const offenders = sources(ROOT)
      .map((file) => path.relative(ROOT, file).split(path.sep).join("/"))
      .filter((file) => !ALLOWED.some((pattern) => pattern.test(file)))
      .filter((file) =>
        /from\s+["'](@cloud-copilot\/iam-simulate|(\.\.?\/)+proofs(\/[^"']*)?)["']|require\(\s*["']@cloud-copilot\/iam-simulate/.test(
          readFileSync(path.join(ROOT, file), "utf8"),
        ),
      );
    assert.deepStrictEqual(offenders, []);
  });

  it("stays a development dependency", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.ok(manifest.devDependencies["@cloud-copilot/iam-simulate"]);
    assert.strictEqual(manifest.dependencies["@cloud-copilot/iam-simulate"], undefined);
  });
});
