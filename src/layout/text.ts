// Line breaking over styled inline runs, with the bundled font's real metrics. Break
// opportunities follow Unicode UAX #14 (the `linebreak` package, the same implementation
// PDFKit uses), tailored by BREAK_RULES and by the rule that keeps a figure's words together.
// Greedy fill is enough for ragged-right briefing text; a word longer than a line is broken
// between grapheme clusters. Every cost here is linear in the text: segmentation runs once per
// string, and a long word is split and an ellipsis fitted from one pass over its advances.
import LineBreaker from 'linebreak';
import { measure, shapeRuns, type FontFace, type FontStyle, type FontWeight } from '../fonts/index.js';
import type { Inline } from '../narrative/index.js';
import type { Link } from './model.js';
import { chineseBreakRule, mixedScripts } from './cjk.js';

export interface TextStyle {
  size: number;
  face: FontFace;
  color: string;
}

export interface Piece {
  text: string;
  face: FontFace;
  size: number;
  color: string;
  /** Raised citation markers are set smaller and shifted up. */
  rise: number;
  link?: Link;
  /** Trailing space after the piece (measured separately so lines can drop it). */
  space: number;
  width: number;
  /** No line break is allowed before this piece (it joins the piece before it). */
  glue?: boolean;
  /** The piece shows a figure that changed since the earlier edition: what changed, in words. */
  change?: string;
  /** The last piece of such a figure: the words saying what changed follow it. */
  changeEnd?: boolean;
}

export interface Line {
  pieces: Piece[];
  width: number;
}

export interface Palette {
  link: string;
  derived: string;
}

/**
 * A tailoring of UAX #14 at one position of a paragraph's text (a UTF-16 offset between two
 * code points): `false` forbids a break there, `true` allows one UAX #14 does not, and
 * `undefined` leaves the algorithm's answer. Rules are asked in order and the first answer
 * wins, so script-specific rules (line-start and line-end prohibitions for Chinese, say) can
 * be put in front with `BREAK_RULES.unshift(rule)`.
 */
export type BreakRule = (text: string, position: number) => boolean | undefined;

const DASHES = '\u2012\u2013\u2014\u2015';
/** Dashes that UAX #14 lets start a line after a space ("Northport –Eastbay" must not happen). */
const DASH_AT = new RegExp(`^[${DASHES}]`);
/** A numeric range "16–21", "2022-2023": a line may not break inside it. */
const RANGE_BEFORE = new RegExp(`\\d[-${DASHES}]$`);

export const BREAK_RULES: BreakRule[] = [
  // Chinese line-start and line-end prohibitions (./cjk.ts) come first.
  chineseBreakRule,
  // A dash between words stays at the end of the line, never at the start of the next one.
  (text, i) => (DASH_AT.test(text.slice(i, i + 1)) ? false : undefined),
  // A range of numbers reads as one figure.
  (text, i) => (RANGE_BEFORE.test(text.slice(Math.max(0, i - 2), i)) && /^\d/.test(text.slice(i, i + 1)) ? false : undefined),
];

// Break opportunities per string, as one flag per UTF-16 offset (1: a line may start there):
// layout asks for the same paragraph at several sizes, and reads a flag for every character.
// At most OPPORTUNITY_CACHE_LIMIT strings are kept; past that the cache starts again.
const opportunityCache = new Map<string, Uint8Array>();
const OPPORTUNITY_CACHE_LIMIT = 2_000;

/** Offsets (UTF-16) at which a line may start, per UAX #14 and BREAK_RULES; 0 is never one. */
export function breakOpportunities(text: string): Set<number> {
  const flags = breakFlags(text);
  const found = new Set<number>();
  for (let i = 0; i < flags.length; i++) if (flags[i]) found.add(i);
  return found;
}

/** breakOpportunities as flags: `flags[i]` is 1 when a line may start at offset i. */
function breakFlags(text: string): Uint8Array {
  const cached = opportunityCache.get(text);
  if (cached) return cached;
  const found = new Set<number>();
  const breaker = new LineBreaker(text);
  for (let bk = breaker.nextBreak(); bk; bk = breaker.nextBreak()) if (bk.position > 0 && bk.position < text.length) found.add(bk.position);
  if (BREAK_RULES.length) {
    for (let i = 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0xdc00 && code <= 0xdfff) continue; // inside a surrogate pair
      for (const rule of BREAK_RULES) {
        const verdict = rule(text, i);
        if (verdict === undefined) continue;
        if (verdict) found.add(i);
        else found.delete(i);
        break;
      }
    }
  }
  const flags = new Uint8Array(text.length + 1);
  for (const i of found) flags[i] = 1;
  if (opportunityCache.size >= OPPORTUNITY_CACHE_LIMIT) opportunityCache.clear();
  opportunityCache.set(text, flags);
  return flags;
}

