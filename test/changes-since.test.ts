// `build NEW --changes-since OLD`: the "What changed" section and slide, and the change bars.
// Two subjects: the seed's sample second edition (two figures updated) and a tramway briefing
// in Swiss francs written for these tests (test/fixtures/changes-since/: eleven figures
// changed, one fact added, one removed, the opening moved), so the slide has to continue.
// Everything is read back from what is produced: the laid-out pages (bar positions), the PDF
// (pdfjs text and structure tree, the content stream through qpdf, pdftotext) and the PPTX
// (JSZip).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing, type BuildResult } from '../src/api/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { diffFacts } from '../src/diff/index.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative, type Narrative } from '../src/narrative/index.js';
import { renderCharts } from '../src/charts/index.js';
import { layout, type LaidOutDocument, type RectItem, type TextItem } from '../src/layout/index.js';
import { Flow } from '../src/layout/flow.js';
import { breakLines, piecesOf } from '../src/layout/text.js';
import type { Inline } from '../src/narrative/index.js';
import { root, runCli, seed } from './helpers/cli.js';
import { outsideMargins } from './print-helpers.js';
import { pdftotext, pdftotextPage, tempDir, toFile } from './helpers/pdf.js';

const ed2 = join(root, 'data/shanghai-uk-2023-ed2.yaml');
const fixtures = join(root, 'test/fixtures/changes-since');
const tramOld = join(fixtures, 'old.yaml');
const tramNew = join(fixtures, 'new.yaml');

/** The pipeline up to layout, as buildBriefing runs it with changesSince. */
function stages(oldFile: string, newFile: string): { narrative: Narrative; print: LaidOutDocument; slides: LaidOutDocument } {
  const after = loadFacts(newFile);
  const { narrative } = renderNarrative(after, { changes: diffFacts(loadFacts(oldFile), after) });
  const charts = renderCharts(narrative.charts);
  return { narrative, print: layout(narrative, charts, 'print'), slides: layout(narrative, charts, 'slides') };
}

const isBar = (i: { kind: string }): i is RectItem => i.kind === 'rect' && (i as RectItem).marker === 'change';
const isText = (i: { kind: string }): i is TextItem => i.kind === 'text';

/** Text of each structure element (pdfjs), its marked-content runs joined in order. */
async function structTexts(bytes: Uint8Array): Promise<{ role: string; text: string }[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  type Raw = { role?: string; type?: string; id?: string; children?: Raw[] };
  const out: { role: string; text: string }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const content = await page.getTextContent({ includeMarkedContent: true });
    const byId = new Map<string, string>();
    const open: string[] = [];
    for (const item of content.items) {
      if ('type' in item && (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent')) open.push(item.id ?? '');
      else if ('type' in item && item.type === 'endMarkedContent') open.pop();
      else if ('str' in item) {
        const id = open[open.length - 1];
        if (id) byId.set(id, (byId.get(id) ?? '') + item.str);
      }
    }
    const walk = (n: Raw): string => {
      const text = (n.children ?? []).map((c) => (c.type === 'content' ? (byId.get(c.id ?? '') ?? '') : walk(c))).join('');
      if (n.role) out.push({ role: n.role, text });
      return text;
    };
    walk(((await page.getStructTree()) ?? {}) as Raw);
  }
  await doc.destroy();
  return out;
}

/** For every fill in the change-bar colour (#b3261e) in the content streams, the marked-content tags around it. */
function changeFills(pdf: string): string[][] {
  const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 }).toString('latin1');
  const found: string[][] = [];
  for (const stream of qdf.split(/\bstream\r?\n/).slice(1).map((s) => s.split(/\nendstream/)[0]!)) {
    const stack: string[] = [];
    // PDFKit sets the colour as 0–1 components: 179/255, 38/255, 30/255.
    for (const m of stream.matchAll(/\/(\w+)\s*(?:<<[\s\S]*?>>|\/\w+)?\s*BDC|\bEMC\b|0\.70196\d*\s+0\.14901\d*\s+0\.11764\d*\s+(?:rg|scn)/g)) {
      if (m[1]) stack.push(m[1]);
      else if (m[0] === 'EMC') stack.pop();
      else found.push([...stack]);
    }
  }
  return found;
}

