/**
 * A verify report as text (a terminal), JSON (a script) or Markdown (a pull request or a job summary).
 */
import type { Finding } from "./findings";
import { exitCodeOf, type VerifyReport } from "./verify";

export type ReportFormat = "text" | "json" | "markdown";
export const REPORT_FORMATS: ReportFormat[] = ["text", "json", "markdown"];

const MARK = { match: "ok", mismatch: "MISMATCH", "cannot-check": "CANNOT CHECK", note: "note" } as const;

function verdict(report: VerifyReport): string {
  const count = (status: Finding["status"]) => report.findings.filter((f) => f.status === status).length;
  const code = exitCodeOf(report);
  const head = code === 0 ? "AWS matches the plan" : code === 1 ? "AWS differs from the plan" : "some checks could not run";
  return `${head}: ${count("match")} match, ${count("mismatch")} mismatch, ${count("cannot-check")} cannot check`;
}

export function formatReport(report: VerifyReport, format: ReportFormat): string {
  if (format === "json") return JSON.stringify({ ...report, exitCode: exitCodeOf(report) }, null, 2);
  const subjects = [...new Set(report.findings.map((f) => f.subject))];
  if (format === "markdown") {
    const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");
    const out = [`### verify: stack ${report.stack}, account ${report.account}`, "", `**${verdict(report)}**`, ""];
    out.push("| Resource | Check | Result | Detail |", "|---|---|---|---|");
    for (const f of report.findings) out.push(`| ${cell(f.subject)} | ${cell(f.check)} | ${MARK[f.status]} | ${cell(f.detail)} |`);
    if (report.nextSteps.length > 0) out.push("", "**Next steps**", "", ...report.nextSteps.map((s) => `- ${s.connection}: ${s.step}`));
    return out.join("\n");
  }
  const out = [`verify: stack ${report.stack}, account ${report.account}`, verdict(report)];
  for (const subject of subjects) {
    out.push("", subject);
    for (const f of report.findings.filter((x) => x.subject === subject)) out.push(`  ${MARK[f.status].padEnd(12)} ${f.check}: ${f.detail}`);
  }
  if (report.nextSteps.length > 0) out.push("", "Next steps", ...report.nextSteps.map((s) => `  ${s.connection}: ${s.step}`));
  return out.join("\n");
}
