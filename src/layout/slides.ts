// Slide layout: 16:9 pages, one per slide (plus follow-up slides when a list runs long).
// Text is fitted, never overflowing: a line of display text shrinks to a minimum size, then
// wraps, then is cut with an ellipsis and reported; a list shrinks to the body minimum and
// then continues on a follow-up slide with the same title, also reported.
import { measure } from '../fonts/index.js';
import { headingsOf, wordsFor } from '../format/index.js';
import type { ChartGraphic, ChartGraphics } from '../graphics/index.js';
import { SLIDE_KINDS, type Inline, type Narrative, type Origin, type Slide, type SlideKind } from '../narrative/index.js';
import { anchorName, type Anchor, type Destination, type Item, type LaidOutDocument, type OutlineEntry, type Page, type StructRef } from './model.js';
import { BOLD, COLOR, REGULAR, SEMIBOLD, SLIDE } from './theme.js';
import { placeLines } from './place.js';
import { warner, type Warn } from './warn.js';
import type { Diagnostic } from '../diagnostics/index.js';
import { breakLines, fitLines, piecesOf, runsOf, type Line, type TextStyle } from './text.js';

const M = { top: 40, bottom: 20, left: 56, right: 56 };
const WIDTH = SLIDE.width - M.left - M.right;
/** Body text is never set smaller than this (projected and phone reading). */
export const MIN_BODY = 18;
/** Furniture (source line, slide number) may be smaller, but not below this. */
export const MIN_FURNITURE = 10;
const PALETTE = { link: COLOR.link, derived: COLOR.derived };
/** Colours for text on the title slide's dark band. */
const ON_DARK = { text: '#dbe7f5', muted: '#9fc3e6', rule: '#3a5a86' };

/** The first title baseline: the same on every content slide, whatever follows it. */
const TITLE_BASELINE = 80;
const TITLE = { size: 30, min: 24, lines: 2 };
const HEADLINE = { size: 24, min: 20, lines: 2 };
const LIST = { size: 24, lead: 1.25, gap: 0.5 };
const FOOT = { rule: SLIDE.height - 46, baseline: SLIDE.height - M.bottom, size: 11, number: 12, lead: 12 };
/** Body content ends here, leaving air above the footer rule. */
const BODY_BOTTOM = FOOT.rule - 16;
const COLUMN_GAP = 40;
const KNOWN_KINDS: readonly SlideKind[] = [...SLIDE_KINDS, 'changes'];

interface Fitted {
  lines: Line[];
  size: number;
  cut: boolean;
}

/**
 * Fits `inlines` into `width`: first on one line, shrinking from `style.size` down to `min`;
 * then wrapped at `min` onto at most `maxLines` lines; else the last line is cut with "…".
 */
export function fitInlines(inlines: readonly Inline[], style: TextStyle, width: number, maxLines: number, min: number): Fitted {
  for (let size = style.size; size >= min; size -= 1) {
    const one = fitLines(inlines, { ...style, size }, PALETTE, width, 1);
    if (!one.cut) return { lines: one.lines, size, cut: false };
  }
  const { lines, cut } = fitLines(inlines, { ...style, size: min }, PALETTE, width, maxLines);
  return { lines, size: min, cut };
}

const plain = (text: string): Inline[] => [{ type: 'text', text }];
const ARTIFACT: StructRef = { role: 'Artifact', group: 0 };

/** A deck page with the slide it shows; follow-up pages of a long list are `continued`. */
export interface SlideSheet {
  /** Index of the slide in `Narrative.slides`. */
  slideIndex: number;
  slide: Slide;
  continued: boolean;
  /** The title as laid out on this page (with "(continued)" on follow-ups). */
  title: string;
  page: Page;
}

export interface SlideDeck {
  document: LaidOutDocument;
  sheets: SlideSheet[];
}

export function layoutSlides(n: Narrative, charts: ChartGraphics): LaidOutDocument {
  return composeDeck(n, charts).document;
}

/**
 * The deck being composed: its pages, the warnings and link targets found on the way, and
 * the structure-group counter. Like print's Flow, it is the only state slide composers share.
 */
