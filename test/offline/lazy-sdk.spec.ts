/**
 * offline/lazy-sdk.js: the SDK's `typescript` and `@npmcli/arborist` load on first use, not when
 * the SDK loads, and behave as the real modules once used. Each case runs in a child process
 * started as the commands start, since this process loaded the SDK long ago.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

/** Runs `script` in `node -r ./offline/register.js` and parses the JSON it prints last. */
function inChild(script: string, env: Record<string, string> = {}): any {
  const result = spawnSync(process.execPath, ["-r", "./offline/register.js", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, VENDOR_CONNECTIONS_OPTIMISATIONS: "", ...env },
  });
  assert.strictEqual(result.status, 0, result.stderr);
  return JSON.parse(result.stdout.trim().split("\n").pop()!);
}

const LOADED = `
const loaded = () => Object.keys(require.cache).filter((f) => /node_modules.(typescript|@npmcli.arborist).lib/.test(f) || /node_modules.typescript.lib.typescript\\.js$/.test(f)).length;
`;

describe("the SDK's compiler and package-tree modules", () => {
  it("are not loaded with the SDK, and are loaded when switched off", () => {
    const script = `${LOADED} require("@pulumi/pulumi"); console.log(JSON.stringify(loaded()));`;
    assert.strictEqual(inChild(script), 0);
    assert.ok(inChild(script, { VENDOR_CONNECTIONS_OPTIMISATIONS: "off:lazy-sdk" }) >= 2);
  });

  it("load on first use and serialize a closure as the real modules do", () => {
    const script = `${LOADED}
      const pulumi = require("@pulumi/pulumi");
      const before = loaded();
      const factor = 3;
      pulumi.runtime.serializeFunction((x) => x * factor).then((s) => console.log(JSON.stringify({ before, after: loaded(), text: s.text })));`;
    const lazy = inChild(script);
    const eager = inChild(script, { VENDOR_CONNECTIONS_OPTIMISATIONS: "off" });
    assert.strictEqual(lazy.before, 0);
    assert.ok(lazy.after >= 1, "serializing a function loads typescript");
    assert.match(lazy.text, /factor/);
    assert.strictEqual(lazy.text, eager.text);
  });

  it("hand the SDK's code-path module a namespace that loads arborist on first use", () => {
    // codePaths.js reads the module through TypeScript's __importStar, copied here as it ships.
    const script = `
      const { deferred } = require("./offline/lazy-sdk.js");
      const real = require("@npmcli/arborist");
      let loads = 0;
      const importStar = (mod) => {
        if (mod && mod.__esModule) return mod;
        const result = {};
        if (mod != null) for (const k in mod) if (Object.hasOwnProperty.call(mod, k)) result[k] = mod[k];
        result.default = mod;
        return result;
      };
      const arborist = importStar(deferred(() => (loads++, real), true));
      const before = loads;
      console.log(JSON.stringify({ before, same: arborist.Arborist === real.Arborist, after: loads, again: (arborist.Node, loads) }));`;
    assert.deepStrictEqual(inChild(script), { before: 0, same: true, after: 1, again: 1 });
  });

  it("leave requests from any other file to Node", () => {
    // The project's own require of the same packages gets the modules themselves.
    const script = `require("@pulumi/pulumi"); const ts = require("typescript"); console.log(JSON.stringify({ proxy: require("util").types.isProxy(ts), version: ts.version }));`;
    assert.deepStrictEqual(inChild(script), { proxy: false, version: require("typescript").version });
  });
});
