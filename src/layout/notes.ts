// Speaker notes: one A4 page per deck page, showing that slide in a frame (drawn again from
// the slide layout's own items, scaled, so the thumbnail can never differ from the deck) with
// the slide's notes below it.
import { measure } from '../fonts/index.js';
import { headingsOf } from '../format/index.js';
import type { ChartGraphics } from '../graphics/index.js';
import type { Inline, Narrative } from '../narrative/index.js';
import type { Item, LaidOutDocument, OutlineEntry, Page, StructRef } from './model.js';
import { composeDeck, fitInlines } from './slides.js';
import { BOLD, COLOR, PAPER, REGULAR, SEMIBOLD, SLIDE, type Paper } from './theme.js';
import { placeLines } from './place.js';
import { breakLines, fitWidth, piecesOf, type Line } from './text.js';
import { warner } from './warn.js';

const M = { top: 48, bottom: 48, left: 56, right: 56 };
const NOTE = { size: 13, min: 10, lead: 1.4 };
const PALETTE = { link: COLOR.link, derived: COLOR.derived };

export interface NotesOptions {
  paper?: Paper;
}

export function layoutNotes(n: Narrative, charts: ChartGraphics, options: NotesOptions = {}): LaidOutDocument {
  const deck = composeDeck(n, charts);
  const paper = PAPER[options.paper ?? 'a4'];
  const width = paper.width - M.left - M.right;
  const warnings = [...deck.document.warnings];
  const warn = warner(n.meta, warnings);
  const pages: Page[] = [];
  const outline: OutlineEntry[] = [];
  const artifact: StructRef = { role: 'Artifact', group: 0 };
  let group = 0;
  const total = deck.sheets.length;
  // The tool's own words, in both languages of a bilingual edition.
  const words = headingsOf(n.meta);

  deck.sheets.forEach((sheet, i) => {
    const page: Page = { width: paper.width, height: paper.height, items: [] };
    pages.push(page);
    const add = (item: Item) => page.items.push(item);
    // Web links stay; jumps into the deck have nowhere to go in the notes.
    const text = (lines: Line[], x: number, top: number, leading: number, struct: StructRef): number => placeLines(lines, x, top, leading, struct, add, (link) => link.kind === 'url');

    // Running header and page number: furniture.
    const number = `${i + 1} / ${total}`;
    const nw = measure(number, 9, SEMIBOLD);
    const clipped = clipTo(`${n.meta.title} · ${words.speakerNotes}`, width - nw - 20, 9);
    const header = clipped.text;
    if (clipped.cut && i === 0) warn('BR313', n.meta.origins?.title, 'the title in the speaker notes header was too long and was cut', 'shorten the title');
    add({ kind: 'text', x: M.left, y: M.top - 18, text: header, face: REGULAR, size: 9, color: COLOR.muted, width: measure(header, 9, REGULAR), struct: artifact });
    add({ kind: 'text', x: paper.width - M.right - nw, y: M.top - 18, text: number, face: SEMIBOLD, size: 9, color: COLOR.muted, width: nw, struct: artifact });

    // Heading: which slide this is.
    const heading = words.slideHeading(i + 1, sheet.title);
    const fitted = fitInlines([{ type: 'text', text: heading }], { size: 16, face: BOLD, color: COLOR.navy }, width, 3, 14);
    if (fitted.cut) warn('BR313', sheet.slide.origin, `notes page ${i + 1} (${sheet.title}): the heading was too long and was cut`, 'shorten the slide title');
    let y = text(fitted.lines, M.left, M.top - 4, fitted.size * 1.25, { role: 'H1', group: ++group });
    outline.push({ title: heading, page: i, y: M.top, level: 0, anchor: { kind: 'heading', id: `notes-${i + 1}` } });

    // The slide itself, scaled into a frame.
    y += 12;
    const scale = width / SLIDE.width;
    const frameH = SLIDE.height * scale;
    const figure: StructRef = { role: 'Figure', group: ++group, alt: heading };
    for (const item of sheet.page.items) add(scaled(item, scale, M.left, y, item.struct.role === 'Artifact' ? artifact : figure));
    add({ kind: 'rect', x: M.left, y, w: width, h: frameH, stroke: COLOR.rule, lineWidth: 0.75, struct: artifact });
    y += frameH + 28;

    // The notes, shrinking to fit the rest of the page, cut (and reported) below NOTE.min.
    const notes: Inline[][] = sheet.continued ? [[{ type: 'text', text: words.continuedFromSlide(i + 1 - countBack(deck.sheets, i)), italic: true }]] : sheet.slide.notes.length ? sheet.slide.notes : [[{ type: 'text', text: words.noNotes, italic: true }]];
    const bottom = paper.height - M.bottom;
    const indent = 16;
    const measureAll = (s: number) => notes.map((item) => breakLines(piecesOf(item, { size: s, face: REGULAR, color: COLOR.text }, PALETTE), width - indent));
    const heightOf = (laid: Line[][], s: number) => laid.reduce((h, lines) => h + lines.length * s * NOTE.lead + s * 0.6, 0);
    let size = NOTE.size;
    let laid = measureAll(size);
    while (size > NOTE.min && heightOf(laid, size) > bottom - y) laid = measureAll(--size);
    const list = ++group;
    let cut = false;
    for (const lines of laid) {
      const lead = size * NOTE.lead;
      const room = Math.floor((bottom - y) / lead);
      if (room <= 0) {
        cut = true;
        break;
      }
      const kept = lines.slice(0, room);
      if (kept.length < lines.length) {
        const last = kept[kept.length - 1]!;
        const tail = last.pieces[last.pieces.length - 1]!;
        tail.text = `${tail.text}…`;
        tail.width = measure(tail.text, tail.size, tail.face);
      }
      add({ kind: 'rect', x: M.left + 2, y: y + lead * 0.78 - size * 0.4, w: size * 0.32, h: size * 0.32, fill: COLOR.accent, struct: artifact });
      y = text(kept, M.left + indent, y, lead, { role: 'LI', group: ++group, parent: { role: 'L', group: list } }) + size * 0.6;
      if (kept.length < lines.length) {
        cut = true;
        break;
      }
    }
    if (cut) warn('BR313', sheet.slide.origin, `notes page ${i + 1} (${sheet.title}): the notes were too long and were cut`, 'shorten the slide\'s {{#notes}}');
  });

  return {
    kind: 'notes',
    meta: { ...n.meta, title: `${n.meta.title} – ${words.speakerNotes}` },
    pages,
    outline,
    destinations: outline.map((o) => ({ anchor: o.anchor, page: o.page, y: o.y })),
    warnings,
    margins: M,
  };
}

/** An item of the slide moved into the frame at (ox, oy) and scaled; links are dropped. */
function scaled(item: Item, k: number, ox: number, oy: number, struct: StructRef): Item {
  const x = ox + item.x * k;
  const y = oy + item.y * k;
  switch (item.kind) {
    case 'text':
      return { kind: 'text', x, y, text: item.text, face: item.face, size: item.size * k, color: item.color, width: item.width * k, struct };
    case 'rect':
      return { ...item, x, y, w: item.w * k, h: item.h * k, ...(item.lineWidth !== undefined ? { lineWidth: item.lineWidth * k } : {}), struct };
    case 'chart':
      return { ...item, x, y, w: item.w * k, h: item.h * k, struct };
  }
}

/** How many pages back the first page of this slide is. */
function countBack(sheets: readonly { slideIndex: number }[], i: number): number {
  let k = 0;
  while (i - k - 1 >= 0 && sheets[i - k - 1]!.slideIndex === sheets[i]!.slideIndex) k++;
  return k;
}

function clipTo(text: string, width: number, size: number): { text: string; cut: boolean } {
  return fitWidth(text, size, REGULAR, width);
}
