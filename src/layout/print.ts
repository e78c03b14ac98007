// Print layout: cover, contents (when long), summary, sections, sources; running header and
// "Page n of N" footer on every page but the cover. Pure function of its inputs.
import { measure } from '../fonts/index.js';
import type { ChartGraphics } from '../charts/model.js';
import type { Block, Inline, Narrative } from '../narrative/model.js';
import { Flow } from './flow.js';
import type { LaidOutDocument, OutlineEntry, Page, StructRef } from './model.js';
import { BOLD, COLOR, ITALIC, PAPER, REGULAR, SEMIBOLD, type Paper } from './theme.js';
import { breakLines, piecesOf, wrapPlain, type TextStyle } from './text.js';
import { tableBlock } from './table.js';

export interface PrintOptions {
  paper?: Paper;
}

const BODY: TextStyle = { size: 10.5, face: REGULAR, color: COLOR.text };
const LEADING = 15;
const PALETTE = { link: COLOR.link, derived: COLOR.derived };

export function layoutPrint(narrative: Narrative, charts: ChartGraphics, options: PrintOptions = {}): LaidOutDocument {
  const first = layoutPass(narrative, charts, options, false);
  // A contents page only pays for itself on longer briefings.
  return first.pages.length > 4 ? layoutPass(narrative, charts, options, true) : first;
}

function layoutPass(narrative: Narrative, charts: ChartGraphics, options: PrintOptions, withContents: boolean): LaidOutDocument {
  const paper = PAPER[options.paper ?? 'a4'];
  const margins = { top: 66, bottom: 62, left: 62, right: 62 };
  const flow = new Flow({ ...paper, ...margins });
  const outline: OutlineEntry[] = [];
  const destinations: LaidOutDocument['destinations'] = [];
  const x = margins.left;
  const width = flow.contentWidth;
  const figureNumber = { n: 0 };

  cover(flow, narrative);
  let contentsPage: Page | undefined;
  if (withContents) {
    flow.newPage();
    contentsPage = flow.page;
  }
  flow.newPage();

  const heading = (text: string, dest: string, level: 1 | 2) => {
    const style: TextStyle = level === 1 ? { size: 16, face: BOLD, color: COLOR.navy } : { size: 12.5, face: SEMIBOLD, color: COLOR.navy };
    const lines = wrapPlain(text, style, width);
    const leading = style.size * 1.25;
    // Keep the heading with at least three lines of what follows.
    flow.need(lines.length * leading + (level === 1 ? 14 : 8) + LEADING * 3);
    flow.gap(level === 1 ? 16 : 8);
    if (level === 1 && !flow.atTop) {
      flow.add({ kind: 'rect', x, y: flow.y - 6, w: width, h: 0.8, fill: COLOR.rule, struct: { role: 'Artifact', group: 0 } });
    }
    outline.push({ title: text, page: flow.pages.length - 1, y: flow.y, level: level - 1, dest });
    destinations.push({ name: dest, page: flow.pages.length - 1, y: flow.y });
    flow.lines(lines, x, leading, { role: level === 1 ? 'H1' : 'H2', group: flow.nextGroup() });
    flow.y += level === 1 ? 6 : 3;
  };

  const renderBlocks = (blocks: readonly Block[]) => {
    for (const block of blocks) renderBlock(flow, block, narrative, charts, figureNumber, heading);
  };

  heading('Summary', 'summary', 1);
  renderBlocks(narrative.summary);
  for (const section of narrative.sections) {
    heading(section.title, section.id, 1);
    renderBlocks(section.blocks);
  }

  // Sources start on a page of their own so the numbered list reads as a reference page.
  flow.newPage();
  heading('Sources', 'sources', 1);
  for (const s of narrative.sources) {
    const group = flow.nextGroup();
    const lineText: Inline[] = [
      { type: 'text', text: `${s.title}. ` },
      ...(s.publisher ? [{ type: 'text' as const, text: `${s.publisher}, ` }] : []),
      { type: 'text', text: `${s.dateText}.` },
      ...(s.url ? [{ type: 'text' as const, text: ' ' }, { type: 'link' as const, text: s.url, url: s.url }] : []),
    ];
    const lines = breakLines(piecesOf(lineText, BODY, PALETTE), width - 26);
    flow.need(lines.length * LEADING + 4);
    destinations.push({ name: `source-${s.number}`, page: flow.pages.length - 1, y: flow.y });
    flow.add({ kind: 'text', x, y: flow.y + LEADING * 0.72, text: `[${s.number}]`, face: SEMIBOLD, size: BODY.size, color: COLOR.navy, width: measure(`[${s.number}]`, BODY.size, SEMIBOLD), struct: { role: 'Lbl', group, parent: { role: 'L', group: -1 } } });
    flow.lines(lines, x + 26, LEADING, { role: 'LI', group, parent: { role: 'L', group: -1 } });
    flow.y += 4;
    const quoteStyle: TextStyle = { size: 9, face: ITALIC, color: COLOR.muted };
    flow.add({ kind: 'text', x: x + 26, y: flow.y + 9, text: 'Passages relied on:', face: SEMIBOLD, size: 9, color: COLOR.muted, width: measure('Passages relied on:', 9, SEMIBOLD), struct: { role: 'P', group: flow.nextGroup() } });
    flow.y += 13;
    for (const q of s.quotes) {
      const qLines = wrapPlain(`“${q}”`, quoteStyle, width - 40);
      flow.lines(qLines, x + 34, 12, { role: 'BlockQuote', group: flow.nextGroup() });
      flow.y += 3;
    }
    flow.y += 8;
  }

  if (contentsPage) drawContents(contentsPage, outline, x, width, margins.top, destinations);
  runningHeadAndFoot(flow.pages, narrative, margins, paper);

  return { kind: 'print', meta: narrative.meta, pages: flow.pages, outline: withContents ? [{ title: 'Contents', page: 1, y: margins.top, level: 0, dest: 'contents' }, ...outline] : outline, destinations, warnings: [], margins };
}

