// Located problems, shared by every stage: the facts loader, the cross-checks, the template
// renderer and layout all report in the same shape so the CLI, the library API and the
// service can print `file:line:column code path: message` and CI annotations without
// knowing where they came from. Every diagnostic carries a stable code (see codes.ts) that
// tests and users match on; the message is for people and may change.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** Stable code such as BR121, registered in codes.ts; made by `error()`/`warning()`. */
  code: string;
  /** File the problem is in, as the user named it (facts file or template). */
  file: string;
  /** 1-based; 0 when the problem has no position (e.g. a file that cannot be read). */
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. facts.uk_trade.value; empty for the whole file. */
  path: string;
  message: string;
  /** What to do about it, kept apart from the message. */
  hint?: string;
}

/** Where a problem is: a file, a 1-based position (0 when unknown) and a dotted path. */
export interface Location {
  file: string;
  line?: number;
  column?: number;
  path?: string;
}

function make(severity: Severity, code: string, at: Location, message: string, hint?: string): Diagnostic {
  return {
    severity,
    code,
    file: at.file,
    line: at.line ?? 0,
    column: at.column ?? 0,
    path: at.path ?? '',
    message,
    ...(hint ? { hint } : {}),
  };
}

/** An error diagnostic with its stable code. */
export function error(code: string, at: Location, message: string, hint?: string): Diagnostic {
  return make('error', code, at, message, hint);
}

/** A warning diagnostic with its stable code. */
export function warning(code: string, at: Location, message: string, hint?: string): Diagnostic {
  return make('warning', code, at, message, hint);
}

/** A warning made an error, as --strict asks: same code, place and message. */
export function promoted(d: Diagnostic): Diagnostic {
  return d.severity === 'error' ? d : { ...d, severity: 'error', hint: d.hint ? `${d.hint} (a warning, failed by --strict)` : 'a warning, failed by --strict' };
}

/** Collects diagnostics from every stage of one build, in one place. */
export class DiagnosticSink {
  private readonly items: Diagnostic[] = [];
  push(...ds: Diagnostic[]): void {
    this.items.push(...ds);
  }
  error(code: string, at: Location, message: string, hint?: string): void {
    this.items.push(error(code, at, message, hint));
  }
  warning(code: string, at: Location, message: string, hint?: string): void {
    this.items.push(warning(code, at, message, hint));
  }
  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }
  get errors(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }
  get warnings(): Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }
  /** Everything collected, sorted by file and position. */
  all(): Diagnostic[] {
    return sortDiagnostics([...this.items]);
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  const path = d.path ? ` ${d.path}:` : '';
  const tag = d.severity === 'warning' ? ' warning' : ' error';
  const code = `${tag}[${d.code}]:`;
  const hint = d.hint ? `\n  hint: ${d.hint}` : '';
  return `${where}${code}${path} ${d.message}${hint}`;
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
