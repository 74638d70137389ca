/**
 * The Markdown report: renders for every connections file in the repository and for invalid input,
 * never shows a secret, and stays under the comment cap with 1,000 connections.
 */
import * as assert from "assert";
import * as path from "path";
import { connectionFiles } from "../../cli/command-line";
import { ROOT, runPlan, type Plan, type PlannedResource } from "../../offline/run-plan";
import { REPORT_LIMIT, renderMarkdown } from "../../offline/markdown-report";

async function planOf(file: string): Promise<Plan> {
  const { model: _m, log: _l, ...plan } = await runPlan({ connectionsFile: file, stack: "ci" });
  return plan;
}

/** `plan` with every connection and its resources copied `times` times under new names. */
function multiplied(plan: Plan, times: number): Plan {
  const rename = (text: string, i: number) => plan.connections.reduce((t, c) => t.split(c.name).join(`${c.name}-${i}`), text);
  const connections = [];
  const resources: PlannedResource[] = plan.resources.filter((r) => !plan.connections.some((c) => r.urn.includes(c.name)));
  for (let i = 0; i < times; i++) {
    connections.push(...plan.connections.map((c) => ({ ...c, name: `${c.name}-${i}` })));
    for (const r of plan.resources.filter((x) => plan.connections.some((c) => x.urn.includes(c.name)))) {
      resources.push(JSON.parse(rename(JSON.stringify(r), i)) as PlannedResource);
    }
  }
  return { ...plan, connections, resources };
}

describe("Markdown report", function () {
  this.timeout(60_000);
  for (const file of connectionFiles(path.join(ROOT, "connections"))) {
    it(`renders ${path.relative(ROOT, file)}`, async () => {
      const plan = await planOf(file);
      const report = renderMarkdown({ plan, stack: "ci", file: path.relative(ROOT, file) });
      const aws = plan.resources.filter((r) => !r.type.startsWith("vendor-connections:")).length;
      assert.match(
        report.split("\n")[2],
        new RegExp(
          `^\\*\\*Stack \`ci\`\\*\\* \\(\`${path.relative(ROOT, file)}\`\\): ${plan.connections.length} connections?, ${aws} AWS resources?, 0 mandatory and 0 advisory verdict\\(s\\), 0 errors$`,
        ),
      );
      for (const c of plan.connections) assert.ok(report.includes(`<details><summary>Connection <code>${c.name}</code>`), c.name);
      assert.strictEqual((report.match(/<details>/g) ?? []).length, (report.match(/<\/details>/g) ?? []).length);
      assert.ok(!report.includes("mock-secret"), "no secret value");
      for (const c of plan.connections.filter((x) => x.credential === "user")) {
        assert.ok(report.includes("secret: `pulumi stack output handoff --show-secrets`"), `${c.name}: the secret is named, not shown`);
      }
    });
  }

  it("renders invalid input as a list of positioned errors", async () => {
    const plan = await planOf(path.join(ROOT, "test", "fixtures", "invalid", "adopt-not-boolean.yaml"));
    const report = renderMarkdown({ plan, stack: "ci", file: "bad.yaml" });
    assert.ok(plan.errors.length > 0);
    assert.match(report, /#### \d+ problems? in the input; nothing was planned/);
    for (const e of plan.errors) assert.ok(report.includes(`- \`${e.file}:${e.line}:${e.column}\` `), `${e.line}:${e.column}`);
    assert.ok(!report.includes("<details>"));
  });

  it(`stays under ${REPORT_LIMIT} characters with 1,000 connections, and says what it left out`, async () => {
    const one = await planOf(path.join(ROOT, "connections", "examples", "shared-bucket.yaml"));
    const plan = multiplied(one, Math.ceil(1000 / one.connections.length));
    assert.ok(plan.connections.length >= 1000);
    const report = renderMarkdown({ plan, stack: "big", file: "big.yaml" });
    assert.ok(report.length <= REPORT_LIMIT, `${report.length} characters`);
    assert.match(report, /\n\*\*Left out to stay under 60,000 characters\*\* \(`npm run -s plan` prints everything\): \d+ blocks: connection /);
    assert.match(report, /_Documents are collapsed/);
    assert.ok(report.startsWith("### Plan of stack `big`\n\n**Stack `big`** (`big.yaml`): "));
  });

  it("keeps documents when they fit", async () => {
    const plan = await planOf(path.join(ROOT, "connections", "prod.yaml"));
    const report = renderMarkdown({ plan, stack: "prod", file: "connections/prod.yaml" });
    assert.ok(!report.includes("Left out"));
    assert.ok(report.includes('      {"Sid":"IcaAnalysisIcaCrossAccount"'));
    assert.ok(report.includes('The composed policy is in the block "Bucket lab-archive-prod" under Resources and documents.'));
  });
});
