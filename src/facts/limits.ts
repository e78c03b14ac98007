// Hard limits on a facts document, checked after the schema and before any cross-check, so
// an oversized or out-of-range input is refused at its own line before it costs anything:
// text lengths (a 1 MB label fails here, in milliseconds, instead of in text fitting), the
// number of facts, events, entities, sources, charts and key figures, formula length, and
// dates outside the years 1000–9999 (JavaScript reads the year 0050 as 1950, and PDF dates
// have four digits). The same limits apply to files and to library objects. README "Limits"
// lists them; each is tested in test/hardening-limits.test.ts.
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { BriefingDocument } from './schema.js';

/** Longest text, in characters, by the field's name; other texts get TEXT_DEFAULT. */
export const TEXT_LIMITS: Readonly<Record<string, number>> = {
  title: 1000,
  subtitle: 1000,
  label: 1000,
  short: 120,
  name: 200,
  role: 300,
  period: 200,
  organisation: 300,
  classification: 200,
  quote: 2000,
  quotes: 2000,
  what: 3000,
  note: 3000,
  description: 3000,
  formula: 1000,
};
export const TEXT_DEFAULT = 10_000;

/** Most entries per collection. */
export const COUNT_LIMITS: Readonly<Record<string, number>> = {
  facts: 1000,
  derived: 500,
  sources: 500,
  events: 500,
  people: 500,
  organisations: 500,
  places: 500,
  charts: 100,
  keyFigures: 24,
  equivalents: 500,
  quotes: 200,
  chartItems: 60,
};

/** Longest id or key. */
export const MAX_ID_LENGTH = 100;

/** Years a date may have. */
export const YEAR_RANGE = [1000, 9999] as const;

type Locate = (path: readonly (string | number)[]) => { line: number; column: number };

/** Every limit broken by `doc`, located in `file`. */
export function checkLimits(doc: BriefingDocument, file: string, locate: Locate): Diagnostic[] {
  const problems: Diagnostic[] = [];
  const at = (path: (string | number)[]) => ({ file, ...locate(path), path: path.join('.') });

  const count = (what: string, n: number, path: (string | number)[], limit = COUNT_LIMITS[what]!) => {
    if (n > limit) problems.push(error('BR177', at(path), `${n.toLocaleString('en')} ${what === 'chartItems' ? 'items in one chart' : what}; the limit is ${limit.toLocaleString('en')}`, 'split the briefing into several'));
  };
  count('facts', Object.keys(doc.facts).length, ['facts']);
  count('derived', Object.keys(doc.derived).length, ['derived']);
  count('sources', Object.keys(doc.sources).length, ['sources']);
  count('events', Object.keys(doc.events).length, ['events']);
  count('charts', Object.keys(doc.charts).length, ['charts']);
  count('keyFigures', doc.keyFigures.length, ['keyFigures']);
  count('equivalents', doc.equivalents.length, ['equivalents']);
  for (const kind of ['people', 'organisations', 'places'] as const) count(kind, Object.keys(doc.entities[kind]).length, ['entities', kind]);
  for (const [id, s] of Object.entries(doc.sources)) count('quotes', s.quotes.length, ['sources', id, 'quotes']);
  for (const [id, c] of Object.entries(doc.charts)) count('chartItems', Math.max(c.facts.length, c.events.length), ['charts', id]);

  // Texts and dates, wherever they are. One path, extended and trimmed as the walk goes
  // (copied only for a problem).
  const path: (string | number)[] = [];
  const walk = (value: unknown, field: string): void => {
    if (typeof value === 'string') {
      const limit = TEXT_LIMITS[field] ?? TEXT_DEFAULT;
      if (value.length > limit) {
        const code = field === 'formula' ? 'BR178' : 'BR176';
        problems.push(error(code, at([...path]), `this ${field === 'quotes' ? 'quote' : field} is ${value.length.toLocaleString('en')} characters long; the limit is ${limit.toLocaleString('en')}`, field === 'formula' ? 'split the formula into derived facts' : 'shorten it; long text belongs in the source document or the templates'));
      } else if ((field === 'date' || field === 'start' || field === 'end') && /^\d{4,}-\d\d-\d\d$/.test(value)) {
        const year = Number(value.slice(0, value.indexOf('-')));
        if (year < YEAR_RANGE[0] || year > YEAR_RANGE[1]) problems.push(error('BR179', at([...path]), `the year ${value.slice(0, value.indexOf('-'))} is outside ${YEAR_RANGE[0]}–${YEAR_RANGE[1]}`, 'briefings date events between the years 1000 and 9999'));
      }
      return;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        if (!(i in value)) continue; // a hole, as forEach skips it
        path.push(i);
        walk(value[i], field);
        path.pop();
      }
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        path.push(k);
        if (k.length > MAX_ID_LENGTH) problems.push(error('BR176', at([...path]), `this key is ${k.length.toLocaleString('en')} characters long; the limit is ${MAX_ID_LENGTH}`, 'ids are short names such as uk_trade_2022'));
        else walk(v, k);
        path.pop();
      }
    }
  };
  walk(doc, '');
  return problems;
}
