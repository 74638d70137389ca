/**
 * Access proofs over generated configurations: every vendor x credential type x prefix or none x
 * versioning x encryption x sharing, with each vendor's features rotated across them. A builder
 * change that widens or narrows anyone's access fails here with the request that changed.
 */
import * as assert from "assert";
import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { formatProblem, parseConnectionsText } from "../../model/load";
import { VENDORS } from "../../vendors";
import { proveFile, summarize } from "../../proofs/prove";
import { ENCRYPTION, PREFIXES, VERSIONING, configurations, connectionsYaml, credentialsOf } from "./configurations";
import { describeMismatches, unprovedNeeds } from "./helpers";

describe("access proofs of generated configurations", function () {
  this.timeout(180_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "proofs-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("generates the whole product for every vendor, each feature value with every credential type and prefix choice", () => {
    for (const vendor of VENDORS) {
      const configs = configurations(vendor);
      const base = new Set(configs.map((c) => JSON.stringify([c.credential, c.prefix, c.versioning, c.encryption, c.shared.length > 0])));
      assert.strictEqual(base.size, credentialsOf(vendor).length * PREFIXES.length * VERSIONING.length * ENCRYPTION.length * 2, vendor);
      assert.strictEqual(new Set(configs.map((c) => c.name)).size, configs.length, `${vendor}: names are unique`);
      const seen = new Map<string, Set<string>>();
      for (const c of configs) {
        for (const [key, value] of Object.entries(c.features)) {
          const pairs = seen.get(`${key}=${JSON.stringify(value)}`) ?? new Set<string>();
          pairs.add(`${c.credential}/${c.prefix ? "prefix" : "root"}`);
          seen.set(`${key}=${JSON.stringify(value)}`, pairs);
        }
      }
      for (const [feature, pairs] of seen)
        assert.strictEqual(pairs.size, credentialsOf(vendor).length * PREFIXES.length, `${vendor} ${feature}: ${[...pairs].join(", ")}`);
    }
  });

  for (const vendor of VENDORS) {
    it(`${vendor}: every configuration answers as expected`, async () => {
      const configs = configurations(vendor);
      const text = connectionsYaml(configs);
      const parsed = parseConnectionsText(text, `${vendor}.yaml`);
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.errors.map(formatProblem).join("\n"));
      const file = path.join(dir, `${vendor}.yaml`);
      writeFileSync(file, text);
      const proof = await proveFile(file, "proof");
      assert.ok(proof.ok, "the generated file plans");
      if (!proof.ok) return;
      assert.strictEqual(proof.results.filter((r) => !r.ok).length, 0, describeMismatches(proof.results));
      const summary = summarize(proof.results);
      assert.deepStrictEqual(summary.map((s) => s.connection).sort(), configs.map((c) => c.name).sort(), "every configuration is proved");
      for (const connection of proof.plan.model.connections) {
        assert.deepStrictEqual(unprovedNeeds(proof.plan.model, connection, proof.results), [], `${connection.name}: needed actions no request asks for`);
      }
    });
  }
});