class Deck {
  readonly sheets: SlideSheet[] = [];
  readonly warnings: Diagnostic[] = [];
  readonly warn: Warn;
  readonly destinations: Destination[] = [];
  /** Agenda entries: every slide after the title and agenda slides. */
  readonly agenda: string[];
  private group = 0;

  constructor(
    readonly n: Narrative,
    readonly charts: ChartGraphics,
  ) {
    this.agenda = n.slides.filter((s) => s.kind !== 'title' && s.kind !== 'agenda').map((s) => s.title);
    this.warn = warner(n.meta, this.warnings);
  }

  nextGroup(): number {
    return ++this.group;
  }

  /** Starts a page showing `slide` (a follow-up page when `continued`). */
  page(slide: Slide, slideIndex: number, continued: boolean): SlidePage {
    const sheet: SlideSheet = { slideIndex, slide, continued, title: continued ? continuedTitle(this.n.meta, slide.title) : slide.title, page: { width: SLIDE.width, height: SLIDE.height, items: [] } };
    this.sheets.push(sheet);
    return new SlidePage(this, sheet);
  }
}

/** One page of the deck being composed, with the helpers every slide kind uses. */
class SlidePage {
  constructor(
    readonly deck: Deck,
    readonly sheet: SlideSheet,
  ) {}

  get slide(): Slide {
    return this.sheet.slide;
  }

  /** How warnings name this page: "slide 3 (Title)". */
  label(): string {
    return `slide ${this.deck.sheets.length} (${clip(this.slide.title, 40)})`;
  }

  add(item: Item): void {
    this.sheet.page.items.push(item);
  }

  text(lines: Line[], x: number, top: number, leading: number, struct: StructRef): number {
    return placeLines(lines, x, top, leading, struct, (item) => this.add(item));
  }

  /** fitInlines, reporting a cut (once: a follow-up page's repeated title is not reported again). */
  fit(inlines: readonly Inline[], style: TextStyle, width: number, maxLines: number, min: number, what: string, code = 'BR301', origin: Origin | undefined = this.slide.origin): Fitted {
    const f = fitInlines(inlines, style, width, maxLines, min);
    if (f.cut && !this.sheet.continued) this.deck.warn(code, origin, `${this.label()}: ${what} was too long and was cut`, `shorten it to fit ${maxLines} line${maxLines > 1 ? 's' : ''} at ${min} pt`);
    return f;
  }

  /** A follow-up page of the same slide, with its title bar; returns it and its body box. */
  continued(): { page: SlidePage; area: Box } {
    const page = this.deck.page(this.slide, this.sheet.slideIndex, true);
    return { page, area: chrome(page) };
  }
}

/** Lays out the deck and keeps, for every page, the slide it came from (the notes reuse it). */
export function composeDeck(n: Narrative, charts: ChartGraphics): SlideDeck {
  const deck = new Deck(n, charts);
  let slides = n.slides;
  // (The What changed slide is the narrative's own, so it does not count as the template's.)
  if (!slides.some((s) => s.kind !== 'changes')) {
    // A deck of no pages is not a PDF; make the title slide the template forgot.
    deck.warn('BR308', undefined, 'the slide template produced no slides; a title slide was made from the briefing title', 'add {{#slide}} blocks to slides.hbs');
    slides = [{ kind: 'title', title: n.meta.title, bullets: n.meta.subtitle ? [plain(n.meta.subtitle)] : [], sourceLine: '', notes: [] }, ...slides];
  }
  slides.forEach((slide, slideIndex) => composeSlide(deck, slide, slideIndex));
  footers(deck);
  dropDanglingLinks(deck);

  const sheets = deck.sheets;
  sheets.forEach((sheet, i) => (sheet.page.notes = notesOf(sheets, i, n.meta)));
  const outline: OutlineEntry[] = sheets.map((s, i) => ({ title: s.title || wordsFor(n.meta.locale).slide(i + 1), page: i, y: 0, level: 0, anchor: { kind: 'heading', id: `slide-${i + 1}` } }));
  const document: LaidOutDocument = {
    kind: 'slides',
    meta: n.meta,
    pages: sheets.map((s) => s.page),
    outline,
    destinations: [...outline.map((o) => ({ anchor: o.anchor, page: o.page, y: 0 })), ...deck.destinations],
    warnings: deck.warnings,
    margins: M,
  };
  return { document, sheets };
}

