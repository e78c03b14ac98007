// The slide deck and its speaker notes for the seed briefing, read back with real PDF readers.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import type { Inline, Narrative } from '../src/narrative/model.js';
import { renderCharts, type ChartGraphics } from '../src/charts/index.js';
import { composeDeck, MIN_BODY, MIN_FURNITURE, splitValue, type SlideDeck } from '../src/layout/slides.js';
import { layoutNotes } from '../src/layout/notes.js';
import type { LaidOutDocument, TextItem } from '../src/layout/model.js';
import { SLIDE } from '../src/layout/theme.js';
import { writePdf } from '../src/pdf/index.js';
import { buildBriefing } from '../src/api/index.js';
import { typographic } from '../src/layout/text.js';
import { outlineOf, pdfinfo, pdftotext, pdftotextPage, qpdfCheck, structTrees, tempDir, type StructNode } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const date = new Date('2023-08-24T00:00:00Z');
const plainText = (inlines: readonly Inline[]) => inlines.map((i) => (i.type === 'cite' ? '' : i.text)).join('');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const texts = (doc: LaidOutDocument, page: number) => doc.pages[page]!.items.filter((i): i is TextItem => i.kind === 'text');

describe('slide deck of data/shanghai-uk-2023.yaml', () => {
  let narrative: Narrative;
  let charts: ChartGraphics;
  let deck: SlideDeck;
  let bytes: Uint8Array;
  let file: string;

  beforeAll(async () => {
    const facts = loadFacts(join(root, 'data/shanghai-uk-2023.yaml'));
    narrative = renderNarrative(facts).narrative;
    charts = renderCharts(narrative.charts);
    deck = composeDeck(narrative, charts);
    bytes = await writePdf(deck.document, { date });
    file = join(tempDir(), 'slides.pdf');
    writeFileSync(file, bytes);
  });

  it('lays out the seed without a warning, one 960 × 540 pt page per slide (and one for the key figures that continue)', () => {
    expect(deck.document.warnings).toEqual([]);
    expect(deck.sheets.filter((s) => !s.continued).length).toBe(narrative.slides.length);
    expect(deck.sheets.filter((s) => s.continued).map((s) => s.slide.kind)).toEqual(['keyFigures']);
    const info = pdfinfo(file);
    expect(info.pages).toBe(deck.sheets.length);
    for (const size of info.pageSizes) expect(size).toEqual({ width: SLIDE.width, height: SLIDE.height });
    expect(qpdfCheck(file).ok).toBe(true);
  });

  it('has the slides the brief asks for, in order', () => {
    const titles = deck.sheets.map((s) => s.title);
    expect(titles[0]).toBe(narrative.meta.title);
    expect(titles).toEqual(expect.arrayContaining(['Agenda', 'Key figures', 'Johnson Matthey fuel cell chip project', 'Jiading District profile', 'European outreach itinerary', 'Sources']));
    expect(titles[titles.length - 1]).toBe('Sources');
    // Every chart slide carries a one-line takeaway headline.
    for (const s of narrative.slides.filter((s) => s.kind === 'chart')) expect(s.headline?.length, s.title).toBeGreaterThan(0);
  });

  it('prints the seed figures and the Johnson Matthey project value', () => {
    const text = squash(pdftotext(file));
    for (const figure of ['24.21', '3.8', '4.76', '165.73', '72,500', '1 billion yuan', 'US$138 million']) expect(text, figure).toContain(figure);
    const jm = squash(pdftotextPage(file, deck.sheets.findIndex((s) => s.title.startsWith('Johnson Matthey')) + 1));
    expect(jm).toContain('approximately 1 billion yuan (US$138 million)');
  });

  it('shows the Jiading profile from facts', () => {
    const page = squash(pdftotextPage(file, deck.sheets.findIndex((s) => s.title === 'Jiading District profile') + 1)).toLowerCase();
    for (const s of ['165.73 billion yuan', 'more than 4,300 foreign-invested enterprises', '26 regional headquarters', '43 foreign-funded r&d centres', '72,500 automotive professionals', '6.8%']) expect(page).toContain(s);
  });

  it('shows the European outreach itinerary with its places and dates', () => {
    const page = squash(pdftotextPage(file, deck.sheets.findIndex((s) => s.title === 'European outreach itinerary') + 1));
    for (const s of ['11 July 2023', '16–21 July 2023', 'Paris', 'Wolfsburg', 'Lüdenscheid', 'Hannover', 'Lu Fangzhou']) expect(page).toContain(s);
  });

  it('puts a slide number and a source line on every slide', () => {
    const n = deck.sheets.length;
    for (let p = 1; p <= n; p++) {
      const text = pdftotextPage(file, p);
      expect(text, `page ${p}`).toMatch(new RegExp(`\\b${p} ?/ ?${n}\\b`));
      expect(text, `page ${p}`).toMatch(/Source: Report on the/);
    }
  });

  it('sets body text at 18 pt or more and furniture at 10 pt or more, in the one bundled family', () => {
    deck.document.pages.forEach((_, p) => {
      for (const t of texts(deck.document, p)) {
        if (t.struct.role === 'Artifact') expect(t.size, `${t.text} on slide ${p + 1}`).toBeGreaterThanOrEqual(MIN_FURNITURE);
        else expect(t.size, `${t.text} on slide ${p + 1}`).toBeGreaterThanOrEqual(MIN_BODY);
      }
    });
  });

  it('keeps the title at the same place on every content slide', () => {
    const baselines = deck.sheets
      .map((s, p) => ({ s, first: texts(deck.document, p).find((t) => t.struct.role === 'H1') }))
      .filter(({ s }) => s.slide.kind !== 'title')
      .map(({ first }) => first?.y);
    expect(new Set(baselines).size).toBe(1);
  });

  it('shows every key figure, three or four big numbers to a slide, continuing as needed', () => {
    const pages = deck.sheets.flatMap((s, p) => (s.slide.kind === 'keyFigures' ? [p] : []));
    expect(pages.map((p) => deck.sheets[p]!.continued)).toEqual([false, true]);
    const big = pages.map((p) => texts(deck.document, p).filter((t) => t.size >= 36).map((t) => t.text));
    for (const row of big) expect(row.length).toBeGreaterThanOrEqual(3);
    expect(big).toEqual([
      ['US$24.21', 'US$3.8', 'US$4.76'],
      ['165.73', '72,500', '1'],
    ]);
    expect(big.flat().length).toBe(narrative.keyFigures.length);
  });

  it('has one outline entry per slide, titled like the slide', async () => {
    const outline = await outlineOf(bytes);
    expect(outline.map((o) => o.title)).toEqual(deck.sheets.map((s) => s.title));
  });

  it('is tagged, with every chart a Figure with alt text', async () => {
    expect(pdfinfo(file).tagged).toBe(true);
    const figures: StructNode[] = [];
    const walk = (n: StructNode) => {
      if (n.role === 'Figure') figures.push(n);
      n.children.forEach(walk);
    };
    (await structTrees(bytes)).forEach(walk);
    const chartSlides = narrative.slides.filter((s) => s.kind === 'chart');
    expect(figures.length).toBe(chartSlides.length);
    for (const f of figures) expect(f.alt?.length ?? 0).toBeGreaterThan(20);
    expect(figures.map((f) => f.alt)).toEqual(chartSlides.map((s) => charts.get(s.chartId!)!.alt));
  });
});

