/** Where the CPU time of one plan of the benchmark goes (the child started with `--phases-child`). */

/**
 * Child process: one plan in this process, as cli/plan.ts --json makes it, with the CPU time of
 * two of its parts: loading and validating the connections file (run-plan does it; the program's
 * own load of the same text reuses that result) and checking the resources with the policy pack.
 * Prints them as JSON, seconds.
 */
export async function phasesChild(file: string): Promise<void> {
  const cpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const spent = { model: 0, policies: 0 };
  // Both are called through their modules' exports, so wrapping the exports times every call.
  const load = await import("../model/load");
  const harness = await import("../offline/policy-harness");
  const loadConnectionsFile = load.loadConnectionsFile;
  const analyze = harness.analyze;
  Object.assign(load, {
    loadConnectionsFile: (...args: Parameters<typeof loadConnectionsFile>) => {
      const start = cpu();
      try {
        return loadConnectionsFile(...args);
      } finally {
        spent.model += cpu() - start;
      }
    },
  });
  Object.assign(harness, {
    analyze: async (...args: Parameters<typeof analyze>) => {
      const start = cpu();
      try {
        return await analyze(...args);
      } finally {
        spent.policies += cpu() - start;
      }
    },
  });
  const { runPlan } = await import("../offline/run-plan");
  const { model: _model, log: _log, ...plan } = await runPlan({ connectionsFile: file, stack: "bench" });
  const output = JSON.stringify(plan, null, 2);
  const total = cpu();
  const policyCount = (await harness.policyInfos()).length;
  process.stdout.write(`${JSON.stringify({ total, ...spent, policyCount, resources: plan.resources.length, bytes: output.length })}\n`);
}