function cover(flow: Flow, n: Narrative): void {
  const { width, height } = flow.frame;
  const x = flow.frame.left;
  const w = flow.contentWidth;
  const artifact: StructRef = { role: 'Artifact', group: 0 };
  flow.add({ kind: 'rect', x: 0, y: 0, w: width, h: height * 0.42, fill: COLOR.band, struct: artifact });
  flow.add({ kind: 'rect', x, y: height * 0.42 - 4, w: 90, h: 8, fill: COLOR.accent, struct: artifact });
  let y = 110;
  const label = (text: string, size: number, face = REGULAR, color: string = COLOR.white, role: StructRef['role'] = 'P') => {
    const style: TextStyle = { size, face, color };
    const group = flow.nextGroup();
    for (const line of wrapPlain(text, style, w)) {
      y += size * 1.18;
      flow.add({ kind: 'text', x, y, text: line.pieces.map((p, i) => (i ? ' ' : '') + p.text).join(''), face, size, color, width: line.width, struct: { role, group } });
    }
  };
  label('BRIEFING', 11, SEMIBOLD, '#9fc3e6');
  y += 10;
  label(n.meta.title, 30, BOLD, COLOR.white, 'Title');
  y = height * 0.42 + 40;
  if (n.meta.subtitle) label(n.meta.subtitle, 15, REGULAR, COLOR.navy);
  y += 22;
  label(n.meta.dateText, 12, SEMIBOLD, COLOR.text);
  if (n.meta.organisation) label(n.meta.organisation, 12, REGULAR, COLOR.muted);
  if (n.meta.author) label(n.meta.author, 12, REGULAR, COLOR.muted);
  if (n.meta.classification) {
    const size = 10;
    const text = n.meta.classification.toUpperCase();
    const tw = measure(text, size, SEMIBOLD);
    const by = height - flow.frame.bottom - 10;
    flow.add({ kind: 'rect', x, y: by - 15, w: tw + 20, h: 22, stroke: COLOR.navy, lineWidth: 1, struct: artifact });
    flow.add({ kind: 'text', x: x + 10, y: by, text, face: SEMIBOLD, size, color: COLOR.navy, width: tw, struct: { role: 'P', group: flow.nextGroup() } });
  }
}

