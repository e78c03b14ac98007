// Print layout: cover, contents (when long), summary, sections, sources; running header and
// "Page n of N" footer on every page but the cover. Pure function of its inputs.
import { measure } from '../fonts/index.js';
import { headingsOf, inBoth, LANGUAGE_JOIN, wordsFor, type EditionHeadings } from '../format/index.js';
import type { ChartGraphic, ChartGraphics } from '../graphics/index.js';
import type { Block, Inline, Narrative, Tagged } from '../narrative/index.js';
import { Flow, type Segment } from './flow.js';
import type { Item, LaidOutDocument, Link, OutlineEntry, Page, StructRef } from './model.js';
import { BOLD, COLOR, ITALIC, PAPER, REGULAR, SEMIBOLD, type Paper } from './theme.js';
import { breakLines, fitLines, fitWidth, lineText, piecesOf, wrapPlain, type Line, type TextStyle } from './text.js';
import { warner, type Warn } from './warn.js';
import type { Diagnostic } from '../diagnostics/index.js';
import type { Origin } from '../narrative/index.js';
import { tableBlock, tableLeadHeight } from './table.js';
import { CHANGE_BAR, changeBar, changeWords } from './changes.js';
import type { Changes } from '../narrative/index.js';

export interface PrintOptions {
  paper?: Paper;
}

const BODY: TextStyle = { size: 10.5, face: REGULAR, color: COLOR.text };
const LEADING = 15;
const PALETTE = { link: COLOR.link, derived: COLOR.derived };
const NOTE: TextStyle = { size: 9, face: ITALIC, color: COLOR.muted };
const NOTE_LEADING = 12.5;
const QUOTE: TextStyle = { size: 11.5, face: ITALIC, color: COLOR.navy };
const QUOTE_LEADING = 16;
const ATTRIBUTION: TextStyle = { size: 9.5, face: SEMIBOLD, color: COLOR.muted };
const CAPTION: TextStyle = { size: 10, face: SEMIBOLD, color: COLOR.navy };
const CHART_FOOT: TextStyle = { size: 8.5, face: REGULAR, color: COLOR.muted };
const PASSAGE: TextStyle = { size: 9, face: ITALIC, color: COLOR.muted };
const TILE_H = 84;
const TILE_GAP = 10;
const SOURCE_INDENT = 26;
const LAYOUT_ARTIFACT: StructRef = { role: 'Artifact', group: 0, artifact: 'Layout' };
/** Margins of the text block; the same on A4 and Letter, so only the measure changes. */
const MARGINS = { top: 66, bottom: 62, left: 62, right: 62 };

/** Lays out the print briefing; the narrative's wording is settled first (layout/index.ts). */
export function layoutPrint(n: Narrative, charts: ChartGraphics, options: PrintOptions = {}): LaidOutDocument {
  return layoutPass(n, charts, options);
}

type HeadingFn = (text: string, dest: string, level: 1 | 2, keep: number) => void;

/**
 * One pass over the briefing. The page after the cover is kept for the contents; every page
 * after it starts on a page of its own whether or not the contents are there, so the body is
 * laid out once, and the contents page is drawn, or taken out, once the body's length is known.
 */
function layoutPass(narrative: Narrative, charts: ChartGraphics, options: PrintOptions): LaidOutDocument {
  const paper = PAPER[options.paper ?? 'a4'];
  const margins = { ...MARGINS };
  const flow = new Flow({ ...paper, ...margins });
  const outline: OutlineEntry[] = [];
  const destinations: LaidOutDocument['destinations'] = [];
  const x = margins.left;
  const width = flow.contentWidth;
  const figureNumber = { n: 0 };
  const warnings: Diagnostic[] = [];
  const warn = warner(narrative.meta, warnings);

  cover(flow, narrative, warn);
  flow.newPage();
  const contentsPage = flow.page;
  flow.newPage();

  const heading: HeadingFn = (text, dest, level, keep) => {
    const style: TextStyle = level === 1 ? { size: 16, face: BOLD, color: COLOR.navy } : { size: 12.5, face: SEMIBOLD, color: COLOR.navy };
    const lines = wrapPlain(text, style, width);
    const leading = style.size * 1.25;
    const before = level === 1 ? 16 : 8;
    const after = level === 1 ? 6 : 3;
    // Keep the heading with the start of what follows (`keep`: its first unbreakable part).
    flow.need(before + lines.length * leading + after + keep);
    flow.gap(before);
    if (level === 1 && !flow.atTop) flow.add({ kind: 'rect', x, y: flow.y - 6, w: width, h: 0.8, fill: COLOR.rule, struct: LAYOUT_ARTIFACT });
    outline.push({ title: text, page: flow.pages.length - 1, y: flow.y, level: level - 1, anchor: { kind: 'heading', id: dest } });
    destinations.push({ anchor: { kind: 'heading', id: dest }, page: flow.pages.length - 1, y: flow.y });
    flow.lines(lines, x, leading, { role: level === 1 ? 'H1' : 'H2', group: flow.nextGroup() });
    flow.y += after;
  };

  const section = (title: string, dest: string, blocks: readonly Block[]) => {
    flow.section = flow.nextGroup();
    heading(title, dest, 1, blocks[0] ? leadHeight(blocks[0], narrative, charts, flow) : 0);
    blocks.forEach((block, i) => {
      const lang = (block as Tagged<Block>).lang;
      const mark = lang ? flow.pages.map((p) => p.items.length) : [];
      renderBlock(flow, block, blocks[i + 1], narrative, charts, figureNumber, heading, warn);
      if (lang) tagLanguage(flow.pages, mark, lang);
    });
  };

  const headings = headingsOf(narrative.meta);
  section(headings.summary, 'summary', narrative.summary);
  if (narrative.changes) changesSection(flow, narrative.changes, narrative.meta.locale, headings, section);
  for (const s of narrative.sections) section(s.title, s.id, s.blocks);
  sources(flow, narrative, heading, destinations);
  flow.section = undefined;

  // A contents page only pays for itself on longer briefings (more than four pages without it).
  const withContents = flow.pages.length - 1 > 4;
  if (withContents) drawContents(contentsPage, outline, flow, destinations, warn, headings.contents);
  else withoutPage(flow.pages, CONTENTS_PAGE, outline, destinations);
  runningHeadAndFoot(flow.pages, narrative, margins, paper, warn);

  return {
    kind: 'print',
    meta: narrative.meta,
    pages: flow.pages,
    outline: withContents ? [{ title: headings.contents, page: CONTENTS_PAGE, y: margins.top, level: 0, anchor: { kind: 'heading', id: 'contents' } }, ...outline] : outline,
    destinations,
    warnings,
    margins,
  };
}

