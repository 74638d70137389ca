/**
 * The loader never throws and never hangs: each class of hostile or unusual YAML found by fuzzing
 * ends as positioned errors with a fix (or is accepted, when that is correct), in time linear in
 * the file's size.
 */
import * as assert from "assert";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import * as path from "path";
import { formatProblem, loadConnectionsFile, parseConnectionsText } from "../../model/load";
import { ROWS } from "./loader-hardening.rows";

const lines = (problems: Parameters<typeof formatProblem>[0][]) => problems.map((p) => formatProblem(p).replace(/^f\.yaml:/, ""));

describe("loader: hostile and unusual YAML", () => {
  for (const row of ROWS) {
    it(`${row.name}: ${row.errors ? "rejected with its messages" : "accepted"}`, () => {
      const result = parseConnectionsText(row.text, "f.yaml");
      if (row.errors) {
        assert.strictEqual(result.ok, false, "accepted");
        if (!result.ok) assert.deepStrictEqual(lines(result.errors), row.errors);
      } else {
        assert.strictEqual(result.ok, true, result.ok ? "" : lines(result.errors).join("\n"));
        if (row.warnings) assert.deepStrictEqual(lines(result.warnings), row.warnings);
      }
    });
  }

  it("accepts 100 aliases of one credential block, each connection with the block's value", () => {
    const result = parseConnectionsText(ROWS.find((r) => r.name.startsWith("100 aliases"))!.text, "f.yaml");
    assert.ok(result.ok);
    if (result.ok) assert.deepStrictEqual([...new Set(result.model.connections.map((c) => JSON.stringify(c.credential)))], ['{"type":"user"}']);
  });

  it("accepts constructor as a tag key, and keeps it", () => {
    const result = parseConnectionsText(
      "version: 1\ndefaults:\n  region: us-east-1\n  tags:\n    constructor: lab\nconnections:\n  - { name: aviti-runs, vendor: element, bucket: lab-runs, credential: { type: user } }\n",
      "f.yaml",
    );
    assert.ok(result.ok);
    if (result.ok) assert.deepStrictEqual(Object.entries(result.model.buckets[0].tags), [["constructor", "lab"]]);
  });

  describe("bytes that are not UTF-8", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "utf8-"));
    const rows: { name: string; bytes: number[]; expected: string; byte: string }[] = [
      {
        name: "a stray continuation byte",
        bytes: [...Buffer.from("version: 1\nconnections:\n  - name: ab"), 0x80, ...Buffer.from("c\n")],
        expected: "3:13",
        byte: "0x80",
      },
      { name: "Latin-1 é after UTF-8 é", bytes: [...Buffer.from("version: 1\n# caf\u00e9 caf"), 0xe9, ...Buffer.from("\n")], expected: "2:11", byte: "0xE9" },
      { name: "a truncated 3-byte sequence at the end", bytes: [...Buffer.from("version: 1\n"), 0xe2, 0x82], expected: "2:1", byte: "0xE2" },
      { name: "an overlong encoding of /", bytes: [...Buffer.from("version: 1\nx: "), 0xc0, 0xaf, ...Buffer.from("\n")], expected: "2:4", byte: "0xC0" },
      { name: "an encoded surrogate", bytes: [...Buffer.from("version: 1\nx: "), 0xed, 0xa0, 0x80, ...Buffer.from("\n")], expected: "2:4", byte: "0xED" },
    ];
    for (const row of rows) {
      it(`${row.name}: positioned error naming the byte`, () => {
        const file = path.join(dir, "bad.yaml");
        writeFileSync(file, Buffer.from(row.bytes));
        const result = loadConnectionsFile(file, "bad.yaml");
        assert.strictEqual(result.ok, false);
        if (result.ok) return;
        assert.deepStrictEqual(result.errors.map(formatProblem), [
          `bad.yaml:${row.expected} the file is not valid UTF-8: the byte ${row.byte} here is not part of any character; save the file with UTF-8 encoding, or retype the text around this point`,
        ]);
      });
    }
  });
});

