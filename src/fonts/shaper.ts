// A lean shaper for Latin briefing text: one glyph per code point from the cmap, advance
// widths from hmtx, and pair kerning from the font's GPOS `kern` lookups (kerning.ts reads
// them from the bytes). No GSUB (so no ligatures or contextual alternates), which is what
// makes it cheap: fontkit's full OpenType shaping decodes and runs every default feature's
// lookups for each string, and that was about a third of a cold build. Layout measures with this shaper and the PDF writer sets
// glyphs with it, so what is measured is exactly what is drawn.

import { PairKerning } from './kerning.js';

// The parts of fontkit's font object we read; fontkit ships no type declarations.
export interface Glyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}
export interface ShapingFont {
  glyphForCodePoint(cp: number): Glyph;
  /** The whole font file. */
  stream: { buffer: Uint8Array };
  /** The font's table directory: where each table lies in the file. */
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
}

export class Shaper {
  private readonly glyphs = new Map<number, Glyph>();
  private readonly kerns = new Map<number, number>();
  private readonly pairs: PairKerning;

  constructor(private readonly font: ShapingFont) {
    this.pairs = new PairKerning(font.stream.buffer, font.directory.tables.GPOS);
  }

  glyph(codePoint: number): Glyph {
    let g = this.glyphs.get(codePoint);
    if (!g) {
      g = this.font.glyphForCodePoint(codePoint);
      this.glyphs.set(codePoint, g);
    }
    return g;
  }

  /** Glyphs and their advances (font units, kerning included) for `text`. */
  shape(text: string): { glyphs: Glyph[]; advances: number[]; width: number } {
    const glyphs: Glyph[] = [];
    for (const ch of text.normalize('NFC')) glyphs.push(this.glyph(ch.codePointAt(0)!));
    const advances = glyphs.map((g) => g.advanceWidth);
    let width = 0;
    for (let i = 0; i < glyphs.length; i++) {
      if (i + 1 < glyphs.length) advances[i]! += this.kern(glyphs[i]!.id, glyphs[i + 1]!.id);
      width += advances[i]!;
    }
    return { glyphs, advances, width };
  }

  /** The kern feature's adjustment between two glyphs (see kerning.ts). */
  kern(left: number, right: number): number {
    const key = left * 65536 + right;
    let value = this.kerns.get(key);
    if (value === undefined) {
      value = this.pairs.value(left, right);
      this.kerns.set(key, value);
    }
    return value;
  }
}