/** A slide body: what goes below the title bar, one composer per slide kind. */
type Body = (page: SlidePage, area: Box) => void;

const BODIES: Record<Exclude<SlideKind, 'title'>, Body> = {
  agenda: agendaBody,
  keyFigures: keyFiguresBody,
  chart: chartBody,
  timeline: timelineBody,
  sources: sourcesBody,
  bullets: bulletsBody,
  changes: changesBody,
};

function composeSlide(deck: Deck, slide: Slide, slideIndex: number): void {
  const known = KNOWN_KINDS.includes(slide.kind);
  if (!known) deck.warn('BR307', slide.origin, `slide ${deck.sheets.length + 1} (${clip(slide.title, 40)}): unknown slide kind "${slide.kind}", laid out as bullets`, `use one of ${SLIDE_KINDS.join(', ')}`);
  const page = deck.page(slide, slideIndex, false);
  if (slide.kind === 'title') {
    titleSlide(page);
    return;
  }
  const body = known ? BODIES[slide.kind] : bulletsBody;
  body(page, chrome(page));
}

/** Title bar and (on a slide's first page only) the headline; returns the body box. */
function chrome(page: SlidePage): Box {
  const { slide, sheet } = page;
  page.add({ kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: 6, fill: COLOR.accent, struct: ARTIFACT });
  const title = page.fit(plain(sheet.title), { size: TITLE.size, face: BOLD, color: COLOR.navy }, WIDTH, TITLE.lines, TITLE.min, 'the title');
  const lead = title.size * 1.15;
  // The first baseline stays at TITLE_BASELINE whatever size the title was fitted to.
  let y = page.text(title.lines, M.left, TITLE_BASELINE - lead * 0.78, lead, { role: 'H1', group: page.deck.nextGroup() });
  if (slide.headline && !sheet.continued) {
    const f = page.fit(slide.headline, { size: HEADLINE.size, face: SEMIBOLD, color: COLOR.accent }, WIDTH, HEADLINE.lines, HEADLINE.min, 'the headline');
    y = page.text(f.lines, M.left, y + 6, f.size * 1.22, { role: 'P', group: page.deck.nextGroup() });
  }
  y += 26;
  return { x: M.left, y, w: WIDTH, h: BODY_BOTTOM - y };
}

function titleSlide(page: SlidePage): void {
  const { slide, deck } = page;
  const meta = deck.n.meta;
  page.add({ kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: SLIDE.height, fill: COLOR.band, struct: ARTIFACT });
  page.add({ kind: 'rect', x: M.left, y: 300, w: 110, h: 8, fill: COLOR.accent, struct: ARTIFACT });
  const title = page.fit(plain(slide.title), { size: 44, face: BOLD, color: COLOR.white }, WIDTH, 3, 30, 'the title');
  const lead = title.size * 1.15;
  page.text(title.lines, M.left, 286 - title.lines.length * lead, lead, { role: 'H1', group: deck.nextGroup() });
  const sub: Inline[] = slide.headline ?? slide.bullets.flatMap((b, i) => (i ? [{ type: 'text' as const, text: ' ' }, ...b] : b));
  let y = 326;
  if (sub.length) {
    const f = page.fit(sub, { size: 24, face: REGULAR, color: ON_DARK.text }, WIDTH, 3, MIN_BODY, 'the subtitle');
    y = page.text(f.lines, M.left, y, f.size * 1.3, { role: 'P', group: deck.nextGroup() });
  }
  const line = [meta.dateText, meta.organisation, meta.classification].filter(Boolean).join('  ·  ');
  const f = page.fit(plain(line), { size: 18, face: SEMIBOLD, color: ON_DARK.muted }, WIDTH, 2, MIN_BODY, 'the date line');
  page.text(f.lines, M.left, Math.max(y + 20, FOOT.rule - 24 - f.lines.length * 22), 22, { role: 'P', group: deck.nextGroup() });
}

