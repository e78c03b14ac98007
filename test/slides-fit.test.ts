// Slide text never overflows: overlong titles and headlines shrink, wrap, then are cut with an
// ellipsis and a warning; a 40-item list shrinks to 18 pt and continues on follow-up slides.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildBriefing } from '../src/api/index.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Inline, Narrative, Slide } from '../src/narrative/model.js';
import type { ChartGraphics } from '../src/charts/index.js';
import { composeDeck, fitInlines, layoutSlides, MIN_BODY, MIN_FURNITURE, type SlideDeck } from '../src/layout/slides.js';
import { layoutNotes } from '../src/layout/notes.js';
import type { LaidOutDocument, TextItem } from '../src/layout/model.js';
import { BOLD, SLIDE } from '../src/layout/theme.js';
import { writePdf } from '../src/pdf/index.js';
import { outlineOf, pdfinfo, pdftotext, pdftotextPage, qpdfCheck, tempDir, textPositions, type PositionedText } from './helpers/pdf.js';

const date = new Date('2024-01-01T00:00:00Z');
const text = (t: string): Inline[] => [{ type: 'text', text: t }];
/** Exactly `n` characters of ordinary words. */
const words = (seed: string, n: number) => {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `${seed}${i} and more words `;
  return s.slice(0, n).trim();
};
const LONG_TITLE = words('Title', 200);
const LONG_HEADLINE = words('Headline', 200);
const ITEMS = Array.from({ length: 40 }, (_, i) => `Item ${i + 1}: ${words(`point${i + 1}x`, 60 + (i % 5) * 30)}`);
const charts: ChartGraphics = new Map();

function narrative(slides: Slide[], title = LONG_TITLE): Narrative {
  return {
    meta: { title, date: '2024-01-01', dateText: '1 January 2024', locale: 'en-GB', keywords: [], organisation: 'Test desk' },
    summary: [],
    sections: [],
    slides,
    keyFigures: [
      { factId: 'a', label: words('Label', 120), value: 'US$1,234,567.89 billion', qualifier: 'more than', period: '2023', derived: false, citations: [1] },
      { factId: 'b', label: 'Short', value: '12', qualifier: '', period: words('Period', 90), derived: true, citations: [1] },
      { factId: 'c', label: 'Third', value: '3.5%', qualifier: '', period: '2022', derived: false, citations: [1] },
    ],
    timeline: [],
    people: [],
    organisations: [],
    sources: [{ number: 1, id: 'src', title: 'A test source', dateText: '1 January 2024', quotes: [] }],
    charts: [],
  };
}

const SLIDES: Slide[] = [
  { kind: 'title', title: LONG_TITLE, bullets: [text(LONG_HEADLINE)], sourceLine: '', notes: [text('Opening remarks.')] },
  { kind: 'bullets', title: LONG_TITLE, headline: text(LONG_HEADLINE), bullets: ITEMS.map(text), sourceLine: `Source: ${words('Source', 400)}`, notes: [text('The long list.')] },
  { kind: 'keyFigures', title: 'Key figures', headline: text(LONG_HEADLINE), bullets: [], sourceLine: 'Source: A test source (1 January 2024)', notes: [text('The numbers.')] },
  { kind: 'sources', title: 'Sources', bullets: [], sourceLine: '', notes: [] },
];

