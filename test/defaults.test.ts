// The default templates read as a briefing: a summary paragraph, sections by topic with each
// fact as a sentence, charts in their topic's section, events in date order everywhere, each
// figure printed at most twice (a tile and a sentence), no contents page for a short document,
// no page left more than a third empty, and speaker notes about their own slide only.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import JSZip from 'jszip';
import { factsFromText, loadFacts, type Facts } from '../src/facts/index.js';
import { renderNarrative, type Block, type Inline, type Narrative } from '../src/narrative/index.js';
import { buildBriefing } from '../src/api/index.js';
import { formatQuantity } from '../src/format/index.js';
import { outlineOf, pdftotext, textPositions, toFile } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const EXAMPLES = ['data/example-renewables.yaml', 'data/example-ferries.yaml', 'test/fixtures/minimal.yaml'];

const ofBlock = (b: Block): Inline[] => (b.type === 'paragraph' || b.type === 'note' ? b.inlines : b.type === 'list' ? b.items.flat() : b.type === 'quote' ? [...b.inlines, ...(b.attribution ?? [])] : []);
const bodyInlines = (n: Narrative): Inline[] => [...n.summary.flatMap(ofBlock), ...n.sections.flatMap((s) => s.blocks.flatMap(ofBlock))];
const plain = (xs: Inline[]) => xs.map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text)).join('');

