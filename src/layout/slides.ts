// Slide layout: 16:9 pages, one per slide. Text is fitted, never overflowing: a headline
// shrinks to a minimum size, then wraps, then is cut with an ellipsis and reported.
import { measure } from '../fonts/index.js';
import type { ChartGraphics } from '../charts/model.js';
import type { Inline, Narrative, Slide } from '../narrative/model.js';
import type { Item, LaidOutDocument, Page, StructRef } from './model.js';
import { BOLD, COLOR, REGULAR, SEMIBOLD, SLIDE } from './theme.js';
import { breakLines, piecesOf, runsOf, type Line, type TextStyle } from './text.js';

const M = { top: 36, bottom: 40, left: 48, right: 48 };
/** Body text is never set smaller than this (projected and phone reading). */
export const MIN_BODY = 18;
const PALETTE = { link: COLOR.link, derived: COLOR.derived };

interface Fitted {
  lines: Line[];
  size: number;
  cut: boolean;
}

/** Finds the largest size in [min, max] at which `inlines` fits `maxLines` lines; else cuts. */
export function fitInlines(inlines: readonly Inline[], style: TextStyle, width: number, maxLines: number, min: number): Fitted {
  for (let size = style.size; size >= min; size -= 1) {
    const lines = breakLines(piecesOf(inlines, { ...style, size }, PALETTE), width);
    if (lines.length <= maxLines) return { lines, size, cut: false };
  }
  const lines = breakLines(piecesOf(inlines, { ...style, size: min }, PALETTE), width).slice(0, maxLines);
  const last = lines[lines.length - 1];
  if (last) {
    // Drop words from the last line until an ellipsis fits.
    while (last.pieces.length > 1 && last.width + measure('…', min, style.face) > width) {
      const removed = last.pieces.pop()!;
      last.width -= removed.width + (last.pieces[last.pieces.length - 1]?.space ?? 0);
    }
    const tail = last.pieces[last.pieces.length - 1]!;
    tail.text = `${tail.text}…`;
    tail.width = measure(tail.text, tail.size, tail.face);
    last.width = last.pieces.reduce((w, p, i) => w + p.width + (i < last.pieces.length - 1 ? p.space : 0), 0);
    while (last.width > width && tail.text.length > 1) {
      tail.text = `${tail.text.slice(0, -2)}…`;
      tail.width = measure(tail.text, tail.size, tail.face);
      last.width = last.pieces.reduce((w, p, i) => w + p.width + (i < last.pieces.length - 1 ? p.space : 0), 0);
    }
  }
  return { lines, size: min, cut: true };
}

const plain = (text: string): Inline[] => [{ type: 'text', text }];

