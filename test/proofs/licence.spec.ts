/**
 * The simulator is AGPL-3.0 and a development dependency: only the proofs (proofs/, the tests and
 * `npm run prove`) may load it. What counts is what a file loads when it runs, through any chain
 * of imports; type-only imports are erased and load nothing. So `verify` may build the proofs'
 * request matrix (proofs/matrix.ts loads no simulator) and ask AWS's own simulator about it.
 */
import * as assert from "assert";
import { existsSync, readdirSync, readFileSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../../offline/run-plan";

const SIMULATOR = "@cloud-copilot/iam-simulate";
const MAY_LOAD_SIMULATOR = [/^proofs\//, /^test\//, /^cli\/prove\.ts$/];

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" || entry.name.startsWith(".") || entry.name === "dist" ? [] : sources(relative);
    return /\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** The modules a file loads when it runs: imports and re-exports that are not type-only, require() and import(). */
function runtimeImports(text: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const onlyTypes =
        clause !== undefined &&
        (clause.isTypeOnly || (!clause.name && bindings !== undefined && ts.isNamedImports(bindings) && bindings.elements.every((e) => e.isTypeOnly)));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const bindings = node.exportClause;
      const onlyTypes = node.isTypeOnly || (bindings !== undefined && ts.isNamedExports(bindings) && bindings.elements.every((e) => e.isTypeOnly));
      if (!onlyTypes) found.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0])) {
      const callee = node.expression;
      if ((ts.isIdentifier(callee) && callee.text === "require") || callee.kind === ts.SyntaxKind.ImportKeyword) found.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile("file.ts", text, ts.ScriptTarget.Latest, true));
  return found;
}

/** A relative specifier as a project file, or the package name of a bare one. */
function resolve(from: string, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  return [`${base}.ts`, `${base}.js`, `${base}/index.ts`, base].find((candidate) => existsSync(path.join(ROOT, candidate))) ?? base;
}

/** For each file, whether running it loads the simulator, and through which chain. */
function simulatorChains(files: string[]): Map<string, string[] | undefined> {
  const chains = new Map<string, string[] | undefined>();
  const chainOf = (file: string, seen: Set<string>): string[] | undefined => {
    if (chains.has(file)) return chains.get(file);
    if (seen.has(file) || !/\.(ts|js)$/.test(file) || !existsSync(path.join(ROOT, file))) return undefined;
    seen.add(file);
    let chain: string[] | undefined;
    for (const target of runtimeImports(readFileSync(path.join(ROOT, file), "utf8")).map((s) => resolve(file, s))) {
      if (target === SIMULATOR || target.startsWith(`${SIMULATOR}/`)) chain = [file, SIMULATOR];
      else {
        const further = chainOf(target, seen);
        if (further) chain = [file, ...further];
      }
      if (chain) break;
    }
    chains.set(file, chain);
    return chain;
  };
  for (const file of files) chainOf(file, new Set());
  return chains;
}

describe("licence boundary of the IAM simulator", () => {
  const files = sources(".");
  const chains = simulatorChains(files);

  it("is loaded, directly or through other modules, only by proofs/, the tests and cli/prove.ts", () => {
    const offenders = [...chains.entries()]
      .filter(([file, chain]) => chain && !MAY_LOAD_SIMULATOR.some((p) => p.test(file)))
      .map(([, chain]) => chain!.join(" -> "));
    assert.deepStrictEqual(offenders, []);
  });

  it("is not loaded by the request matrix, which verify builds (the check above can fail: prove does load it)", () => {
    assert.strictEqual(chains.get("proofs/matrix.ts"), undefined);
    assert.strictEqual(chains.get("cli/verify.ts"), undefined);
    assert.deepStrictEqual(chains.get("cli/prove.ts"), ["cli/prove.ts", "proofs/prove.ts", "proofs/engine.ts", SIMULATOR]);
  });

  it("reads type-only imports as loading nothing", () => {
    assert.deepStrictEqual(
      runtimeImports(
        'import type { A } from "a";\nimport { type B } from "b";\nimport { C, type D } from "c";\nexport { type E } from "e";\nexport * from "f";\nconst g = require("g");\nvoid import("h");',
      ),
      ["c", "f", "g", "h"],
    );
  });

  it("stays a development dependency", () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.ok(manifest.devDependencies[SIMULATOR]);
    assert.strictEqual(manifest.dependencies[SIMULATOR], undefined);
  });
});
