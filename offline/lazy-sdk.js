/**
 * Loading `@pulumi/pulumi` loads two large modules that an offline plan never uses: `typescript`
 * (through the SDK's typescript-shim, to parse functions when serializing closures) and
 * `@npmcli/arborist` (to compute the code paths of a serialized closure). Together they were about
 * 0.4 s of CPU and 50 MB of memory of every plan (docs/benchmarks.md). This hook hands the two SDK
 * files that require them at load time a stand-in that loads the real module on first use, so a
 * run that serializes a closure still gets the real module, exactly as before.
 *
 * Matched by the requiring file's path inside `@pulumi/pulumi` and the exact request: if an SDK
 * upgrade renames or moves these files, nothing matches and Node loads everything as usual.
 * `VENDOR_CONNECTIONS_OPTIMISATIONS=off` (or a list naming `lazy-sdk`) switches the hook off.
 */
"use strict";
const Module = require("module");
const path = require("path");
const { optimisationOff } = require("./optimisations.js");

const SDK = `${path.sep}node_modules${path.sep}@pulumi${path.sep}pulumi${path.sep}`;

/** The requiring SDK file (relative to the SDK's folder) and the request it makes. */
const DEFERRED = [
  // `const ts = require("../../typescript-shim")`, read as `ts.X` inside its functions only.
  { from: path.join("runtime", "closure", "parseFunction.js"), request: "../../typescript-shim", namespace: false },
  // `const arborist = __importStar(require("@npmcli/arborist"))`, read as `arborist.Arborist` inside a
  // function. `__importStar` copies every key of a CommonJS module (which would load it) unless the
  // module says it is an ES module namespace, so the stand-in says so.
  { from: path.join("runtime", "closure", "codePaths.js"), request: "@npmcli/arborist", namespace: true },
];

/** An object that forwards every operation to the module `load` returns, calling it once, on first use. */
function deferred(load, namespace) {
  let loaded;
  const real = () => (loaded ??= load());
  return new Proxy(Object.create(null), {
    get: (_, key) => (namespace && key === "__esModule" ? true : Reflect.get(real(), key)),
    has: (_, key) => Reflect.has(real(), key),
    set: (_, key, value) => Reflect.set(real(), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(real(), key),
    ownKeys: () => Reflect.ownKeys(real()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(real(), key);
      // A proxy may not report a property its (empty) target lacks as non-configurable.
      return descriptor && { ...descriptor, configurable: true };
    },
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
}

function matches(parent, request) {
  const filename = parent?.filename;
  if (typeof filename !== "string") return undefined;
  const at = filename.lastIndexOf(SDK);
  if (at < 0) return undefined;
  const inside = filename.slice(at + SDK.length);
  return DEFERRED.find((d) => d.request === request && d.from === inside);
}

function install() {
  if (optimisationOff("lazy-sdk")) return;
  const load = Module._load;
  Module._load = function loadDeferred(request, parent, isMain) {
    const match = matches(parent, request);
    if (!match) return load.apply(this, arguments);
    return deferred(() => load.call(this, request, parent, isMain), match.namespace);
  };
}

install();

module.exports = { deferred };