/** The index of the contents page, right after the cover. */
const CONTENTS_PAGE = 1;

/** Takes page `index` out, and moves what pointed at a later page one page back. */
function withoutPage(pages: Page[], index: number, outline: OutlineEntry[], destinations: LaidOutDocument['destinations']): void {
  pages.splice(index, 1);
  for (const entry of outline) if (entry.page > index) entry.page--;
  for (const d of destinations) if (d.page > index) d.page--;
}

/** The cover title: largest first, then smaller, wrapping, down to this size; then cut. */
const COVER_TITLE = { size: 30, min: 18, leading: 1.15 };
/** Lines a cover subtitle may take before it is cut. */
const COVER_SUBTITLE_LINES = 4;

function cover(flow: Flow, n: Narrative, warn: Warn): void {
  const { width, height } = flow.frame;
  const x = flow.frame.left;
  const w = flow.contentWidth;
  const band = Math.round(height * 0.42);
  flow.add({ kind: 'rect', x: 0, y: 0, w: width, h: band, fill: COLOR.band, struct: LAYOUT_ARTIFACT });
  flow.add({ kind: 'rect', x, y: band - 4, w: 90, h: 8, fill: COLOR.accent, struct: LAYOUT_ARTIFACT });
  let y = 110;
  const place = (lines: readonly Line[], size: number, face: typeof REGULAR, color: string, role: StructRef['role'], leading: number) => {
    const group = flow.nextGroup();
    for (const line of lines) {
      y += size * leading;
      flow.add({ kind: 'text', x, y, text: lineText(line), face, size, color, width: line.width, struct: { role, group } });
    }
  };
  const label = (text: string, size: number, face = REGULAR, color: string = COLOR.white, role: StructRef['role'] = 'P', leading = 1.18) => place(wrapPlain(text, { size, face, color }, w), size, face, color, role, leading);
  /** Wrapped into at most `maxLines(size)` lines, shrinking from `size` to `min` first; cut and reported last. */
  const bounded = (text: string, size: number, min: number, face: typeof REGULAR, color: string, maxLines: (size: number) => number, what: string, code: string, origin: Origin | undefined) => {
    for (let s = size; s >= min; s--) {
      const fitted = fitLines([{ type: 'text', text }], { size: s, face, color }, PALETTE, w, maxLines(s));
      if (!fitted.cut || s === min) {
        if (fitted.cut) warn(code, origin, `the cover ${what} did not fit ${maxLines(s)} line${maxLines(s) > 1 ? 's' : ''} at ${s} pt and was cut`, `shorten the ${what}`);
        return { lines: fitted.lines, size: s };
      }
    }
    throw new Error('unreachable: the smallest size always returns');
  };
  label(headingsOf(n.meta).briefing.toUpperCase(), 11, SEMIBOLD, '#9fc3e6');
  y += 10;
  // The title stays inside the band, above the accent bar (with room for descenders).
  const titleBottom = band - 22;
  const room = titleBottom - y;
  const title = bounded(n.meta.title, COVER_TITLE.size, COVER_TITLE.min, BOLD, COLOR.white, (s) => Math.max(1, Math.floor(room / (s * COVER_TITLE.leading))), 'title', 'BR311', n.meta.origins?.title);
  place(title.lines, title.size, BOLD, COLOR.white, 'Title', COVER_TITLE.leading);
  y = band + 40;
  if (n.meta.subtitle) {
    const sub = bounded(n.meta.subtitle, 15, 15, REGULAR, COLOR.navy, () => COVER_SUBTITLE_LINES, 'subtitle', 'BR312', n.meta.origins?.subtitle);
    place(sub.lines, 15, REGULAR, COLOR.navy, 'P', 1.3);
  }
  y += 22;
  label(n.meta.dateText, 12, SEMIBOLD, COLOR.text);
  if (n.meta.organisation) label(n.meta.organisation, 12, REGULAR, COLOR.muted, 'P', 1.35);
  if (n.meta.author) label(n.meta.author, 12, REGULAR, COLOR.muted, 'P', 1.35);
  if (n.meta.classification) {
    const size = 10;
    const text = n.meta.classification.toUpperCase();
    const tw = Math.min(measure(text, size, SEMIBOLD), w - 20);
    const fitted = fitText(text, size, SEMIBOLD, w - 20, warn, 'the cover classification', n.meta.origins?.classification);
    const by = height - flow.frame.bottom - 10;
    flow.add({ kind: 'rect', x, y: by - 15, w: tw + 20, h: 22, stroke: COLOR.navy, lineWidth: 1, struct: LAYOUT_ARTIFACT });
    flow.add({ kind: 'text', x: x + 10, y: by, text: fitted, face: SEMIBOLD, size, color: COLOR.navy, width: measure(fitted, size, SEMIBOLD), struct: { role: 'P', group: flow.nextGroup() } });
  }
}