describe('fitting overlong slide text', () => {
  let deck: SlideDeck;
  let bytes: Uint8Array;
  let file: string;
  let runs: PositionedText[];

  beforeAll(async () => {
    deck = composeDeck(narrative(SLIDES), charts);
    bytes = await writePdf(deck.document, { date });
    file = join(tempDir(), 'slides.pdf');
    writeFileSync(file, bytes);
    runs = await textPositions(bytes);
  });

  it('reports every cut and the continued list as warnings', () => {
    const w = deck.document.warnings.map((d) => d.message);
    // Every one carries its code from the layout block.
    for (const d of deck.document.warnings) expect(d.code, d.message).toMatch(/^BR3([0-4]\d)$/);
    expect(w).toContain(`slide 1 (${LONG_TITLE.slice(0, 39)}…): the title was too long and was cut`);
    // A 200-character subtitle wraps (three lines are allowed) instead of being cut.
    expect(w.some((m) => m.includes('subtitle'))).toBe(false);
    expect(w).toContain(`slide 2 (${LONG_TITLE.slice(0, 39)}…): the title was too long and was cut`);
    expect(w).toContain(`slide 2 (${LONG_TITLE.slice(0, 39)}…): the headline was too long and was cut`);
    expect(w).toContain(`slide 2 (${LONG_TITLE.slice(0, 39)}…): the source line was too long for two lines and was cut`);
    const followUps = deck.sheets.filter((s) => s.continued).length;
    expect(followUps).toBeGreaterThan(0);
    expect(w).toContain(`slide 2 (${LONG_TITLE.slice(0, 39)}…): the list did not fit on one slide at 18 pt and continues on ${followUps} follow-up slide${followUps > 1 ? 's' : ''}`);
    expect(w.some((m) => m.includes('left out'))).toBe(false);
    // Follow-up slides repeat the title and source line; their cuts are not reported again.
    expect(w.filter((m) => m.includes('the title was too long')).length).toBe(2);
  });

  it('cuts with an ellipsis, never beyond the maximum lines', () => {
    const titleRuns = deck.document.pages[1]!.items.filter((i): i is TextItem => i.kind === 'text' && i.struct.role === 'H1');
    const lines = new Set(titleRuns.map((t) => t.y));
    expect(lines.size).toBe(2);
    expect(titleRuns[titleRuns.length - 1]!.text.endsWith('…')).toBe(true);
    expect(titleRuns.every((t) => t.size === 24)).toBe(true);
  });

  it('keeps every text run inside the slide and inside the side margins', () => {
    const m = deck.document.margins;
    expect(runs.length).toBeGreaterThan(100);
    for (const r of runs) {
      const where = `${r.text} on page ${r.page}`;
      expect(r.pageWidth, where).toBe(SLIDE.width);
      expect(r.x, where).toBeGreaterThanOrEqual(m.left - 0.5);
      expect(r.right, where).toBeLessThanOrEqual(SLIDE.width - m.right + 0.5);
      expect(r.top, where).toBeGreaterThanOrEqual(0);
      expect(r.bottom, where).toBeLessThanOrEqual(SLIDE.height);
    }
  });

  it('never sets body text below 18 pt, nor furniture below 10 pt', () => {
    let body = 0;
    deck.document.pages.forEach((page, p) => {
      for (const t of page.items.filter((i): i is TextItem => i.kind === 'text')) {
        if (t.struct.role === 'Artifact') expect(t.size, `${t.text} on slide ${p + 1}`).toBeGreaterThanOrEqual(MIN_FURNITURE);
        else {
          body++;
          expect(t.size, `${t.text} on slide ${p + 1}`).toBeGreaterThanOrEqual(MIN_BODY);
        }
      }
    });
    expect(body).toBeGreaterThan(80);
  });

  it('keeps list text from running into the footer', () => {
    deck.document.pages.forEach((page, p) => {
      for (const t of page.items.filter((i): i is TextItem => i.kind === 'text' && i.struct.role === 'LI')) expect(t.y, `${t.text} on slide ${p + 1}`).toBeLessThan(SLIDE.height - 46 - 16);
    });
  });

  it('loses no list item: all 40 are on the slide and its follow-ups, at 18 pt', () => {
    const text = pdftotext(file).replace(/\s+/g, ' ');
    for (let i = 1; i <= 40; i++) expect(text, `item ${i}`).toContain(`Item ${i}: point${i}x0`);
    const listPages = deck.sheets.filter((s) => s.slideIndex === 1).map((s) => s.page);
    expect(listPages.length).toBeGreaterThan(1);
    const listSizes = new Set(listPages.flatMap((p) => p.items.filter((i): i is TextItem => i.kind === 'text' && i.struct.role === 'LI').map((i) => i.size)));
    expect([...listSizes]).toEqual([MIN_BODY]);
  });

  it('titles follow-up slides "(continued)" and numbers every page', async () => {
    const n = deck.sheets.length;
    expect(pdfinfo(file).pages).toBe(n);
    expect(qpdfCheck(file).ok).toBe(true);
    const outline = await outlineOf(bytes);
    expect(outline.length).toBe(n);
    for (const [i, s] of deck.sheets.entries()) {
      expect(outline[i]!.title).toBe(s.continued ? `${LONG_TITLE} (continued)` : s.title);
      expect(pdftotextPage(file, i + 1)).toMatch(new RegExp(`\\b${i + 1} ?/ ?${n}\\b`));
    }
  });

  it('writes notes pages for follow-up slides too, pointing back to the slide', () => {
    const notes = layoutNotes(narrative(SLIDES), charts);
    expect(notes.pages.length).toBe(deck.sheets.length);
    const follow = deck.sheets.findIndex((s) => s.continued);
    const items = notes.pages[follow]!.items.filter((i): i is TextItem => i.kind === 'text').map((t) => t.text);
    expect(items).toContain('Continued from slide 2.');
  });

  it('shrinks a long key figure to one line, wrapping only at the minimum', () => {
    const big = fitInlines(text('US$1,234,567.89'), { size: 64, face: BOLD, color: '#000' }, 160, 2, 32);
    expect(big.cut).toBe(false);
    expect(big.size).toBe(32);
    const short = fitInlines(text('12'), { size: 64, face: BOLD, color: '#000' }, 160, 2, 32);
    expect(short).toMatchObject({ size: 64, cut: false });
    expect(short.lines.length).toBe(1);
  });
});

