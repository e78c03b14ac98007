// Every character is checked before it is drawn: each printed string of the facts file, and
// the dates and figures as the locale formats them, must be covered by the font list, or the
// PDF would show empty boxes. Uncovered characters are errors at their place in the file.
import { codePointName, FONT_LIST, uncoveredCharacters } from '../fonts/index.js';
import { formatDate, formatQuantity } from '../format/index.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { BriefingDocument } from './schema.js';

type Locate = (path: readonly (string | number)[], at?: 'key' | 'value') => { line: number; column: number };

/**
 * Fields that are never printed: quotes are checked against the source (in its own
 * language), paths and formulas are read by the tool, ids and codes are ASCII by the schema.
 */
const NOT_PRINTED = new Set(['quote', 'document', 'formula', 'sourceSpelling', 'figureOptOut', 'templates', 'locale']);

function describe(found: ReturnType<typeof uncoveredCharacters>): string {
  return found.map((c) => `"${c.char}" (${codePointName(c.codePoint)})`).join(', ');
}

const families = () => FONT_LIST.map((f) => f.family).join(', ');

/** Uncovered characters in the printed strings of `doc`, located in `file`. */
export function checkCoverage(doc: BriefingDocument, file: string, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  // One path, extended and trimmed as the walk goes; copied only for a problem.
  const path: (string | number)[] = [];
  const visit = (value: unknown) => {
    if (typeof value === 'string') {
      const found = uncoveredCharacters(value);
      if (found.length === 0) return;
      const at = [...path];
      out.push(
        error(
          'BR600',
          { file, ...locate(at), path: at.join('.') },
          `${found.length === 1 ? 'the character' : `${found.length} characters`} ${describe(found)} cannot be drawn by the fonts of the build (${families()}); ${found.length === 1 ? 'it' : 'they'} would print as empty boxes`,
          'write it in a script the fonts cover, or build with a font that covers it',
        ),
      );
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i]);
        path.pop();
      }
    } else if (value !== null && typeof value === 'object') {
      for (const k in value) {
        if (!Object.hasOwn(value, k) || NOT_PRINTED.has(k)) continue;
        path.push(k);
        visit((value as Record<string, unknown>)[k]);
        path.pop();
      }
    }
  };
  visit(doc);
  out.push(...checkFormatted(doc, locale(doc), file, locate));
  return out;
}

const locale = (doc: BriefingDocument) => doc.meta.locale;

/** Dates and figures as `loc` formats them (symbols, digits, month names) are drawable. */
export function checkFormatted(doc: BriefingDocument, loc: string, file: string, locate: Locate): Diagnostic[] {
  const out: Diagnostic[] = [];
  const dated = formatDate(doc.meta.date, loc);
  const dateProblem = uncoveredCharacters(dated);
  if (dateProblem.length) {
    out.push(error('BR600', { file, ...locate(['meta', 'locale']), path: 'meta.locale' }, `dates in ${loc} ("${dated}") use ${describe(dateProblem)}, which the fonts of the build (${families()}) cannot draw`));
  }
  for (const [id, f] of Object.entries(doc.facts)) {
    const text = formatQuantity(f, loc).text;
    const found = uncoveredCharacters(text);
    if (found.length) out.push(error('BR600', { file, ...locate(['facts', id, 'unit']), path: `facts.${id}.unit` }, `the figure prints in ${loc} as "${text}", whose ${describe(found)} the fonts of the build (${families()}) cannot draw`));
  }
  return out;
}
