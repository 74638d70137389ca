/**
 * `node -r ./offline/register.js FILE.ts`: loads this project's TypeScript as `-r sucrase/register`
 * does (the same sucrase transforms, the same inline source map), and keeps each transpiled file in
 * node_modules/.cache/vendor-connections-ts, one entry per source file, reused while the file's
 * text and the sucrase version are unchanged. A run whose files are all cached loads no compiler:
 * transpiling was a quarter of `npm run plan` on the example, mostly sucrase warming up
 * (docs/benchmarks.md).
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const TRANSFORMS = ["imports", "typescript"];
const SUCRASE_VERSION = require("sucrase/package.json").version;
const CACHE_DIR = path.join(__dirname, "..", "node_modules", ".cache", "vendor-connections-ts");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

const hash = (...parts) => crypto.createHash("sha256").update(parts.join("\0")).digest("hex");

function transpile(source, filename) {
  const entry = path.join(CACHE_DIR, `${hash(filename)}.js`);
  // The first line names what the entry was made from; any change makes it stale.
  const header = `// ${hash(SUCRASE_VERSION, TRANSFORMS.join(","), source)}\n`;
  try {
    const cached = fs.readFileSync(entry, "utf8");
    if (cached.startsWith(header)) return cached.slice(header.length);
  } catch {
    // Not cached yet.
  }
  const { transform } = require("sucrase");
  const { code, sourceMap } = transform(source, { transforms: TRANSFORMS, filePath: filename, sourceMapOptions: { compiledFilename: filename } });
  const output = `${code}\n//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(sourceMap)).toString("base64")}`;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    // Written aside and renamed, so a process running at the same time never reads half a file.
    const temporary = `${entry}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, header + output);
    fs.renameSync(temporary, entry);
  } catch {
    // A read-only checkout: transpile on every run.
  }
  return output;
}

const loadJs = Module._extensions[".js"];
Module._extensions[".ts"] = function loadTs(module, filename) {
  // Like sucrase/register, leave packages' own files to Node.
  if (filename.includes(NODE_MODULES)) return loadJs(module, filename);
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};

// The SDK's unused compiler and package-tree modules load on first use only.
require("./lazy-sdk.js");
