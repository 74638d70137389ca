/**
 * The shape of the code: imports only go down the folder layers, a vendor's story stays in its own
 * files (the registries excepted), and no source file grows past 400 lines.
 */
import * as assert from "assert";
import { readdirSync, readFileSync, statSync } from "fs";
import * as path from "path";
import * as ts from "typescript";
import { ROOT } from "../offline/run-plan";
import { ALL_VENDOR_MODULES, VENDORS } from "../vendors";

/**
 * The layers, bottom first. A file may import its own folder and any folder of a lower layer;
 * folders of one layer do not import each other. `index.ts` is the Pulumi program.
 */
const LAYERS: string[][] = [
  ["iam"],
  ["fields"],
  ["vendors"],
  ["model"],
  // The program reads an adopted bucket's live state (account/) before it builds the components.
  ["components", "account"],
  ["index.ts"],
  ["policypacks"],
  // The offline plan runs the pack; the live commands stand beside it.
  ["offline", "live"],
  ["proofs", "fuzz"],
  ["cli"],
  ["bench"],
];
const LAYER_OF = new Map(LAYERS.flatMap((folders, rank) => folders.map((folder) => [folder, rank] as const)));

/** What the policy pack may import besides itself: it is published alone, with these bundled in. */
const PACK_MAY_IMPORT = new Set(["iam", "fields", "vendors"]);

/** Files that only exist to hold every vendor: the vendor registry and the pack's policy registry. */
const REGISTRIES = new Set(["vendors/index.ts", "policypacks/vendor-guard/policies/index.ts"]);

const MAX_LINES = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = path.posix.join(dir, entry.name);
    if (entry.name === "node_modules" || entry.name.startsWith(".")) return [];
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.(ts|js)$/.test(entry.name) ? [relative] : [];
  });
}

/** Every source file of the product: each layer's folder, and the program. */
const SOURCES = LAYERS.flat().flatMap((folder) => {
  const full = path.join(ROOT, folder);
  try {
    return statSync(full).isDirectory() ? sourceFiles(folder) : [folder];
  } catch {
    return []; // a layer that does not exist yet (live/)
  }
});

const topFolder = (file: string) => file.split("/")[0];

/** The project files a source file imports (statically, by `require`, or by `import()`), relative to ROOT. */
function projectImports(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  return ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((name) => name.startsWith("."))
    .map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(file), name)));
}

/** `ELEMENT_ACCOUNT_ID` -> element account id; `icaTrustPolicy` -> ica trust policy. */
const identifierWords = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.toLowerCase())
    .filter(Boolean);

/** Where a file names a vendor: a string or identifier naming its key, an import of its module, or one of its identifiers. */
function vendorMentions(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), "utf8");
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      // The key itself, a module of the vendor's, or "vendor: <key>"; prose ("a statement element") is not a mention.
      for (const vendor of VENDORS) {
        const names = node.text === vendor || new RegExp(`(^|/)(vendors|lib)/${vendor}(/|$)|\\bvendor:? +${vendor}\\b`).test(node.text);
        if (names) found.push(`${JSON.stringify(node.text)} names vendor ${vendor}`);
      }
    } else if (ts.isIdentifier(node) && !(ts.isPropertyAccessExpression(node.parent) && node.parent.name === node)) {
      // A property read (`array.element` of a library) is the library's word; imports are caught above.
      const words = identifierWords(node.text);
      for (const vendor of VENDORS) if (words.includes(vendor)) found.push(`identifier ${node.text} names vendor ${vendor}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
  for (const module of ALL_VENDOR_MODULES) {
    for (const identifier of module.identifiers) {
      // A value two vendors declare (AWS's own charset for external IDs, say) belongs to neither.
      if (SHARED_IDENTIFIERS.has(identifier)) continue;
      if (text.includes(identifier)) found.push(`spells ${module.vendor}'s ${JSON.stringify(identifier)}`);
    }
  }
  return found;
}

