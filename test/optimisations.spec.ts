/**
 * The speed-ups change nothing but speed: every connections file under connections/ plans to the
 * same JSON, byte for byte, with all of them on (as `npm run plan` runs) and all of them off
 * (VENDOR_CONNECTIONS_OPTIMISATIONS=off, the SDK's promise stack traces kept, `-r sucrase/register`
 * instead of the transpile cache).
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { connectionFiles } from "../cli/command-line";
import { optimisationOff } from "../offline/optimisations";
import { ROOT } from "../offline/run-plan";

const FILES = connectionFiles(path.join(ROOT, "connections"));
const PLAN_FILES = path.join(ROOT, "test", "fixtures", "optimisations", "plan-files.ts");

function planAll(loader: string, env: Record<string, string>): Record<string, string> {
  const result = spawnSync(process.execPath, ["-r", loader, PLAN_FILES, ...FILES], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, VENDOR_CONNECTIONS_OPTIMISATIONS: "", PULUMI_DEBUG_PROMISE_LEAKS: "", ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.strictEqual(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, string>;
}

describe("optimisations", function () {
  this.timeout(180_000);

  it("reads the switch: off, or off: and the names to switch off", () => {
    const env = (value: string) => ({ VENDOR_CONNECTIONS_OPTIMISATIONS: value });
    assert.strictEqual(optimisationOff("lazy-sdk", env("")), false);
    assert.strictEqual(optimisationOff("lazy-sdk", env("off")), true);
    assert.strictEqual(optimisationOff("lazy-sdk", env("off:pack-types, lazy-sdk")), true);
    assert.strictEqual(optimisationOff("prove-workers", env("off:pack-types,lazy-sdk")), false);
    assert.strictEqual(optimisationOff("lazy-sdk", env("on")), false);
  });

  it("plan every file under connections/ to the same JSON, byte for byte, switched on and off", () => {
    assert.ok(FILES.length >= 10, `${FILES.length} files`);
    const on = planAll(path.join(ROOT, "offline", "register.js"), {});
    const off = planAll("sucrase/register", { VENDOR_CONNECTIONS_OPTIMISATIONS: "off", PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    assert.deepStrictEqual(Object.keys(on), Object.keys(off));
    assert.strictEqual(Object.keys(on).length, FILES.length);
    for (const file of Object.keys(on)) {
      const plan = JSON.parse(on[file]) as { resources: unknown[]; errors: unknown[] };
      assert.ok(plan.resources.length > 0 && plan.errors.length === 0, `${file} plans resources`);
      assert.strictEqual(on[file], off[file], `${file}: the plan differs with the optimisations off`);
    }
  });
});
