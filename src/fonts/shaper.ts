// A lean shaper for Latin briefing text: one glyph per code point from the cmap, advance
// widths from hmtx, and pair kerning from the font's GPOS `kern` lookups. No GSUB (so no
// ligatures or contextual alternates), which is what makes it cheap: fontkit's full OpenType
// shaping decodes and runs every default feature's lookups for each string, and that was
// about a third of a cold build. Layout measures with this shaper and the PDF writer sets
// glyphs with it, so what is measured is exactly what is drawn.

// The parts of fontkit's parsed tables we read; fontkit ships no type declarations.
export interface Glyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: readonly number[];
}
interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: { start: number; end: number; startCoverageIndex: number }[];
}
interface ClassDef {
  version: number;
  startGlyph?: number;
  classValueArray?: number[];
  classRangeRecord?: { start: number; end: number; class: number }[];
}
interface ValueRecord {
  xAdvance?: number;
}
interface PairPos {
  version: number;
  coverage: Coverage;
  pairSets?: { get(i: number): { secondGlyph: number; value1?: ValueRecord }[] };
  classDef1?: ClassDef;
  classDef2?: ClassDef;
  classRecords?: { get(i: number): { get(j: number): { value1?: ValueRecord } | undefined } | undefined };
}
interface Lookup {
  lookupType: number;
  subTables: (PairPos & { lookupType?: number; extension?: PairPos })[];
}
export interface ShapingFont {
  glyphForCodePoint(cp: number): Glyph;
  GPOS?: {
    featureList: { tag: string; feature: { lookupListIndexes: number[] } }[];
    lookupList: { get(i: number): Lookup };
  };
}

function coverageIndex(coverage: Coverage, glyph: number): number {
  if (coverage.version === 1) return coverage.glyphs?.indexOf(glyph) ?? -1;
  for (const r of coverage.rangeRecords ?? []) if (r.start <= glyph && glyph <= r.end) return r.startCoverageIndex + glyph - r.start;
  return -1;
}

function classOf(def: ClassDef | undefined, glyph: number): number {
  if (!def) return 0;
  if (def.version === 1) {
    const i = glyph - (def.startGlyph ?? 0);
    return i >= 0 && i < (def.classValueArray?.length ?? 0) ? def.classValueArray![i]! : 0;
  }
  for (const r of def.classRangeRecord ?? []) if (r.start <= glyph && glyph <= r.end) return r.class;
  return 0;
}

export class Shaper {
  private readonly glyphs = new Map<number, Glyph>();
  private readonly kerns = new Map<number, number>();
  private pairTables: PairPos[] | undefined;

  constructor(private readonly font: ShapingFont) {}

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

  /** The kern feature's adjustment between two glyphs: the first pair subtable that covers the left glyph decides. */
  kern(left: number, right: number): number {
    const key = left * 65536 + right;
    let value = this.kerns.get(key);
    if (value !== undefined) return value;
    value = 0;
    for (const t of this.tables()) {
      const index = coverageIndex(t.coverage, left);
      if (index < 0) continue;
      if (t.version === 1) {
        const pair = t.pairSets?.get(index)?.find((p) => p.secondGlyph === right);
        if (!pair) continue;
        value = pair.value1?.xAdvance ?? 0;
      } else {
        value = t.classRecords?.get(classOf(t.classDef1, left))?.get(classOf(t.classDef2, right))?.value1?.xAdvance ?? 0;
      }
      break;
    }
    this.kerns.set(key, value);
    return value;
  }

  private tables(): PairPos[] {
    if (!this.pairTables) {
      const gpos = this.font.GPOS;
      const indexes = new Set((gpos?.featureList ?? []).filter((f) => f.tag === 'kern').flatMap((f) => f.feature.lookupListIndexes));
      this.pairTables = [...indexes]
        .sort((a, b) => a - b)
        .map((i) => gpos!.lookupList.get(i))
        .flatMap((lookup) => lookup.subTables.map((st) => (lookup.lookupType === 9 ? { type: st.lookupType, table: st.extension! } : { type: lookup.lookupType, table: st as PairPos })))
        .filter((s) => s.type === 2)
        .map((s) => s.table);
    }
    return this.pairTables;
  }
}
