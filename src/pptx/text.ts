// Text: the laid-out runs of a slide gathered back into editable text boxes, one per text
// block (a title, a paragraph, a whole list, a footer line), never one per line. Runs keep
// their face, size, colour and links; the layout's line breaks become ordinary spaces so
// PowerPoint re-wraps the text in a box as wide as the layout's lines when it is edited.
import { CJK_FAMILY, FAMILY, hasCjk, type FontFace } from '../fonts/index.js';
import type { Item, Link, Page, TextItem } from '../layout/index.js';

/** One run of text in a paragraph. */
export interface Run {
  text: string;
  face: FontFace;
  size: number;
  color: string;
  link?: Link;
  /** Raised citation marker. */
  superscript: boolean;
  /** The run's language when it is not the deck's (a bilingual edition's second language). */
  lang?: string;
}

export interface Paragraph {
  runs: Run[];
  /** Line pitch in points. */
  leading: number;
  /** Space above the paragraph, in points (the gap the layout left between list items). */
  spaceBefore: number;
  /** A list marker ("1", "[2]") set before the text, with a hanging indent of `indent`. */
  marker?: Run;
  /** Bullet: a filled square in `color` hanging `indent` points left of the text. */
  bullet?: { color: string };
  indent: number;
}

export interface TextBox {
  x: number;
  y: number;
  w: number;
  h: number;
  paragraphs: Paragraph[];
  /** The slide's title (goes into the title placeholder). */
  title: boolean;
  /** Furniture: footer source line or slide number. */
  artifact: boolean;
  /** The box is the slide number: written as a slide-number field. */
  pageNumber: boolean;
  /** Right-aligned (the slide number). */
  alignRight: boolean;
}

/**
 * The East Asian font slot (`ea`) of every run, so Chinese text gets a CJK face rather than
 * boxes where the Latin face has no such glyphs: the same Noto Sans SC face the PDFs embed
 * (src/fonts), by the family name its files carry (Google Fonts' static Noto Sans SC).
 */
export const EAST_ASIAN_FAMILY = CJK_FAMILY;

/** The Latin typeface name of a face: the family, or its semibold family ("… Semibold"). */
export function typeface(face: FontFace): string {
  return face.weight === 'semibold' ? `${FAMILY} Semibold` : FAMILY;
}

const HAN = /[\p{Script=Han}\u3000-\u30ff\uff00-\uffef]/u;
const AMBIGUOUS = /[\u00b7\u2018\u2019\u201c\u201d\u2014\u2026]/u;
const OTHER = /[^\s\p{Script=Han}\u3000-\u30ff\uff00-\uffef]/u;

/** Places in `text` where a Han character, kana or CJK punctuation meets other visible text (letters, digits, %, ·). */
function cjkBoundaries(text: string): number {
  if (!hasCjk(text)) return 0;
  let n = 0;
  let prev = '';
  for (const ch of text) {
    if ((HAN.test(prev) && OTHER.test(ch)) || (OTHER.test(prev) && HAN.test(ch))) n++;
    // Punctuation of ambiguous width (· “ ” ‘ ’ — …) is set full width in Chinese text: half an em more.
    if (AMBIGUOUS.test(ch)) n += 2;
    prev = ch;
  }
  return n;
}

/** The key of the text block an item belongs to. */
function blockKey(item: TextItem): string {
  const s = item.struct;
  if (item.field) return `F:${item.field}`;
  // Furniture (the source line, even when it wraps) is one block per style.
  if (s.role === 'Artifact') return `A:${item.size}:${item.color}:${item.face.weight}`;
  if (s.parent?.role === 'L') return `L:${s.parent.group}`;
  return `G:${s.group}`;
}

/**
 * Groups a page's text items into boxes, in reading order. `bullets` are the list-marker
 * rectangles (drawn by layout beside each bulleted item), matched to their items by position.
 */
export function textBoxes(page: Page): TextBox[] {
  const blocks = new Map<string, TextItem[]>();
  // A list set in columns is one box per column: a column starts where an item starts higher
  // on the page than the item before it.
  const columns = new Map<number, { y: number; group: number; column: number }>();
  for (const item of page.items) {
    // Hidden words (what changed, for screen readers) belong to the tagged PDF's text layer only.
    if (item.kind !== 'text' || item.hidden) continue;
    let key = blockKey(item);
    const listGroup = item.struct.parent?.role === 'L' ? item.struct.parent.group : undefined;
    if (listGroup !== undefined && !item.field && item.struct.role !== 'Artifact') {
      const at = columns.get(listGroup) ?? { y: -Infinity, group: -1, column: 0 };
      if (item.struct.group !== at.group && item.y < at.y - 1) at.column++;
      columns.set(listGroup, { y: item.y, group: item.struct.group, column: at.column });
      key += `:${at.column}`;
    }
    let list = blocks.get(key);
    if (!list) blocks.set(key, (list = []));
    list.push(item);
  }
  const markers = page.items.filter((i): i is Extract<Item, { kind: 'rect' }> => i.kind === 'rect' && i.marker === 'bullet');
  // Boxes grow no further right than the page's left margin mirrored (the layout's measure).
  const margin = Math.min(...page.items.filter((i): i is TextItem => i.kind === 'text').map((i) => i.x));
  return [...blocks.values()].map((items) => box(items, markers, page.width - (Number.isFinite(margin) ? margin : 0)));
}