function renderBlock(
  flow: Flow,
  block: Block,
  n: Narrative,
  charts: ChartGraphics,
  figureNumber: { n: number },
  heading: (text: string, dest: string, level: 1 | 2) => void,
): void {
  const x = flow.frame.left;
  const width = flow.contentWidth;
  switch (block.type) {
    case 'heading':
      heading(block.text, `h-${flow.nextGroup()}`, block.level === 1 ? 1 : 2);
      return;
    case 'paragraph': {
      const lines = breakLines(piecesOf(block.inlines, BODY, PALETTE), width);
      flow.lines(lines, x, LEADING, { role: 'P', group: flow.nextGroup() });
      flow.y += 7;
      return;
    }
    case 'note': {
      const style: TextStyle = { size: 9, face: ITALIC, color: COLOR.muted };
      const lines = breakLines(piecesOf(block.inlines, style, PALETTE), width - 16);
      flow.need(lines.length * 12.5 + 10);
      flow.add({ kind: 'rect', x, y: flow.y, w: 2, h: lines.length * 12.5 + 2, fill: COLOR.rule, struct: { role: 'Artifact', group: 0 } });
      flow.lines(lines, x + 10, 12.5, { role: 'Note', group: flow.nextGroup() });
      flow.y += 8;
      return;
    }
    case 'list': {
      const list = flow.nextGroup();
      for (const item of block.items) {
        const lines = breakLines(piecesOf(item, BODY, PALETTE), width - 16);
        const group = flow.nextGroup();
        flow.need(Math.min(lines.length, 2) * LEADING);
        const page = flow.pages.length;
        const y0 = flow.y;
        flow.lines(lines, x + 16, LEADING, { role: 'LI', group, parent: { role: 'L', group: list } });
        // The bullet goes beside the item's first line, on whichever page that landed.
        const firstItem = flow.pages[page - 1]!.items.find((i) => i.kind === 'text' && i.struct.group === group);
        const baseline = firstItem && firstItem.kind === 'text' ? firstItem.y : y0 + LEADING * 0.72;
        flow.pages[page - 1]!.items.push({ kind: 'text', x: x + 4, y: baseline, text: '•', face: BOLD, size: BODY.size, color: COLOR.accent, width: measure('•', BODY.size, BOLD), struct: { role: 'Lbl', group, parent: { role: 'L', group: list } } });
        flow.y += 3;
      }
      flow.y += 5;
      return;
    }
    case 'quote': {
      const style: TextStyle = { size: 11.5, face: ITALIC, color: COLOR.navy };
      const lines = breakLines(piecesOf(block.inlines, style, PALETTE), width - 36);
      const attribution = block.attribution ? breakLines(piecesOf([{ type: 'text', text: '— ' }, ...block.attribution], { size: 9.5, face: SEMIBOLD, color: COLOR.muted }, PALETTE), width - 36) : [];
      const height = lines.length * 16 + attribution.length * 13 + 12;
      flow.need(height);
      flow.gap(4);
      flow.add({ kind: 'rect', x: x + 8, y: flow.y, w: 3, h: height - 8, fill: COLOR.accent, struct: { role: 'Artifact', group: 0 } });
      const group = flow.nextGroup();
      flow.lines(lines, x + 24, 16, { role: 'BlockQuote', group });
      flow.y += 2;
      if (attribution.length) flow.lines(attribution, x + 24, 13, { role: 'BlockQuote', group });
      flow.y += 10;
      return;
    }
    case 'chart': {
      const chart = charts.get(block.chartId);
      if (!chart) throw new Error(`chart ${block.chartId} was not rendered`);
      figureNumber.n += 1;
      const caption = wrapPlain(`Figure ${figureNumber.n}. ${chart.title}`, { size: 10, face: SEMIBOLD, color: COLOR.navy }, width);
      const footText = [chart.note, chart.sourceLine].filter((t): t is string => !!t);
      const foot = footText.map((t) => wrapPlain(t, { size: 8.5, face: REGULAR, color: COLOR.muted }, width));
      const scale = Math.min(1, width / chart.list.width);
      const w = chart.list.width * scale;
      const h = chart.list.height * scale;
      const total = caption.length * 13 + 6 + h + 6 + foot.reduce((s, l) => s + l.length * 11, 0) + 10;
      flow.need(total);
      flow.gap(6);
      const group = flow.nextGroup();
      flow.lines(caption, x, 13, { role: 'Caption', group });
      flow.y += 4;
      flow.add({ kind: 'chart', chartId: chart.id, x: x + (width - w) / 2, y: flow.y, w, h, struct: { role: 'Figure', group: flow.nextGroup(), alt: chart.alt } });
      flow.y += h + 6;
      for (const lines of foot) flow.lines(lines, x, 11, { role: 'Caption', group });
      flow.y += 10;
      return;
    }
    case 'keyFigures':
      keyFigures(flow, n);
      return;
    case 'timeline':
      tableBlock(flow, ['Date', 'Event', 'Places'], n.timeline.map((t) => [t.dateText, `${t.title}. ${t.what}${t.note ? ` (${t.note})` : ''}`, t.placesText || '—']), [0.2, 0.58, 0.22]);
      return;
    case 'people':
      tableBlock(flow, ['Name', 'Role', 'Organisation'], n.people.map((p) => [p.name, p.role, p.organisation ?? '—']), [0.25, 0.4, 0.35]);
      if (n.organisations.length) {
        tableBlock(flow, ['Organisation', 'Type', 'Description'], n.organisations.map((o) => [o.name, o.kind, o.description ?? '—']), [0.35, 0.15, 0.5]);
      }
      return;
  }
}