function agendaBody(page: SlidePage, area: Box): void {
  const agenda = page.deck.agenda;
  list(page, { items: agenda.map(plain), marker: 'number', columns: agenda.length > 6 ? 2 : 1 }, area, true);
}

function bulletsBody(page: SlidePage, area: Box): void {
  list(page, { items: page.slide.bullets, marker: 'bullet', columns: 1 }, area, true);
}

function timelineBody(page: SlidePage, area: Box): void {
  const items = page.deck.n.timeline.map((t): Inline[] => [{ type: 'text', text: `${t.dateText}  `, bold: true }, ...plain(`${t.title}${t.placesText ? ` (${t.placesText})` : ''}`)]);
  list(page, { items, marker: 'bullet', columns: 1 }, area, true);
}

/**
 * "What changed": one item per changed fact, event and chart, old → new with its period, at
 * the list's sizes; when they do not fit one slide they continue on follow-up slides, so no
 * change is ever left out. With nothing changed, the headline says so and the body is empty.
 */
function changesBody(page: SlidePage, area: Box): void {
  const rows = page.deck.n.changes?.rows ?? [];
  const cw = wordsFor(page.deck.n.meta.locale).changes;
  const items = rows.map((r): Inline[] => {
    const label: Inline = { type: 'text', text: cw.itemLabel(r.what === 'chart' ? cw.chart(r.label) : r.label), bold: true };
    return [label, ...plain(r.phrase)];
  });
  list(page, { items, marker: 'bullet', columns: 1, size: 20, expectFollowUps: true }, area, true);
}

function sourcesBody(page: SlidePage, area: Box): void {
  const sources = page.deck.n.sources;
  const w = wordsFor(page.deck.n.meta.locale);
  list(
    page,
    {
      items: sources.map((s): Inline[] => [...plain(w.sourceEntry(s.title, s.publisher, s.dateText)), ...(s.url ? [{ type: 'text' as const, text: ' ' }, { type: 'link' as const, text: s.url, url: s.url }] : [])]),
      marker: 'number',
      numbers: sources.map((s) => `[${s.number}]`),
      dests: sources.map((s): Anchor => ({ kind: 'source', number: s.number })),
      origins: sources.map((s) => s.origin),
      columns: 1,
    },
    area,
    true,
  );
}

/**
 * A list that shrinks (to MIN_BODY at least) to fit its box in `columns` columns. When even
 * MIN_BODY does not fit, it continues on follow-up slides (`follow`), or drops what is left.
 */