describe.each(EXAMPLES)('the default templates on %s', (file) => {
  const facts: Facts = loadFacts(resolve(root, file));
  const { narrative: n, warnings } = renderNarrative(facts);
  const built = buildBriefing(resolve(root, file), { formats: ['print', 'slides'] });

  it('has no template set of its own and renders without warnings', () => {
    expect(facts.doc.meta.templates).toBeUndefined();
    expect(facts.doc.meta.prose).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('opens with a summary paragraph of sentences, each with its citation', () => {
    expect(n.summary.map((b) => b.type)).toEqual(['paragraph']);
    const summary = n.summary[0] as Extract<Block, { type: 'paragraph' }>;
    const facts = summary.inlines.filter((i) => i.type === 'fact');
    expect(facts.length).toBeGreaterThan(0);
    // Every figure in the summary is followed, in its sentence, by a citation.
    for (const f of facts) {
      const after = summary.inlines.slice(summary.inlines.indexOf(f));
      expect(after.some((i) => i.type === 'cite'), plain([f])).toBe(true);
    }
    expect(plain(summary.inlines)).toMatch(/\.(\[\d+\])?$/);
  });

  it('states every fact once in prose as a sentence with qualifier, period and citation, and at most once more in a tile', () => {
    const prose = bodyInlines(n).filter((i): i is Extract<Inline, { type: 'fact' }> => i.type === 'fact');
    for (const [id, f] of facts.facts) {
      const inProse = prose.filter((i) => i.factId === id);
      expect(inProse.length, id).toBe(1);
      const formatted = formatQuantity(f, facts.doc.meta.locale);
      expect(inProse[0]!.text, id).toBe(`${formatted.text}${f.derived ? ' (derived)' : ''}`);
      expect(n.keyFigures.filter((t) => t.factId === id).length, id).toBeLessThanOrEqual(1);
    }
    // Each sentence names the fact's label and period, and ends with a citation.
    const all = plain(bodyInlines(n));
    for (const f of facts.facts.values()) {
      const formatted = formatQuantity(f, facts.doc.meta.locale).text;
      expect(all, f.id).toMatch(new RegExp(`${escape(f.label)} stood at ${escape(formatted)}( \\(derived\\))? (?:[a-z ]+ )?${escape(f.period)}\\.\\[\\d+\\]`));
    }
  });

  it('prints each figure at most twice in the PDF body (once in a tile, once in prose), charts apart', async () => {
    const { print } = await built;
    const text = pdftotext(toFile(print!)).replace(/\s+/g, ' ');
    const body = text.slice(0, text.lastIndexOf(' Sources [1]') >= 0 ? text.lastIndexOf(' Sources [1]') : text.length);
    const charted = new Set(Object.values(facts.doc.charts).flatMap((c) => [...c.facts, ...(c.annotate ? [c.annotate] : [])]));
    const notes = Object.values(facts.doc.derived).map((d) => d.note).join(' ');
    for (const f of facts.facts.values()) {
      if (charted.has(f.id)) continue;
      const bare = formatQuantity(f, facts.doc.meta.locale).bare;
      if (notes.includes(bare)) continue;
      const count = body.split(new RegExp(`(?<![\\d.,])${escape(bare)}(?![\\d])`)).length - 1;
      expect(count, `${f.id} "${bare}"`).toBeGreaterThanOrEqual(1);
      expect(count, `${f.id} "${bare}"`).toBeLessThanOrEqual(2);
    }
  });

  it('groups facts into topic sections and places each chart in its topic section', () => {
    const generic = new Set(['key-figures', 'timeline', 'people']);
    for (const [id, c] of Object.entries(facts.doc.charts)) {
      const home = n.sections.filter((s) => s.blocks.some((b) => b.type === 'chart' && b.chartId === id));
      expect(home.length, id).toBe(1);
      if (c.type === 'timeline' || c.type === 'map') expect(home[0]!.id).toBe('timeline');
      else {
        expect(generic.has(home[0]!.id), id).toBe(false);
        // The section's sentences are about the chart's facts or share their topic.
        const stated = home[0]!.blocks.flatMap(ofBlock).filter((i) => i.type === 'fact').map((i) => (i as { factId: string }).factId);
        const topicOf = (f: string) => facts.doc.facts[f]?.topic ?? facts.doc.derived[f]?.topic;
        const chartTopics = new Set(c.facts.map(topicOf));
        expect(stated.length === 0 || stated.some((f) => c.facts.includes(f) || chartTopics.has(topicOf(f))), id).toBe(true);
      }
    }
    expect(n.sections.map((s) => s.id)).not.toContain('figures');
    expect(n.sections.map((s) => s.id)).not.toContain('charts');
  });

  it('lists events in date order everywhere: table, charts, slides, and the PDF', async () => {
    const key = (e: { start: string; end: string }) => `${e.start}/${e.end}`;
    const sorted = [...n.timeline].sort((a, b) => key(a).localeCompare(key(b)));
    expect(n.timeline.map((e) => e.eventId)).toEqual(sorted.map((e) => e.eventId));
    for (const c of n.charts) if (c.type === 'timeline') expect(c.timeline.map((e) => e.eventId)).toEqual(n.timeline.filter((e) => c.timeline.some((x) => x.eventId === e.eventId)).map((e) => e.eventId));
    const { print } = await built;
    const text = pdftotext(toFile(print!)).replace(/\s+/g, ' ');
    const table = text.slice(text.indexOf('Date Event Places'));
    let at = 0;
    for (const e of n.timeline) {
      const found = table.indexOf(`${e.dateText} ${e.title}`, at);
      expect(found, e.dateText).toBeGreaterThanOrEqual(at);
      at = found;
    }
  });

  it('has no contents page when the document is short', async () => {
    const { print, manifest } = await built;
    const pages = manifest.outputs.find((o) => o.format === 'print')!.pages;
    expect(pages).toBeLessThanOrEqual(4);
    const outline = await outlineOf(print!);
    expect(outline.map((o) => o.title)).not.toContain('Contents');
    expect(pdftotext(toFile(print!))).not.toMatch(/^Contents$/m);
  });

  it('leaves no page more than a third empty, except the last or one before a chart that did not fit', async () => {
    const { print } = await built;
    const runs = await textPositions(print!);
    const pages = Math.max(...runs.map((r) => r.page));
    const height = runs[0]!.pageHeight;
    // The text block runs from under the running header to above the footer.
    const [top, bottom] = [60, height - 70];
    const content = (p: number) => runs.filter((r) => r.page === p && r.top > top && r.bottom < bottom);
    for (let p = 2; p < pages; p++) {
      const lowest = Math.max(...content(p).map((r) => r.bottom));
      const fill = (lowest - top) / (bottom - top);
      const next = content(p + 1).sort((a, b) => a.top - b.top)[0];
      const chartDidNotFit = next !== undefined && /^Figure \d+\./.test(next.text);
      if (!chartDidNotFit) expect(fill, `page ${p} of ${pages} is ${Math.round((1 - fill) * 100)}% empty`).toBeGreaterThanOrEqual(2 / 3);
    }
  });

  it('gives each slide speaker notes about that slide only', () => {
    const shown = (s: Narrative['slides'][number]): Set<string> => {
      if (s.kind === 'keyFigures') return new Set(n.keyFigures.map((t) => t.factId));
      if (s.kind === 'chart' && s.chartId) {
        const c = facts.doc.charts[s.chartId]!;
        return new Set([...c.facts, ...(c.annotate ? [c.annotate] : [])]);
      }
      return new Set();
    };
    for (const s of n.slides) {
      const notes = s.notes.flat();
      const factIds = notes.filter((i) => i.type === 'fact').map((i) => (i as { factId: string }).factId);
      for (const id of factIds) expect(shown(s).has(id), `${s.title}: note about ${id}`).toBe(true);
      // Every figure the slide shows is explained in its notes.
      for (const id of shown(s)) expect(factIds, `${s.title}: no note about ${id}`).toContain(id);
      // A note speaks of derived values only on a slide that shows one.
      const derivedShown = [...shown(s)].some((id) => facts.facts.get(id)?.derived);
      if (!derivedShown) expect(plain(notes), s.title).not.toMatch(/derived/i);
      // Events are mentioned only on slides that show them.
      const eventsShown = s.kind === 'timeline' || (s.kind === 'chart' && (facts.doc.charts[s.chartId!]?.events.length ?? 0) > 0);
      const eventRefs = notes.filter((i) => i.type === 'text' && i.ref?.kind === 'event');
      if (!eventsShown) expect(eventRefs, s.title).toEqual([]);
      // No stock sentence: every note carries something from the facts file.
      for (const note of s.notes) expect(note.some((i) => i.type === 'fact' || (i.type === 'text' && i.ref !== undefined)), `${s.title}: ${plain(note)}`).toBe(true);
    }
  });
});

// The default templates on a briefing whose events are also drawn as an itinerary map: the map
// is placed with the events (not in a catch-all figures section), gets its own slide with its
// events as notes, and survives into every format, the editable deck included.
describe('the default templates on a briefing with an itinerary map', () => {
  const seedFile = resolve(root, 'data/shanghai-uk-2023.yaml');
  // The seed without its own template set: everything else as written.
  const text = readFileSync(seedFile, 'utf8').replace(/^ {2}templates: .*\n/m, '');
  const input = { kind: 'text' as const, text, file: 'seed-default.yaml' };
  const facts = factsFromText(text, 'seed-default.yaml', resolve(root, 'data'));
  const maps = Object.entries(facts.doc.charts).filter(([, c]) => c.type === 'map').map(([id]) => id);
  const { narrative: n, warnings } = renderNarrative(facts);
  const built = buildBriefing(input, { baseDir: resolve(root, 'data'), formats: ['print', 'slides', 'pptx'] });

  it('has a map and no template set, and renders without warnings', () => {
    expect(text).not.toMatch(/^ {2}templates:/m);
    expect(facts.doc.meta.templates).toBeUndefined();
    expect(maps.length).toBeGreaterThan(0);
    expect(warnings).toEqual([]);
  });

  it('places each map in the timeline section, before the table, and in no topic section', () => {
    const timeline = n.sections.find((s) => s.id === 'timeline')!;
    const kinds = timeline.blocks.map((b) => (b.type === 'chart' ? b.chartId : b.type));
    for (const id of maps) {
      expect(n.sections.filter((s) => s.blocks.some((b) => b.type === 'chart' && b.chartId === id)).map((s) => s.id), id).toEqual(['timeline']);
      expect(kinds.indexOf(id), id).toBeLessThan(kinds.indexOf('timeline'));
    }
  });

  it('gives each map a slide whose notes are its events in date order, and keeps the sources', () => {
    for (const id of maps) {
      const slide = n.slides.find((s) => s.kind === 'chart' && s.chartId === id)!;
      expect(slide, id).toBeDefined();
      const events = slide.notes.map((note) => note.find((i) => i.type === 'text' && i.ref?.kind === 'date')).map((i) => (i as { ref: { id: string } }).ref.id);
      const inOrder = n.timeline.map((e) => e.eventId).filter((e) => facts.doc.charts[id]!.events.includes(e));
      expect(events, id).toEqual(inOrder);
    }
    // A timeline chart shows the events, so there is no separate timeline slide.
    expect(n.slides.filter((s) => s.kind === 'timeline')).toEqual([]);
  });

  it('draws the map in the print briefing and in the editable deck, with its credit and alt text', async () => {
    const { print, pptx } = await built;
    const pdf = pdftotext(toFile(print!)).replace(/\s+/g, ' ');
    for (const id of maps) expect(pdf, id).toContain(n.charts.find((c) => c.id === id)!.title);
    expect(pdf).toContain('Basemap: Natural Earth');
    const zip = await JSZip.loadAsync(pptx!);
    const slides = await Promise.all(Object.keys(zip.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    for (const id of maps) {
      const title = n.charts.find((c) => c.id === id)!.title.replace(/&/g, '&amp;');
      // The map's own slide (the agenda names it too, as text only) holds it as a picture with alt text.
      const withPicture = slides.filter((x) => x.includes(title) && /<p:pic>/.test(x));
      expect(withPicture.length, id).toBe(1);
      expect(withPicture[0]!, id).toMatch(/<p:pic>[\s\S]*descr="[^"]+"/);
    }
    const svgs = Object.keys(zip.files).filter((f) => f.endsWith('.svg'));
    expect(svgs.length).toBe(n.charts.filter((c) => c.type === 'multiples' || c.type === 'timeline' || c.type === 'map').length);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
