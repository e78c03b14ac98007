// The GPOS pair-kerning reader (src/fonts/kerning.ts) against an independent reading of the
// same tables: fontkit's decoded GPOS, walked the way the shaper did before the reader
// replaced it. Every bundled face, Latin and CJK, for every pair of glyphs of a wide character
// set; then malformed tables, which must give no kerning rather than throw.
import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { PairKerning } from '../src/fonts/kerning.js';
import { allFaces, fontPath } from '../src/fonts/index.js';
import { CJK_WEIGHTS, cjkFontPath } from '../src/fonts/cjk.js';

interface Coverage { version: number; glyphs?: number[]; rangeRecords?: { start: number; end: number; startCoverageIndex: number }[] }
interface ClassDef { version: number; startGlyph?: number; classValueArray?: number[]; classRangeRecord?: { start: number; end: number; class: number }[] }
interface PairPos {
  version: number;
  coverage: Coverage;
  pairSets?: { get(i: number): { secondGlyph: number; value1?: { xAdvance?: number } }[] | undefined };
  classDef1?: ClassDef;
  classDef2?: ClassDef;
  classRecords?: { get(i: number): { get(j: number): { value1?: { xAdvance?: number } } | undefined } | undefined };
}
interface Lookup { lookupType: number; subTables: (PairPos & { lookupType?: number; extension?: PairPos })[] }
interface Font {
  numGlyphs: number;
  glyphForCodePoint(cp: number): { id: number };
  stream: { buffer: Uint8Array };
  directory: { tables: Record<string, { offset: number; length: number } | undefined> };
  GPOS?: { featureList: { tag: string; feature: { lookupListIndexes: number[] } }[]; lookupList: { get(i: number): Lookup } };
}

/** The oracle: fontkit's decoded tables, read as the shaper read them before kerning.ts. */
function oracle(font: Font): (left: number, right: number) => number {
  const gpos = font.GPOS;
  const indexes = new Set((gpos?.featureList ?? []).filter((f) => f.tag === 'kern').flatMap((f) => f.feature.lookupListIndexes));
  const tables = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => gpos!.lookupList.get(i))
    .flatMap((lookup) => lookup.subTables.map((st) => (lookup.lookupType === 9 ? { type: st.lookupType, table: st.extension! } : { type: lookup.lookupType, table: st as PairPos })))
    .filter((s) => s.type === 2)
    .map((s) => s.table);
  const coverageIndex = (c: Coverage, g: number) => {
    if (c.version === 1) return c.glyphs?.indexOf(g) ?? -1;
    for (const r of c.rangeRecords ?? []) if (r.start <= g && g <= r.end) return r.startCoverageIndex + g - r.start;
    return -1;
  };
  const classOf = (d: ClassDef | undefined, g: number) => {
    if (!d) return 0;
    if (d.version === 1) {
      const i = g - (d.startGlyph ?? 0);
      return i >= 0 && i < (d.classValueArray?.length ?? 0) ? d.classValueArray![i]! : 0;
    }
    for (const r of d.classRangeRecord ?? []) if (r.start <= g && g <= r.end) return r.class;
    return 0;
  };
  // Pair sets and class rows decoded once each (fontkit's lazy arrays decode on every get).
  const sets = new Map<string, { secondGlyph: number; value1?: { xAdvance?: number } }[] | undefined>();
  const rows = new Map<string, { get(j: number): { value1?: { xAdvance?: number } } | undefined } | undefined>();
  return (left, right) => {
    for (const [n, t] of tables.entries()) {
      const index = coverageIndex(t.coverage, left);
      if (index < 0) continue;
      if (t.version === 1) {
        const key = `${n}/${index}`;
        if (!sets.has(key)) sets.set(key, t.pairSets?.get(index));
        const pair = sets.get(key)?.find((p) => p.secondGlyph === right);
        if (!pair) continue;
        return pair.value1?.xAdvance ?? 0;
      }
      const c1 = classOf(t.classDef1, left);
      const key = `${n}/${c1}`;
      if (!rows.has(key)) rows.set(key, t.classRecords?.get(c1));
      return rows.get(key)?.get(classOf(t.classDef2, right))?.value1?.xAdvance ?? 0;
    }
    return 0;
  };
}

const open = (path: string) => fontkit.openSync(path) as unknown as Font;
const reader = (font: Font) => new PairKerning(font.stream.buffer, font.directory.tables.GPOS);

/** Glyphs of Basic Latin, Latin-1, Latin Extended-A, general punctuation and currency signs. */
function latinGlyphs(font: Font): number[] {
  const ids = new Set<number>();
  for (const [from, to] of [[0x20, 0x7e], [0xa0, 0x17f], [0x2010, 0x203a], [0x20a0, 0x20bf]] as const) {
    for (let cp = from; cp <= to; cp++) ids.add(font.glyphForCodePoint(cp).id);
  }
  return [...ids];
}