describe('changes since an edition: the seed second edition', () => {
  let built: BuildResult;
  let laid: ReturnType<typeof stages>;
  beforeAll(async () => {
    built = await buildBriefing(ed2, { changesSince: seed, formats: ['print', 'slides', 'pptx'] });
    laid = stages(seed, ed2);
  }, 120_000);

  it('words the diff as rows: old → new with qualifiers and periods, the new figure’s source and note number', () => {
    const c = laid.narrative.changes!;
    expect(c.sinceText).toBe('24 August 2023');
    expect(c.summaryText).toBe('facts: 2 changed; charts: 2 changed');
    const rows = Object.fromEntries(c.rows.map((r) => [r.id, r]));
    expect(rows.jiading_auto_professionals).toMatchObject({ what: 'fact', kind: 'changed', before: '72,500, as of 2023', now: '75,000, as of March 2024 (+3.4%)' });
    expect(rows.jiading_regional_hqs).toMatchObject({ what: 'fact', kind: 'changed', before: '26, at present (2023)', now: '28, end of February 2024 (+7.7%)' });
    expect(rows.jiading_auto_professionals!.source).toBe('Jiading District update on foreign investment (sample data written for tests), 15 March 2024');
    const update = laid.narrative.sources.find((s) => s.id === 'update')!;
    expect(rows.jiading_auto_professionals!.citations).toEqual([update.number]);
    expect(rows.jiading_auto_professionals!.detail).toContain('figure');
    expect(rows.jiading_auto_professionals!.detail).toContain('period');
    expect(c.rows.filter((r) => r.what === 'chart').map((r) => r.kind)).toEqual(['changed', 'changed']);
  });

  it('prints the What changed section right after the summary, with every row', async () => {
    const text = pdftotext(toFile(built.print!, 'ed2.pdf')).replace(/\s+/g, ' ');
    const summary = text.indexOf('Summary In Jiading') >= 0 ? text.indexOf('Summary In Jiading') : text.lastIndexOf('Summary ');
    const changed = text.indexOf('What changed Since the edition of 24 August 2023');
    const next = text.indexOf('Key figures', changed);
    expect(summary).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(summary);
    expect(next).toBeGreaterThan(changed);
    // The table, row by row (pdftotext reads a cell's wrapped lines in order).
    const section = text.slice(changed, next);
    for (const s of ['72,500, as of 2023', '75,000, as of March 2024', '(+3.4%)', '26, at present (2023)', '28, end of February', '(+7.7%)', 'Jiading District update on', 'Source of the new figure']) expect(section).toContain(s);
    // The contents page lists it.
    expect(pdftotextPage(toFile(built.print!, 'ed2.pdf'), 2)).toMatch(/What changed\s+3/);
  });

  it('puts a change bar in the margin beside every changed figure, and beside nothing else', () => {
    const { print } = laid;
    const bars = print.pages.flatMap((p, page) => p.items.filter(isBar).map((bar) => ({ bar, page })));
    expect(bars.length).toBeGreaterThanOrEqual(6);
    for (const { bar, page } of bars) {
      const items = print.pages[page]!.items;
      // A hidden note sits on the bar's band, right after the visible run it explains.
      const notes = items.filter((i): i is TextItem => isText(i) && i.hidden === true && i.y >= bar.y && i.y <= bar.y + bar.h);
      // (The first line of a figure that wraps has its bar; the note follows the figure's end.)
      const wrapped = items.some((i) => isText(i) && !i.hidden && i.y >= bar.y && i.y <= bar.y + bar.h && /75,000|\b28\b/.test(i.text));
      expect(notes.length > 0 || wrapped, `bar on page ${page + 1} at y ${bar.y}`).toBe(true);
      for (const note of notes) {
        const before = items[items.indexOf(note) - 1] as TextItem;
        expect(before.kind).toBe('text');
        expect(before.hidden).toBeUndefined();
        // What precedes the note shows a changed figure, a changed chart's caption or a changed row.
        expect(/75,000|\b28\b|Figure \d+\. (Jiading’s automotive cluster|Foreign presence in Jiading District)/.test(before.text), before.text).toBe(true);
        // The bar stands left of the figure, in the band of its line.
        expect(bar.x + bar.w).toBeLessThanOrEqual(before.x);
        expect(before.y).toBeGreaterThan(bar.y);
        expect(before.y).toBeLessThanOrEqual(bar.y + bar.h + 0.01);
      }
    }
    // Every place the body prints a new figure as a figure run (not the What changed table) is marked.
    for (const [page, p] of print.pages.entries()) {
      for (const item of p.items.filter(isText)) {
        if (item.hidden || item.struct.role === 'TD' || item.struct.role === 'Artifact' || !/^(75,000|28)$/.test(item.text)) continue;
        expect(p.items.some((b) => isBar(b) && b.y <= item.y && item.y <= b.y + b.h && b.x + b.w <= item.x), `${item.text} on page ${page + 1}`).toBe(true);
      }
    }
    // An unchanged figure is never marked.
    const marked = print.pages.flatMap((p) => p.items.filter(isText).filter((i, k, all) => k + 1 < all.length && all[k + 1]!.hidden));
    expect(marked.some((i) => /4,300|165\.73|24\.21/.test(i.text))).toBe(false);
    // Nothing else leaves the text block; line bars sit in the left margin, tile bars in the margin or the gap before their tile.
    expect(outsideMargins(print)).toEqual([]);
    for (const { bar } of bars) expect(bar.x).toBeGreaterThan(0);
    expect(bars.filter(({ bar }) => bar.x + bar.w <= print.margins.left).length).toBeGreaterThanOrEqual(5);
  });

  it('marks the bars as artifacts in the PDF, outside the structure tree', () => {
    const fills = changeFills(toFile(built.print!, 'ed2.pdf'));
    const bars = laid.print.pages.flatMap((p) => p.items.filter(isBar));
    expect(fills.length).toBe(bars.length);
    for (const tags of fills) expect(tags[tags.length - 1]).toBe('Artifact');
  });

  it('says what changed to screen readers: hidden text in the figure’s structure element, right after the figure', async () => {
    const elements = await structTexts(built.print!);
    const note = '[changed since the edition of 24 August 2023: was 72,500, as of 2023]';
    const withFigure = elements.filter((e) => e.text.includes('75,000') && e.role !== 'Document' && e.role !== 'Sect' && e.role !== 'L' && e.role !== 'Table' && e.role !== 'TR');
    expect(withFigure.length).toBeGreaterThanOrEqual(3);
    // The summary sentence, the tile and the list item: each has the note right after the figure.
    // (pdfjs drops the spaces at the ends of a text run, so the joined text reads "75,000[changed …]".)
    const marked = withFigure.filter((e) => e.text.replace(/\s+/g, '').includes(`75,000${note}`.replace(/\s+/g, '')));
    expect(marked.length).toBeGreaterThanOrEqual(3);
    expect(marked.map((e) => e.role)).toEqual(expect.arrayContaining(['LBody']));
    // The chart caption carries its note; the note text is never painted (render mode 3).
    expect(elements.some((e) => e.role === 'Caption' && /Jiading’s automotive cluster\s*\[chart changed since the edition of 24 August 2023: new figure for Automotive professionals gathered in Jiading\]/.test(e.text))).toBe(true);
    const qdf = execFileSync('qpdf', ['--qdf', '--object-streams=disable', toFile(built.print!, 'ed2.pdf'), '-']).toString('latin1');
    const hidden = laid.print.pages.flatMap((p) => p.items.filter((i) => isText(i) && i.hidden)).length;
    expect(qdf.match(/BT 3 Tr/g)?.length).toBe(hidden);
  });

  it('adds a What changed slide after the title and agenda, in the PDF deck and the PPTX', async () => {
    const kinds = laid.narrative.slides.map((s) => s.kind);
    expect(kinds.slice(0, 3)).toEqual(['title', 'agenda', 'changes']);
    const slide3 = pdftotextPage(toFile(built.slides!, 'slides.pdf'), 3).replace(/\s+/g, ' ');
    expect(slide3).toContain('What changed');
    expect(slide3).toContain('Since the edition of 24 August 2023: facts: 2 changed; charts: 2 changed');
    expect(slide3).toContain('Automotive professionals gathered in Jiading: 72,500, as of 2023 → 75,000, as of March 2024 (+3.4%)');
    expect(slide3).toContain('28, end of February 2024 (+7.7%)');
    expect(slide3).toContain('New figures: Jiading District update on foreign investment');
    // The agenda lists it.
    expect(pdftotextPage(toFile(built.slides!, 'slides.pdf'), 2)).toMatch(/1\s+What changed/);
    const zip = await JSZip.loadAsync(built.pptx!);
    const xml = (await zip.file('ppt/slides/slide3.xml')!.async('string')).replace(/<[^>]+>/g, '');
    expect(xml).toContain('What changed');
    expect(xml).toContain('72,500, as of 2023 → 75,000, as of March 2024 (+3.4%)');
    expect(laid.slides.warnings.filter((w) => w.code === 'BR304')).toEqual([]);
  });

  it('without --changes-since, the briefing has no section, no bars and no slide', async () => {
    const plain = renderNarrative(loadFacts(ed2)).narrative;
    expect(plain.changes).toBeUndefined();
    expect(plain.slides.some((s) => s.kind === 'changes')).toBe(false);
    const charts = renderCharts(plain.charts);
    const print = layout(plain, charts, 'print');
    expect(print.pages.flatMap((p) => p.items).filter((i) => isBar(i) || (isText(i) && i.hidden))).toEqual([]);
  });
});