/** Identifiers more than one vendor declares. */
const SHARED_IDENTIFIERS = new Set(
  ALL_VENDOR_MODULES.flatMap((module) => [...new Set(module.identifiers)]).filter((identifier, i, all) => all.indexOf(identifier) !== i),
);

/** A vendor's own files: its module folder, and its files in the policy pack. */
function ownerOf(file: string): string | undefined {
  const vendorFolder = /^vendors\/([a-z0-9-]+)\//.exec(file)?.[1];
  if (vendorFolder) return vendorFolder;
  const packFile = /^policypacks\/vendor-guard\/(?:policies\/([a-z0-9]+)-[a-z0-9-]+|lib\/([a-z0-9]+))\.ts$/.exec(file);
  return packFile?.[1] ?? packFile?.[2];
}

/** The vendors whose modules a vendor's module imports. */
function buildsOn(vendor: string): Set<string> {
  const imported = SOURCES.filter((file) => file.startsWith(`vendors/${vendor}/`)).flatMap(projectImports);
  return new Set(imported.map((target) => /^vendors\/([a-z0-9-]+)\//.exec(target)?.[1]).filter((v): v is string => v !== undefined && v !== vendor));
}

describe("architecture", () => {
  it("finds the source files (a sanity check of the walk)", () => {
    for (const expected of ["index.ts", "iam/document.ts", "model/load.ts", "vendors/index.ts", "components/index.ts", "cli/plan.ts"]) {
      assert.ok(SOURCES.includes(expected), expected);
    }
  });

  it("imports only go down the layers, never sideways or up", () => {
    const wrong: string[] = [];
    for (const file of SOURCES) {
      const from = topFolder(file);
      for (const target of projectImports(file)) {
        const to = target === "index" ? "index.ts" : topFolder(target);
        if (to === from) continue;
        const [rankFrom, rankTo] = [LAYER_OF.get(from), LAYER_OF.get(to)];
        if (rankFrom === undefined || rankTo === undefined || rankTo >= rankFrom) wrong.push(`${file} imports ${target}`);
        else if (from === "policypacks" && !PACK_MAY_IMPORT.has(to))
          wrong.push(`${file} imports ${target} (the pack may import only ${[...PACK_MAY_IMPORT].join(", ")})`);
      }
    }
    assert.deepStrictEqual(wrong, []);
  });

  it("names a vendor only in that vendor's own files and the two registries", () => {
    const wrong: string[] = [];
    for (const file of SOURCES) {
      if (REGISTRIES.has(file)) continue;
      const owner = ownerOf(file);
      for (const mention of vendorMentions(file)) {
        const vendor = /vendor ([a-z0-9]+)|spells ([a-z0-9]+)'s/.exec(mention);
        const named = vendor?.[1] ?? vendor?.[2];
        // A vendor's files may name the vendors its module builds on (ElemBio on Element's account).
        if (owner !== undefined && named !== undefined && (named === owner || buildsOn(owner).has(named))) continue;
        wrong.push(`${file}: ${mention}`);
      }
    }
    assert.deepStrictEqual(wrong, []);
  });

  it("catches a vendor named outside its files (the check above can fail)", () => {
    assert.ok(identifierWords("ELEMENT_ACCOUNT_ID").includes("element"));
    assert.ok(identifierWords("icaTrustPolicy").includes("ica"));
    assert.strictEqual(ownerOf("policypacks/vendor-guard/policies/ica-role-trust.ts"), "ica");
    assert.strictEqual(ownerOf("policypacks/vendor-guard/lib/prequel.ts"), "prequel");
    assert.strictEqual(ownerOf("model/load.ts"), undefined);
  });

  it(`keeps every source file under ${MAX_LINES} lines`, () => {
    const long = SOURCES.map((file) => ({ file, lines: readFileSync(path.join(ROOT, file), "utf8").split("\n").length })).filter((f) => f.lines > MAX_LINES);
    assert.deepStrictEqual(
      long.map((f) => `${f.file}: ${f.lines} lines`),
      [],
    );
  });
});
