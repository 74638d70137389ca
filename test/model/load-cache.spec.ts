import * as assert from "assert";
import { mkdtempSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { LoadCache, loadConnectionsFile } from "../../model/load";

describe("LoadCache: the offline plan and the program it runs parse an unchanged file once", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "load-cache-"));
  const file = path.join(dir, "dev.yaml");
  const text = (name: string) =>
    `version: 1\nconnections:\n  - { name: ${name}, vendor: element, bucket: lab-runs, region: us-east-1, credential: { type: user } }\n`;

  it("returns the same result for the same text and stack, named as each caller names the file", () => {
    writeFileSync(file, text("aviti-runs"));
    const cache = new LoadCache();
    const first = loadConnectionsFile(file, "connections/dev.yaml", { stack: "dev", cache });
    const second = loadConnectionsFile(file, file, { stack: "dev", cache });
    assert.ok(first.ok && second.ok);
    assert.strictEqual(first.model, second.model, "the second load reuses the first model");
  });

  it("parses again when the text or the stack changes, and never shares results between caches", () => {
    writeFileSync(file, text("aviti-runs"));
    const cache = new LoadCache();
    const first = loadConnectionsFile(file, file, { stack: "dev", cache });
    const otherStack = loadConnectionsFile(file, file, { stack: "prod", cache });
    writeFileSync(file, text("aviti-other"));
    const changed = loadConnectionsFile(file, file, { stack: "prod", cache });
    const uncached = loadConnectionsFile(file, file, { stack: "prod" });
    assert.ok(first.ok && otherStack.ok && changed.ok && uncached.ok);
    assert.notStrictEqual(first.model, otherStack.model);
    assert.deepStrictEqual(
      changed.model.connections.map((c) => c.name),
      ["aviti-other"],
    );
    assert.notStrictEqual(changed.model, uncached.model);
  });
});