describe('changes since an edition: a second subject in Swiss francs with many changes', () => {
  let built: BuildResult;
  let laid: ReturnType<typeof stages>;
  beforeAll(async () => {
    built = await buildBriefing(tramNew, { changesSince: tramOld, formats: ['print', 'slides', 'pptx', 'notes'] });
    laid = stages(tramOld, tramNew);
  }, 120_000);

  it('has a row for every changed, added and removed fact, the moved event and the chart', () => {
    const c = laid.narrative.changes!;
    expect(c.summaryText).toBe('facts: 11 changed, 1 added, 1 removed; events: 1 moved; charts: 1 changed');
    const rows = Object.fromEntries(c.rows.map((r) => [r.id, r]));
    expect(c.rows).toHaveLength(15);
    expect(rows.cost_total).toMatchObject({ kind: 'changed', before: '412 million Swiss francs, 2024', now: '436 million Swiss francs, 2025 (+5.8%)' });
    expect(rows.riders).toMatchObject({ before: 'about 38,000, 2024', now: 'more than 41,000, 2025 (+7.9%)' });
    expect(rows.riders!.detail).toContain('qualifier');
    expect(rows.federal_share).toMatchObject({ before: '35%, 2024', now: '37%, 2025 (+5.7%)' });
    expect(rows.bike_spaces).toMatchObject({ kind: 'added', before: '', now: '600, 2025' });
    expect(rows.parking_removed).toMatchObject({ kind: 'removed', before: '260, 2024', now: 'removed', source: 'Autumn report on the Lakeside tramway extension, 4 November 2024', citations: [] });
    expect(rows.opening).toMatchObject({ what: 'event', kind: 'moved', before: '10 December 2027, Harbour Square', now: '18 June 2028, Harbour Square' });
    expect(rows.funding).toMatchObject({ what: 'chart', kind: 'changed', phrase: 'redrawn with the new figures for Contribution of the canton; Contribution of the city' });
    // The slide's speaker notes: the summary and where the new figures come from (short, so they fit).
    const notes = laid.narrative.slides.find((s) => s.kind === 'changes')!.notes.map((n) => n.map((i) => (i.type === 'cite' ? '' : i.text)).join(''));
    expect(notes).toEqual(['Changes since the edition of 5 November 2024: facts: 11 changed, 1 added, 1 removed; events: 1 moved; charts: 1 changed.', 'The new figures come from Spring update on the Lakeside tramway extension, 11 April 2025.']);
  });

  it('prints every row in the section, in Swiss francs, with the new source', () => {
    const text = pdftotext(toFile(built.print!, 'tram.pdf')).replace(/\s+/g, ' ');
    const start = text.indexOf('What changed Since the edition of 5 November 2024');
    const end = text.indexOf('Key figures', start);
    expect(start).toBeGreaterThan(text.indexOf('Summary'));
    const section = text.slice(start, end);
    for (const s of ['412 million Swiss francs, 2024', '436 million Swiss francs, 2025 (+5.8%)', 'about 38,000, 2024', 'more than 41,000, 2025', 'Covered bicycle spaces at the stops (new)', 'Parking spaces removed (removed)', 'was: Autumn report', '10 December 2027, Harbour Square', '18 June 2028, Harbour Square', 'Chart: Who pays for the extension']) {
      expect(section).toContain(s);
    }
  });

  it('marks the changed figures, the new fact, the moved event’s row and the chart caption', () => {
    const hiddenAfter = laid.print.pages.flatMap((p) => p.items.flatMap((i, k) => (isText(i) && i.hidden ? [{ figure: (p.items[k - 1] as TextItem).text.trim(), note: i.text, role: i.struct.role }] : [])));
    const figures = hiddenAfter.map((h) => h.figure);
    for (const f of ['436 million Swiss francs', 'more than 41,000', '15', '600', 'Figure 1. Who pays for the extension', '18 June 2028']) expect(figures).toContain(f);
    expect(hiddenAfter.find((h) => h.figure === '600')!.note).toContain('new since the edition of 5 November 2024');
    expect(hiddenAfter.find((h) => h.figure === '18 June 2028')).toMatchObject({ role: 'TD', note: ' [moved since the edition of 5 November 2024: was 10 December 2027] ' });
    expect(outsideMargins(laid.print)).toEqual([]);
    // The removed fact is printed nowhere in the body, so nothing marks it there.
    expect(figures.some((f) => f.includes('260'))).toBe(false);
  });

  it('continues the What changed slide on a follow-up slide and leaves no change out', async () => {
    const sheets = laid.slides.pages.map((p) => p.items.filter(isText).filter((i) => !i.hidden).map((i) => i.text).join(' '));
    const pages = sheets.map((s, i) => [i, s] as const).filter(([, s]) => s.startsWith('What changed'));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(sheets[pages[1]![0]]).toMatch(/^What changed \(continued\)/);
    const file = toFile(built.slides!, 'tram-slides.pdf');
    const shown = pages.map(([i]) => pdftotextPage(file, i + 1)).join(' ').replace(/\s+/g, ' ');
    for (const r of laid.narrative.changes!.rows) expect(shown, r.label).toContain(`${r.what === 'chart' ? 'Chart: ' : ''}${r.label}:`);
    expect(shown).toContain('Parking spaces removed: no longer listed (was 260, 2024)');
    expect(shown).toContain('Covered bicycle spaces at the stops: new: 600, 2025');
    // Nothing continued with a warning, cut or left out, in the slides or their speaker notes.
    expect(built.warnings.filter((w) => ['BR303', 'BR304', 'BR305', 'BR313'].includes(w.code))).toEqual([]);
    // The editable deck has the same slides and words.
    const zip = await JSZip.loadAsync(built.pptx!);
    const xml = (await Promise.all(pages.map(([i]) => zip.file(`ppt/slides/slide${i + 1}.xml`)!.async('string')))).join('');
    for (const r of laid.narrative.changes!.rows) expect(xml).toContain(r.label);
  });
});