/** Lines a list item or paragraph needs at the foot of a page before it may start there. */
function leadLines(lines: number): number {
  // Orphan/widow control keeps two lines each side of a break, so three lines move as one.
  return lines <= 3 ? lines : 2;
}

/** The height of a block's first unbreakable part: what a heading above it must stay with. */
function leadHeight(block: Block, n: Narrative, charts: ChartGraphics, flow: Flow): number {
  const width = flow.contentWidth;
  switch (block.type) {
    case 'heading':
      return 30;
    case 'paragraph':
      return leadLines(breakLines(piecesOf(block.inlines, BODY, PALETTE), width).length) * LEADING;
    case 'note':
      return breakLines(piecesOf(block.inlines, NOTE, PALETTE), width - 16).length * NOTE_LEADING;
    case 'list': {
      const first = block.items[0];
      return first ? leadLines(breakLines(piecesOf(first, BODY, PALETTE), width - 16).length) * LEADING : 0;
    }
    case 'quote':
      return quoteBox(block, width).height;
    case 'chart': {
      const chart = charts.get(block.chartId);
      return chart ? chartBox(chart, 0, flow, n.meta.locale).total : 0;
    }
    case 'keyFigures':
      return n.keyFigures.length ? tileGrid(n, width).tileH : 0;
    case 'timeline':
      return tableLeadHeight(width, headingsOf(n.meta).timelineHead, timelineRows(n), TIMELINE_COLS);
    case 'people':
      return n.people.length ? tableLeadHeight(width, headingsOf(n.meta).peopleHead, peopleRows(n), PEOPLE_COLS) : tableLeadHeight(width, headingsOf(n.meta).organisationHead, orgRows(n), ORG_COLS);
  }
}

function quoteBox(block: Extract<Block, { type: 'quote' }>, width: number): { lines: Line[]; attribution: Line[]; height: number } {
  const lines = breakLines(piecesOf(block.inlines, QUOTE, PALETTE), width - 36);
  const attribution = block.attribution ? breakLines(piecesOf([{ type: 'text', text: '— ' }, ...block.attribution], ATTRIBUTION, PALETTE), width - 36) : [];
  return { lines, attribution, height: 4 + lines.length * QUOTE_LEADING + 2 + attribution.length * 13 };
}

/** A chart with its caption and source line, scaled to the measure and to the page height. */
function chartBox(chart: ChartGraphic, number: number, flow: Flow, locale: string): { caption: Line[]; foot: Line[][]; w: number; h: number; total: number } {
  const width = flow.contentWidth;
  const caption = wrapPlain(wordsFor(locale).figure(number || 0, chart.title), CAPTION, width);
  const footText = [chart.note, chart.sourceLine].filter((t): t is string => !!t);
  const foot = footText.map((t) => wrapPlain(t, CHART_FOOT, width));
  const words = 6 + caption.length * 13 + 4 + 6 + foot.reduce((s, l) => s + l.length * 11, 0);
  const pageHeight = flow.bottomLimit - flow.frame.top;
  // Never wider than the measure, never taller than what a page leaves beside the words.
  const scale = Math.min(1, width / chart.list.width, (pageHeight - words) / chart.list.height);
  const w = chart.list.width * scale;
  const h = chart.list.height * scale;
  return { caption, foot, w, h, total: words + h };
}

