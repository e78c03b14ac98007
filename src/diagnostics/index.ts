// Located problems, shared by every stage: the facts loader, the cross-checks and the
// template renderer all report in the same shape so the CLI and the library API can print
// `file:line:column path: message` and CI annotations without knowing where they came from.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** File the problem is in, as the user named it (facts file or template). */
  file: string;
  /** 1-based; 0 when the problem has no position (e.g. a file that cannot be read). */
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. facts.uk_trade.value; empty for the whole file. */
  path: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? ` ${d.path}:` : '';
  const tag = d.severity === 'warning' ? ' warning:' : '';
  return `${where}${tag}${path} ${d.message}`;
}

/** Thrown when input is invalid; carries every problem found, not just the first. */
export class BriefingInputError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  constructor(diagnostics: readonly Diagnostic[]) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(`${errors.length} error${errors.length === 1 ? '' : 's'} in the input:\n${errors.map(formatDiagnostic).join('\n')}`);
    this.name = 'BriefingInputError';
    this.diagnostics = diagnostics;
  }
}

export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.message.localeCompare(b.message));
}
