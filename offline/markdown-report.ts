/**
 * The plan as one Markdown document for a pull request comment or `$GITHUB_STEP_SUMMARY`: a header
 * line for the stack, the access diff first when there is a base, then per bucket and connection its
 * resources and documents in `<details>` blocks, the hand-off fields (never a secret), warnings,
 * notices and verdicts. GitHub refuses comments over 65,536 characters; the report stays under
 * REPORT_LIMIT by collapsing documents and, if still too long, by listing what it left out.
 */
import type { Problem } from "../model/load";
import type { AccessDiff } from "./access-diff";
import { physicalNameOf } from "./access-diff";
import { accessChangeLines, handoffLine, resourceLine } from "./diff-lines";
import type { Plan, PlannedResource } from "./run-plan";
import { SECRET } from "./mock-engine";

export const REPORT_LIMIT = 60_000;

export interface ReportInput {
  plan: Plan;
  stack: string;
  /** The file planned, as the reader knows it. */
  file: string;
  diff?: AccessDiff;
  /** The base revision or file of the diff. */
  base?: string;
}

/** A fenced block that no line of its content can close. */
function fence(lines: string[], language = "text"): string {
  const longest = Math.max(2, ...lines.map((l) => /`+/.exec(l)?.[0].length ?? 0));
  const ticks = "`".repeat(longest + 1);
  return `${ticks}${language}\n${lines.join("\n")}\n${ticks}`;
}

/** Text for inside HTML or a Markdown line: no tag, no table cell break. */
const escape = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|");

const positioned = (p: Problem) => `- \`${p.file}:${p.line}:${p.column}\` ${escape(p.message)}`;

const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function headerLine(plan: Plan, stack: string, file: string): string {
  const aws = plan.resources.filter((r) => !r.type.startsWith("vendor-connections:")).length;
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory").length;
  const advisory = plan.violations.length - mandatory;
  return `**Stack \`${stack}\`** (\`${file}\`): ${count(plan.connections.length, "connection")}, ${count(aws, "AWS resource")}, ${mandatory} mandatory and ${advisory} advisory verdict(s), ${count(plan.errors.length, "error")}`;
}

/** The diff's sections, each a heading and a fenced block of lines; long ones are cut by the budget. */
function diffSections(diff: AccessDiff): { title: string; lines: string[] }[] {
  return [
    { title: "Access granted (+) and revoked (-)", lines: accessChangeLines(diff) },
    { title: "Resources created, replaced, deleted and updated", lines: diff.resources.map(resourceLine) },
    { title: "Hand-off fields that change (edit them in the vendor's UI)", lines: diff.handoff.map(handoffLine) },
    { title: "New warnings", lines: diff.newWarnings },
    { title: "New policy verdicts", lines: diff.newViolations.map((v) => `${v.enforcement} ${v.policy} ${v.resource}: ${v.message}`) },
  ].filter((s) => s.lines.length > 0);
}

function documentLines(r: PlannedResource): string[] {
  return ["assumeRolePolicy", "policy"].flatMap((key) => {
    const document = r.inputs[key] as { Statement?: unknown[] } | undefined;
    if (!document || typeof document !== "object") return [];
    const statements = Array.isArray(document.Statement) ? document.Statement : [document];
    return [`    ${key}:`, ...statements.map((s) => `      ${JSON.stringify(s)}`)];
  });
}

function resourceLines(r: PlannedResource, withDocuments: boolean): string[] {
  const name = physicalNameOf(r);
  const flags = [r.protect && "protect", r.retainOnDelete && "retainOnDelete", r.import && `import ${r.import}`].filter(Boolean);
  const head = `+ ${r.type}  ${r.name}${name && name !== r.name ? `  (${name})` : ""}${flags.length > 0 ? `  [${flags.join(", ")}]` : ""}`;
  return withDocuments ? [head, ...documentLines(r)] : [head];
}

/** A hand-off value for the report: a secret is never shown, only where to read it. */
function handoffRows(handoff: unknown, prefix = ""): string[] {
  if (!handoff || typeof handoff !== "object") return [];
  return Object.entries(handoff as Record<string, unknown>).flatMap(([key, value]) => {
    const field = prefix ? `${prefix}.${key}` : key;
    if (value && typeof value === "object" && !Array.isArray(value)) return handoffRows(value, field);
    const shown = value === SECRET || /secret/i.test(key) ? "secret: `pulumi stack output handoff --show-secrets`" : `\`${escape(JSON.stringify(value))}\``;
    return [`| ${escape(field)} | ${shown} |`];
  });
}

/** One `<details>` block per bucket and connection; `withDocuments` false collapses to the resource list. */
function componentBlocks(plan: Plan, withDocuments: boolean): { name: string; text: string }[] {
  const components = plan.resources.filter((r) => r.type.startsWith("vendor-connections:"));
  const order = (r: PlannedResource) => (r.type.endsWith("ConnectedBucket") ? -1 : plan.connections.findIndex((c) => c.name === r.name));
  const children = new Map<string, PlannedResource[]>();
  for (const r of plan.resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
  return components
    .sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name))
    .map((component) => {
      const isBucket = component.type.endsWith("ConnectedBucket");
      const own = children.get(component.urn) ?? [];
      const connection = plan.connections.find((c) => c.name === component.name);
      const where = connection
        ? ` - ${connection.vendor}, ${connection.credential}, s3://${connection.bucket}/${connection.prefix ? `${connection.prefix}/` : ""}`
        : "";
      const summary = `${isBucket ? "Bucket" : "Connection"} <code>${escape(component.name)}</code>${escape(where)} (${count(own.length, "resource")})`;
      const parts = [`<details><summary>${summary}</summary>`, "", fence(own.flatMap((r) => resourceLines(r, withDocuments)))];
      if (!isBucket && connection) {
        const rows = handoffRows(connection.handoff);
        if (rows.length > 0) parts.push("", "Hand-off (paste into the vendor's UI):", "", "| field | value |", "| --- | --- |", ...rows);
      }
      parts.push("", "</details>");
      return { name: `${isBucket ? "bucket" : "connection"} ${component.name}`, text: parts.join("\n") };
    });
}

/** Adds text while it fits, keeping room for the note on what was left out. */
class Budget {
  parts: string[] = [];
  size = 0;
  leftOut: string[] = [];
  constructor(private readonly limit: number) {}
  fits(text: string | number): boolean {
    return this.size + (typeof text === "number" ? text : text.length) + 2 <= this.limit;
  }
  add(text: string): boolean {
    if (!this.fits(text)) return false;
    this.parts.push(text);
    this.size += text.length + 2;
    return true;
  }
}

/** Room kept for the list of what was left out. */
const NOTE_RESERVE = 3_000;

export function renderMarkdown(input: ReportInput, limit = REPORT_LIMIT): string {
  const { plan, stack, file, diff } = input;
  const budget = new Budget(limit - NOTE_RESERVE);
  budget.add(`### Plan of stack \`${stack}\``);
  budget.add(headerLine(plan, stack, file));
  if (plan.errors.length > 0) {
    budget.add(`#### ${count(plan.errors.length, "problem")} in the input; nothing was planned`);
    addLines(budget, plan.errors.map(positioned), "problems");
    if (plan.warnings.length > 0) addLines(budget, plan.warnings.map(positioned), "warnings");
    return finish(budget, limit);
  }
  if (diff) {
    budget.add(`#### Changes since \`${input.base ?? "the base"}\``);
    const sections = diffSections(diff);
    if (sections.length === 0) budget.add("No change in access, resources, hand-off fields, warnings or verdicts.");
    for (const s of sections) {
      budget.add(`**${s.title}**`);
      addFenced(budget, s.lines, s.title);
    }
  }
  const mandatory = plan.violations.filter((v) => v.enforcement === "mandatory");
  const verdicts = [...mandatory, ...plan.violations.filter((v) => v.enforcement !== "mandatory")];
  if (verdicts.length > 0) {
    budget.add("#### Policy verdicts");
    addLines(
      budget,
      verdicts.map((v) => `- **${v.enforcement}** \`${v.policy}\` on \`${escape(v.resource.split("::").pop() ?? "")}\`: ${escape(v.message)}`),
      "policy verdicts",
    );
  }
  if (plan.notices.length > 0) {
    budget.add("#### Read before applying");
    addLines(
      budget,
      plan.notices.map((n) => `- ${escape(n)}${whereComposed(n)}`),
      "notices",
    );
  }
  budget.add("#### Resources and documents");
  // Everything with its documents when it fits; else every block collapsed; else as many as fit.
  const full = componentBlocks(plan, true);
  const room = limit - NOTE_RESERVE - budget.size;
  const blocks = full.reduce((n, b) => n + b.text.length + 2, 0) <= room ? full : componentBlocks(plan, false);
  if (blocks !== full) budget.add("_Documents are collapsed to keep this report under the size of a comment; `npm run -s plan` prints them all._");
  const skipped = blocks.filter((b) => !budget.add(b.text)).map((b) => b.name);
  if (skipped.length > 0) budget.leftOut.push(`${count(skipped.length, "block")}: ${skipped.join(", ")}`);
  if (plan.warnings.length > 0) {
    budget.add("#### Warnings");
    addLines(budget, plan.warnings.map(positioned), "warnings");
  }
  return finish(budget, limit);
}

/** Where an adopted bucket's composed policy is printed in this report. */
function whereComposed(notice: string): string {
  const bucket = /^bucket "([^"]+)" is adopted/.exec(notice)?.[1];
  return bucket ? ` The composed policy is in the block "Bucket ${escape(bucket)}" under Resources and documents.` : "";
}

