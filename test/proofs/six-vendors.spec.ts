/**
 * One bucket shared by all six vendors, each in a folder of its own
 * (connections/examples/six-vendors.yaml): every request answers as expected, and no vendor's
 * credential reaches another connection's folder.
 */
import * as assert from "assert";
import * as path from "path";
import { ROOT } from "../../offline/run-plan";
import { proveFile, type ProofResult } from "../../proofs/prove";
import { VENDORS } from "../../vendors";

describe("a bucket shared by all six vendors", () => {
  it("proves every connection, and refuses each vendor the other connections' folders", async () => {
    const proof = await proveFile(path.join(ROOT, "connections", "examples", "six-vendors.yaml"), "ci");
    assert.ok(proof.ok);
    if (!proof.ok) return;
    // Six vendors, each in a folder of its own.
    assert.strictEqual(new Set(proof.plan.model.connections.map((c) => c.vendor)).size, 6);
    assert.ok(proof.plan.model.connections.every((c) => VENDORS.includes(c.vendor)));
    assert.deepStrictEqual(
      proof.results.filter((r) => !r.ok).map((r) => `${r.connection} | ${r.who}: ${r.what}`),
      [],
    );
    const prefixes = new Map(proof.plan.model.connections.map((c) => [c.name, c.prefix!]));
    for (const connection of proof.plan.model.connections) {
      const others = [...prefixes].filter(([name]) => name !== connection.name).map(([, prefix]) => prefix);
      // Requests the matrix makes on another folder's objects: `<action> <other prefix>/x`.
      const elsewhere: ProofResult[] = proof.results.filter(
        (r) => r.connection === connection.name && others.some((prefix) => new RegExp(` ${prefix.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}/x$`).test(r.what)),
      );
      assert.ok(elsewhere.length >= others.length, `${connection.name}: ${elsewhere.length} requests on other folders`);
      assert.deepStrictEqual(
        elsewhere.filter((r) => r.verdict.decision === "Allowed").map((r) => r.what),
        [],
        `${connection.name} reaches another folder`,
      );
    }
  });
});
