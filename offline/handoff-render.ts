/**
 * The hand-off sheet as Markdown (the default) or as one self-contained HTML page to print. Every
 * value from the file or the outputs is escaped: a connection name or a prefix is data, never markup.
 */
import type { HandoffSheet, SheetConnection, SheetField } from "./handoff-sheet";

function origin(sheet: HandoffSheet): string {
  return sheet.values === "outputs"
    ? "Values from the stack's outputs."
    : "Values from the offline plan: the ones marked [after pulumi up] exist once pulumi up has run; then run this again with --outputs.";
}

const SECRET_WARNING = "This sheet contains secret access keys: do not paste it into a ticket, a chat or a pull request, and destroy printed copies once used.";

/**
 * Markdown text: backslash-escape what could start markup inside a line (emphasis, code, links,
 * HTML, entities, table cells), and keep table cells on one line.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>&|~]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** A value in a code span, so ARNs and keys copy exactly; a fence longer than any backtick run inside. */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|")}${pad}${fence}`;
}

function markdownValue(field: SheetField): string {
  if (field.value === "") return "(leave empty)";
  return field.placeholder ? escapeMarkdown(field.value) : codeSpan(field.value);
}

function markdownConnection(connection: SheetConnection): string[] {
  const out = [`## ${escapeMarkdown(connection.name)}: ${escapeMarkdown(connection.title)}`, ""];
  if (connection.steps.length === 0) out.push("This vendor's module lists no UI steps; see the plan's hand-off fields.", "");
  connection.steps.forEach((step, index) => {
    out.push(`### ${index + 1}. ${escapeMarkdown(step.where)}`, "", `${escapeMarkdown(step.action)} (docs/vendors/${escapeMarkdown(step.source)})`, "");
    if (step.fields.length === 0) return;
    out.push("| Field | Value | Note |", "|---|---|---|");
    for (const field of step.fields) out.push(`| ${escapeMarkdown(field.label)} | ${markdownValue(field)} | ${escapeMarkdown(field.note ?? "")} |`);
    out.push("");
  });
  return out;
}

export function renderMarkdown(sheet: HandoffSheet): string {
  const out = [
    `# Hand-off sheet: stack ${escapeMarkdown(sheet.stack)}`,
    "",
    `Connections file: ${escapeMarkdown(sheet.file)}. ${escapeMarkdown(origin(sheet))}`,
    "",
  ];
  if (sheet.showsSecrets) out.push(`**${escapeMarkdown(SECRET_WARNING)}**`, "");
  if (sheet.connections.length === 0) out.push("The file declares no connections.", "");
  for (const connection of sheet.connections) out.push(...markdownConnection(connection));
  return `${out.join("\n").trimEnd()}\n`;
}

/** HTML text: the five characters that can start markup or end an attribute. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `body{font:11pt/1.4 system-ui,sans-serif;margin:2em;color:#111}
h1{font-size:16pt}h2{font-size:13pt;margin-top:1.6em;border-bottom:1px solid #999;page-break-after:avoid}
h3{font-size:11pt;margin-bottom:.3em}table{border-collapse:collapse;width:100%;margin-bottom:1em}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
td.value{font-family:ui-monospace,monospace;word-break:break-all}td.placeholder{font-style:italic;color:#555}
td.check{width:1.5em}p.warning{border:2px solid #b00;padding:.5em;font-weight:bold}
section{page-break-inside:avoid}@media print{body{margin:0}}`;

function htmlConnection(connection: SheetConnection): string {
  const steps = connection.steps.map((step, index) => {
    const rows = step.fields.map((field) => {
      const value = field.value === "" ? "(leave empty)" : field.value;
      const cls = field.placeholder || field.value === "" ? "value placeholder" : "value";
      return `<tr><td class="check">&#9744;</td><td>${escapeHtml(field.label)}</td><td class="${cls}">${escapeHtml(value)}</td><td>${escapeHtml(field.note ?? "")}</td></tr>`;
    });
    const table = rows.length === 0 ? "" : `<table><tr><th></th><th>Field</th><th>Value</th><th>Note</th></tr>${rows.join("")}</table>`;
    return `<h3>${index + 1}. ${escapeHtml(step.where)}</h3><p>${escapeHtml(step.action)} (docs/vendors/${escapeHtml(step.source)})</p>${table}`;
  });
  const none = connection.steps.length === 0 ? "<p>This vendor's module lists no UI steps; see the plan's hand-off fields.</p>" : "";
  return `<section><h2>${escapeHtml(connection.name)}: ${escapeHtml(connection.title)}</h2>${none}${steps.join("")}</section>`;
}

/** One page, no external resources: it prints, and it opens offline. */
export function renderHtml(sheet: HandoffSheet): string {
  const title = `Hand-off sheet: stack ${escapeHtml(sheet.stack)}`;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${title}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>${title}</h1>`,
    `<p>Connections file: ${escapeHtml(sheet.file)}. ${escapeHtml(origin(sheet))}</p>`,
    sheet.showsSecrets ? `<p class="warning">${escapeHtml(SECRET_WARNING)}</p>` : "",
    sheet.connections.length === 0 ? "<p>The file declares no connections.</p>" : "",
    ...sheet.connections.map(htmlConnection),
    "</body></html>",
  ]
    .filter((line) => line !== "")
    .join("\n")
    .concat("\n");
}