const TIMELINE_COLS = [0.2, 0.58, 0.22];
const timelineRows = (n: Narrative) => {
  const w = wordsFor(n.meta.locale);
  // Chinese joins a title and its text with 。 (a Chinese title has no full stop of its own).
  const stop = w.open === ' (' ? '. ' : '。';
  return n.timeline.map((t) => [t.dateText, `${t.title}${stop}${t.what}${t.note ? `${w.open}${t.note}${w.close}` : ''}`, t.placesText || '—']);
};
const PEOPLE_COLS = [0.25, 0.4, 0.35];
const peopleRows = (n: Narrative) => n.people.map((p) => [p.name, p.role, p.organisation ?? '—']);
const ORG_COLS = [0.35, 0.15, 0.5];
const orgRows = (n: Narrative) => {
  const kind = (locale: string, k: string) => wordsFor(locale).organisationKinds[k] ?? k;
  return n.organisations.map((o) => [o.name, n.meta.secondLocale ? inBoth(kind(n.meta.locale, o.kind), kind(n.meta.secondLocale, o.kind)) : kind(n.meta.locale, o.kind), o.description ?? '—']);
};

/** Draws a vertical bar beside each page's part of a block (quotes, notes). */
function bars(flow: Flow, segments: readonly Segment[], x: number, w: number, fill: string, extend = 0): void {
  for (const s of segments) {
    flow.addTo(s.page, { kind: 'rect', x, y: s.top, w, h: Math.min(s.bottom + extend, flow.bottomLimit) - s.top, fill, struct: LAYOUT_ARTIFACT });
  }
}

function renderBlock(flow: Flow, block: Block, next: Block | undefined, n: Narrative, charts: ChartGraphics, figureNumber: { n: number }, heading: HeadingFn, warn: Warn): void {
  const x = flow.frame.left;
  const width = flow.contentWidth;
  switch (block.type) {
    case 'heading':
      heading(block.text, `h-${flow.nextGroup()}`, block.level === 1 ? 1 : 2, next ? leadHeight(next, n, charts, flow) : 0);
      return;
    case 'paragraph': {
      const lines = breakLines(piecesOf(block.inlines, BODY, PALETTE), width);
      flow.lines(lines, x, LEADING, { role: 'P', group: flow.nextGroup() });
      flow.y += 7;
      return;
    }
    case 'note': {
      const lines = breakLines(piecesOf(block.inlines, NOTE, PALETTE), width - 16);
      // A short note moves whole; a long one breaks like a paragraph.
      flow.need(Math.min(lines.length * NOTE_LEADING, (flow.bottomLimit - flow.frame.top) / 3));
      const segments = flow.lines(lines, x + 10, NOTE_LEADING, { role: 'Note', group: flow.nextGroup() });
      bars(flow, segments, x, 2, COLOR.rule, 2);
      flow.y += 8;
      return;
    }
    case 'list': {
      const list = flow.nextGroup();
      for (const item of block.items) {
        const lines = breakLines(piecesOf(item, BODY, PALETTE), width - 16);
        const group = flow.nextGroup();
        const struct: StructRef = { role: 'LI', group, parent: { role: 'L', group: list } };
        flow.need(leadLines(lines.length) * LEADING);
        const page = flow.pages.length - 1;
        const start = flow.page.items.length;
        flow.lines(lines, x + 16, LEADING, struct);
        // The bullet goes beside the item's first line, on whichever page that landed, and
        // before the line in reading order (Lbl precedes LBody in the list item).
        const landed = flow.pages[page]!.items.length > start ? page : page + 1;
        const firstItem = flow.pages[landed]!.items.find((i): i is Extract<Item, { kind: 'text' }> => i.kind === 'text' && i.struct === struct);
        if (firstItem) {
          flow.addTo(landed, { kind: 'text', x: x + 4, y: firstItem.y, text: '•', face: BOLD, size: BODY.size, color: COLOR.accent, width: measure('•', BODY.size, BOLD), struct: { role: 'Lbl', group, parent: { role: 'L', group: list } } }, firstItem);
        }
        flow.y += 3;
      }
      flow.y += 5;
      return;
    }
    case 'quote': {
      const box = quoteBox(block, width);
      flow.need(Math.min(box.height, (flow.bottomLimit - flow.frame.top) / 2));
      flow.gap(4);
      const group = flow.nextGroup();
      const segments = flow.lines(box.lines, x + 24, QUOTE_LEADING, { role: 'BlockQuote', group });
      flow.y += 2;
      if (box.attribution.length) segments.push(...flow.lines(box.attribution, x + 24, 13, { role: 'BlockQuote', group }));
      bars(flow, mergeSegments(segments), x + 8, 3, COLOR.accent);
      flow.y += 10;
      return;
    }
    case 'chart': {
      const chart = charts.get(block.chartId);
      if (!chart) throw new Error(`chart ${block.chartId} was not rendered`);
      figureNumber.n += 1;
      // A bilingual edition's second-language chart is captioned in its own language.
      const box = chartBox(chart, figureNumber.n, flow, (block as Tagged<Block>).lang ?? n.meta.locale);
      // Caption, chart and source line move as one: a figure is never split across pages.
      flow.need(box.total);
      flow.gap(6);
      const group = flow.nextGroup();
      const captionTop = flow.y;
      const captionStruct: StructRef = { role: 'Caption', group };
      flow.lines(box.caption, x, 13, captionStruct);
      // A chart whose drawn figures changed: the bar beside its caption, the words after it.
      const change = n.changes?.charts[block.chartId];
      if (change) flow.markChange(captionTop, flow.y, flow.y - 13 * 0.28, change, captionStruct);
      flow.y += 4;
      flow.add({ kind: 'chart', chart, x: x + (width - box.w) / 2, y: flow.y, w: box.w, h: box.h, struct: { role: 'Figure', group: flow.nextGroup(), alt: chart.alt } });
      flow.y += box.h + 6;
      for (const lines of box.foot) flow.lines(lines, x, 11, { role: 'Caption', group });
      flow.y += 10;
      return;
    }
    case 'keyFigures':
      keyFigures(flow, n, warn);
      return;
    case 'timeline':
      if (n.timeline.length) tableBlock(flow, headingsOf(n.meta).timelineHead, timelineRows(n), TIMELINE_COLS, n.timeline.map((t) => t.change));
      return;
    case 'people':
      if (n.people.length) tableBlock(flow, headingsOf(n.meta).peopleHead, peopleRows(n), PEOPLE_COLS);
      if (n.organisations.length) tableBlock(flow, headingsOf(n.meta).organisationHead, orgRows(n), ORG_COLS);
      return;
  }
}

