// Every limit in the README's "Limits" section, each with a located error by its code, for
// files and for library objects alike; long labels fail fast (the time is measured by
// `npm run bench`, not here) and chart-label fitting stays correct at any length.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildBriefing, documentDate } from '../src/api/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { fitLines } from '../src/charts/index.js';
import { factsFromObject, loadFacts } from '../src/facts/index.js';
import { COUNT_LIMITS, MAX_ID_LENGTH, TEXT_LIMITS } from '../src/facts/limits.js';
import { measure, type FontFace } from '../src/fonts/index.js';
import { root, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const minimalText = readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely
const minimalDoc = (): Doc => parse(minimalText) as Doc;

function writeCase(doc: Doc | string): string {
  const dir = tempDir('briefing-limit-');
  cpSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, 'facts.yaml');
  writeFileSync(file, typeof doc === 'string' ? doc : stringify(doc, { lineWidth: 0 }));
  return file;
}

function rejectedFile(doc: Doc | string): Diagnostic[] {
  try {
    loadFacts(writeCase(doc));
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('accepted');
}

function rejectedObject(doc: Doc): Diagnostic[] {
  try {
    factsFromObject(doc, join(root, 'test/fixtures'));
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('accepted');
}

/** Both faces give the same codes at the same paths. */
function rejectedBoth(doc: Doc): Diagnostic[] {
  const file = rejectedFile(doc);
  const object = rejectedObject(doc);
  expect(object.map((d) => [d.code, d.path])).toEqual(file.map((d) => [d.code, d.path]));
  return file;
}

describe('text lengths (BR176)', () => {
  const cases: [string, (d: Doc, text: string) => void, string][] = [
    ['meta.title', (d, t) => (d.meta.title = t), 'title'],
    ['facts.ships_2023.label', (d, t) => (d.facts.ships_2023.label = t), 'label'],
    ['facts.ships_2023.short', (d, t) => (d.facts.ships_2023.short = t), 'short'],
    ['facts.ships_2023.period', (d, t) => (d.facts.ships_2023.period = t), 'period'],
    ['entities.people.ana.name', (d, t) => (d.entities.people.ana.name = t), 'name'],
  ];
  for (const [path, set, field] of cases) {
    it(`${path}: one character over the limit is refused at its line; at the limit it is not refused for length`, () => {
      const over = minimalDoc();
      set(over, 'x'.repeat(TEXT_LIMITS[field]! + 1));
      const list = rejectedBoth(over);
      const hit = list.find((d) => d.code === 'BR176');
      expect(hit, list.map((d) => d.message).join('\n')).toBeDefined();
      expect(hit!.path).toBe(path);
      expect(hit!.line).toBeGreaterThan(0);
      const at = minimalDoc();
      set(at, 'x'.repeat(TEXT_LIMITS[field]!));
      let codes: (string | undefined)[] = [];
      try {
        loadFacts(writeCase(at));
      } catch (e) {
        codes = (e as BriefingInputError).diagnostics.map((d) => d.code);
      }
      expect(codes).not.toContain('BR176');
    });
  }

  it('a 1 MB label and a 1 MB title are refused with a located BR176, nothing built (CLI exit 1)', () => {
    const doc = minimalDoc();
    doc.facts.ships_2023.label = 'Label '.repeat(175_000);
    doc.meta.title = 'T'.repeat(1_000_000);
    const file = writeCase(doc);
    const out = join(tempDir('briefing-limit-'), 'out');
    const r = runCli(['build', file, '--out', out, '--json']);
    expect(r.status).toBe(1);
    const errors = JSON.parse(r.stdout).errors as Diagnostic[];
    expect(errors.map((e) => e.path).sort()).toEqual(['facts.ships_2023.label', 'meta.title']);
    expect(errors.every((e) => e.line > 0)).toBe(true);
  });

  it('an id longer than the limit is refused', () => {
    const doc = minimalDoc();
    doc.facts[`f${'x'.repeat(MAX_ID_LENGTH)}`] = doc.facts.ships_2023;
    expect(rejectedFile(doc).map((d) => d.code)).toContain('BR176');
  });
});

describe('counts (BR177) and formulas (BR178)', () => {
  it('more facts than the limit', () => {
    const doc = minimalDoc();
    for (let i = 0; i <= COUNT_LIMITS.facts!; i++) doc.facts[`extra_${i}`] = { ...doc.facts.ships_2023 };
    const list = rejectedBoth(doc);
    expect(list.find((d) => d.code === 'BR177')?.path).toBe('facts');
  });

  it('more key figures and more charts than the limit', () => {
    const doc = minimalDoc();
    doc.keyFigures = Array.from({ length: COUNT_LIMITS.keyFigures! + 1 }, () => 'ships_2023');
    doc.charts = Object.fromEntries(Array.from({ length: COUNT_LIMITS.charts! + 1 }, (_, i) => [`c${i}`, { type: 'bar', title: 'Ships', facts: ['ships_2023', 'ships_2022'] }]));
    const paths = rejectedBoth(doc).filter((d) => d.code === 'BR177').map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['keyFigures', 'charts']));
  });

  it('a 100,000-term formula is a located BR178, not an internal error (CLI exit 1)', () => {
    const doc = minimalDoc();
    doc.derived = { total: { label: 'Total', formula: Array.from({ length: 100_000 }, () => 'ships_2023').join(' + '), unit: 'count', round: 0, period: '2023', note: 'A sum.' } };
    expect(rejectedBoth(doc).map((d) => [d.code, d.path])).toEqual([['BR178', 'derived.total.formula']]);
    const r = runCli(['validate', writeCase(doc)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[BR178]');
  });
});

describe('dates outside 1000–9999 (BR179) and SOURCE_DATE_EPOCH (BR518)', () => {
  it('events and sources dated in the years 0000–0999 are refused at their line', () => {
    for (const date of ['0000-01-01', '0050-06-15', '0099-12-31', '0999-01-01']) {
      const doc = minimalDoc();
      doc.sources.sample.date = date;
      doc.meta.date = '2024-03-01';
      const list = rejectedBoth(doc);
      expect(list.map((d) => [d.code, d.path]), date).toContainEqual(['BR179', 'sources.sample.date']);
    }
    const doc = minimalDoc();
    doc.events = { launch: { date: '0050-01-01', title: 'A launch', what: 'Launched', source: 'sample', quote: 'The harbour handled 1,200 ships in 2023' } };
    expect(rejectedBoth(doc).map((d) => d.code)).toContain('BR179');
  });

  it('SOURCE_DATE_EPOCH beyond 9999, before 1000 or not a number: BR518 (exit 1), never a PDF date D:0000', () => {
    const saved = process.env.SOURCE_DATE_EPOCH;
    try {
      for (const bad of ['99999999999999999', '253402300800', '-30610224001', '1e9', 'soon']) {
        process.env.SOURCE_DATE_EPOCH = bad;
        let caught: unknown;
        try {
          documentDate('2024-03-01');
        } catch (e) {
          caught = e;
        }
        expect(caught, bad).toBeInstanceOf(BriefingInputError);
        expect((caught as BriefingInputError).diagnostics[0]!.code).toBe('BR518');
      }
      process.env.SOURCE_DATE_EPOCH = '253402300799'; // 9999-12-31T23:59:59Z
      expect(documentDate('2024-03-01').toISOString()).toBe('9999-12-31T23:59:59.000Z');
    } finally {
      if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = saved;
    }
    const r = runCli(['build', join(root, 'test/fixtures/minimal.yaml'), '--out', join(tempDir('briefing-limit-'), 'out')], { env: { SOURCE_DATE_EPOCH: '99999999999999999' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[BR518]');
  });
});

describe('pages (BR350)', () => {
  it('a document over the page limit is refused by the library with BR350, located at the format', async () => {
    const { MAX_PAGES } = await import('../src/api/index.js');
    const templatesDir = tempDir('briefing-pages-');
    const chunk = 'A paragraph written to fill pages for the page limit test, with no figures in it at all. '.repeat(20) + '\n\n';
    const print = readFileSync(join(root, 'templates/default/print.md'), 'utf8');
    writeFileSync(join(templatesDir, 'print.md'), `${print}\n\n# Annex {#annex}\n\n${chunk.repeat(120)}`);
    let caught: unknown;
    try {
      await buildBriefing(join(root, 'test/fixtures/minimal.yaml'), { formats: ['print'], templatesDir, maxPages: 20 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(BriefingInputError);
    const d = (caught as BriefingInputError).diagnostics.find((x) => x.code === 'BR350');
    expect(d?.message).toMatch(/pages; the limit is 20/);
    expect(d?.path).toBe('print');
    expect(MAX_PAGES).toBeGreaterThanOrEqual(200);
  }, 240_000);
});

describe('chart label fitting', () => {
  const face: FontFace = { weight: 'semibold', style: 'normal' };
  it('every line fits, at most maxLines, clipped with an ellipsis, for texts of any length and script', () => {
    for (const text of ['Short', 'A label of several words that must wrap onto more than one line', 'x'.repeat(5000), 'word '.repeat(20_000), '上海与英国的双向投资规模'.repeat(50), '😀'.repeat(300)]) {
      for (const maxLines of [1, 2, 3]) {
        const lines = fitLines(text, { size: 11, face: face, maxWidth: 120, maxLines });
        expect(lines.length).toBeLessThanOrEqual(maxLines);
        for (const l of lines) expect(measure(l, 11, face)).toBeLessThanOrEqual(120 + 1e-9);
        // No lone surrogate halves.
        for (const l of lines) expect(l).toBe(l.toWellFormed());
        const joined = lines.join(' ');
        if (measure(text, 11, face) > 120 * maxLines) expect(joined.endsWith('…')).toBe(true);
      }
    }
  });
});
