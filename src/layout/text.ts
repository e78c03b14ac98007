// Line breaking over styled inline runs, with the bundled font's real metrics. Greedy fill is
// enough for ragged-right briefing text; words longer than a line are broken by character.
import { measure, type FontFace } from '../fonts/index.js';
import type { Inline } from '../narrative/index.js';
import type { Link } from './model.js';

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
}

export interface Line {
  pieces: Piece[];
  width: number;
}

export interface Palette {
  link: string;
  derived: string;
}

/** Inline runs -> word pieces carrying their style. */
export function piecesOf(inlines: readonly Inline[], base: TextStyle, palette: Palette): Piece[] {
  const pieces: Piece[] = [];
  const push = (text: string, face: FontFace, color: string, opts: { rise?: number; size?: number; link?: Link } = {}) => {
    const size = opts.size ?? base.size;
    // Split into words keeping the spaces; a piece carries the width of its trailing space.
    const parts = text.split(/( +)/);
    for (let i = 0; i < parts.length; i += 2) {
      const word = parts[i]!;
      const spaces = parts[i + 1] ?? '';
      if (word === '' && spaces === '') continue;
      if (word === '' && pieces.length) {
        const prev = pieces[pieces.length - 1]!;
        prev.space += measure(' ', prev.size, prev.face);
        continue;
      }
      const piece: Piece = { text: word, face, size, color, rise: opts.rise ?? 0, space: spaces ? measure(' ', size, face) : 0, width: measure(word, size, face) };
      if (opts.link) piece.link = opts.link;
      pieces.push(piece);
    }
  };
  for (const inline of inlines) {
    const face: FontFace = {
      weight: 'bold' in inline && inline.bold ? 'bold' : base.face.weight,
      style: 'italic' in inline && inline.italic ? 'italic' : base.face.style,
    };
    if (inline.type === 'text') push(inline.text, face, base.color);
    else if (inline.type === 'fact') {
      const first = pieces.length;
      push(inline.text, { ...face, weight: face.weight === 'regular' ? 'semibold' : face.weight }, inline.derived ? palette.derived : base.color);
      // A figure reads as one unit ("US$3.8 billion"), so its words stay on one line; it may
      // break only before a bracketed equivalent ("… yuan / (US$138 million)"). A figure
      // wider than the line still breaks between words (breakLines).
      for (let k = first + 1; k < pieces.length; k++) if (!pieces[k]!.text.startsWith('(')) (pieces[k] as Piece & { glue?: boolean }).glue = true;
    }
    else if (inline.type === 'link') push(inline.text, face, palette.link, { link: { kind: 'url', url: inline.url } });
    else if (inline.type === 'cite') {
      // A marker glues to the word before it: no break between them.
      const marker = `[${inline.number}]`;
      const size = base.size * 0.68;
      const piece: Piece = { text: marker, face: base.face, size, color: palette.link, rise: base.size * 0.33, space: 0, width: measure(marker, size, base.face), link: { kind: 'anchor', anchor: { kind: 'source', number: inline.number } } };
      const prev = pieces[pieces.length - 1];
      if (prev && prev.space === 0) (piece as Piece & { glue?: boolean }).glue = true;
      pieces.push(piece);
    }
  }
  // Lines break only at spaces: a piece that follows another with no space between them
  // (punctuation after a fact, a fact after an opening bracket) is glued to it.
  for (let i = 1; i < pieces.length; i++) {
    if (pieces[i - 1]!.space === 0) (pieces[i] as Piece & { glue?: boolean }).glue = true;
  }
  return pieces;
}

/** Greedy line breaking; a glued piece never starts a line unless it must. */
export function breakLines(pieces: readonly Piece[], width: number): Line[] {
  const lines: Line[] = [];
  let current: Piece[] = [];
  let used = 0;
  const finish = () => {
    if (current.length) lines.push({ pieces: current, width: used });
    current = [];
    used = 0;
  };
  // Group glued pieces into unbreakable clusters.
  const clusters: Piece[][] = [];
  for (const p of pieces) {
    if ((p as Piece & { glue?: boolean }).glue && clusters.length) clusters[clusters.length - 1]!.push(p);
    else clusters.push([p]);
  }
  for (const cluster of clusters) {
    const prevSpace = current.length ? current[current.length - 1]!.space : 0;
    const clusterWidth = cluster.reduce((w, p, i) => w + p.width + (i < cluster.length - 1 ? p.space : 0), 0);
    if (current.length && used + prevSpace + clusterWidth > width) finish();
    if (!current.length && clusterWidth > width) {
      // An overlong word: split it by characters so it never crosses the margin.
      for (const p of cluster) for (const part of splitWord(p, width)) {
        if (current.length && used + part.width > width) finish();
        current.push(part);
        used += (current.length > 1 ? current[current.length - 2]!.space : 0) + part.width;
      }
      continue;
    }
    for (const p of cluster) {
      used += (current.length ? current[current.length - 1]!.space : 0) + p.width;
      current.push(p);
    }
  }
  finish();
  return lines;
}

function splitWord(p: Piece, width: number): Piece[] {
  const parts: Piece[] = [];
  let text = '';
  for (const ch of p.text) {
    if (text && measure(text + ch, p.size, p.face) > width) {
      parts.push({ ...p, text, space: 0, width: measure(text, p.size, p.face) });
      text = '';
    }
    text += ch;
  }
  parts.push({ ...p, text, width: measure(text, p.size, p.face) });
  return parts;
}

/** Plain text wrapped to lines (for labels, captions, headings). */
export function wrapPlain(text: string, style: TextStyle, width: number): Line[] {
  return breakLines(piecesOf([{ type: 'text', text }], style, { link: style.color, derived: style.color }), width);
}

/** Joins a line's pieces into runs of identical style, so the PDF has few text operators. */
export function runsOf(line: Line, x: number): { x: number; text: string; piece: Piece; width: number }[] {
  const runs: { x: number; text: string; piece: Piece; width: number }[] = [];
  let cursor = x;
  line.pieces.forEach((p, i) => {
    const last = runs[runs.length - 1];
    const prev = line.pieces[i - 1];
    const sameStyle = last && prev && prev.face.weight === p.face.weight && prev.face.style === p.face.style && prev.size === p.size && prev.color === p.color && prev.rise === p.rise && JSON.stringify(prev.link) === JSON.stringify(p.link);
    const gap = prev ? prev.space : 0;
    if (last && sameStyle) {
      last.text += (gap ? ' ' : '') + p.text;
      last.width += gap + p.width;
    } else {
      if (last && gap) last.text += ' ';
      runs.push({ x: cursor + gap, text: p.text, piece: p, width: p.width });
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