const CHANGES_COLS = [0.3, 0.22, 0.24, 0.24];

/**
 * "What changed": one line saying since which edition and how much, then one table row per
 * changed fact, event and chart (old → new, qualifiers and periods as printed, the source of
 * the new figure). With nothing changed the section says so rather than disappearing, so a
 * reader who asked what changed gets an answer. Worded in the edition's language; the heading
 * and column heads in every language of the edition.
 */
function changesSection(flow: Flow, c: Changes, locale: string, headings: EditionHeadings, section: (title: string, dest: string, blocks: readonly Block[]) => void): void {
  const cw = wordsFor(locale).changes;
  const lead = c.rows.length ? cw.lead(c.sinceText, c.summaryText) : cw.nothing(c.sinceText, c.summaryText);
  section(headings.changes, 'changes', [{ type: 'paragraph', inlines: [{ type: 'text', text: lead }] }]);
  if (!c.rows.length) return;
  const rows = c.rows.map((r) => [
    cw.rowLabel(r.what === 'chart' ? cw.chart(r.label) : r.label, cw.kind[r.kind], r.kind === 'changed' || r.kind === 'moved' ? r.detail : ''),
    r.before || '—',
    r.now,
    `${r.kind === 'removed' && r.source ? cw.was : ''}${r.source || '—'}${r.citations.length ? ` ${r.citations.map((n) => `[${n}]`).join('')}` : ''}`,
  ]);
  tableBlock(flow, headings.changesHead, rows, CHANGES_COLS);
}

/** Joins the segments of one block that sit on the same page (a quote and its attribution). */
function mergeSegments(segments: readonly Segment[]): Segment[] {
  const out: Segment[] = [];
  for (const s of segments) {
    const last = out[out.length - 1];
    if (last && last.page === s.page) last.bottom = Math.max(last.bottom, s.bottom);
    else out.push({ ...s });
  }
  return out;
}

/** A tile's period: 8 pt, on up to two lines (the grid grows by a line when any tile needs it). */
const PERIOD: TextStyle = { size: 8, face: REGULAR, color: COLOR.muted };
const PERIOD_LINES = 2;
const PERIOD_LEADING = 10;

interface TileGrid {
  columns: number;
  tileW: number;
  /** The figures' one size. */
  size: number;
  /** Every tile's height: one period line more when a period needs two. */
  tileH: number;
  /** Each tile's period lines, as laid out (before any cut), and the width they were set in. */
  periods: { lines: string[]; width: number; markers: string[] }[];
}

/** Sizes the key-figure tiles: pure, so a heading can keep with them before they are drawn. */
function tileGrid(n: Narrative, width: number): TileGrid {
  const columns = 3;
  const tileW = (width - TILE_GAP * (columns - 1)) / columns;
  // One value size for every tile, so the figures line up and none looks more important.
  let size = 20;
  while (size > 11 && n.keyFigures.some((t) => measure(t.value, size, BOLD) > tileW - 22)) size -= 0.5;
  const periods = n.keyFigures.map((t) => {
    // The citation markers follow the period on its last line, so every line leaves them room.
    const markers = t.citations.map((c) => `[${c}]`);
    const room = tileW - 22 - markers.reduce((w, m) => w + measure(m, PERIOD.size, REGULAR) + 2, 0) - 3;
    if (!fitWidth(t.period, PERIOD.size, REGULAR, room).cut) return { lines: [t.period], width: room, markers };
    // A bilingual period breaks between its languages when each fits a line of its own.
    const join = t.period.lastIndexOf(LANGUAGE_JOIN);
    if (join > 0) {
      const pair = [`${t.period.slice(0, join)}${LANGUAGE_JOIN}`.trimEnd(), t.period.slice(join + LANGUAGE_JOIN.length)];
      if (pair.every((line) => !fitWidth(line, PERIOD.size, REGULAR, room).cut)) return { lines: pair, width: room, markers };
    }
    // Only enough of a long period to know it needs a third line is laid out.
    const head = t.period.length > 2_000 ? t.period.slice(0, 2_000) : t.period;
    const lines = wrapPlain(head, PERIOD, room, PERIOD_LINES).map(lineText);
    return { lines: head.length < t.period.length && lines.length <= PERIOD_LINES ? [...lines, '…'] : lines, width: room, markers };
  });
  const periodLines = Math.min(PERIOD_LINES, Math.max(1, ...periods.map((p) => p.lines.length)));
  return { columns, tileW, size, tileH: TILE_H + (periodLines - 1) * PERIOD_LEADING, periods };
}

