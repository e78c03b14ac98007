// Layout warnings as located diagnostics: what was cut, continued or left out, at the line of
// the facts file or template that holds the text (its Origin from the narrative). Layout has
// no file of its own, so text without an origin is reported against the facts file.
import { warning, type Diagnostic } from '../diagnostics/index.js';
import type { DocumentMeta, Origin } from '../narrative/index.js';

export type Warn = (code: string, origin: Origin | undefined, message: string, hint?: string) => void;

/** A `Warn` that collects into `into`, falling back to the facts file named by `meta`. */
export function warner(meta: DocumentMeta, into: Diagnostic[]): Warn {
  const fallback = meta.origins?.title?.file ?? '';
  return (code, origin, message, hint) => {
    into.push(warning(code, origin ? { file: origin.file, line: origin.line, column: origin.column, path: origin.path } : { file: fallback }, message, hint));
  };
}