describe("loader: fuzz regressions (test/fixtures/fuzz-regressions)", () => {
  const dir = path.join(__dirname, "..", "fixtures", "fuzz-regressions");
  const cases = readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .sort();
  it("has every minimal input the fuzzer reported", () => assert.strictEqual(cases.length, 14));
  for (const name of cases) {
    it(`${name} ends with exactly its expected messages`, () => {
      const display = `test/fixtures/fuzz-regressions/${name}`;
      const result = loadConnectionsFile(path.join(dir, name), display);
      const expected = readFileSync(path.join(dir, name.replace(/\.yaml$/, ".errors.txt")), "utf8")
        .split("\n")
        .filter((l) => l !== "");
      assert.strictEqual(result.ok, false);
      if (!result.ok) assert.deepStrictEqual(result.errors.map(formatProblem), expected);
    });
  }
});

describe("loader: cost grows linearly with the file", () => {
  const connection = (i: number, bucket: string, prefix?: string) =>
    `  - name: conn-${i}\n    vendor: element\n    bucket: ${bucket}\n${prefix === undefined ? "" : `    prefix: ${prefix}\n`}    credential:\n      type: user\n`;
  const shapes: { name: string; make: (n: number) => string }[] = [
    {
      name: "connections on distinct buckets",
      make: (n) => `version: 1\ndefaults:\n  region: us-east-1\nconnections:\n${Array.from({ length: n }, (_, i) => connection(i, `lab-runs-${i}`)).join("")}`,
    },
    {
      name: "connections on one bucket without prefixes",
      make: (n) => `version: 1\ndefaults:\n  region: us-east-1\nconnections:\n${Array.from({ length: n }, (_, i) => connection(i, "lab-runs")).join("")}`,
    },
    {
      name: "nested prefixes on one bucket",
      make: (n) =>
        `version: 1\ndefaults:\n  region: us-east-1\nconnections:\n${Array.from({ length: n }, (_, i) => connection(i, "lab-runs", Array.from({ length: (i % 5) + 1 }, (_, k) => `p${k}`).join("/"))).join("")}`,
    },
    {
      name: "unknown keys in one connection",
      make: (n) =>
        `version: 1\ndefaults:\n  region: us-east-1\nconnections:\n${connection(0, "lab-runs")}${Array.from({ length: n }, (_, i) => `    extra-${i}: x\n`).join("")}`,
    },
    {
      name: "duplicate keys",
      make: (n) =>
        `version: 1\ndefaults:\n  region: us-east-1\n  tags:\n${Array.from({ length: n }, (_, i) => `    k${i % 10}: v\n`).join("")}connections:\n${connection(0, "lab-runs")}`,
    },
    { name: "tab-indented lines", make: (n) => `version: 1\nconnections:\n${"\tname: x\n".repeat(n)}` },
    {
      name: "tags",
      make: (n) =>
        `version: 1\ndefaults:\n  region: us-east-1\n  tags:\n${Array.from({ length: n }, (_, i) => `    k${i}: v\n`).join("")}connections:\n${connection(0, "lab-runs")}`,
    },
  ];
  for (const shape of shapes) {
    it(`${shape.name}: 8 times the file costs far less than 64 times, and under 1 s per 100 KB`, () => {
      const time = (text: string) => {
        const start = process.hrtime.bigint();
        parseConnectionsText(text, "f.yaml");
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      const [small, large] = [shape.make(250), shape.make(2000)];
      time(small);
      // The fastest of three runs: the machine may be busy with other work.
      const [t1, t8] = [Math.min(time(small), time(small), time(small)), Math.min(time(large), time(large), time(large))];
      const perHundredKb = (t8 / large.length) * 100_000;
      assert.ok(perHundredKb < 1000, `${perHundredKb.toFixed(0)} ms per 100 KB`);
      // Linear is 8x; quadratic would be 64x. Allow noise on a busy machine.
      assert.ok(t8 < Math.max(30 * t1, 50), `250 items: ${t1.toFixed(1)} ms, 2,000: ${t8.toFixed(1)} ms`);
    });
  }
});