function keyFigures(flow: Flow, n: Narrative, warn: Warn): void {
  const x = flow.frame.left;
  const { columns, tileW, size, tileH, periods } = tileGrid(n, flow.contentWidth);
  const rows = Math.ceil(n.keyFigures.length / columns);
  const list = flow.nextGroup();
  for (let r = 0; r < rows; r++) {
    flow.need(tileH);
    for (let c = 0; c < columns; c++) {
      const t = n.keyFigures[r * columns + c];
      if (!t) continue;
      const tx = x + c * (tileW + TILE_GAP);
      const ty = flow.y;
      const group = flow.nextGroup();
      const struct: StructRef = { role: 'LI', group, parent: { role: 'L', group: list } };
      const text = (s: string, at: number, face: typeof REGULAR, sz: number, color: string, link?: Link, offset = 0) => {
        const w = measure(s, sz, face);
        flow.add({ kind: 'text', x: tx + 12 + offset, y: at, text: s, face, size: sz, color, width: w, struct, ...(link ? { link } : {}) });
        return w;
      };
      flow.add({ kind: 'rect', x: tx, y: ty, w: tileW, h: tileH, fill: COLOR.tile, struct: LAYOUT_ARTIFACT });
      flow.add({ kind: 'rect', x: tx, y: ty, w: 3, h: tileH, fill: t.derived ? COLOR.derived : COLOR.accent, struct: LAYOUT_ARTIFACT });
      // Fixed slots (qualifier, value, label, period) so tiles in a row align line for line.
      const cut = (s: string, sz: number, face: typeof REGULAR, width: number, what: string) => fitText(s, sz, face, width, warn, `the ${what} of key figure ${r * columns + c + 1}`, t.origin);
      if (t.qualifier) text(cut(t.qualifier, 8.5, REGULAR, tileW - 22, 'qualifier'), ty + 14, REGULAR, 8.5, COLOR.muted);
      const value = cut(t.value, size, BOLD, tileW - 22, 'figure');
      text(value, ty + 18 + size * 0.8, BOLD, size, COLOR.navy);
      // A changed figure: the bar beside this tile (in the gap before it), the words after the value.
      if (t.change) {
        const bar = changeBar(tx, ty, ty + tileH);
        if (c > 0) bar.x = tx - (TILE_GAP + CHANGE_BAR.w) / 2;
        // The words go in the page margin (a baseline per column, so extracted text never overlaps).
        flow.add(changeWords(t.change, struct, x / 10, x - CHANGE_BAR.gap - CHANGE_BAR.w, ty + 18 + size * 0.8 + c * 3));
        flow.add(bar);
      }
      // Two lines are shown; only enough of a long label to know it needs a third is laid out.
      const label = t.label;
      const head = label.length > 2_000 ? label.slice(0, 2_000) : label;
      const labelLines = wrapPlain(head, { size: 9, face: SEMIBOLD, color: COLOR.text }, tileW - 22, 2);
      const longer = labelLines.length > 2 || head.length < label.length;
      labelLines.slice(0, 2).forEach((line, i) => {
        let s = lineText(line);
        if (i === 1 && longer) {
          s = fitText(`${s}…`, 9, SEMIBOLD, tileW - 22);
          warn('BR312', t.origin, `the label of key figure ${r * columns + c + 1} was longer than two lines and was cut`, 'give the fact a shorter short label');
        }
        text(s, ty + 18 + size + 12 + i * 11, SEMIBOLD, 9, COLOR.text);
      });
      // Period (on one line, or two in a grid that has room for two), then citation markers
      // linked to their source entries; a period longer than two lines is cut and reported.
      const { lines, width: room, markers } = periods[r * columns + c]!;
      const shown = lines.slice(0, PERIOD_LINES);
      const last = shown.length - 1;
      if (lines.length > PERIOD_LINES) {
        shown[last] = fitText(`${shown[last]}…`, PERIOD.size, REGULAR, room);
        warn('BR312', t.origin, `the period of key figure ${r * columns + c + 1} was longer than two lines and was cut`, 'shorten it');
      }
      const baseline = (i: number) => ty + tileH - 9 - (last - i) * PERIOD_LEADING;
      let offset = 0;
      shown.forEach((line, i) => {
        offset = text(cut(line, PERIOD.size, REGULAR, room, 'period'), baseline(i), REGULAR, PERIOD.size, COLOR.muted) + 3;
      });
      t.citations.forEach((c, i) => {
        offset += text(markers[i]!, baseline(last), REGULAR, 8, COLOR.link, { kind: 'anchor', anchor: { kind: 'source', number: c } }, offset) + 2;
      });
    }
    flow.y += tileH + TILE_GAP;
  }
  flow.y += 4;
}