describe('changes since an edition: the other way round', () => {
  it('words falls with a minus sign, and swaps what was added and removed', () => {
    const rows = Object.fromEntries(stages(tramNew, tramOld).narrative.changes!.rows.map((r) => [r.id, r]));
    expect(rows.cost_total).toMatchObject({ before: '436 million Swiss francs, 2025', now: '412 million Swiss francs, 2024 (−5.5%)' });
    expect(rows.parking_removed).toMatchObject({ kind: 'added', phrase: 'new: 260, 2024' });
    expect(rows.bike_spaces).toMatchObject({ kind: 'removed', phrase: 'no longer listed (was 600, 2025)' });
    expect(rows.opening).toMatchObject({ kind: 'moved', before: '18 June 2028, Harbour Square', now: '10 December 2027, Harbour Square' });
  });
});

describe('changes since an edition: a slide template that makes no slides', () => {
  it('still gets the made-up title slide first, then What changed', () => {
    const after = loadFacts(tramNew);
    const { narrative } = renderNarrative(after, { changes: diffFacts(loadFacts(tramOld), after) });
    const bare = { ...narrative, slides: narrative.slides.filter((s) => s.kind === 'changes') };
    const deck = layout(bare, renderCharts(bare.charts), 'slides');
    expect(deck.warnings.map((w) => w.code)).toContain('BR308');
    const titles = deck.pages.map((p) => p.items.filter(isText).find((i) => !i.hidden)?.text);
    expect(titles.slice(0, 2)).toEqual(['Lakeside tramway extension', 'What changed']);
  });
});

