/**
 * The switch that turns this project's speed-ups off, to check that they change nothing but speed
 * (test/optimisations.spec.ts compares the plans with them off and on):
 * `VENDOR_CONNECTIONS_OPTIMISATIONS=off` turns every one off, `VENDOR_CONNECTIONS_OPTIMISATIONS=off:a,b`
 * only those named. The names: `lazy-sdk` (offline/lazy-sdk.js), `pack-types` (the policy pack's
 * policypacks/vendor-guard/lib/resource-type.ts, which reads the variable itself: the pack is
 * published alone), `prove-workers` (cli/prove.ts).
 */
"use strict";

const VARIABLE = "VENDOR_CONNECTIONS_OPTIMISATIONS";

/** True when the speed-up `name` is switched off in this process's environment. */
function optimisationOff(name, env = process.env) {
  const value = (env[VARIABLE] ?? "").trim();
  if (value === "off") return true;
  if (!value.startsWith("off:")) return false;
  return value
    .slice("off:".length)
    .split(",")
    .map((n) => n.trim())
    .includes(name);
}

module.exports = { VARIABLE, optimisationOff };