// One face object per weight and style, shared by every piece set in it (read, never changed).
const faces: Partial<Record<FontWeight, Partial<Record<FontStyle, FontFace>>>> = {};
function faceOf(weight: FontWeight, style: FontStyle): FontFace {
  return ((faces[weight] ??= {})[style] ??= { weight, style });
}

/** Inline runs -> pieces between break opportunities, carrying their style. */
export function piecesOf(inlines: readonly Inline[], base: TextStyle, palette: Palette): Piece[] {
  // Opportunities depend on the text on both sides of a run boundary ("(" before a figure,
  // "," after it), so the paragraph is segmented as one string.
  const runText = inlines.map((i) => (i.type === 'cite' ? `[${i.number}]` : i.text));
  const whole = runText.join('');
  const breaks = breakFlags(whole);
  const pieces: Piece[] = [];
  let offset = 0;
  const push = (text: string, start: number, face: FontFace, color: string, opts: { link?: Link } = {}) => {
    const size = base.size;
    let i = 0;
    while (i < text.length) {
      // Spaces before a word belong to the piece before it. A run of spaces is set as one
      // space, as typed prose collapses them.
      let wordStart = i;
      while (wordStart < text.length && text[wordStart] === ' ') wordStart++;
      if (wordStart > i) {
        const prev = pieces[pieces.length - 1];
        if (prev) prev.space += measure(' ', prev.size, prev.face);
        i = wordStart;
        if (i >= text.length) break;
      }
      // The word runs to the next opportunity (or the end of the run), less trailing spaces.
      let end = i + 1;
      while (end < text.length && breaks[start + end] === 0) end++;
      let wordEnd = end;
      while (wordEnd > i && text[wordEnd - 1] === ' ') wordEnd--;
      const word = text.slice(i, wordEnd);
      const spaces = end - wordEnd;
      const piece: Piece = { text: word, face, size, color, rise: 0, space: spaces ? measure(' ', size, face) : 0, width: measure(word, size, face) };
      if (opts.link) piece.link = opts.link;
      if (breaks[start + i] === 0) piece.glue = true;
      // A Latin word and Han text that meet with no space are set a space's width apart (clreq).
      const prev = pieces[pieces.length - 1];
      if (prev && prev.space === 0 && mixedScripts(prev.text, word)) prev.space = measure(' ', prev.size, prev.face);
      pieces.push(piece);
      i = end;
    }
  };
  inlines.forEach((inline, index) => {
    const start = offset;
    offset += runText[index]!.length;
    const face = faceOf('bold' in inline && inline.bold ? 'bold' : base.face.weight, 'italic' in inline && inline.italic ? 'italic' : base.face.style);
    if (inline.type === 'text') push(inline.text, start, face, base.color);
    else if (inline.type === 'fact') {
      const first = pieces.length;
      push(inline.text, start, faceOf(face.weight === 'regular' ? 'semibold' : face.weight, face.style), inline.derived ? palette.derived : base.color);
      // A figure reads as one unit ("US$3.8 billion"), so its words stay on one line; it may
      // break only before a bracketed equivalent ("… yuan / (US$138 million)"). A figure
      // wider than the line still breaks between words (breakLines).
      for (let k = first + 1; k < pieces.length; k++) pieces[k]!.glue = !pieces[k]!.text.startsWith('(');
      if (inline.change && pieces.length > first) {
        for (let k = first; k < pieces.length; k++) pieces[k]!.change = inline.change;
        pieces[pieces.length - 1]!.changeEnd = true;
      }
    } else if (inline.type === 'link') push(inline.text, start, face, palette.link, { link: { kind: 'url', url: inline.url } });
    else if (inline.type === 'cite') {
      // A marker glues to the word before it: no break between them.
      const marker = runText[index]!;
      const size = base.size * 0.68;
      const piece: Piece = { text: marker, face: base.face, size, color: palette.link, rise: base.size * 0.33, space: 0, width: measure(marker, size, base.face), link: { kind: 'anchor', anchor: { kind: 'source', number: inline.number } } };
      const prev = pieces[pieces.length - 1];
      if (prev && prev.space === 0) piece.glue = true;
      pieces.push(piece);
    }
  });
  // A piece that follows another with no space between them and no opportunity (punctuation
  // after a fact, a fact after an opening bracket) is glued to it; the first piece never is.
  if (pieces[0]) delete pieces[0].glue;
  return pieces;
}

