/**
 * The invalid-input corpus: every `test/fixtures/invalid/<case>.yaml` holds one mistake (or a few,
 * when the point is that all are reported together), and `<case>.errors.txt` the exact lines a user
 * sees for it, `file:line:column message`. Changing a message means reading the new one as a user
 * would and updating the expected file.
 */
import * as assert from "assert";
import { readdirSync, readFileSync } from "fs";
import * as path from "path";
import { oneOf } from "../fields/text";
import { formatProblem, loadConnectionsFile } from "../model/load";
import { FIELD_OWNERS } from "../model/schema";
import { VENDORS } from "../vendors";

const DIR = path.join(__dirname, "fixtures", "invalid");
const files = readdirSync(DIR);
const cases = files
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => f.slice(0, -".yaml".length))
  .sort();
const expectations = files
  .filter((f) => f.endsWith(".errors.txt"))
  .map((f) => f.slice(0, -".errors.txt".length))
  .sort();

/**
 * An expected file may name the registry's lists instead of spelling them, so a new vendor edits no
 * case: `${vendors}` is the vendor list as messages write it, `${owner:<field>}` the vendors a field
 * belongs to.
 */
function expandRegistryLists(text: string): string {
  return text.replaceAll("${vendors}", oneOf(VENDORS)).replace(/\$\{owner:(\w+)\}/g, (_, field: string) => FIELD_OWNERS[field]);
}

function expectedLines(name: string): string[] {
  return expandRegistryLists(readFileSync(path.join(DIR, `${name}.errors.txt`), "utf8"))
    .split("\n")
    .filter((line) => line !== "");
}

describe("invalid-input corpus", () => {
  it("has at least 50 cases", () => {
    assert.ok(cases.length >= 50, `only ${cases.length} cases`);
  });

  it("pairs every .yaml with a .errors.txt and every .errors.txt with a .yaml", () => {
    assert.deepStrictEqual(
      cases.filter((name) => !expectations.includes(name)),
      [],
      "cases without an .errors.txt",
    );
    assert.deepStrictEqual(
      expectations.filter((name) => !cases.includes(name)),
      [],
      ".errors.txt files without a case",
    );
  });

  it("starts every case with a comment saying what mistake it shows", () => {
    const uncommented = cases.filter((name) => !/^# \S/.test(readFileSync(path.join(DIR, `${name}.yaml`), "utf8")));
    assert.deepStrictEqual(uncommented, []);
  });

  it("never throws for bad input", () => {
    const thrown: string[] = [];
    for (const name of cases) {
      try {
        loadConnectionsFile(path.join(DIR, `${name}.yaml`), `test/fixtures/invalid/${name}.yaml`);
      } catch (e) {
        thrown.push(`${name}: ${(e as Error).stack}`);
      }
    }
    assert.deepStrictEqual(thrown, []);
  });

  for (const name of cases) {
    it(`${name}.yaml is rejected with exactly its expected messages`, () => {
      const display = `test/fixtures/invalid/${name}.yaml`;
      const result = loadConnectionsFile(path.join(DIR, `${name}.yaml`), display);
      assert.strictEqual(result.ok, false, `${name}.yaml was accepted`);
      if (result.ok) return;
      for (const error of result.errors) {
        assert.strictEqual(error.file, display);
        assert.ok(error.line >= 1 && error.column >= 1, `${formatProblem(error)}: line and column must be 1 or more`);
        assert.strictEqual(error.severity, "error");
      }
      assert.deepStrictEqual(result.errors.map(formatProblem), expectedLines(name));
    });
  }
});
