// How the CLI talks: progress on a terminal, plain lines elsewhere, one JSON document with
// --json, GitHub annotations under GitHub Actions. Pure functions of reports and the
// environment, so each mode can be tested without a terminal.
import { formatDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import type { JobReport } from '../delivery/job.js';
import { terminalText } from './terminal.js';

export interface Ui {
  /** Progress lines and a summary: stderr is a terminal and this is not CI. */
  interactive: boolean;
  /** ANSI colour: interactive and NO_COLOR unset (https://no-color.org). */
  color: boolean;
  json: boolean;
  /** GITHUB_ACTIONS=true: also print workflow-command annotations. */
  github: boolean;
  debug: boolean;
}

export function detectUi(env: NodeJS.ProcessEnv, stderrIsTty: boolean, flags: { json?: boolean; debug?: boolean }): Ui {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  const interactive = stderrIsTty && !ci && !flags.json;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { interactive, color: interactive && !noColor && env.TERM !== 'dumb', json: flags.json === true, github: env.GITHUB_ACTIONS === 'true', debug: flags.debug === true };
}

const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);
export const red = (ui: Ui, s: string) => paint(ui.color, '31', s);
export const yellow = (ui: Ui, s: string) => paint(ui.color, '33', s);
export const dim = (ui: Ui, s: string) => paint(ui.color, '2', s);
export const green = (ui: Ui, s: string) => paint(ui.color, '32', s);

/** A diagnostic with every user-supplied field made safe for a terminal. */
export function safeDiagnostic(d: Diagnostic): Diagnostic {
  return { ...d, file: terminalText(d.file), path: terminalText(d.path), message: terminalText(d.message), ...(d.hint !== undefined ? { hint: terminalText(d.hint) } : {}) };
}

export function diagnosticLine(ui: Ui, d: Diagnostic): string {
  const line = formatDiagnostic(safeDiagnostic(d));
  return d.severity === 'warning' ? yellow(ui, line) : red(ui, line);
}

// GitHub workflow commands: https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
export function escapeAnnotationData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeAnnotationProperty(s: string): string {
  return escapeAnnotationData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(raw: Diagnostic): string {
  // CR and LF are the annotation format's own to escape (%0D, %0A); every other control is
  // shown as \u001b and the like, as on a terminal.
  const safe = (s: string) => s.split(/(\r|\n)/).map((part) => (part === '\r' || part === '\n' ? part : terminalText(part))).join('');
  const d: Diagnostic = { ...raw, file: safe(raw.file), path: safe(raw.path), message: safe(raw.message) };
  // The code is the annotation's title, so a CI summary groups and names problems by code.
  const props = [`file=${escapeAnnotationProperty(d.file)}`];
  if (d.line > 0) props.push(`line=${d.line}`, `col=${Math.max(1, d.column)}`);
  props.push(`title=${escapeAnnotationProperty(d.code)}`);
  const message = d.path ? `${d.path}: ${d.message}` : d.message;
  return `::${d.severity === 'warning' ? 'warning' : 'error'} ${props.join(',')}::${escapeAnnotationData(message)}`;
}

export interface JsonDiagnostic {
  /** Stable code such as BR132 (see the README's table of codes). */
  code: string;
  severity: 'error' | 'warning';
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
  hint?: string;
}

export interface JsonOutput {
  path: string;
  bytes: number;
  /** Null for the e-mail, which has no pages. */
  pages: number | null;
  sha256: string;
}

export interface JsonDocument {
  ok: boolean;
  outputs: JsonOutput[];
  warnings: JsonDiagnostic[];
  errors: JsonDiagnostic[];
  /** One entry per input file, in the order given. */
  files: { file: string; id: string; status: JobReport['status']; ms: number; figureOptOuts?: NonNullable<JobReport['figureOptOuts']> }[];
}

const jsonDiagnostic = (d: Diagnostic): JsonDiagnostic => ({ code: d.code, severity: d.severity, file: d.file, line: d.line, column: d.column, path: d.path, message: d.message, ...(d.hint ? { hint: d.hint } : {}) });

export function jsonDocument(reports: readonly JobReport[], extraErrors: readonly Diagnostic[] = []): JsonDocument {
  const errors = [...reports.flatMap((r) => r.errors), ...extraErrors];
  return {
    ok: errors.length === 0 && reports.every((r) => r.status === 'ok'),
    outputs: reports.flatMap((r) => r.outputs.map((o) => ({ path: o.path, bytes: o.bytes, pages: o.pages ?? null, sha256: o.sha256 }))),
    warnings: reports.flatMap((r) => r.warnings).map(jsonDiagnostic),
    errors: errors.map(jsonDiagnostic),
    files: reports.map((r) => ({ file: r.file, id: r.id, status: r.status, ms: Math.round(r.totalMs), ...(r.figureOptOuts ? { figureOptOuts: r.figureOptOuts } : {}) })),
  };
}

/** validate's list of figure opt-outs: one line each, with its place and reason. */
export function optOutLines(file: string, optOuts: NonNullable<JobReport['figureOptOuts']>): string {
  if (optOuts.length === 0) return '';
  const head = `  ${optOuts.length} figure opt-out${optOuts.length === 1 ? '' : 's'} (not checked against the quote):\n`;
  return head + optOuts.map((o) => `    ${file}:${o.line}:${o.column} ${o.path}: ${o.reason}\n`).join('');
}

export function kilobytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

export function duration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

export function outputLine(o: JobReport['outputs'][number]): string {
  const pages = o.pages === undefined ? '' : `${o.pages} page${o.pages === 1 ? '' : 's'}, `;
  return `${terminalText(o.path)}  ${pages}${kilobytes(o.bytes)}`;
}

export function progressLine(stage: string, ms: number, detail?: string): string {
  return `  ${stage.padEnd(10)}${duration(ms).padStart(9)}${detail ? `  ${terminalText(detail)}` : ''}`;
}

/** The batch summary: one row per file, aligned, in the order the files were given. */
export function summaryTable(reports: readonly JobReport[]): string {
  const rows = [['file', 'result', 'pages', 'size', 'time']];
  for (const r of reports) {
    const pages = r.outputs.filter((o) => o.pages !== undefined).map((o) => o.pages).join('+');
    const bytes = r.outputs.reduce((sum, o) => sum + o.bytes, 0);
    const result = r.status === 'ok' ? 'ok' : `${r.status === 'invalid' ? 'invalid' : 'failed'} (${r.errors.length} error${r.errors.length === 1 ? '' : 's'})`;
    rows.push([terminalText(r.file), result, pages || '-', bytes ? kilobytes(bytes) : '-', duration(r.totalMs)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const lines = rows.map((row) => row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd());
  const failed = reports.filter((r) => r.status !== 'ok').length;
  lines.push(`${reports.length} file${reports.length === 1 ? '' : 's'}: ${reports.length - failed} built, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}