describe('changes since an edition: determinism', () => {
  it('builds the same bytes twice', async () => {
    const [a, b] = [await buildBriefing(tramNew, { changesSince: tramOld, formats: ['print'] }), await buildBriefing(tramNew, { changesSince: tramOld, formats: ['print'] })];
    expect(Buffer.from(a.print!).equals(Buffer.from(b.print!))).toBe(true);
  });
});

describe('changes since an edition: a changed figure that wraps', () => {
  it('gets a bar beside each of its lines and its words once, after its end', () => {
    const inlines: Inline[] = [
      { type: 'text', text: 'The budget of the whole programme now stands at ' },
      { type: 'fact', factId: 'cost', text: 'approximately 1,234,567 thousand Swiss francs', derived: false, change: 'changed since the edition of 1 May 2025: was 1,111,111 thousand Swiss francs' },
      { type: 'text', text: ' after the review.' },
    ];
    const style = { size: 10.5, face: { weight: 'regular', style: 'normal' } as const, color: '#000000' };
    const lines = breakLines(piecesOf(inlines, style, { link: '#00f', derived: '#840' }), 150);
    const figureLines = lines.filter((l) => l.pieces.some((p) => p.change));
    expect(figureLines.length).toBe(2);
    const flow = new Flow({ width: 595, height: 842, top: 60, bottom: 60, left: 62, right: 62 });
    flow.lines(lines, 62, 15, { role: 'P', group: 1 });
    const items = flow.pages[0]!.items;
    const bars = items.filter(isBar);
    expect(bars).toHaveLength(2);
    for (const b of bars) expect(b.x + b.w).toBeLessThanOrEqual(62);
    const hidden = items.filter((i): i is TextItem => isText(i) && i.hidden === true);
    expect(hidden).toHaveLength(1);
    // Right after the run that ends the figure, on the figure's second line.
    const before = items[items.indexOf(hidden[0]!) - 1] as TextItem;
    expect(before.text.trim().endsWith('Swiss francs')).toBe(true);
    expect(before.y).toBeGreaterThan(bars[0]!.y + bars[0]!.h - 0.01);
    // The rest of the sentence is not marked.
    expect(items.filter(isText).filter((i) => !i.hidden && /after the review/.test(i.text)).every((i) => !bars.some((b) => b.y <= i.y && i.y <= b.y + b.h) || /francs/.test(i.text))).toBe(true);
  });
});