/** Sources: a numbered list whose entries are the targets of the citation markers. */
function sources(flow: Flow, n: Narrative, heading: HeadingFn, destinations: LaidOutDocument['destinations']): void {
  if (!n.sources.length) return;
  const x = flow.frame.left;
  const width = flow.contentWidth;
  const list = flow.nextGroup();
  const entries = n.sources.map((s) => {
    const inlines: Inline[] = [
      { type: 'text', text: `${s.title}. ` },
      ...(s.publisher ? [{ type: 'text' as const, text: `${s.publisher}, ` }] : []),
      { type: 'text', text: `${s.dateText}.` },
      ...(s.url ? [{ type: 'text' as const, text: ' ' }, { type: 'link' as const, text: s.url, url: s.url }] : []),
    ];
    const lines = breakLines(piecesOf(inlines, BODY, PALETTE), width - SOURCE_INDENT);
    const passages = s.quotes.map((q) => wrapPlain(`“${q}”`, PASSAGE, width - SOURCE_INDENT - 8));
    // An entry's number, title and first passage stay together.
    const lead = lines.length * LEADING + (passages[0] ? 13 + Math.min(passages[0].length, 3) * 12 : 0);
    return { s, lines, passages, lead };
  });
  flow.section = flow.nextGroup();
  const headings = headingsOf(n.meta);
  heading(headings.sources, 'sources', 1, entries[0]!.lead);
  for (const { s, lines, passages, lead } of entries) {
    const group = flow.nextGroup();
    flow.need(lead);
    destinations.push({ anchor: { kind: 'source', number: s.number }, page: flow.pages.length - 1, y: flow.y });
    const number = `[${s.number}]`;
    flow.add({ kind: 'text', x, y: flow.y + LEADING * 0.72, text: number, face: SEMIBOLD, size: BODY.size, color: COLOR.navy, width: measure(number, BODY.size, SEMIBOLD), struct: { role: 'Lbl', group, parent: { role: 'L', group: list } } });
    flow.lines(lines, x + SOURCE_INDENT, LEADING, { role: 'LI', group, parent: { role: 'L', group: list } });
    if (passages.length) {
      flow.y += 3;
      flow.need(13 + Math.min(passages[0]!.length, 3) * 12);
      const label = headings.passages;
      flow.add({ kind: 'text', x: x + SOURCE_INDENT, y: flow.y + 9, text: label, face: SEMIBOLD, size: 9, color: COLOR.muted, width: measure(label, 9, SEMIBOLD), struct: { role: 'P', group: flow.nextGroup(), parent: { role: 'LBody', group } } });
      flow.y += 13;
      for (const q of passages) {
        flow.lines(q, x + SOURCE_INDENT + 8, 12, { role: 'BlockQuote', group: flow.nextGroup(), parent: { role: 'LBody', group }, ...(s.lang ? { lang: s.lang } : {}) });
        flow.y += 3;
      }
    }
    flow.y += 8;
  }
  // An edition in another language says what was translated for it (facts carry translations, not new facts).
  if (n.translationNote) {
    const lines = wrapPlain(n.translationNote, { size: 9, face: ITALIC, color: COLOR.muted }, width);
    flow.need(lines.length * 12 + 6);
    flow.gap(4);
    flow.lines(lines, x, 12, { role: 'Note', group: flow.nextGroup() });
  }
}

/** Sets `lang` on the structure of every item added since `mark` (item counts per page). */
function tagLanguage(pages: readonly Page[], mark: readonly number[], lang: string): void {
  pages.forEach((page, i) => {
    for (let k = mark[i] ?? 0; k < page.items.length; k++) {
      const item = page.items[k]!;
      if (item.struct.role !== 'Artifact') item.struct = { ...item.struct, lang };
    }
  });
}

/** Cuts text with an ellipsis so it fits `width`; with `warn`, a cut is reported as `what`. */
export function fitText(text: string, size: number, face: typeof REGULAR, width: number, warn?: Warn, what = '', origin?: Origin): string {
  const fitted = fitWidth(text, size, face, width);
  if (fitted.cut && warn) warn('BR312', origin, `${what} was too long and was cut`, 'shorten it');
  return fitted.text;
}