describe('GPOS pair kerning read from the bytes', () => {
  it.each(allFaces().map((f) => [`${f.weight}/${f.style}`, fontPath(f)]))('%s: every pair of a wide Latin set, as fontkit decodes it', (_name, path) => {
    const font = open(path);
    const expected = oracle(font);
    const kerning = reader(font);
    const glyphs = latinGlyphs(font);
    let kerned = 0;
    const wrong: string[] = [];
    for (const l of glyphs) {
      for (const r of glyphs) {
        const want = expected(l, r);
        const got = kerning.value(l, r);
        if (got !== want && wrong.length < 5) wrong.push(`${l},${r}: ${got} instead of ${want}`);
        if (want !== 0) kerned++;
      }
    }
    expect(wrong).toEqual([]);
    // The comparison means something only if the face kerns: Source Sans kerns thousands of these pairs.
    expect(kerned).toBeGreaterThan(1000);
  }, 60_000);

  it.each(CJK_WEIGHTS.map((w) => [w, cjkFontPath(w)]))('CJK %s: Han, kana, full-width and Latin glyphs, as fontkit decodes them', (_name, path) => {
    const font = open(path);
    const expected = oracle(font);
    const kerning = reader(font);
    const glyphs = new Set<number>();
    for (const cp of [...'中国上海伦敦投资共享未来嘉定区欧洲企业年月日亿元美元，。、：；“”（）《》「」—…アイウカタナ０１２ＡＢＣ']) glyphs.add(font.glyphForCodePoint(cp.codePointAt(0)!).id);
    for (let cp = 0x20; cp <= 0x7e; cp++) glyphs.add(font.glyphForCodePoint(cp).id);
    for (let g = 1; g < font.numGlyphs; g += 997) glyphs.add(g);
    const wrong: string[] = [];
    for (const l of glyphs) for (const r of glyphs) if (kerning.value(l, r) !== expected(l, r) && wrong.length < 5) wrong.push(`${l},${r}`);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('a font without GPOS, or with a truncated or garbled one, kerns nothing and does not throw', () => {
    const bytes = new Uint8Array(readFileSync(fontPath({ weight: 'regular', style: 'normal' })));
    const font = open(fontPath({ weight: 'regular', style: 'normal' }));
    const gpos = font.directory.tables.GPOS!;
    const [l, r] = [font.glyphForCodePoint(0x41).id, font.glyphForCodePoint(0x56).id];
    // "AV" kerns in the real table: the cases below are negative only because of the damage.
    expect(reader(font).value(l, r)).toBeLessThan(0);
    expect(new PairKerning(bytes, undefined).value(l, r)).toBe(0);
    expect(new PairKerning(bytes.subarray(0, gpos.offset + 12), gpos).value(l, r)).toBe(0);
    expect(new PairKerning(bytes, { offset: gpos.offset, length: 12 }).value(l, r)).toBe(0);
    expect(new PairKerning(bytes, { offset: bytes.byteLength - 4, length: gpos.length }).value(l, r)).toBe(0);
    // The lookup list's offset pointing past the table's end.
    const garbled = bytes.slice();
    garbled.fill(0xff, gpos.offset + 8, gpos.offset + 10);
    expect(new PairKerning(garbled, gpos).value(l, r)).toBe(0);
  });

  it('a hand-made table: one format 1 pair read; a coverage offset past the end gives 0, not an exception', () => {
    // GPOS 1.0 -> FeatureList (kern -> lookup 0) -> LookupList -> PairPos format 1:
    // coverage [glyph 5], one pair set {glyph 7: x advance -50}.
    const words = [1, 0, 0, 10, 24, /* FeatureList */ 1, 0x6b65, 0x726e, 8, /* Feature */ 0, 1, 0, /* LookupList */ 1, 4, /* Lookup */ 2, 0, 1, 8, /* PairPos */ 1, 12, 4, 0, 1, 18, /* Coverage */ 1, 1, 5, /* PairSet */ 1, 7, 0x10000 - 50];
    const table = new Uint8Array(words.length * 2);
    words.forEach((w, i) => new DataView(table.buffer).setUint16(i * 2, w));
    const kerning = new PairKerning(table, { offset: 0, length: table.byteLength });
    expect([kerning.value(5, 7), kerning.value(5, 8), kerning.value(6, 7)]).toEqual([-50, 0, 0]);
    const broken = table.slice();
    new DataView(broken.buffer).setUint16(36 + 2, 0xfff0);
    expect(new PairKerning(broken, { offset: 0, length: broken.byteLength }).value(5, 7)).toBe(0);
  });
});