describe('changes since an edition: nothing changed', () => {
  it('keeps the section and says so; no bars, and the slide says so too', async () => {
    const { narrative, print, slides } = stages(tramNew, tramNew);
    expect(narrative.changes!.rows).toEqual([]);
    expect(print.pages.flatMap((p) => p.items).filter((i) => isBar(i) || (isText(i) && i.hidden))).toEqual([]);
    const built = await buildBriefing(tramNew, { changesSince: tramNew, formats: ['print'] });
    const text = pdftotext(toFile(built.print!, 'same.pdf')).replace(/\s+/g, ' ');
    expect(text).toContain('What changed Nothing changed since the edition of 14 April 2025: no facts, events or charts changed.');
    const slide = slides.pages[2]!.items.filter(isText).map((i) => i.text).join(' ');
    expect(slide).toContain('What changed');
    expect(slide).toContain('no facts, events or charts changed');
  });
});

describe('changes since an edition: a bad earlier edition', () => {
  const codes = async (old: string | object) => {
    try {
      await buildBriefing(tramNew, { changesSince: old, formats: ['print'] });
    } catch (e) {
      if (e instanceof BriefingInputError) return e.diagnostics.map((d) => d.code);
      throw e;
    }
    return [];
  };

  it('refuses a missing, invalid or foreign earlier edition by code', async () => {
    const dir = tempDir('changes-since-');
    const broken = join(dir, 'broken.yaml');
    writeFileSync(broken, 'meta: [unclosed\n');
    const [missing, invalid, foreign] = await Promise.all([codes(join(dir, 'nope.yaml')), codes(broken), codes(seed)]);
    expect(missing).toEqual(['BR820', 'BR100']);
    expect(invalid[0]).toBe('BR820');
    expect(invalid).toContain('BR105');
    expect(foreign).toEqual(['BR821']);
    // A facts object that is not valid is refused the same way.
    expect((await codes({ meta: { title: 'x' } }))[0]).toBe('BR820');
  });

  it('writes nothing from the command line, exit 1, with the code', () => {
    const dir = tempDir('changes-since-cli-');
    const out = join(dir, 'out');
    mkdirSync(out);
    const missing = runCli(['build', tramNew, '--changes-since', join(dir, 'nope.yaml'), '--out', out, '--json']);
    expect(missing.status).toBe(1);
    const report = JSON.parse(missing.stdout) as { ok: boolean; errors: { code: string }[] };
    expect(report.ok).toBe(false);
    expect(report.errors.map((e) => e.code)).toEqual(['BR820', 'BR100']);
    const foreign = runCli(['build', tramNew, '--changes-since', seed, '--out', out, '--json']);
    expect(foreign.status).toBe(1);
    expect((JSON.parse(foreign.stdout) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['BR821']);
    const listing = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? listing(join(d, e.name)) : [e.name]));
    expect(listing(out)).toEqual([]);
    // Several files to build with one earlier edition is a usage error (exit 2).
    const two = runCli(['build', tramNew, tramOld, '--changes-since', tramOld, '--out', out]);
    expect(two.status).toBe(2);
    expect(existsSync(join(out, 'new'))).toBe(false);
  });

  it('builds from the command line with --changes-since', () => {
    const dir = tempDir('changes-since-ok-');
    const r = runCli(['build', tramNew, '--changes-since', tramOld, '--out', dir, '--format', 'print']);
    expect(r.status).toBe(0);
    expect(pdftotext(join(dir, 'new', 'briefing.pdf'))).toContain('What changed');
    expect(readFileSync(join(dir, 'new', 'briefing.pdf')).byteLength).toBeGreaterThan(1000);
  });
});

