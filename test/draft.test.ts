// `briefing draft`: one proposal per figure found by the quote check's own parser, quoted
// verbatim; dated events and titled people; every proposal marked for review; a draft that is
// only pruned validates as it stands. Run on the seed's source and on three texts written for
// the tests (euro trade mission, yen/won investment, statistics office with percentages).
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { draftFacts, readDraft } from '../src/api/draft.js';
import { loadFacts } from '../src/facts/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { tempDir } from './helpers/pdf.js';
import { runCli } from './helpers/cli.js';

const root = resolve(import.meta.dirname, '..');

/** Each text with the figures a careful analyst finds in it: [as written, value, unit, scale, qualifier]. */
const TEXTS: { file: string; figures: [string, number, string, string, string][]; events: string[]; people: string[] }[] = [
  {
    file: 'data/sources/000_73b3208adfbec09d.txt',
    figures: [
      ['approximately 1 billion yuan', 1, 'CNY', 'billion', 'approximately'],
      ['more than 4,300', 4300, 'count', 'one', 'more than'],
      ['10', 10, 'count', 'one', 'exact'],
      ['US$138 million', 138, 'USD', 'million', 'approximately'],
      ['US$24.21 billion', 24.21, 'USD', 'billion', 'exact'],
      ['US$3.8 billion', 3.8, 'USD', 'billion', 'exact'],
      ['US$4.76 billion', 4.76, 'USD', 'billion', 'exact'],
      ['72,500', 72500, 'count', 'one', 'exact'],
      ['26', 26, 'count', 'one', 'exact'],
      ['43', 43, 'count', 'one', 'exact'],
      ['165.73 billion yuan', 165.73, 'CNY', 'billion', 'exact'],
      ['6.8 percent', 6.8, 'percent', 'one', 'exact'],
    ],
    events: ['2023-07-11', '2023-07-16/2023-07-21'],
    people: ['Xie Dong', 'Gao Xiang', 'Lu Fangzhou'],
  },
  {
    file: 'test/fixtures/draft/trade-mission-eur.txt',
    figures: [
      ['17', 17, 'count', 'one', 'exact'],
      ['€340 million', 340, 'EUR', 'million', 'exact'],
      ['more than 60', 60, 'count', 'one', 'more than'],
      ['€1.2 billion', 1.2, 'EUR', 'billion', 'exact'],
      ['8.4%', 8.4, 'percent', 'one', 'exact'],
      ['About 45', 45, 'count', 'one', 'about'],
    ],
    events: ['2024-05-12/2024-05-16', '2024-10-03'],
    people: ['Elena Rusk', 'Tomas Ferreira'],
  },
  {
    file: 'test/fixtures/draft/investment-jpy-krw.txt',
    figures: [
      ['¥45 billion', 45, 'JPY', 'billion', 'exact'],
      ['₩120 billion', 120, 'KRW', 'billion', 'exact'],
      ['approximately 850', 850, 'count', 'one', 'approximately'],
      ['up to 20', 20, 'count', 'one', 'up to'],
    ],
    events: ['2025-04-01', '2025-01-31'],
    people: ['Kenji Morita', 'Park Ji-won'],
  },
  {
    file: 'test/fixtures/draft/statistics-release.txt',
    figures: [
      ['2.41 million', 2.41, 'count', 'million', 'exact'],
      ['0.6%', 0.6, 'percent', 'one', 'exact'],
      ['5.2%', 5.2, 'percent', 'one', 'exact'],
      ['5.5%', 5.5, 'percent', 'one', 'exact'],
      ['11.8%', 11.8, 'percent', 'one', 'exact'],
      ['£612', 612, 'GBP', 'one', 'exact'],
      ['4.1%', 4.1, 'percent', 'one', 'exact'],
      ['at least 98,000', 98000, 'count', 'one', 'at least'],
      ['Between 3% and 4%', 3, 'percent', 'one', 'at least'],
    ],
    events: ['2025-02-27'],
    people: [],
  },
];

const collapse = (s: string) => s.replace(/\s+/g, ' ');

