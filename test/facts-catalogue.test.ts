// The bad-input catalogue: one small fixture per kind of mistake (test/fixtures/bad/, most of
// them test/fixtures/minimal.yaml with one thing broken), each with the exact diagnostics it
// must produce, `file:line:column path: message`. Whatever the input, loading fails only with
// a BriefingInputError carrying located diagnostics; nothing else may escape.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, it, expect } from 'vitest';
import { loadFacts } from '../src/facts/index.js';
import { BriefingInputError, formatDiagnostic, type Diagnostic } from '../src/diagnostics/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BAD = join(FIXTURES, 'bad');
const MINIMAL = readFileSync(join(FIXTURES, 'minimal.yaml'), 'utf8');
const SOURCE_TEXT = join(FIXTURES, 'minimal-source.txt');

const TMP = mkdtempSync(join(tmpdir(), 'briefing-catalogue-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** Writes a file into a fresh folder of the temp dir, beside a copy of the minimal source text. */
function scratch(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(TMP, 'case-'));
  copyFileSync(SOURCE_TEXT, join(dir, 'minimal-source.txt'));
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** The diagnostics loading `path` fails with, the file shown relative to its folder. */
function failure(path: string): { lines: string[]; diagnostics: readonly Diagnostic[]; ms: number } {
  const started = performance.now();
  try {
    loadFacts(path);
  } catch (e) {
    // Anything but a BriefingInputError is a crash, and fails the test here.
    if (!(e instanceof BriefingInputError)) throw e;
    const ms = performance.now() - started;
    // Hints are advice and may be reworded; the lines compared are place, code, path and message.
    // The BR149 notice of skipped checks is a warning, tested on its own below.
    const errors = e.diagnostics.filter((d) => d.severity === 'error');
    return { lines: errors.map(({ hint: _hint, ...d }) => formatDiagnostic({ ...d, file: relative(dirname(path), d.file) })), diagnostics: errors, ms };
  }
  throw new Error(`${path} was accepted`);
}

const errorsOf = (path: string) => failure(path).lines;

// [what, fixture under test/fixtures/bad/, the exact diagnostics in order]
const CATALOGUE: [string, string, string[]][] = [
  ['a number written with a suffix (wrong type)', 'wrong-type.yaml', [
    'wrong-type.yaml:59:12 error[BR118]: facts.fees_eur.value: expected a number, got "24.21bn"',
  ]],
  ['a year where text is expected, with a hint to quote it', 'unquoted-period.yaml', [
    'unquoted-period.yaml:40:13 error[BR118]: facts.ships_2023.period: expected text, got 2023 (YAML reads it as a number; put it in quotes: "2023")',
  ]],
  ['a single id where a list is expected', 'not-a-list.yaml', [
    'not-a-list.yaml:101:13 error[BR118]: events.quay_opening.places: expected a list, got "port_town"',
  ]],
  ['empty text', 'empty-text.yaml', [
    'empty-text.yaml:3:10 error[BR122]: meta.title: expected non-empty text, got ""',
  ]],
  ['a fact without its source key', 'missing-source.yaml', [
    'missing-source.yaml:43:3 error[BR117]: facts.ships_2022: missing required key `source`',
  ]],
  ['meta without its date', 'missing-meta-date.yaml', [
    'missing-meta-date.yaml:2:1 error[BR117]: meta: missing required key `date`',
  ]],
  ['an unknown unit', 'unknown-unit.yaml', [
    'unknown-unit.yaml:39:11 error[BR121]: facts.ships_2023.unit: expected count, percent, ratio or an ISO 4217 currency code such as USD, got "ships"',
  ]],
  ['an unknown currency code (XYZ)', 'unknown-currency.yaml', [
    'unknown-currency.yaml:60:11 error[BR121]: facts.fees_eur.unit: expected a known ISO 4217 currency code, got "XYZ"',
  ]],
  ['a misspelt chart type, with a suggestion', 'enum-typo.yaml', [
    'enum-typo.yaml:116:11 error[BR119]: charts.ships.type: expected one of "bar", "column", "multiples", "timeline", "map", got "columns" (did you mean "column"?)',
  ]],
  ['a duplicate id (YAML duplicate key)', 'duplicate-id.yaml', [
    'duplicate-id.yaml:50:3 error[BR108]: facts.ships_2022: duplicate key `ships_2022`, first used at line 43; keys and ids must be unique',
  ]],
  ['a duplicate key in JSON', 'json-duplicate-key.json', [
    'json-duplicate-key.json:3:3 error[BR108]: meta: duplicate key `meta`, first used at line 2; keys and ids must be unique',
  ]],
  ['an id that is not lower_snake_case (references to the old id are then unknown)', 'bad-id.yaml', [
    'bad-id.yaml:57:3 error[BR120]: facts.Fees-EUR: expected an id of lower-case letters, digits and underscores, starting with a letter, got "Fees-EUR"',
    'bad-id.yaml:92:13 error[BR130]: equivalents.0.facts.0: unknown fact `fees_eur`',
    'bad-id.yaml:125:26 error[BR130]: keyFigures.1: unknown fact `fees_eur`',
  ]],
  ['a chart naming a fact that does not exist', 'dangling-chart-fact.yaml', [
    'dangling-chart-fact.yaml:118:25 error[BR130]: charts.ships.facts.1: unknown fact `ships_2024` (did you mean `ships_2023`?)',
  ]],
  ['a key figure naming a fact that does not exist', 'dangling-key-figure.yaml', [
    'dangling-key-figure.yaml:125:26 error[BR130]: keyFigures.1: unknown fact `fees_gbp`',
  ]],
  ['an event naming a place that does not exist', 'dangling-event-place.yaml', [
    'dangling-event-place.yaml:101:14 error[BR130]: events.quay_opening.places.0: unknown place `port_city`',
  ]],
  ["a person's organisation that does not exist", 'dangling-person-organisation.yaml', [
    'dangling-person-organisation.yaml:19:21 error[BR130]: entities.people.ana.organisation: unknown organisation `harbour_bord` (did you mean `harbour_board`?)',
  ]],
  ['derived facts that depend on each other (a -> b -> a)', 'cyclic-derivation.yaml', [
    'cyclic-derivation.yaml:85:14 error[BR147]: derived.ships_a.formula: the formulas form a cycle: ships_a -> ships_b -> ships_a',
  ]],
  ['a formula that cannot be read', 'formula-syntax.yaml', [
    'formula-syntax.yaml:85:14 error[BR145]: derived.ships_added.formula: cannot read the formula: unexpected "*"',
  ]],
  ['a formula naming a fact that does not exist', 'formula-unknown-fact.yaml', [
    'formula-unknown-fact.yaml:85:14 error[BR146]: derived.ships_added.formula: unknown fact `ship_2022` in the formula (did you mean `ships_2022`?)',
  ]],
  ['NaN (.nan) as a value', 'nan.yaml', [
    'nan.yaml:38:12 error[BR118]: facts.ships_2023.value: expected a finite number, got NaN',
  ]],
  ['Infinity (.inf) as a value', 'infinity.yaml', [
    'infinity.yaml:38:12 error[BR118]: facts.ships_2023.value: expected a finite number, got Infinity',
  ]],
  ['a negative count', 'negative-count.yaml', [
    'negative-count.yaml:45:12 error[BR121]: facts.ships_2022.value: expected a count of zero or more, got -1000',
  ]],
  ['an impossible date (2023-02-30)', 'impossible-date.yaml', [
    'impossible-date.yaml:98:11 error[BR121]: events.quay_opening.date: expected a real calendar date, got "2023-02-30"',
  ]],
  ['a YAML syntax error: an unclosed [', 'yaml-syntax.yaml', [
    'yaml-syntax.yaml:125:13 error[BR105]: YAML syntax error: the [ opened here is not closed with ] (or a later line of it is not indented enough)',
  ]],
  ['a YAML syntax error: an unclosed quote', 'unclosed-quote.yaml', [
    'unclosed-quote.yaml:40:13 error[BR105]: YAML syntax error: the " opened here is not closed with "',
  ]],
  ['an alias with no anchor', 'undefined-alias.yaml', [
    'undefined-alias.yaml:125:13 error[BR109]: keyFigures: YAML syntax error: the alias *figures names no anchor &figures set before it',
  ]],
  ['two YAML documents in one file', 'two-documents.yaml', [
    'two-documents.yaml:126:1 error[BR111]: the file holds more than one YAML document (a second `---`); a facts file is one document',
  ]],
  ['a YAML alias bomb (billion laughs)', 'alias-bomb.yaml', [
    'alias-bomb.yaml:7:8 error[BR110]: f.0: the aliases expand the document to more than 100000 values; alias bombs are refused',
  ]],
  ['an empty file', 'empty.yaml', [
    'empty.yaml:1:1 error[BR104]: the facts file is empty',
  ]],
  ['a file of comments only', 'comments-only.yaml', [
    'comments-only.yaml:1:1 error[BR104]: the facts file is empty',
  ]],
  ['tabs used for indentation', 'tabs.yaml', [
    'tabs.yaml:44:1 error[BR106]: tabs are not allowed for indentation in YAML; indent with spaces',
  ]],
  ['a misspelt top-level key (fatcs), with a suggestion', 'unknown-top-level-key.yaml', [
    'unknown-top-level-key.yaml:35:1 error[BR116]: fatcs: unknown key `fatcs` (did you mean `facts`?)',
  ]],
  ['a misspelt key in a fact (vaule), with a suggestion', 'unknown-key-typo.yaml', [
    'unknown-key-typo.yaml:59:5 error[BR116]: facts.fees_eur.vaule: unknown key `vaule` (did you mean `value`?)',
  ]],
  ['a facts file that is a list', 'list.yaml', [
    'list.yaml:1:1 error[BR115]: expected a map with meta, sources and facts at the top level, got a list',
  ]],
  ['a facts file that is a sentence', 'scalar.yaml', [
    'scalar.yaml:1:1 error[BR115]: expected a map with meta, sources and facts at the top level, got "Just a sentence, not a map."',
  ]],
  ['an event that ends before it starts', 'event-ends-before-start.yaml', [
    'event-ends-before-start.yaml:107:10 error[BR135]: events.dredging.end: expected an end on or after the start (2023-06-01), got 2023-05-30',
  ]],
  ['an event after the briefing date, not marked planned', 'event-after-briefing-date.yaml', [
    'event-after-briefing-date.yaml:98:11 error[BR136]: events.quay_opening.date: the event is dated 2024-05-02, after the briefing date 2024-03-01; mark it `planned: true` if it is still to come',
  ]],
  ['an event with both a date and a range', 'event-date-and-range.yaml', [
    'event-date-and-range.yaml:105:3 error[BR123]: events.dredging: expected either date, or start and end, got date, start and end',
  ]],
  ['an event range without an end', 'event-missing-end.yaml', [
    'event-missing-end.yaml:105:3 error[BR123]: events.dredging: expected both start and end for a date range, got no end',
  ]],
  ['a quote that is not in the source document', 'quote-not-found.yaml', [
    'quote-not-found.yaml:45:12 error[BR150]: facts.ships_2022.value: 1000 does not match the quote\'s "1,100" (1100)',
    'quote-not-found.yaml:49:12 error[BR132]: facts.ships_2022.quote: the quote is not found in the text of source `sample`',
  ]],
  ['a source that nothing cites', 'uncited-source.yaml', [
    'uncited-source.yaml:13:3 error[BR134]: sources.registry: source `registry` is never cited by a fact, entity or event',
  ]],
  ['a source with no quoted passage', 'source-without-quotes.yaml', [
    'source-without-quotes.yaml:11:13 error[BR122]: sources.sample.quotes: expected at least 1 item, got 0',
  ]],
  ['a bar chart mixing units', 'mixed-units.yaml', [
    'mixed-units.yaml:118:12 error[BR140]: charts.ships.facts: expected one unit in a column chart, got count and EUR; plot one unit per chart or use type: multiples',
  ]],
  ['a chart annotation that is not a percent fact', 'annotate-not-percent.yaml', [
    'annotate-not-percent.yaml:119:15 error[BR137]: charts.ships.annotate: expected a percent fact to annotate the chart, got `fees_eur` in EUR',
  ]],
  ['a currency equivalence outside its tolerance', 'equivalence-tolerance.yaml', [
    'equivalence-tolerance.yaml:67:12 error[BR150]: facts.fees_usd.value: 4.2 does not match the quote\'s "US$3.8 million" (3.8 million USD)',
    'equivalence-tolerance.yaml:92:5 error[BR142]: equivalents.0: expected `fees_usd` to be within 1% of `fees_eur` × `eur_usd` = 3.815 million USD, got 4.2 million USD (10.1% off)',
  ]],
  ['a source document path that leaves the folder (../../etc/passwd)', 'document-escapes-folder.yaml', [
    "document-escapes-folder.yaml:10:15 error[BR125]: sources.sample.document: the path \"../../etc/passwd\" leaves the facts file's folder",
  ]],
  ['a source document given as an absolute path', 'document-absolute-path.yaml', [
    'document-absolute-path.yaml:10:15 error[BR125]: sources.sample.document: absolute paths are not allowed: "/etc/passwd"; write a path relative to the facts file',
  ]],
  ['a source document given as an https URL', 'document-url.yaml', [
    'document-url.yaml:10:15 error[BR125]: sources.sample.document: remote files are not fetched: "https://example.com/source.txt"; ship the file beside the facts file',
  ]],
  ['a source document that does not exist', 'document-missing.yaml', [
    'document-missing.yaml:10:15 error[BR126]: sources.sample.document: no such source document: "no-such-source.txt"',
  ]],
  ['a source url that is not http(s)', 'ftp-url.yaml', [
    'ftp-url.yaml:11:10 error[BR121]: sources.sample.url: expected an http or https URL, got "ftp://example.com/source.txt"',
  ]],
  ['a source document that is a folder', 'document-folder.yaml', [
    'document-folder.yaml:10:15 error[BR126]: sources.sample.document: expected a text file as the source document, got a folder: "."',
  ]],
  ['a fact without its unit', 'missing-unit.yaml', [
    'missing-unit.yaml:36:3 error[BR117]: facts.ships_2023: missing required key `unit`',
  ]],
  ['a key with an empty value', 'empty-value.yaml', [
    'empty-value.yaml:45:5 error[BR118]: facts.ships_2022.value: expected a number, got an empty value',
  ]],
  ['a derived fact with the id of a stated fact', 'derived-id-clash.yaml', [
    'derived-id-clash.yaml:83:3 error[BR131]: derived.ships_2023: id `ships_2023` is already used by a fact',
  ]],
  ['a timeline chart with no events', 'timeline-without-events.yaml', [
    'timeline-without-events.yaml:123:13 error[BR138]: charts.works.events: expected at least one event in a timeline chart, got none',
  ]],
  ['a JSON facts file with an error, located in the JSON', 'json-error.json', [
    'json-error.json:46:16 error[BR118]: facts.ships_2023.value: expected a number, got "1,200"',
  ]],
  ['several schema errors, reported together in file order', 'multiple-errors.yaml', [
    'multiple-errors.yaml:46:11 error[BR121]: facts.ships_2022.unit: expected count, percent, ratio or an ISO 4217 currency code such as USD, got "counts"',
    'multiple-errors.yaml:59:12 error[BR118]: facts.fees_eur.value: expected a number, got "3.5 million"',
    'multiple-errors.yaml:98:11 error[BR121]: events.quay_opening.date: expected a date written YYYY-MM-DD, got "2023-5-2"',
    'multiple-errors.yaml:116:11 error[BR119]: charts.ships.type: expected one of "bar", "column", "multiples", "timeline", "map", got "pie"',
  ]],
  ['several cross-check errors, reported together in file order', 'multiple-cross-check-errors.yaml', [
    'multiple-cross-check-errors.yaml:45:12 error[BR150]: facts.ships_2022.value: 1000 does not match the quote\'s "1,100" (1100)',
    'multiple-cross-check-errors.yaml:49:12 error[BR132]: facts.ships_2022.quote: the quote is not found in the text of source `sample`',
    'multiple-cross-check-errors.yaml:101:14 error[BR130]: events.quay_opening.places.0: unknown place `port_city`',
    'multiple-cross-check-errors.yaml:107:10 error[BR136]: events.dredging.end: the event is dated 2024-09-30, after the briefing date 2024-03-01; mark it `planned: true` if it is still to come',
    'multiple-cross-check-errors.yaml:125:36 error[BR130]: keyFigures.2: unknown fact `ships_addd` (did you mean `ships_added`?)',
  ]],
  ['a value that differs from the figure in its quote', 'figure-value.yaml', [
    'figure-value.yaml:84:12 error[BR150]: facts.crane_orders.value: 7.6 does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
  ]],
  ['a unit that differs from the figure in its quote', 'figure-unit.yaml', [
    'figure-unit.yaml:85:11 error[BR151]: facts.crane_orders.unit: USD does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
  ]],
  ['a scale that differs from the figure in its quote', 'figure-scale.yaml', [
    'figure-scale.yaml:86:12 error[BR152]: facts.crane_orders.scale: million does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
  ]],
  ['a qualifier that differs from the figure in its quote (exact by default)', 'figure-qualifier.yaml', [
    'figure-qualifier.yaml:83:5 error[BR153]: facts.crane_orders.qualifier: exact does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
  ]],
  ['"over €7.5billion" entered as US$7.5 million, exact', 'figure-unit-scale-qualifier.yaml', [
    'figure-unit-scale-qualifier.yaml:85:11 error[BR151]: facts.crane_orders.unit: USD does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
    'figure-unit-scale-qualifier.yaml:86:12 error[BR152]: facts.crane_orders.scale: million does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
    'figure-unit-scale-qualifier.yaml:87:16 error[BR153]: facts.crane_orders.qualifier: exact does not match the quote\'s "over €7.5billion" (more than 7.5 billion EUR)',
  ]],
  ['a quote with no figure in digits and no opt-out', 'figure-missing.yaml', [
    'figure-missing.yaml:88:12 error[BR154]: facts.crane_orders.quote: the quote holds no figure written in digits to check the value 1 against',
  ]],
  ['an opt-out on a figure the quote writes in digits', 'figure-needless-opt-out.yaml', [
    'figure-needless-opt-out.yaml:91:19 error[BR155]: facts.crane_orders.figureOptOut: the quote writes this figure in digits ("over €7.5billion"), so it needs no opt-out',
  ]],
  ['names in scripts neither bundled face draws (Hangul, a CJK Extension B ideograph); covered Chinese passes', 'uncovered-script.yaml', [
    'uncovered-script.yaml:19:13 error[BR600]: entities.people.ana.name: 3 characters "박" (U+BC15), "서" (U+C11C), "연" (U+C5F0) cannot be drawn by the fonts of the build (Source Sans 3, Noto Sans SC); they would print as empty boxes',
    'uncovered-script.yaml:32:13 error[BR600]: entities.places.port_town.name: the character "𠀀" (U+20000) cannot be drawn by the fonts of the build (Source Sans 3, Noto Sans SC); it would print as empty boxes',
  ]],
  ['format errors and cross-check errors, all in one run', 'format-and-check-errors.yaml', [
    'format-and-check-errors.yaml:46:12 error[BR150]: facts.ships_2022.value: 1000 does not match the quote\'s "1,100" (1100)',
    'format-and-check-errors.yaml:50:12 error[BR132]: facts.ships_2022.quote: the quote is not found in the text of source `sample`',
    'format-and-check-errors.yaml:54:11 error[BR121]: facts.ships_growth.unit: expected count, percent, ratio or an ISO 4217 currency code such as USD, got "percentage"',
    'format-and-check-errors.yaml:60:12 error[BR118]: facts.fees_eur.value: expected a number, got "3.5 million"',
    'format-and-check-errors.yaml:102:14 error[BR130]: events.quay_opening.places.0: unknown place `port_city`',
    'format-and-check-errors.yaml:108:10 error[BR136]: events.dredging.end: the event is dated 2024-09-30, after the briefing date 2024-03-01; mark it `planned: true` if it is still to come',
    'format-and-check-errors.yaml:126:36 error[BR130]: keyFigures.2: unknown fact `ships_addd` (did you mean `ships_added`?)',
  ]],
];

describe('bad-input catalogue', () => {
  it.each(CATALOGUE)('%s (%s)', (_what, file, expected) => {
    const { lines, diagnostics } = failure(join(BAD, file));
    expect(lines).toEqual(expected);
    for (const d of diagnostics) {
      expect(d.severity).toBe('error');
      expect(d.line, 'every diagnostic in a readable text file has a position').toBeGreaterThan(0);
      expect(d.column).toBeGreaterThan(0);
    }
  });

  it('says which entries were left out of the other checks (BR149), or that the checks were skipped', () => {
    const notice = (file: string) => {
      try {
        loadFacts(join(BAD, file));
      } catch (e) {
        return (e as BriefingInputError).diagnostics.filter((d) => d.code === 'BR149').map((d) => `${d.line}:${d.column} ${d.severity} ${d.message}`);
      }
      return [];
    };
    expect(notice('format-and-check-errors.yaml')).toEqual(['54:11 warning 2 entries have errors and were left out of the other checks (facts.ships_growth, facts.fees_eur); everything else was checked']);
    expect(notice('unknown-top-level-key.yaml')).toEqual(['35:1 warning the references, quotes, figures, formulas and glyphs were not checked, because the top level or meta has errors']);
    expect(notice('quote-not-found.yaml')).toEqual([]);
  });

  it('refuses the alias bomb in well under a second', () => {
    expect(failure(join(BAD, 'alias-bomb.yaml')).ms).toBeLessThan(1000);
  });

  it('reports several errors in one file all together, in file order', () => {
    const schema = errorsOf(join(BAD, 'multiple-errors.yaml'));
    expect(schema).toHaveLength(4);
    const lines = schema.map((l) => Number(l.split(':')[1]));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(errorsOf(join(BAD, 'multiple-cross-check-errors.yaml'))).toHaveLength(5);
  });

  it('refuses a 20 MB file before reading it', () => {
    const path = scratch('big.yaml', new Uint8Array(20 * 1024 * 1024).fill(0x61));
    const { lines, ms } = failure(path);
    expect(lines).toEqual(['big.yaml error[BR101]: the facts file is 20.0 MB; the limit is 2 MB']);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses binary garbage (an image passed by mistake), pointing at the first NUL byte', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8]);
    expect(errorsOf(scratch('image.yaml', png))).toEqual(['image.yaml:3:1 error[BR102]: the facts file is binary (it contains a NUL byte), not YAML or JSON text']);
  });

  it('refuses random bytes containing NUL', () => {
    const bytes = new Uint8Array(4096);
    crypto.getRandomValues(bytes);
    bytes[2000] = 0;
    const lines = errorsOf(scratch('random.yaml', bytes));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^random\.yaml:\d+:\d+ error\[BR102\]: the facts file is binary \(it contains a NUL byte\), not YAML or JSON text$/);
  });

  it('refuses text that is not UTF-8, pointing at the first bad byte', () => {
    const latin1 = Buffer.from('meta:\n  title: Caf\xe9 briefing\n', 'latin1');
    expect(errorsOf(scratch('latin1.yaml', latin1))).toEqual(['latin1.yaml:2:13 error[BR103]: expected UTF-8 text, got the byte 0xE9; save the file as UTF-8']);
  });

  it('refuses 5000 nested lists quickly', () => {
    const { lines, ms } = failure(scratch('deep.yaml', `facts: ${'['.repeat(5000)}${']'.repeat(5000)}\n`));
    expect(lines).toEqual(['deep.yaml:1:40 error[BR107]: the document nests more than 32 levels deep; the limit is 32']);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses 200,000 nested JSON objects quickly', () => {
    const { lines, ms } = failure(scratch('deep.json', `${'{"a": '.repeat(200_000)}1${'}'.repeat(200_000)}\n`));
    expect(lines).toEqual(['deep.json:1:193 error[BR107]: the document nests more than 32 levels deep; the limit is 32']);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses block-style nesting deeper than the limit at the node that passes it', () => {
    const text = Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}a${i}:`).join('\n') + ' 1\n';
    expect(errorsOf(scratch('block.yaml', text))).toEqual(['block.yaml:33:65 error[BR107]: the document nests more than 32 levels deep; the limit is 32']);
  });

  it('reports a missing file and a folder', () => {
    expect(errorsOf(join(TMP, 'no-such-file.yaml'))).toEqual(['no-such-file.yaml error[BR100]: no such file']);
    const dir = join(TMP, 'a-folder.yaml');
    mkdirSync(dir);
    expect(errorsOf(dir)).toEqual(['a-folder.yaml error[BR100]: not a file']);
  });
});

describe('accepted variants', () => {
  it('accepts a file that starts with a UTF-8 byte-order mark', () => {
    const bytes = readFileSync(join(FIXTURES, 'bom.yaml'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const facts = loadFacts(join(FIXTURES, 'bom.yaml'));
    expect(facts.warnings).toEqual([]);
    expect(facts.doc.meta.title).toBe('Minimal briefing');
    expect(facts.locate(['facts', 'ships_2023', 'value'])).toEqual(loadFacts(join(FIXTURES, 'minimal.yaml')).locate(['facts', 'ships_2023', 'value']));
  });

  it('accepts an event after the briefing date once it is marked planned', () => {
    const text = MINIMAL.replace('    date: 2023-05-02\n', '    date: 2024-05-02\n    planned: true\n');
    expect(text).not.toBe(MINIMAL);
    expect(loadFacts(scratch('planned.yaml', text)).warnings).toEqual([]);
  });

  it('accepts YAML anchors and aliases used sensibly', () => {
    const text = MINIMAL.replace('    places: [port_town]\n', '    places: &harbour [port_town]\n').replace('    who: [harbour_board]\n', '    places: *harbour\n    who: [harbour_board]\n');
    expect(loadFacts(scratch('anchors.yaml', text)).doc.events.dredging?.places).toEqual(['port_town']);
  });

  it('accepts the same document written as JSON', () => {
    const json = JSON.stringify(loadFacts(join(FIXTURES, 'minimal.yaml')).doc, null, 2);
    expect(loadFacts(scratch('minimal.json', json)).facts.get('ships_added')?.value).toBe(200);
  });
});

describe('robustness', () => {
  // Random damage to a valid file: cut, insert YAML-significant text, duplicate or swap lines.
  const pieces = ['\t', ' ', '\n', ':', '- ', '[', ']', '{', '}', '"', "'", '&a ', '*a', '#', '!!', '---\n', '.nan', '-1', '2023-02-30', 'fatcs', '\u0000', '\ufeff', '\u00e9', 'x'.repeat(40)];
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 80 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(...pieces) }),
    fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  );
  type Edit = { kind: 'cut'; at: number; length: number } | { kind: 'insert'; at: number; text: string } | { kind: 'duplicate' | 'swap'; at: number };
  const apply = (text: string, e: Edit): string => {
    const at = e.at % (text.length + 1);
    const lines = text.split('\n');
    const line = e.at % lines.length;
    switch (e.kind) {
      case 'cut':
        return text.slice(0, at) + text.slice(at + e.length);
      case 'insert':
        return text.slice(0, at) + e.text + text.slice(at);
      case 'duplicate':
        lines.splice(line, 0, lines[line]!);
        return lines.join('\n');
      default:
        [lines[line], lines[(line + 1) % lines.length]] = [lines[(line + 1) % lines.length]!, lines[line]!];
        return lines.join('\n');
    }
  };

  it('damaged files fail only with located BriefingInputErrors', () => {
    const dir = mkdtempSync(join(TMP, 'fuzz-'));
    copyFileSync(SOURCE_TEXT, join(dir, 'minimal-source.txt'));
    const path = join(dir, 'damaged.yaml');
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const text = edits.reduce(apply, MINIMAL);
        writeFileSync(path, text);
        try {
          loadFacts(path);
        } catch (e) {
          if (!(e instanceof BriefingInputError)) throw e;
          expect(e.diagnostics.length).toBeGreaterThan(0);
          const lineCount = text.split('\n').length;
          for (const d of e.diagnostics) {
            expect(d.line, formatDiagnostic(d)).toBeGreaterThan(0);
            expect(d.line, formatDiagnostic(d)).toBeLessThanOrEqual(lineCount);
            expect(d.column, formatDiagnostic(d)).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 300, seed: 20230824 },
    );
  });
});