/** The pipeline up to layout in one language, both editions read in it. */
function stagesIn(locale: string, oldFile: string, newFile: string): ReturnType<typeof stages> {
  const after = loadFacts(newFile, { locale });
  const { narrative } = renderNarrative(after, { changes: diffFacts(loadFacts(oldFile, { locale }), after) });
  const charts = renderCharts(narrative.charts);
  return { narrative, print: layout(narrative, charts, 'print'), slides: layout(narrative, charts, 'slides') };
}

/** Words of the What changed section, slide and notes as an English edition prints them. */
const ENGLISH_CHANGE_WORDS = ['What changed', 'Since the edition', 'since the edition', 'Source of the new figure', 'Before', 'Now', 'Chart:', 'changed', 'redrawn', 'new figure', 'no longer', 'was:', 'figure, period'];

describe('changes since an edition: in Chinese', () => {
  let built: BuildResult;
  beforeAll(async () => {
    built = await buildBriefing(ed2, { changesSince: seed, locale: 'zh-CN', formats: ['print', 'slides', 'notes'] });
  }, 120_000);

  it("words the seed's What changed section in Chinese: heading, summary, table heads and rows, with no English word of its own", () => {
    const file = toFile(built.print!, 'ed2-zh.pdf');
    const text = pdftotext(file).replace(/\s+/g, '');
    const start = text.indexOf('本版变化自2023年8月24日版以来：数据变更2项；图表变更2项。');
    expect(start).toBeGreaterThan(text.indexOf('摘要'));
    const section = text.slice(start, text.indexOf('关键数据', start));
    for (const s of ['项目此前现在新数据来源', '截至2023年为7.25万', '截至2024年3月为7.5万（+3.4%）', '目前（2023年）为26', '2024年2月底为28（+7.7%）', '（变更：数值、时期、来源、引文）', '图表“嘉定区汽车产业集群”（变更：数据）', '按嘉定区集聚的汽车专业人才的新数据重绘']) {
      expect(section, s).toContain(s);
    }
    // The contents lists it; the hidden words beside a changed figure say what it was, in Chinese.
    expect(pdftotextPage(file, 2).replace(/\s+/g, '')).toContain('本版变化3');
    expect(text).toContain('[自2023年8月24日版以来有变化，原数据：截至2023年为7.25万]');
    expect(text).toContain('[图表自2023年8月24日版以来有变化：嘉定区集聚的汽车专业人才为新数据]');
    const all = pdftotext(file);
    for (const w of ENGLISH_CHANGE_WORDS) expect(all, w).not.toContain(w);
  });

  it('words the slide and its speaker notes in Chinese', () => {
    const slides = pdftotext(toFile(built.slides!, 'ed2-zh-slides.pdf')).replace(/\s+/g, '');
    expect(slides).toContain('本版变化自2023年8月24日版以来：数据变更2项；图表变更2项');
    expect(slides).toContain('嘉定区集聚的汽车专业人才：截至2023年为7.25万→截至2024年3月为7.5万（+3.4%）');
    expect(slides).toContain('图表“嘉定区的外资存在”：按嘉定区跨国公司地区总部的新数据重绘');
    expect(slides).toContain('新数据来源：JiadingDistrictupdate');
    const notes = pdftotext(toFile(built.notes!, 'ed2-zh-notes.pdf')).replace(/\s+/g, '');
    expect(notes).toContain('第3张幻灯片：本版变化');
    expect(notes).toContain('自2023年8月24日版以来的变化：数据变更2项；图表变更2项。');
    expect(notes).toContain('新数据出自JiadingDistrictupdate');
    for (const w of ENGLISH_CHANGE_WORDS) {
      expect(slides, w).not.toContain(w.replace(/\s+/g, ''));
      expect(notes, w).not.toContain(w.replace(/\s+/g, ''));
    }
  });

  it('words every kind of change in Chinese for a second subject: added, removed, moved and a falling figure', () => {
    const c = stagesIn('zh-CN', tramOld, tramNew).narrative.changes!;
    expect(c.sinceText).toBe('2024年11月5日');
    expect(c.summaryText).toBe('数据变更11项、新增1项、删除1项；事件改期1项；图表变更1项');
    const rows = Object.fromEntries(c.rows.map((r) => [r.id, r]));
    expect(rows.cost_total).toMatchObject({ label: '延伸线预算', before: '2024年为4.12亿瑞士法郎', now: '2025年为4.36亿瑞士法郎（+5.8%）', detail: '数值、时期、来源、引文' });
    expect(rows.riders).toMatchObject({ before: '2024年为约3.8万', now: '2025年为超过4.1万（+7.9%）' });
    expect(rows.bike_spaces).toMatchObject({ kind: 'added', phrase: '新增：2025年为600', detail: '本版新增' });
    expect(rows.parking_removed).toMatchObject({ kind: 'removed', now: '已删除', phrase: '不再列出（原数据：2024年为260）', source: 'Autumn report on the Lakeside tramway extension（2024年11月4日）' });
    expect(rows.opening).toMatchObject({ what: 'event', kind: 'moved', before: '2027年12月10日，港口广场', now: '2028年6月18日，港口广场', detail: '日期、来源' });
    expect(rows.funding).toMatchObject({ what: 'chart', phrase: '按州政府出资；市政府出资的新数据重绘' });
    const back = Object.fromEntries(stagesIn('zh-CN', tramNew, tramOld).narrative.changes!.rows.map((r) => [r.id, r]));
    expect(back.cost_total!.now).toBe('2024年为4.12亿瑞士法郎（−5.5%）');
  });

  it("continues the second subject's Chinese slide as 本版变化（续） and marks the moved event's row in Chinese", () => {
    const { slides, print } = stagesIn('zh-CN', tramOld, tramNew);
    const sheets = slides.pages.map((p) => p.items.filter(isText).filter((i) => !i.hidden).map((i) => i.text).join(''));
    expect(sheets.filter((s) => s.startsWith('本版变化')).length).toBeGreaterThanOrEqual(2);
    expect(sheets.some((s) => s.startsWith('本版变化（续）'))).toBe(true);
    const hidden = print.pages.flatMap((p) => p.items.filter(isText).filter((i) => i.hidden).map((i) => i.text.trim()));
    expect(hidden).toContain('[自2024年11月5日版以来改期：原为2027年12月10日]');
    expect(hidden).toContain('[自2024年11月5日版以来新增]');
    expect(outsideMargins(print)).toEqual([]);
  });
});