function list(first: SlidePage, spec: ListSpec, box: Box, follow: boolean): void {
  const { items, columns } = spec;
  if (!items.length) return;
  const deck = first.deck;
  const where = first.label();
  const colW = (box.w - COLUMN_GAP * (columns - 1)) / columns;
  const marker = (i: number): string => spec.numbers?.[i] ?? `${i + 1}`;
  const markerW = (s: number) => (spec.marker === 'bullet' ? s * 1.1 : spec.marker === 'number' ? Math.max(...items.map((_, i) => measure(marker(i), s, BOLD))) + s * 0.7 : 0);
  const measureAll = (s: number) => items.map((item) => breakLines(piecesOf(item, { size: s, face: REGULAR, color: COLOR.text }, PALETTE), colW - markerW(s)));
  const fitsOnePage = (laid: Line[][], s: number) => {
    let col = 0;
    let y = 0;
    for (const lines of laid) {
      const h = lines.length * s * LIST.lead;
      if (y > 0 && y + h > box.h) {
        col++;
        y = 0;
      }
      if (col >= columns || h > box.h) return false;
      y += h + s * LIST.gap;
    }
    return true;
  };
  let size = Math.max(spec.size ?? LIST.size, MIN_BODY);
  let laid = measureAll(size);
  while (size > MIN_BODY && !fitsOnePage(laid, size)) laid = measureAll(--size);
  const lead = size * LIST.lead;
  const indent = markerW(size);

  let page = first;
  let area = box;
  let col = 0;
  let y = area.y;
  let parent = deck.nextGroup();
  let shown = 0;
  let followUps = 0;
  for (let i = 0; i < laid.length; i++) {
    let lines = laid[i]!;
    const full = Math.floor(area.h / lead);
    if (lines.length > full) {
      // One item taller than a whole column: keep what fits and cut the rest.
      lines = fitInlines(items[i]!, { size, face: REGULAR, color: COLOR.text }, colW - indent, full, size).lines;
      deck.warn('BR303', spec.origins?.[i] ?? first.slide.origin, `${where}: list item ${i + 1} was too long and was cut`, 'split the item or shorten it');
    }
    const h = lines.length * lead;
    if (y > area.y && y + h > area.y + area.h) {
      col++;
      y = area.y;
      if (col >= columns) {
        if (!follow) break;
        ({ page, area } = page.continued());
        followUps++;
        col = 0;
        y = area.y;
        parent = deck.nextGroup();
      }
    }
    const x = area.x + col * (colW + COLUMN_GAP);
    const struct: StructRef = { role: 'LI', group: deck.nextGroup(), parent: { role: 'L', group: parent } };
    if (spec.dests?.[i]) deck.destinations.push({ anchor: spec.dests[i]!, page: deck.sheets.length - 1, y });
    if (spec.marker === 'bullet') page.add({ kind: 'rect', x: x + 2, y: y + lead * 0.78 - size * 0.42, w: size * 0.34, h: size * 0.34, fill: COLOR.accent, struct: ARTIFACT, marker: 'bullet' });
    if (spec.marker === 'number') {
      const m = marker(i);
      page.add({ kind: 'text', x, y: y + lead * 0.78, text: m, face: BOLD, size, color: COLOR.accent, width: measure(m, size, BOLD), struct: { role: 'Lbl', group: deck.nextGroup(), parent: { role: 'L', group: parent } } });
    }
    y = page.text(lines, x + indent, y, lead, struct) + size * LIST.gap;
    shown++;
  }
  if (followUps && !spec.expectFollowUps) deck.warn('BR304', first.slide.origin, `${where}: the list did not fit on one slide at ${MIN_BODY} pt and continues on ${followUps} follow-up slide${followUps > 1 ? 's' : ''}`);
  if (shown < items.length) deck.warn('BR305', first.slide.origin, `${where}: ${items.length - shown} of ${items.length} items did not fit and were left out`, 'shorten the bullets beside the chart or move them to a slide of their own');
}

/** Tiles per slide: three or four big numbers read at a glance. */
const TILES_PER_SLIDE = 4;

/**
 * Key-figure tiles, at most four to a slide: more continue on follow-up slides of the same
 * title, spread evenly (6 as 3 + 3, 9 as 3 + 3 + 3), so none is ever left out. Every tile in
 * the deck has the same width and number size, so the figures line up from slide to slide.
 */
function keyFiguresBody(first: SlidePage, firstBox: Box): void {
  const deck = first.deck;
  const all = deck.n.keyFigures;
  if (!all.length) {
    deck.warn('BR309', first.slide.origin, `${first.label()}: there are no key figures to show`, 'list facts under keyFigures in the facts file, or drop the slide');
    return;
  }
  const slides = Math.ceil(all.length / TILES_PER_SLIDE);
  const perSlide = Math.ceil(all.length / slides);
  const gap = 24;
  const pad = 18;
  const w = (firstBox.w - gap * (perSlide - 1)) / perSlide;
  const inner = w - pad * 2;
  // One number size for every tile, the largest at which each number fits on one line.
  const numberOf = all.map((t) => splitValue(t.value));
  let numberSize = 64;
  while (numberSize > 32 && numberOf.some((p) => measure(p.number, numberSize, BOLD) > inner)) numberSize -= 1;
  let page = first;
  let box = firstBox;
  for (let start = 0; start < all.length; start += perSlide) {
    if (start > 0) ({ page, area: box } = page.continued());
    tileRow(page, box, all.slice(start, start + perSlide), numberOf.slice(start, start + perSlide), { w, gap, pad, inner, numberSize });
  }
}