describe('slide inputs the layout handles with a warning', () => {
  it('makes a title slide when the template produced none', () => {
    const laid: LaidOutDocument = layoutSlides(narrative([], 'A briefing'), charts);
    expect(laid.warnings.map((d) => [d.code, d.message])).toEqual([['BR308', 'the slide template produced no slides; a title slide was made from the briefing title']]);
    expect(laid.pages.length).toBe(1);
  });

  it('reports a chart slide whose chart was not rendered, and lays out its bullets', () => {
    const laid = layoutSlides(narrative([{ kind: 'chart', title: 'Missing', chartId: 'nope', bullets: [text('Still shown')], sourceLine: '', notes: [] }]), charts);
    expect(laid.warnings.map((d) => [d.code, d.message])).toEqual([['BR310', 'slide 1 (Missing): chart "nope" was not rendered']]);
    expect(laid.pages[0]!.items.some((i) => i.kind === 'text' && i.text === 'Still shown')).toBe(true);
    expect(laid.pages[0]!.items.some((i) => i.kind === 'chart')).toBe(false);
  });

  it('reports an unknown slide kind and lays it out as bullets', () => {
    const laid = layoutSlides(narrative([{ kind: 'bulets' as Slide['kind'], title: 'Typo', bullets: [text('Point')], sourceLine: '', notes: [] }]), charts);
    expect(laid.warnings.map((d) => [d.code, d.message])).toEqual([['BR307', 'slide 1 (Typo): unknown slide kind "bulets", laid out as bullets']]);
    expect(laid.pages[0]!.items.some((i) => i.kind === 'text' && i.text === 'Point')).toBe(true);
  });

  it('drops citation links when the deck has no sources slide to point at', () => {
    const laid = layoutSlides(narrative([{ kind: 'bullets', title: 'Cited', bullets: [[{ type: 'text', text: 'A claim' }, { type: 'cite', number: 1, sourceId: 'src' }]], sourceLine: '', notes: [] }]), charts);
    expect(laid.pages[0]!.items.some((i) => i.kind === 'text' && i.link !== undefined)).toBe(false);
  });
});

describe('slide templates through the faces', () => {
  const root = resolve(import.meta.dirname, '..');
  const seed = join(root, 'data/shanghai-uk-2023.yaml');

  it('turns a cut headline into a build warning (buildBriefing diagnostics and CLI output)', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'slides.hbs'), `{{#slide kind="bullets" title="A title"}}\n{{#headline}}${'longword '.repeat(40).trim()}{{/headline}}\n- one\n{{/slide}}\n`);
    const result = await buildBriefing(seed, { templatesDir: dir, formats: ['slides'] });
    // Located at the template call that made the slide.
    expect(result.warnings.filter((w) => w.code?.startsWith('BR3')).map((w) => [w.code, w.file, w.line, w.column, w.message])).toEqual([['BR301', join(dir, 'slides.hbs'), 1, 1, 'slide 1 (A title): the headline was too long and was cut']]);
    const out = join(dir, 'out');
    const cli = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', seed, '--templates', dir, '--out', out, '--format', 'slides'], { encoding: 'utf8' });
    expect(cli.status).toBe(0);
    expect(`${cli.stdout}${cli.stderr}`).toContain(`${join(dir, 'slides.hbs')}:1:1 warning[BR301]: slide 1 (A title): the headline was too long and was cut`);
    expect(existsSync(join(out, 'shanghai-uk-2023', 'slides.pdf'))).toBe(true);
  });

  it('rejects a chart slide naming an unknown chart, and writes nothing', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'slides.hbs'), '{{#slide kind="chart" chart="nope"}}{{/slide}}\n');
    const out = join(dir, 'out');
    const cli = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', seed, '--templates', dir, '--out', out], { encoding: 'utf8' });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toContain(`${join(dir, 'slides.hbs')}:1:29 error[BR202]: unknown chart "nope" in {{slide}}`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['slides.hbs']);
  });
});