/**
 * Greedy line breaking; a glued piece never starts a line unless it must. With `maxLines`,
 * stops once more lines than that are known to be needed (callers fitting text only need to
 * know that it does not fit), so the cost stays proportional to what is kept.
 */
export function breakLines(pieces: readonly Piece[], width: number, maxLines = Infinity): Line[] {
  const lines: Line[] = [];
  let current: Piece[] = [];
  let used = 0;
  const finish = () => {
    if (current.length) lines.push({ pieces: current, width: used });
    current = [];
    used = 0;
  };
  // Glued pieces make unbreakable clusters: pieces[start] and the glued ones after it.
  for (let start = 0, end = 1; start < pieces.length; start = end, end = start + 1) {
    while (end < pieces.length && pieces[end]!.glue) end++;
    if (lines.length > maxLines) break;
    const prevSpace = current.length ? current[current.length - 1]!.space : 0;
    let clusterWidth = 0;
    for (let i = start; i < end; i++) clusterWidth += pieces[i]!.width + (i < end - 1 ? pieces[i]!.space : 0);
    if (current.length && used + prevSpace + clusterWidth > width) finish();
    if (!current.length && clusterWidth > width) {
      // An overlong cluster: break between its pieces, and a piece wider than the line
      // between its grapheme clusters, so nothing crosses the margin.
      for (let i = start; i < end; i++) {
        const p = pieces[i]!;
        for (const part of p.width > width ? splitWord(p, width) : [p]) {
          if (current.length && used + current[current.length - 1]!.space + part.width > width) finish();
          used += (current.length ? current[current.length - 1]!.space : 0) + part.width;
          current.push(part);
        }
      }
      continue;
    }
    for (let i = start; i < end; i++) {
      used += (current.length ? current[current.length - 1]!.space : 0) + pieces[i]!.width;
      current.push(pieces[i]!);
    }
  }
  finish();
  return lines;
}

// A code point that continues the grapheme cluster before it: combining marks (variation
// selectors included), joiners, Hangul medial and final jamo, emoji skin-tone modifiers.
const EXTENDS = /[\p{M}\u200c\u200d\u1160-\u11ff\ud7b0-\ud7ff\u{1f3fb}-\u{1f3ff}\u{e0020}-\u{e007f}]/u;

/**
 * Grapheme cluster boundaries of `text` (UTF-16 offsets, 0 and text.length included), by the
 * extend and join rules that matter for cutting text. Hand-written because Intl.Segmenter
 * takes quadratic time on long strings in V8 (35 s for 16,000 characters here), which is
 * exactly the input a fitting bound has to survive.
 */
function graphemeBounds(text: string): number[] {
  const bounds: number[] = [0];
  let prevJoiner = false;
  let regional = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    const isRegional = cp >= 0x1f1e6 && cp <= 0x1f1ff;
    const joins = i > 0 && (EXTENDS.test(ch) || prevJoiner || (isRegional && regional % 2 === 1));
    if (i > 0 && !joins) bounds.push(i);
    prevJoiner = cp === 0x200d;
    regional = isRegional ? regional + 1 : 0;
    i += width;
  }
  bounds.push(text.length);
  return bounds;
}

/**
 * Widths of every prefix of `text` that ends on a grapheme boundary, from one shaping pass:
 * `widths[k]` is the width of `text.slice(0, offsets[k])` (kerning inside it included).
 */
function prefixWidths(text: string, size: number, face: FontFace): { offsets: number[]; widths: number[] } {
  // One glyph per code point (the shaper maps the cmap); walk code points alongside glyphs,
  // run by run, since CJK text is set (and measured) in the fallback face.
  const atCodeUnit = new Float64Array(text.length + 1);
  let x = 0;
  let i = 0;
  for (const { glyphs, advances, unitsPerEm } of shapeRuns(text, face)) {
    const k = size / unitsPerEm;
    for (let g = 0; i < text.length && g < glyphs.length; g++) {
      const cp = text.codePointAt(i)!;
      const next = i + (cp > 0xffff ? 2 : 1);
      // Advances include the kern towards the next glyph; a prefix ending here has no next.
      const kern = g + 1 < glyphs.length ? advances[g]! - glyphs[g]!.advanceWidth : 0;
      x += advances[g]! * k;
      atCodeUnit[next] = x - kern * k;
      i = next;
    }
  }
  const offsets = graphemeBounds(text);
  return { offsets, widths: offsets.map((o) => atCodeUnit[o]!) };
}