function tileRow(page: SlidePage, box: Box, tiles: Narrative['keyFigures'], parts: { number: string; unit: string }[], g: { w: number; gap: number; pad: number; inner: number; numberSize: number }): void {
  const deck = page.deck;
  const { w, gap, pad, inner, numberSize } = g;
  const fit = (text: string, style: TextStyle, lines: number, min: number, what: string, origin: Origin | undefined) => page.fit(plain(text), style, inner, lines, min, what, 'BR302', origin);
  const laid = tiles.map((t, i) => ({
    qualifier: t.qualifier ? fit(t.qualifier, { size: MIN_BODY, face: REGULAR, color: COLOR.muted }, 2, MIN_BODY, 'a key figure qualifier', t.origin) : undefined,
    number: fit(parts[i]!.number, { size: numberSize, face: BOLD, color: COLOR.navy }, 2, 32, 'a key figure', t.origin),
    unit: parts[i]!.unit ? fit(parts[i]!.unit, { size: 24, face: SEMIBOLD, color: COLOR.navy }, 2, MIN_BODY, 'a key figure unit', t.origin) : undefined,
    label: fit(t.label, { size: 20, face: SEMIBOLD, color: COLOR.text }, 3, MIN_BODY, 'a key figure label', t.origin),
    period: t.period ? fit(t.period, { size: MIN_BODY, face: REGULAR, color: COLOR.muted }, 2, MIN_BODY, 'a key figure period', t.origin) : undefined,
  }));
  // Rows line up across tiles: each row is as tall as its tallest cell.
  const rowH = {
    qualifier: Math.max(0, ...laid.map((l) => (l.qualifier ? l.qualifier.lines.length * 23 : 0))),
    number: Math.max(...laid.map((l) => l.number.lines.length * l.number.size * 1.05)),
    unit: Math.max(0, ...laid.map((l) => (l.unit ? l.unit.lines.length * l.unit.size * 1.2 : 0))),
    label: Math.max(...laid.map((l) => l.label.lines.length * 24)),
  };
  const periodH = Math.max(0, ...laid.map((l) => (l.period ? l.period.lines.length * 23 : 0)));
  const h = Math.min(box.h, 8 + pad + rowH.qualifier + rowH.number + rowH.unit + 18 + rowH.label + 4 + periodH + pad + 8);
  const top = box.y + Math.max(0, (box.h - h) * 0.3);
  // A shorter last row is centred under the full ones.
  const left = box.x + (box.w - (tiles.length * w + (tiles.length - 1) * gap)) / 2;
  tiles.forEach((t, i) => {
    const l = laid[i]!;
    const x = left + i * (w + gap);
    const struct: StructRef = { role: 'P', group: deck.nextGroup() };
    page.add({ kind: 'rect', x, y: top, w, h, fill: COLOR.tile, struct: ARTIFACT });
    page.add({ kind: 'rect', x, y: top, w, h: 6, fill: t.derived ? COLOR.derived : COLOR.accent, struct: ARTIFACT });
    let y = top + 6 + pad;
    if (l.qualifier) page.text(l.qualifier.lines, x + pad, y, 23, struct);
    y += rowH.qualifier;
    page.text(l.number.lines, x + pad, y, l.number.size * 1.05, struct);
    y += rowH.number;
    if (l.unit) page.text(l.unit.lines, x + pad, y, l.unit.size * 1.2, struct);
    y += rowH.unit + 18;
    page.text(l.label.lines, x + pad, y, 24, struct);
    y += rowH.label + 4;
    if (l.period) page.text(l.period.lines, x + pad, y, 23, struct);
  });
}

