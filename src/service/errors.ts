// The service's answers about problems, in the shape of the CLI's --json document
// ({ ok, outputs, warnings, errors, files }), each diagnostic with its code and hint.
import { error, type Diagnostic } from '../diagnostics/index.js';

/** A diagnostic as answered: every field of Diagnostic, undefined ones left out. */
export type JsonDiagnostic = Diagnostic;

export interface ProblemDocument {
  ok: false;
  outputs: [];
  warnings: JsonDiagnostic[];
  errors: JsonDiagnostic[];
  files: { file: string; id: string; status: 'invalid' | 'internal'; ms: number }[];
}

export const jsonDiagnostic = (d: Diagnostic): JsonDiagnostic => ({
  severity: d.severity,
  code: d.code,
  file: d.file,
  line: d.line,
  column: d.column,
  path: d.path,
  message: d.message,
  ...(d.hint ? { hint: d.hint } : {}),
});

export function problemDocument(errors: readonly Diagnostic[], warnings: readonly Diagnostic[] = [], file?: { file: string; id: string; status: 'invalid' | 'internal'; ms: number }): ProblemDocument {
  return { ok: false, outputs: [], warnings: warnings.map(jsonDiagnostic), errors: errors.map(jsonDiagnostic), files: file ? [file] : [] };
}

/** A problem with the request or the service rather than with the facts. */
export function serviceProblem(code: string, message: string, hint?: string, path = ''): ProblemDocument {
  return problemDocument([error(code, { file: '<request>', path }, message, hint)]);
}