function addLines(budget: Budget, lines: string[], what: string) {
  const skipped = lines.filter((line) => !budget.add(line)).length;
  if (skipped > 0) budget.leftOut.push(`${skipped} of ${lines.length} ${what}`);
}

function addFenced(budget: Budget, lines: string[], what: string) {
  // The fence and its language take at most 20 characters; count lines until the next would not fit.
  let size = 20;
  let shown = 0;
  while (shown < lines.length && budget.fits(size + lines[shown].length + 1)) size += lines[shown++].length + 1;
  if (shown > 0) budget.add(fence(lines.slice(0, shown)));
  if (shown < lines.length) budget.leftOut.push(`${lines.length - shown} of ${lines.length} lines of "${what}"`);
}

/** The report, with the list of what was left out cut to the room kept for it. */
function finish(budget: Budget, limit: number): string {
  let text = `${budget.parts.join("\n\n")}\n`;
  if (budget.leftOut.length > 0) {
    let note = `\n**Left out to stay under ${limit.toLocaleString("en-US")} characters** (\`npm run -s plan\` prints everything): ${budget.leftOut.join("; ")}\n`;
    if (note.length > NOTE_RESERVE) note = `${note.slice(0, NOTE_RESERVE - 20)} ...\n`;
    text += note;
  }
  return text;
}