function keyFigures(flow: Flow, n: Narrative): void {
  const x = flow.frame.left;
  const width = flow.contentWidth;
  const columns = 3;
  const gap = 10;
  const tileW = (width - gap * (columns - 1)) / columns;
  const tileH = 84;
  const rows = Math.ceil(n.keyFigures.length / columns);
  const table = flow.nextGroup();
  for (let r = 0; r < rows; r++) {
    flow.need(tileH + gap);
    for (let c = 0; c < columns; c++) {
      const t = n.keyFigures[r * columns + c];
      if (!t) continue;
      const tx = x + c * (tileW + gap);
      const ty = flow.y;
      const group = flow.nextGroup();
      const struct: StructRef = { role: 'P', group, parent: { role: 'L', group: table } };
      flow.add({ kind: 'rect', x: tx, y: ty, w: tileW, h: tileH, fill: COLOR.tile, struct: { role: 'Artifact', group: 0 } });
      flow.add({ kind: 'rect', x: tx, y: ty, w: 3, h: tileH, fill: t.derived ? COLOR.derived : COLOR.accent, struct: { role: 'Artifact', group: 0 } });
      let y = ty + 16;
      if (t.qualifier) {
        flow.add({ kind: 'text', x: tx + 12, y, text: t.qualifier, face: REGULAR, size: 8.5, color: COLOR.muted, width: measure(t.qualifier, 8.5, REGULAR), struct });
      }
      // The value shrinks to fit the tile rather than overflow it.
      let size = 20;
      while (size > 10 && measure(t.value, size, BOLD) > tileW - 20) size -= 1;
      y += size + 2;
      flow.add({ kind: 'text', x: tx + 12, y, text: t.value, face: BOLD, size, color: COLOR.navy, width: measure(t.value, size, BOLD), struct });
      const labelLines = wrapPlain(t.label + (t.derived ? ' (derived)' : ''), { size: 9, face: SEMIBOLD, color: COLOR.text }, tileW - 20).slice(0, 2);
      for (const line of labelLines) {
        y += 11.5;
        const text = line.pieces.map((p) => p.text).join(' ');
        flow.add({ kind: 'text', x: tx + 12, y, text, face: SEMIBOLD, size: 9, color: COLOR.text, width: line.width, struct });
      }
      const period = `${t.period} [${t.citations.join(', ')}]`;
      const periodText = fitText(period, 8, REGULAR, tileW - 20);
      flow.add({ kind: 'text', x: tx + 12, y: ty + tileH - 8, text: periodText, face: REGULAR, size: 8, color: COLOR.muted, width: measure(periodText, 8, REGULAR), struct });
    }
    flow.y += tileH + gap;
  }
  flow.y += 4;
}

