/**
 * The loader under 2,000 mutated connections files (seeded, so every run sees the same inputs):
 * each is accepted with a model or rejected with positioned, plain-word errors; none throws and
 * none exceeds the time budget for its size. `npm run fuzz` runs many more.
 */
import * as assert from "assert";
import * as path from "path";
import { fuzzInput } from "../../fuzz/generate";
import { classify, seedFiles, type OutcomeClass } from "../../fuzz/outcome";

const SEED = 20240611;
const COUNT = 2000;

describe("loader fuzz (2,000 seeded inputs)", () => {
  it("accepts or cleanly rejects every input, within the time budget", function () {
    this.timeout(60_000);
    const seeds = seedFiles(path.join(__dirname, "..", ".."));
    const counts: Record<OutcomeClass, number> = { accepted: 0, "clean-error": 0, "bad-message": 0, crash: 0, slow: 0 };
    const failures: string[] = [];
    for (let index = 0; index < COUNT; index++) {
      const input = fuzzInput(seeds, SEED, index);
      const result = classify(input.bytes, input.name);
      counts[result.outcome]++;
      if (result.outcome !== "accepted" && result.outcome !== "clean-error") {
        failures.push(
          `${result.outcome} ${input.name} (${input.mutations.join("; ")}): ${result.detail}; reproduce with npm run fuzz -- --seed ${SEED} --count ${index + 1}`,
        );
      }
    }
    assert.deepStrictEqual(failures, []);
    // Both classes must be reached, or the mutations are too weak (or too strong) to test anything.
    assert.ok(counts.accepted >= 100 && counts["clean-error"] >= 1000, JSON.stringify(counts));
  });

  it("generates the same input for the same seed and index, and different ones otherwise", () => {
    const seeds = seedFiles(path.join(__dirname, "..", ".."));
    const hex = (seed: number, index: number) => Buffer.from(fuzzInput(seeds, seed, index).bytes).toString("hex");
    assert.strictEqual(hex(7, 42), hex(7, 42));
    assert.notStrictEqual(hex(7, 42), hex(7, 43));
    assert.notStrictEqual(hex(7, 42), hex(8, 42));
  });
});