describe('speaker notes of data/shanghai-uk-2023.yaml', () => {
  let narrative: Narrative;
  let notes: LaidOutDocument;
  let deckPages: number;
  let file: string;

  beforeAll(async () => {
    const facts = loadFacts(join(root, 'data/shanghai-uk-2023.yaml'));
    narrative = renderNarrative(facts).narrative;
    const charts = renderCharts(narrative.charts);
    deckPages = composeDeck(narrative, charts).sheets.length;
    notes = layoutNotes(narrative, charts);
    file = join(tempDir(), 'notes.pdf');
    writeFileSync(file, await writePdf(notes, { date }));
  });

  it('has one A4 page per slide, tagged, with one outline entry each', () => {
    expect(notes.warnings).toEqual([]);
    const info = pdfinfo(file);
    expect(info.pages).toBe(deckPages);
    expect(info.tagged).toBe(true);
    for (const size of info.pageSizes) expect(size).toEqual({ width: 595.28, height: 841.89 });
    expect(notes.outline.length).toBe(deckPages);
    expect(qpdfCheck(file).ok).toBe(true);
  });

  it('shows on each page its slide title and its notes text', () => {
    const sheets = composeDeck(narrative, renderCharts(narrative.charts)).sheets;
    sheets.forEach((sheet, i) => {
      if (sheet.continued) return;
      const slide = sheet.slide;
      const page = squash(pdftotextPage(file, i + 1));
      expect(page, `page ${i + 1}`).toContain(`Slide ${i + 1}: ${slide.title}`);
      expect(slide.notes.length, `notes for ${slide.title}`).toBeGreaterThan(0);
      for (const note of slide.notes) expect(page, `page ${i + 1}`).toContain(squash(plainText(note)));
    });
  });

  it('draws each slide again from the slide layout, scaled into a frame', () => {
    const deck = composeDeck(narrative, renderCharts(narrative.charts));
    deck.sheets.forEach((sheet, p) => {
      const slideTexts = sheet.page.items.filter((i): i is TextItem => i.kind === 'text');
      const noteTexts = texts(notes, p);
      const k = (595.28 - 112) / SLIDE.width;
      // Every run of the slide appears on its notes page at the slide's size times the scale.
      for (const t of slideTexts) {
        const match = noteTexts.find((n) => n.text === t.text && Math.abs(n.size - t.size * k) < 1e-6);
        expect(match, `${t.text} on notes page ${p + 1}`).toBeDefined();
      }
      const charted = sheet.page.items.filter((i) => i.kind === 'chart').length;
      expect(notes.pages[p]!.items.filter((i) => i.kind === 'chart').length).toBe(charted);
    });
  });
});