function box(items: TextItem[], markers: readonly Extract<Item, { kind: 'rect' }>[], rightLimit: number): TextBox {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;
  let group = -1;
  let marker: TextItem | undefined;
  let baseline = NaN;
  let lineSize = 0;
  let prevX = Infinity;
  let paragraphBottom = NaN;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  // Viewers that space Chinese from Latin letters and digits (LibreOffice does by default) widen
  // such a line by about a quarter em per boundary; the box leaves room for it.
  let lineSpacing = 0;
  let spacing = 0;
  let lastChar = '';
  for (const item of items) {
    if (item.struct.role === 'Lbl') {
      marker = item;
      continue;
    }
    const leading = item.leading ?? item.size * 1.2;
    const wrapped = item.x <= prevX;
    // A new paragraph: another structure group, or a line that does not simply continue the
    // one above (another line pitch, or not one pitch below it: a tile's number, unit, label).
    const newParagraph = !current || item.struct.group !== group || (wrapped && (leading !== current.leading || Math.abs(item.y - baseline - leading) > 0.5));
    const newLine = newParagraph || wrapped;
    const superscript = !newLine && item.size < lineSize * 0.9 && item.y < baseline - 0.5;
    if (newLine) {
      baseline = item.y;
      lineSize = item.size;
      lineSpacing = 0;
      lastChar = '';
    }
    lineSpacing += cjkBoundaries(lastChar + item.text) * item.size * 0.25;
    spacing = Math.max(spacing, lineSpacing);
    lastChar = item.text.slice(-1);
    if (newParagraph) {
      const lineTop = baseline - leading * 0.78;
      current = { runs: [], leading, spaceBefore: paragraphs.length && Number.isFinite(paragraphBottom) ? Math.max(0, lineTop - paragraphBottom) : 0, indent: 0 };
      group = item.struct.group;
      paragraphs.push(current);
      if (marker) {
        current.marker = { text: marker.text, face: marker.face, size: marker.size, color: marker.color, superscript: false };
        current.indent = item.x - marker.x;
        left = Math.min(left, marker.x);
        marker = undefined;
      }
      const bullet = markers.find((m) => m.x < item.x && item.x - m.x < item.size * 2 && m.y > item.y - item.size && m.y < item.y);
      if (bullet) {
        current.bullet = { color: bullet.fill ?? item.color };
        current.indent = item.x - bullet.x;
        left = Math.min(left, bullet.x);
      }
      if (!current.marker && !current.bullet) left = Math.min(left, item.x);
    } else if (newLine) {
      // The layout wrapped here; PowerPoint wraps again, so the break becomes a space, except
      // beside Chinese text, which breaks between characters and has no spaces to restore.
      const last = current!.runs[current!.runs.length - 1];
      if (last && !last.text.endsWith(' ') && !hasCjk(last.text.slice(-1)) && !hasCjk(item.text.slice(0, 1))) last.text += ' ';
    }
    current!.runs.push({ text: item.text, face: item.face, size: item.size, color: item.color, superscript, ...(item.link ? { link: item.link } : {}), ...(item.struct.lang ? { lang: item.struct.lang } : {}) });
    right = Math.max(right, item.x + item.width);
    top = Math.min(top, baseline - leading * 0.78);
    bottom = Math.max(bottom, baseline + leading * 0.22);
    paragraphBottom = baseline + leading * 0.22;
    prevX = item.x;
  }
  const first = items.find((i) => i.struct.role !== 'Lbl') ?? items[0]!;
  const x = Number.isFinite(left) ? left : first.x;
  // A little slack so a viewer's rounding never wraps a line the layout kept whole.
  // Never past the right margin: there a viewer wraps instead. The usual slack is kept even so.
  const slack = Math.max(2, (right - x) * 0.01);
  const w = right - x + Math.max(slack, Math.min(slack + spacing, rightLimit - right));
  return {
    x,
    y: top,
    w,
    h: bottom - top,
    paragraphs,
    title: first.struct.role === 'H1',
    artifact: first.struct.role === 'Artifact',
    pageNumber: first.field === 'pageNumber',
    alignRight: first.field === 'pageNumber',
  };
}