/** The draft saved as a facts file beside its source text; `keep` prunes facts, events and people. */
function saveDraft(file: string, keep: (i: number) => boolean): string {
  const dir = tempDir('briefing-draft-');
  mkdirSync(join(dir, 'sources'));
  const name = file.split('/').pop()!;
  copyFileSync(resolve(root, file), join(dir, 'sources', name));
  const draft = readDraft(join(dir, 'sources', name));
  const doc = parseYaml(draft.yaml) as Record<string, any>;
  const prune = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter((_, i) => keep(i)));
  doc.facts = prune(doc.facts);
  if (Object.keys(doc.facts).length === 0) doc.facts = Object.fromEntries(Object.entries(parseYaml(draft.yaml).facts as object).slice(0, 1));
  doc.events = prune(doc.events ?? {});
  doc.entities.people = prune(doc.entities.people ?? {});
  const path = join(dir, 'facts.yaml');
  writeFileSync(path, keep(0) && keep(1) ? draft.yaml : stringify(doc));
  return path;
}

describe.each(TEXTS)('briefing draft on $file', ({ file, figures, events, people }) => {
  const text = readFileSync(resolve(root, file), 'utf8');
  const draft = draftFacts(text, { document: file.split('/').pop()! });

  it('proposes every figure with its value, unit, scale and qualifier, quoting its sentence verbatim', () => {
    for (const [written, value, unit, scale, qualifier] of figures) {
      const found = draft.facts.find((f) => f.value === value && f.unit === unit && f.quote.includes(written));
      expect(found, `${written} in ${draft.facts.map((f) => f.written).join(' | ')}`).toBeDefined();
      expect({ scale: found!.scale, qualifier: found!.qualifier }, written).toEqual({ scale, qualifier });
    }
    for (const f of [...draft.facts, ...draft.events, ...draft.people]) {
      expect(collapse(text).includes(f.quote), f.quote).toBe(true);
      expect(f.review.length, f.id).toBeGreaterThan(0);
    }
    // Report: figures found and proposals that are not figures of the text.
    const wrong = draft.facts.filter((f) => !figures.some(([w, v, u]) => f.value === v && f.unit === u && f.quote.includes(w)));
    console.info(`${file}: ${draft.facts.length} figures proposed, ${figures.length} expected, ${wrong.length} not in the expected list: ${wrong.map((f) => JSON.stringify(f.written)).join(', ')}`);
  });

  it('proposes the dated events and the people named with their titles', () => {
    const dates = draft.events.map((e) => (e.date ? e.date : `${e.start}/${e.end}`));
    for (const d of events) expect(dates, d).toContain(d);
    expect(draft.people.map((p) => p.name).sort()).toEqual([...people].sort());
    for (const p of draft.people) expect(p.role.length).toBeGreaterThan(3);
    // Events after the source's date are marked as planned, so the draft validates.
    for (const e of draft.events) expect(e.planned, e.id).toBe((e.end ?? e.date!) > draft.date);
  });

  it('marks every proposal for review in the YAML', () => {
    const reviews = draft.yaml.match(/# REVIEW:/g)?.length ?? 0;
    expect(reviews).toBe(draft.facts.length + draft.events.length + draft.people.length);
    expect(draft.yaml.split('\n')[0]).toBe('# yaml-language-server: $schema=../schema/briefing.schema.json');
  });

  it('validates as it stands, and after pruning', () => {
    for (const keep of [() => true, (i: number) => i % 2 === 0, (i: number) => i % 3 === 1]) {
      const path = saveDraft(file, keep);
      let facts;
      try {
        facts = loadFacts(path);
      } catch (e) {
        throw new Error(`${path}: ${JSON.stringify((e as BriefingInputError).diagnostics ?? e)}`);
      }
      expect(facts.facts.size).toBeGreaterThan(0);
      expect(facts.warnings.filter((w) => w.severity === 'error')).toEqual([]);
    }
  });
});

describe('briefing draft on the command line', () => {
  it('prints the YAML skeleton, with ids under --id', () => {
    const r = runCli(['draft', 'test/fixtures/draft/trade-mission-eur.txt', '--id', 'vt']);
    expect(r.status, r.stderr).toBe(0);
    const doc = parseYaml(r.stdout) as { facts: Record<string, unknown> };
    expect(Object.keys(doc.facts).length).toBeGreaterThan(3);
    for (const id of Object.keys(doc.facts)) expect(id).toMatch(/^vt_[a-z0-9_]+$/);
  });

  it('refuses a missing or binary source with BR291 and prints nothing', () => {
    const dir = tempDir('briefing-draft-bad-');
    writeFileSync(join(dir, 'binary.txt'), Buffer.from([0xff, 0xfe, 0x00, 0xd8]));
    for (const path of [join(dir, 'missing.txt'), join(dir, 'binary.txt'), dir]) {
      const r = runCli(['draft', path]);
      expect(r.status, path).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('BR291');
    }
  });
});