export function layoutSlides(n: Narrative, charts: ChartGraphics): LaidOutDocument {
  const pages: Page[] = [];
  const warnings: string[] = [];
  const outline: LaidOutDocument['outline'] = [];
  let group = 0;
  const agenda = n.slides.filter((s) => s.kind !== 'title' && s.kind !== 'agenda').map((s) => s.title);

  n.slides.forEach((slide, index) => {
    const page: Page = { width: SLIDE.width, height: SLIDE.height, items: [] };
    pages.push(page);
    outline.push({ title: slide.title || `Slide ${index + 1}`, page: index, y: 0, level: 0, dest: `slide-${index + 1}` });
    const add = (item: Item) => page.items.push(item);
    const text = (lines: Line[], x: number, top: number, leading: number, struct: StructRef) => {
      let y = top;
      for (const line of lines) {
        y += leading;
        for (const run of runsOf(line, x)) add({ kind: 'text', x: run.x, y: y - leading * 0.25 - run.piece.rise, text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct, ...(run.piece.link ? { link: run.piece.link } : {}) });
      }
      return y;
    };
    const fit = (inlines: readonly Inline[], style: TextStyle, width: number, maxLines: number, min: number, what: string) => {
      const f = fitInlines(inlines, style, width, maxLines, min);
      if (f.cut) warnings.push(`slide ${index + 1} (${slide.title}): ${what} was too long and was cut`);
      return f;
    };
    const width = SLIDE.width - M.left - M.right;
    const artifact: StructRef = { role: 'Artifact', group: 0 };

    if (slide.kind === 'title') {
      add({ kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: SLIDE.height, fill: COLOR.band, struct: artifact });
      add({ kind: 'rect', x: M.left, y: 300, w: 110, h: 8, fill: COLOR.accent, struct: artifact });
      const title = fit(plain(slide.title), { size: 40, face: BOLD, color: COLOR.white }, width, 3, 28, 'the title');
      const bottom = text(title.lines, M.left, 296 - title.lines.length * title.size * 1.15, title.size * 1.15, { role: 'H1', group: ++group });
      void bottom;
      const sub = slide.bullets.flat();
      if (sub.length) {
        const f = fit(sub, { size: 22, face: REGULAR, color: '#dbe7f5' }, width, 3, MIN_BODY, 'the subtitle');
        text(f.lines, M.left, 322, f.size * 1.3, { role: 'P', group: ++group });
      }
      const line = [n.meta.dateText, n.meta.organisation, n.meta.classification].filter(Boolean).join('  ·  ');
      const f = fit(plain(line), { size: 18, face: SEMIBOLD, color: '#9fc3e6' }, width, 1, MIN_BODY, 'the date line');
      text(f.lines, M.left, SLIDE.height - 90, 24, { role: 'P', group: ++group });
      return;
    }

    // Title bar.
    add({ kind: 'rect', x: 0, y: 0, w: SLIDE.width, h: 6, fill: COLOR.accent, struct: artifact });
    const title = fit(plain(slide.title), { size: 30, face: BOLD, color: COLOR.navy }, width, 1, 22, 'the title');
    let y = text(title.lines, M.left, M.top - 6, title.size * 1.2, { role: 'H1', group: ++group });
    if (slide.headline) {
      const f = fit(slide.headline, { size: 24, face: SEMIBOLD, color: COLOR.accent }, width, 2, 20, 'the headline');
      y = text(f.lines, M.left, y + 4, f.size * 1.22, { role: 'P', group: ++group });
    }
    y += 14;
    const bottom = SLIDE.height - M.bottom - 26;
    const area = { x: M.left, y, w: width, h: bottom - y };

    switch (slide.kind) {
      case 'agenda':
        bulletList(agenda.map((t, i) => plain(`${i + 1}.  ${t}`)), area, false);
        break;
      case 'keyFigures':
        keyFigures(area);
        break;
      case 'chart':
        chartBox(slide, area);
        break;
      case 'timeline':
        bulletList(n.timeline.map((t) => plain(`${t.dateText}: ${t.title} (${t.placesText || '—'})`)), area, true);
        break;
      case 'sources':
        bulletList(n.sources.map((s) => plain(`[${s.number}] ${s.title}${s.publisher ? `, ${s.publisher}` : ''}, ${s.dateText}${s.url ? ` ${s.url}` : ''}`)), area, false);
        break;
      default:
        bulletList(slide.bullets, area, true);
    }

    // Footer: source line and slide number on every slide.
    const foot = SLIDE.height - 18;
    add({ kind: 'rect', x: M.left, y: foot - 18, w: width, h: 0.6, fill: COLOR.rule, struct: artifact });
    const sourceText = slide.sourceLine || (n.sources[0] ? `Source: ${n.sources.map((s) => s.title).join('; ')}` : '');
    const numberText = `${index + 1} / ${n.slides.length}`;
    const nw = measure(numberText, 12, SEMIBOLD);
    const src = fitInlines(plain(sourceText), { size: 12, face: REGULAR, color: COLOR.muted }, width - nw - 20, 1, 10);
    text(src.lines, M.left, foot - 15, 14, artifact);
    add({ kind: 'text', x: SLIDE.width - M.right - nw, y: foot, text: numberText, face: SEMIBOLD, size: 12, color: COLOR.muted, width: nw, struct: artifact });

    function bulletList(items: readonly Inline[][], box: typeof area, bullets: boolean): void {
      // Shrink the whole list until it fits; below the minimum, drop what does not fit and say so.
      let size = 24;
      let laid: Line[][] = [];
      const indent = bullets ? 26 : 0;
      const measureAll = (s: number) => items.map((item) => breakLines(piecesOf(item, { size: s, face: REGULAR, color: COLOR.text }, PALETTE), box.w - indent));
      const heightOf = (ls: Line[][], s: number) => ls.reduce((h, l) => h + l.length * s * 1.25 + s * 0.45, 0);
      for (; size >= MIN_BODY; size -= 1) {
        laid = measureAll(size);
        if (heightOf(laid, size) <= box.h) break;
      }
      if (size < MIN_BODY) {
        size = MIN_BODY;
        laid = measureAll(size);
      }
      const list = ++group;
      let cy = box.y;
      let shown = 0;
      for (const lines of laid) {
        const h = lines.length * size * 1.25;
        if (cy + h > box.y + box.h) break;
        const g = ++group;
        if (bullets) add({ kind: 'rect', x: box.x + 4, y: cy + size * 0.55, w: 8, h: 8, fill: COLOR.accent, struct: artifact });
        cy = text(lines, box.x + indent, cy, size * 1.25, { role: 'LI', group: g, parent: { role: 'L', group: list } }) + size * 0.45;
        shown++;
      }
      if (shown < items.length) warnings.push(`slide ${index + 1} (${slide.title}): ${items.length - shown} of ${items.length} items did not fit and were left out`);
    }

    function keyFigures(box: typeof area): void {
      const tiles = n.keyFigures.slice(0, 4);
      const gap = 18;
      const cols = Math.max(tiles.length, 1);
      const w = (box.w - gap * (cols - 1)) / cols;
      const h = Math.min(box.h, 230);
      tiles.forEach((t, i) => {
        const x = box.x + i * (w + gap);
        const g = ++group;
        const struct: StructRef = { role: 'P', group: g };
        add({ kind: 'rect', x, y: box.y, w, h, fill: COLOR.tile, struct: artifact });
        add({ kind: 'rect', x, y: box.y, w, h: 5, fill: t.derived ? COLOR.derived : COLOR.accent, struct: artifact });
        let ty = box.y + 34;
        if (t.qualifier) add({ kind: 'text', x: x + 16, y: ty, text: t.qualifier, face: REGULAR, size: 18, color: COLOR.muted, width: measure(t.qualifier, 18, REGULAR), struct });
        const v = fitInlines(plain(t.value), { size: 40, face: BOLD, color: COLOR.navy }, w - 32, 2, 22);
        ty = text(v.lines, x + 16, ty + 4, v.size * 1.1, struct);
        const l = fitInlines(plain(t.label), { size: 18, face: SEMIBOLD, color: COLOR.text }, w - 32, 3, MIN_BODY);
        ty = text(l.lines, x + 16, ty + 6, 22, struct);
        const p = fitInlines(plain(t.period), { size: 18, face: REGULAR, color: COLOR.muted }, w - 32, 1, MIN_BODY);
        text(p.lines, x + 16, ty + 2, 22, struct);
      });
    }

    function chartBox(s: Slide, box: typeof area): void {
      const chart = s.chartId ? charts.get(s.chartId) : undefined;
      if (!chart) return;
      const caption = `${chart.title}${chart.unitCaption ? ` (${chart.unitCaption})` : ''}`;
      const c = fitInlines(plain(caption), { size: 18, face: SEMIBOLD, color: COLOR.muted }, box.w, 1, MIN_BODY);
      const top = text(c.lines, box.x, box.y - 6, 22, { role: 'Caption', group: ++group });
      const noteLines = chart.note ? fitInlines(plain(chart.note), { size: 14, face: REGULAR, color: COLOR.derived }, box.w, 2, 12) : undefined;
      const noteH = noteLines ? noteLines.lines.length * 17 + 4 : 0;
      const availH = box.y + box.h - top - 6 - noteH;
      const scale = Math.min(box.w / chart.list.width, availH / chart.list.height);
      const w = chart.list.width * scale;
      const h = chart.list.height * scale;
      add({ kind: 'chart', chartId: chart.id, x: box.x + (box.w - w) / 2, y: top + 4, w, h, struct: { role: 'Figure', group: ++group, alt: chart.alt } });
      if (noteLines) text(noteLines.lines, box.x, top + 6 + h, 17, { role: 'Caption', group: ++group });
    }
  });

  return { kind: 'slides', meta: n.meta, pages, outline, destinations: outline.map((o) => ({ name: o.dest, page: o.page, y: 0 })), warnings, margins: M };
}