function chartBody(page: SlidePage, box: Box): void {
  const { slide, deck } = page;
  const chart = slide.chartId ? deck.charts.get(slide.chartId) : undefined;
  if (!chart) {
    deck.warn('BR310', slide.origin, `${page.label()}: ${slide.chartId ? `chart "${slide.chartId}" was not rendered` : 'the chart slide names no chart'}`, 'name a chart with chart="id"');
    list(page, { items: slide.bullets, marker: 'bullet', columns: 1 }, box, true);
    return;
  }
  // With bullets, the chart takes the left three fifths and the bullets the rest.
  const side = slide.bullets.length > 0;
  const chartW = side ? box.w * 0.6 - COLUMN_GAP / 2 : box.w;
  const note = chart.note ? page.fit(plain(chart.note), { size: MIN_BODY, face: REGULAR, color: COLOR.derived }, box.w, 2, MIN_BODY, 'the chart note') : undefined;
  const noteH = note ? note.lines.length * 22 + 8 : 0;
  let top = box.y;
  const caption = captionOf(chart, slide.title, deck.n.meta.locale);
  if (caption) {
    const c = page.fit(plain(caption), { size: MIN_BODY, face: SEMIBOLD, color: COLOR.muted }, chartW, 2, MIN_BODY, 'the chart caption');
    top = page.text(c.lines, box.x, top - 4, 22, { role: 'Caption', group: deck.nextGroup() }) + 8;
  }
  const availH = box.y + box.h - top - noteH;
  const scale = Math.min(chartW / chart.list.width, availH / chart.list.height);
  const w = chart.list.width * scale;
  const h = chart.list.height * scale;
  page.add({ kind: 'chart', chart, x: box.x + (chartW - w) / 2, y: top, w, h, struct: { role: 'Figure', group: deck.nextGroup(), alt: chart.alt } });
  if (note) page.text(note.lines, box.x, box.y + box.h - noteH + 4, 22, { role: 'Caption', group: deck.nextGroup() });
  if (side) {
    const x = box.x + chartW + COLUMN_GAP;
    list(page, { items: slide.bullets, marker: 'bullet', columns: 1, size: 20 }, { x, y: box.y, w: box.x + box.w - x, h: box.h - noteH }, false);
  }
}

/** Footer on every page, once the page count is known: source line and slide number. */
function footers(deck: Deck): void {
  const total = deck.sheets.length;
  deck.sheets.forEach((sheet, i) => {
    const dark = sheet.slide.kind === 'title';
    const items = sheet.page.items;
    const chartSource = sheet.slide.chartId ? deck.charts.get(sheet.slide.chartId)?.sourceLine : undefined;
    const sourceText = sheet.slide.sourceLine || chartSource || allSources(deck.n);
    const numberText = `${i + 1} / ${total}`;
    const nw = measure(numberText, FOOT.number, SEMIBOLD);
    items.push({ kind: 'rect', x: M.left, y: FOOT.rule, w: WIDTH, h: 0.6, fill: dark ? ON_DARK.rule : COLOR.rule, struct: ARTIFACT });
    if (sourceText) {
      // Shrinks to the furniture minimum on one line, then wraps to a second line above it,
      // and only then is cut (naming the source whose title is longest).
      const src = fitInlines(plain(sourceText), { size: FOOT.size, face: REGULAR, color: dark ? ON_DARK.muted : COLOR.muted }, WIDTH - nw - 24, 2, MIN_FURNITURE);
      if (src.cut && !sheet.continued) {
        const origins = sheet.slide.sourceLine ? (sheet.slide.sourceOrigins ?? []) : deck.n.sources.map((s) => s.origin).filter((o): o is Origin => o !== undefined);
        const longest = origins.map((o) => ({ o, len: deck.n.sources.find((s) => s.origin?.path === o.path)?.title.length ?? 0 })).sort((a, b) => b.len - a.len)[0]?.o;
        deck.warn('BR306', longest ?? sheet.slide.origin, `slide ${i + 1} (${clip(sheet.title, 40)}): the source line was too long for two lines and was cut`, 'give the source a shorter title or publisher');
      }
      src.lines.forEach((line, k) => {
        const y = FOOT.baseline - (src.lines.length - 1 - k) * FOOT.lead;
        for (const run of runsOf(line, M.left)) items.push({ kind: 'text', x: run.x, y, text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct: ARTIFACT });
      });
    }
    items.push({ kind: 'text', x: SLIDE.width - M.right - nw, y: FOOT.baseline, text: numberText, face: SEMIBOLD, size: FOOT.number, color: dark ? ON_DARK.muted : COLOR.muted, width: nw, struct: ARTIFACT, field: 'pageNumber' });
  });
}