/** Longest grapheme-bounded prefix length whose width plus `extra` fits `width` (binary search). */
function longestFit(prefix: { offsets: number[]; widths: number[] }, width: number, extra = 0): number {
  let lo = 0;
  let hi = prefix.offsets.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (prefix.widths[mid]! + extra <= width) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** A piece wider than `width`, split between grapheme clusters into parts that each fit. */
function splitWord(p: Piece, width: number): Piece[] {
  const text = p.text.normalize('NFC');
  const prefix = prefixWidths(text, p.size, p.face);
  const parts: Piece[] = [];
  let from = 0; // index into prefix.offsets
  const last = prefix.offsets.length - 1;
  while (from < last) {
    // The furthest boundary whose part fits, but always at least one grapheme.
    const base = prefix.widths[from]!;
    let to = longestFit(prefix, width + base);
    if (to <= from) to = from + 1;
    // The prefix widths carry the kern between the part's first glyph and the one before it,
    // which a part set on its own line does not have: settle the cut on the part's real width.
    let part = text.slice(prefix.offsets[from], prefix.offsets[to]);
    let partWidth = measure(part, p.size, p.face);
    while (partWidth > width && to > from + 1) {
      to--;
      part = text.slice(prefix.offsets[from], prefix.offsets[to]);
      partWidth = measure(part, p.size, p.face);
    }
    const piece: Piece = { ...p, text: part, space: to === last ? p.space : 0, width: partWidth };
    // Only the first part keeps the word's glue; breakLines places the others itself.
    if (parts.length) delete piece.glue;
    parts.push(piece);
    from = to;
  }
  return parts;
}

/** Below this many UTF-16 units a string is measured whole (and the width cached). */
const SHORT = 2_000;

/**
 * `text` as it fits `width` at `size`: unchanged when it fits, else its longest prefix (on a
 * grapheme boundary, trailing spaces dropped) followed by `ellipsis`. Prefix widths come from
 * one shaping pass over a window of the text that grows fourfold until it overflows, and the
 * cut is a binary search over them: the cost follows what can be shown, not the text's
 * length, so a megabyte-long label costs about as much as a short one.
 */
export function fitWidth(text: string, size: number, face: FontFace, width: number, ellipsis = '…'): { text: string; cut: boolean } {
  if (text.length <= SHORT && measure(text, size, face) <= width) return { text, cut: false };
  const ellipsisWidth = measure(ellipsis, size, face);
  for (let end = Math.min(text.length, 512); ; end = Math.min(text.length, end * 4)) {
    // Never end a window inside a surrogate pair.
    if (end < text.length && /[\ud800-\udbff]/.test(text[end - 1]!)) end++;
    const normalised = text.slice(0, end).normalize('NFC');
    const prefix = prefixWidths(normalised, size, face);
    const whole = prefix.widths[prefix.widths.length - 1]!;
    if (end === text.length && whole <= width) return { text, cut: false };
    if (end < text.length && whole <= width + ellipsisWidth) continue;
    // Kerning against the ellipsis is not in the prefix widths: settle the cut on the real
    // string, a grapheme or two either way of the estimate.
    const cutAt = (k: number) => `${normalised.slice(0, prefix.offsets[k]).trimEnd()}${ellipsis}`;
    let k = longestFit(prefix, width, ellipsisWidth);
    while (k + 1 < prefix.offsets.length - 1 && measure(cutAt(k + 1), size, face) <= width) k++;
    let cut = cutAt(k);
    while (k > 1 && measure(cut, size, face) > width) cut = cutAt(--k);
    if (k <= 1) cut = `${normalised.slice(0, prefix.offsets[1] ?? 0).trimEnd()}${ellipsis}`;
    return { text: cut, cut: true };
  }
}

/** The first `chars` UTF-16 units of a paragraph's runs (citation markers count as theirs). */
function clipInlines(inlines: readonly Inline[], chars: number): Inline[] {
  const out: Inline[] = [];
  let left = chars;
  for (const inline of inlines) {
    if (left <= 0) break;
    if (inline.type === 'cite') {
      out.push(inline);
      left -= String(inline.number).length + 2;
      continue;
    }
    out.push(inline.text.length <= left ? inline : { ...inline, text: inline.text.slice(0, left) });
    left -= inline.text.length;
  }
  return out;
}

/**
 * Wraps `inlines` into at most `maxLines` lines of `width`; when more would be needed, the
 * last kept line ends with "…" (words dropped from it until the ellipsis fits, then
 * characters if one word is wider than the line) and `cut` is set. Only a window of the text
 * that grows fourfold is laid out, until it is known to overflow or is all there, so the cost
 * follows what is kept, not the length of the text.
 */
export function fitLines(inlines: readonly Inline[], style: TextStyle, palette: Palette, width: number, maxLines: number): { lines: Line[]; cut: boolean } {
  const most = Math.max(1, maxLines);
  let total = 0;
  for (const i of inlines) total += i.type === 'cite' ? String(i.number).length + 2 : i.text.length;
  for (let window = Math.min(total, 1_000 * most); ; window = Math.min(total, window * 4)) {
    const lines = breakLines(piecesOf(window < total ? clipInlines(inlines, window) : inlines, style, palette), width, most);
    if (lines.length <= most) {
      if (window >= total) return { lines, cut: false };
      continue;
    }
    const kept = lines.slice(0, most);
    ellipsize(kept[kept.length - 1]!, width, measure('…', style.size, style.face));
    return { lines: kept, cut: true };
  }
}

/** Ends `line` with "…" within `width`: drops words first, then characters of the last one. */
function ellipsize(line: Line, width: number, ellipsis: number): void {
  const lineWidth = () => line.pieces.reduce((w, p, i) => w + p.width + (i < line.pieces.length - 1 ? p.space : 0), 0);
  while (line.pieces.length > 1 && lineWidth() + ellipsis > width) line.pieces.pop();
  const tail = { ...line.pieces[line.pieces.length - 1]! };
  line.pieces[line.pieces.length - 1] = tail;
  tail.text = `${tail.text}…`;
  tail.width = measure(tail.text, tail.size, tail.face);
  if (lineWidth() > width) {
    // A single word wider than the line: trim characters before the ellipsis.
    tail.text = fitWidth(tail.text.slice(0, -1), tail.size, tail.face, width - (lineWidth() - tail.width)).text;
    tail.width = measure(tail.text, tail.size, tail.face);
  }
  line.width = lineWidth();
}

/** Plain text wrapped to lines (for labels, captions, headings). */
export function wrapPlain(text: string, style: TextStyle, width: number, maxLines = Infinity): Line[] {
  return breakLines(piecesOf([{ type: 'text', text }], style, { link: style.color, derived: style.color }), width, maxLines);
}

/** A line's text as set: pieces joined, with a space only where the text had one. */
export function lineText(line: Line): string {
  return line.pieces.map((p, i) => (i > 0 && line.pieces[i - 1]!.space > 0 ? ' ' : '') + p.text).join('');
}

/** Joins a line's pieces into runs of identical style, so the PDF has few text operators. */
/** A run of same-styled pieces; `changeEnd` when it holds the end of a changed figure. */
export interface Run {
  x: number;
  text: string;
  piece: Piece;
  width: number;
  changeEnd?: boolean;
}

export function runsOf(line: Line, x: number): Run[] {
  const runs: Run[] = [];
  let cursor = x;
  line.pieces.forEach((p, i) => {
    const last = runs[runs.length - 1];
    const prev = line.pieces[i - 1];
    const sameStyle = last && prev && prev.face.weight === p.face.weight && prev.face.style === p.face.style && prev.size === p.size && prev.color === p.color && prev.rise === p.rise && prev.change === p.change && !prev.changeEnd && (prev.link === p.link || JSON.stringify(prev.link) === JSON.stringify(p.link));
    const gap = prev ? prev.space : 0;
    if (last && sameStyle) {
      last.text += (gap ? ' ' : '') + p.text;
      last.width += gap + p.width;
      if (p.changeEnd) last.changeEnd = true;
    } else {
      if (last && gap) last.text += ' ';
      runs.push({ x: cursor + gap, text: p.text, piece: p, width: p.width, ...(p.changeEnd ? { changeEnd: true } : {}) });
    }
    cursor += gap + p.width;
  });
  return runs;
}

/**
 * Typographic quotes and apostrophes for text typed with straight ones: “…”, ‘…’ and ’.
 * `before` is the character preceding `text` (when it continues earlier text), which decides
 * whether a quote at its start opens or closes.
 */
export function typographic(text: string, before = ''): string {
  if (!/["']/.test(text)) return text;
  let out = '';
  let prev = before;
  for (const ch of text) {
    // A quote opens after nothing, a space, an opening bracket or dash, or another opening quote.
    const opens = prev === '' || /[\s([{\u2013\u2014/“‘]/.test(prev);
    if (ch === '"') out += opens ? '“' : '”';
    else if (ch === "'") out += opens ? '‘' : '’';
    else out += ch;
    prev = ch === '"' ? (opens ? '“' : '”') : ch === "'" ? (opens ? '‘' : '’') : ch;
  }
  return out;
}