describe('changes since an edition: a bilingual edition', () => {
  it('builds (the What changed slides pair), lists the rows once in the first language, heads them in both and marks each language in its own words', async () => {
    const built = await buildBriefing(ed2, { changesSince: seed, bilingual: ['en-GB', 'zh-CN'], formats: ['print', 'slides'] });
    const text = pdftotext(toFile(built.print!, 'ed2-bi.pdf')).replace(/\s+/g, ' ');
    const start = text.indexOf('What changed / 本版变化 Since the edition of 24 August 2023: facts: 2 changed; charts: 2 changed.');
    expect(start).toBeGreaterThan(text.indexOf('Summary / 摘要'));
    const section = text.slice(start, text.indexOf('Key figures / 关键数据', start));
    expect(section).toContain('What / 项目 Before / 此前 Now / 现在 Source of the new figure / 新数据来源');
    expect(section).toContain('72,500, as of 2023');
    expect(section).not.toContain('7.25万');
    // Each language's changed figures carry their own words.
    expect(text).toContain('[changed since the edition of 24 August 2023: was 72,500, as of 2023]');
    expect(text).toContain('[自2023年8月24日版以来有变化，原数据：截至2023年为7.25万]');
    const slides = pdftotext(toFile(built.slides!, 'ed2-bi-slides.pdf')).replace(/\s+/g, ' ');
    expect(slides).toContain('What changed / 本版变化');
    expect(slides).toMatch(/Since the edition of 24 August 2023: facts: 2 changed; charts: 2 changed \/ 自2023年8月24日版以 ?来：数据变更2项；图表变更2项/);
    expect(built.warnings.map((w) => w.code)).not.toContain('BR312');
  }, 120_000);
});