/** Cuts text with an ellipsis so it fits `width`. */
export function fitText(text: string, size: number, face: typeof REGULAR, width: number): string {
  if (measure(text, size, face) <= width) return text;
  let cut = text;
  while (cut.length > 1 && measure(`${cut}…`, size, face) > width) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

function drawContents(page: Page, outline: OutlineEntry[], x: number, width: number, top: number, destinations: LaidOutDocument['destinations']): void {
  let y = top + 20;
  const group = 1_000_000;
  page.items.push({ kind: 'text', x, y, text: 'Contents', face: BOLD, size: 16, color: COLOR.navy, width: measure('Contents', 16, BOLD), struct: { role: 'H1', group } });
  destinations.push({ name: 'contents', page: 1, y: top });
  y += 18;
  outline.forEach((entry, i) => {
    if (entry.level > 0) return;
    y += 20;
    const number = String(entry.page + 1);
    const numberWidth = measure(number, 11, REGULAR);
    const title = fitText(entry.title, 11, REGULAR, width - 40);
    const struct: StructRef = { role: 'LI', group: group + 1 + i, parent: { role: 'L', group } };
    page.items.push({ kind: 'text', x, y, text: title, face: REGULAR, size: 11, color: COLOR.text, width: measure(title, 11, REGULAR), link: { dest: entry.dest }, struct });
    page.items.push({ kind: 'text', x: x + width - numberWidth, y, text: number, face: REGULAR, size: 11, color: COLOR.text, width: numberWidth, link: { dest: entry.dest }, struct });
    page.items.push({ kind: 'rect', x, y: y + 5, w: width, h: 0.4, fill: COLOR.rule, struct: { role: 'Artifact', group: 0 } });
  });
}

function runningHeadAndFoot(pages: Page[], n: Narrative, margins: { top: number; bottom: number; left: number; right: number }, paper: { width: number; height: number }): void {
  const artifact: StructRef = { role: 'Artifact', group: 0 };
  const size = 8.5;
  const total = pages.length;
  const x = margins.left;
  const right = paper.width - margins.right;
  const width = right - x;
  pages.forEach((page, i) => {
    if (i === 0) return;
    const headY = margins.top - 30;
    const title = fitText(n.meta.title, size, SEMIBOLD, width);
    page.items.push({ kind: 'text', x, y: headY, text: title, face: SEMIBOLD, size, color: COLOR.muted, width: measure(title, size, SEMIBOLD), struct: artifact });
    page.items.push({ kind: 'rect', x, y: headY + 6, w: width, h: 0.5, fill: COLOR.rule, struct: artifact });
    const footY = paper.height - margins.bottom + 30;
    page.items.push({ kind: 'rect', x, y: footY - 12, w: width, h: 0.5, fill: COLOR.rule, struct: artifact });
    const left = [n.meta.dateText, n.meta.classification].filter(Boolean).join('  ·  ');
    const leftText = fitText(left, size, REGULAR, width * 0.7);
    page.items.push({ kind: 'text', x, y: footY, text: leftText, face: REGULAR, size, color: COLOR.muted, width: measure(leftText, size, REGULAR), struct: artifact });
    const pageText = `Page ${i + 1} of ${total}`;
    const pw = measure(pageText, size, REGULAR);
    page.items.push({ kind: 'text', x: right - pw, y: footY, text: pageText, face: REGULAR, size, color: COLOR.muted, width: pw, struct: artifact });
  });
}