/** A page's speaker notes as plain paragraphs; a follow-up page points back to its slide. */
function notesOf(sheets: readonly SlideSheet[], i: number, meta: Narrative['meta']): string[] {
  const sheet = sheets[i]!;
  if (sheet.continued) {
    let first = i;
    while (first > 0 && sheets[first - 1]!.slideIndex === sheet.slideIndex) first--;
    return [headingsOf(meta).continuedFromSlide(first + 1)];
  }
  return sheet.slide.notes.map((paragraph) => paragraph.map((inline) => (inline.type === 'cite' ? `[${inline.number}]` : inline.text)).join(''));
}

/** A citation marker links to its source on the sources slide; with no such slide, no link. */
function dropDanglingLinks(deck: Deck): void {
  const dests = new Set(deck.destinations.map((d) => anchorName(d.anchor)));
  for (const sheet of deck.sheets) for (const item of sheet.page.items) if (item.kind === 'text' && item.link?.kind === 'anchor' && !dests.has(anchorName(item.link.anchor))) delete item.link;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface ListSpec {
  items: readonly Inline[][];
  marker: 'bullet' | 'number' | 'none';
  /** Marker texts for 'number' lists (default 1, 2, 3…). */
  numbers?: string[];
  /** Named destinations placed at each item (link targets). */
  dests?: Anchor[];
  /** Where each item's text is (a source's title), for messages; else the slide's template call. */
  origins?: (Origin | undefined)[];
  columns: number;
  /** Starting (largest) text size; a narrow side column reads better a little smaller. */
  size?: number;
  /** Follow-up slides are the design, not a fallback (every change is listed), so not reported. */
  expectFollowUps?: boolean;
}

/**
 * "US$24.21 billion" -> number "US$24.21", unit "billion": the number is set big and the unit
 * beneath it. The first word holding a digit is the number; a value without one stays whole.
 */
export function splitValue(value: string): { number: string; unit: string } {
  // Chinese writes no spaces: "242.1亿美元" -> number "242.1", unit "亿美元" (scale and currency).
  const han = /^([^\s\u3000-\u9fff]*\d[^\s\u3000-\u9fff]*)([\u3000-\u9fff].*)$/u.exec(value);
  if (han && !value.includes(' ')) return { number: han[1]!, unit: han[2]! };
  const words = value.split(' ');
  const i = words.findIndex((w) => /\d/.test(w));
  if (i < 0) return { number: value, unit: '' };
  // Words before the number (a currency word in some locales) stay with it.
  return { number: words.slice(0, i + 1).join(' '), unit: words.slice(i + 1).join(' ') };
}

function captionOf(chart: ChartGraphic, slideTitle: string, locale: string): string {
  // The slide title usually is the chart title; then only the unit needs saying.
  if (chart.title.trim() === slideTitle.trim()) return chart.unitCaption ? `${chart.unitCaption[0]!.toUpperCase()}${chart.unitCaption.slice(1)}` : '';
  const w = wordsFor(locale);
  return `${chart.title}${chart.unitCaption ? `${w.open}${chart.unitCaption}${w.close}` : ''}`;
}

/** A slide's title on its follow-up slides, marked in each language of the edition. */
function continuedTitle(meta: Narrative['meta'], title: string): string {
  const first = wordsFor(meta.locale).continuedTitle(title);
  return meta.secondLocale ? wordsFor(meta.secondLocale).continuedTitle(first) : first;
}

function allSources(n: Narrative): string {
  // Reference sources (gazetteers) are credited on the maps that use them, not on every slide.
  const reports = n.sources.filter((s) => s.kind === 'report');
  if (!reports.length) return '';
  const w = wordsFor(n.meta.locale);
  return w.sourceLine(reports.map((s) => w.sourceName(s.publisher, s.title, s.dateText)));
}

function clip(text: string, max: number): string {
  // Only the head is split into characters: a megabyte-long title costs no more than a short one.
  const chars = [...text.slice(0, max * 2 + 2)];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : text;
}