describe('buildBriefing with the notes format', () => {
  it('returns notes.pdf with one page per slide next to the deck', async () => {
    const result = await buildBriefing(join(root, 'data/shanghai-uk-2023.yaml'), { formats: ['slides', 'notes'] });
    expect(result.manifest.outputs.map((o) => o.file)).toEqual(['slides.pdf', 'notes.pdf']);
    const [slides, notes] = result.manifest.outputs;
    expect(notes!.pages).toBe(slides!.pages);
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.pdf'), result.notes!);
    expect(pdfinfo(join(dir, 'notes.pdf')).pages).toBe(slides!.pages);
    expect(result.print).toBeUndefined();
  });

  it('rejects an unknown format by name', async () => {
    await expect(buildBriefing(join(root, 'data/shanghai-uk-2023.yaml'), { formats: ['nots' as 'notes'] })).rejects.toThrow('buildBriefing: formats must be some of print, slides, notes, pptx, got ["nots"]');
  });
});

describe('splitValue', () => {
  it('sets the number apart from its unit words', () => {
    expect(splitValue('US$24.21 billion')).toEqual({ number: 'US$24.21', unit: 'billion' });
    expect(splitValue('165.73 billion yuan')).toEqual({ number: '165.73', unit: 'billion yuan' });
    expect(splitValue('72,500')).toEqual({ number: '72,500', unit: '' });
    expect(splitValue('n/a')).toEqual({ number: 'n/a', unit: '' });
  });
});

describe('wording settled before layout, the same in every format', () => {
  it('sets typographic quotes on the slides and in the notes, as in the print briefing', async () => {
    const result = await buildBriefing(join(root, 'data/shanghai-uk-2023.yaml'), { formats: ['print', 'slides', 'notes'], date });
    const dir = tempDir();
    const text = (bytes: Uint8Array, name: string) => {
      writeFileSync(join(dir, name), bytes);
      return squash(pdftotext(join(dir, name)));
    };
    const facts = loadFacts(join(root, 'data/shanghai-uk-2023.yaml'));
    const { narrative } = renderNarrative(facts);
    // Words the data types with straight quotes (titles, headlines): every output shows them curly.
    const quoted = narrative.slides.flatMap((s) => [s.title, ...(s.headline ? [plainText(s.headline)] : [])]).filter((t) => /['"]/.test(t));
    expect(quoted.length).toBeGreaterThan(0);
    const slides = text(result.slides!, 'slides.pdf');
    const notes = text(result.notes!, 'notes.pdf');
    for (const t of quoted) {
      const curly = squash(typographic(t));
      expect(slides).toContain(curly);
      expect(slides).not.toContain(squash(t));
    }
    expect(notes).not.toMatch(/\w'\w/);
    expect(text(result.print!, 'print.pdf')).not.toMatch(/\w'\w/);
  });
});