function drawContents(page: Page, outline: OutlineEntry[], flow: Flow, destinations: LaidOutDocument['destinations'], warn: Warn, contents: string): void {
  const x = flow.frame.left;
  const width = flow.contentWidth;
  const top = flow.frame.top;
  const entries = outline.filter((e) => e.level === 0);
  // Rows tighten when there are many sections, so the contents always fit one page.
  const step = Math.max(12, Math.min(20, (flow.bottomLimit - top - 40) / Math.max(1, entries.length)));
  const list = 1_000_000;
  const size = step < 16 ? 9.5 : 11;
  let y = top + 16;
  page.items.push({ kind: 'text', x, y, text: contents, face: BOLD, size: 16, color: COLOR.navy, width: measure(contents, 16, BOLD), struct: { role: 'H1', group: list - 1 } });
  destinations.push({ anchor: { kind: 'heading', id: 'contents' }, page: CONTENTS_PAGE, y: top });
  y += 18;
  entries.forEach((entry, i) => {
    y += step;
    if (y > flow.bottomLimit) return;
    const number = String(entry.page + 1);
    const numberWidth = measure(number, size, REGULAR);
    const title = fitText(entry.title, size, REGULAR, width - 40, warn, `the contents entry "${entry.title.slice(0, 40)}"`);
    const struct: StructRef = { role: 'LI', group: list + 1 + i, parent: { role: 'L', group: list } };
    page.items.push({ kind: 'text', x, y, text: title, face: REGULAR, size, color: COLOR.text, width: measure(title, size, REGULAR), link: { kind: 'anchor', anchor: entry.anchor }, struct });
    page.items.push({ kind: 'text', x: x + width - numberWidth, y, text: number, face: REGULAR, size, color: COLOR.text, width: numberWidth, link: { kind: 'anchor', anchor: entry.anchor }, struct });
    page.items.push({ kind: 'rect', x, y: y + 5, w: width, h: 0.4, fill: COLOR.rule, struct: LAYOUT_ARTIFACT });
  });
}

function runningHeadAndFoot(pages: Page[], n: Narrative, margins: { top: number; bottom: number; left: number; right: number }, paper: { width: number; height: number }, warn: Warn): void {
  const head: StructRef = { role: 'Artifact', group: 0, artifact: 'Header' };
  const foot: StructRef = { role: 'Artifact', group: 0, artifact: 'Footer' };
  const size = 8.5;
  const total = pages.length;
  const x = margins.left;
  const right = paper.width - margins.right;
  const width = right - x;
  if (total < 2) return;
  // Fitted once (and reported once) for every page.
  const title = fitText(n.meta.title, size, SEMIBOLD, width, warn, 'the title in the running header', n.meta.origins?.title);
  // "Page n of N", in both languages of a bilingual edition, is never cut: the date and
  // classification on the left get what the widest page number leaves.
  const words = headingsOf(n.meta);
  const pageTexts = pages.map((_, i) => words.page(i + 1, total));
  const widest = Math.max(...pageTexts.slice(1).map((t) => measure(t, size, REGULAR)));
  const room = width - widest - FOOT_GAP;
  const footLines = footerLines(n.meta, size, room, warn);
  pages.forEach((page, i) => {
    if (i === 0) return;
    const headY = margins.top - 30;
    page.items.push({ kind: 'text', x, y: headY, text: title, face: SEMIBOLD, size, color: COLOR.muted, width: measure(title, size, SEMIBOLD), struct: head });
    page.items.push({ kind: 'rect', x, y: headY + 6, w: width, h: 0.5, fill: COLOR.rule, struct: head });
    const footY = paper.height - margins.bottom + 30;
    page.items.push({ kind: 'rect', x, y: footY - 12, w: width, h: 0.5, fill: COLOR.rule, struct: foot });
    footLines.forEach((line, k) => page.items.push({ kind: 'text', x, y: footY + k * size * FOOT_LEADING, text: line, face: REGULAR, size, color: COLOR.muted, width: measure(line, size, REGULAR), struct: foot }));
    const pageText = pageTexts[i]!;
    const pw = measure(pageText, size, REGULAR);
    page.items.push({ kind: 'text', x: right - pw, y: footY, text: pageText, face: REGULAR, size, color: COLOR.muted, width: pw, struct: foot });
  });
}

/** Space kept between the footer's left text and the page number. */
const FOOT_GAP = 18;
const FOOT_LEADING = 1.25;

/**
 * The footer's left text: date and classification on one line when they fit `room`, else the
 * date above the classification (a bilingual edition gives each in both languages), each
 * line cut to `room` and reported (BR312) only if it still does not fit.
 */
function footerLines(meta: Narrative['meta'], size: number, room: number, warn: Warn): string[] {
  const one = [meta.dateText, meta.classification].filter(Boolean).join('  ·  ');
  if (!meta.classification || measure(one, size, REGULAR) <= room) return [fitText(one, size, REGULAR, room, warn, 'the date in the page footer')];
  return [fitText(meta.dateText, size, REGULAR, room, warn, 'the date in the page footer'), fitText(meta.classification, size, REGULAR, room, warn, 'the classification in the page footer', meta.origins?.classification)];
}
