// Pair kerning read straight from a font's GPOS bytes: the `kern` feature's pair adjustment
// lookups (type 2, and type 9 extensions of them), as the OpenType specification lays them out.
//
// Hand-written on purpose. fontkit decodes GPOS through restructure: every structure on the
// way to a pair (feature list, lookups, subtables, class definitions, each row of a class
// matrix) becomes objects on first touch, about 90 ms of a cold build's CPU for the six text
// faces, paid again by every new process and worker. No library reads one feature's pair
// values lazily, so this reads each number where it lies, when a pair is first asked for,
// with binary searches over the sorted arrays the specification requires. The shaper caches
// every pair it asks for, so each is read once per process.
//
// Its answers are those of the fontkit-based reading it replaces (test/kerning.test.ts compares
// both on every face for every pair of a wide character set): the union of the lookups of every
// `kern` feature record, in lookup-list order; the first subtable whose coverage holds the left
// glyph decides (a format 1 subtable without the right glyph passes on to the next); the value
// is the first record's x advance, 0 when it has none.

/** Where a font file's GPOS table lies, from the font's table directory. */
export interface TableLocation {
  offset: number;
  length: number;
}

type Subtable = { format: 1; at: number; coverage: number; format1: number; format2: number } | { format: 2; at: number; coverage: number; format1: number; format2: number; classDef1: number; classDef2: number; class1Count: number; class2Count: number };

/** Bytes a value record of this format takes: two per field present. */
function valueSize(format: number): number {
  let n = 0;
  for (let bits = format & 0xff; bits; bits >>= 1) n += bits & 1;
  return 2 * n;
}

/** Byte offset of XAdvance inside a value record of this format, or -1 when it has none. */
function xAdvanceAt(format: number): number {
  if (!(format & 0x4)) return -1;
  return 2 * ((format & 1) + ((format >> 1) & 1));
}

export class PairKerning {
  // The GPOS table alone: a read past its end (a malformed offset) throws instead of reading
  // another table's bytes.
  private readonly view: DataView = new DataView(new ArrayBuffer(0));
  private subtables: Subtable[] | undefined;

  /** `bytes` is the whole font file; `gpos` where its GPOS table is, if it has one. */
  constructor(bytes: Uint8Array, gpos: TableLocation | undefined) {
    if (gpos && gpos.offset + gpos.length <= bytes.byteLength) this.view = new DataView(bytes.buffer, bytes.byteOffset + gpos.offset, gpos.length);
  }

  /** The kern feature's x-advance adjustment between two glyphs, in font units. */
  value(left: number, right: number): number {
    try {
      return this.lookUp(left, right);
    } catch {
      // A subtable whose offsets lead past the table's end: that pair is not kerned.
      return 0;
    }
  }

  private lookUp(left: number, right: number): number {
    for (const t of this.tables()) {
      const index = this.coverageIndex(t.coverage, left);
      if (index < 0) continue;
      if (t.format === 1) {
        const record = this.pairRecord(t, index, right);
        if (record < 0) continue;
        return this.xAdvance(record + 2, t.format1);
      }
      const c1 = this.classOf(t.classDef1, left);
      const c2 = this.classOf(t.classDef2, right);
      if (c1 >= t.class1Count || c2 >= t.class2Count) return 0;
      const size1 = valueSize(t.format1);
      const rowSize = t.class2Count * (size1 + valueSize(t.format2));
      return this.xAdvance(t.at + 16 + c1 * rowSize + c2 * (size1 + valueSize(t.format2)), t.format1);
    }
    return 0;
  }

  private u16(at: number): number {
    return this.view.getUint16(at);
  }

  private xAdvance(record: number, format: number): number {
    const at = xAdvanceAt(format);
    return at < 0 ? 0 : this.view.getInt16(record + at);
  }

  /** The pair adjustment subtables of the kern feature's lookups, in lookup-list order; none for a font without GPOS or with one that does not parse. */
  private tables(): Subtable[] {
    if (this.subtables) return this.subtables;
    this.subtables = [];
    if (this.view.byteLength === 0) return this.subtables;
    try {
      this.subtables = this.readTables(0);
    } catch {
      // A truncated or malformed table (a read past its end): no kerning, as fontkit gives no
      // GPOS for a table it cannot decode.
      this.subtables = [];
    }
    return this.subtables;
  }

  private readTables(gpos: number): Subtable[] {
    const features = gpos + this.u16(gpos + 6);
    const lookups = gpos + this.u16(gpos + 8);
    const indexes = new Set<number>();
    const featureCount = this.u16(features);
    for (let i = 0; i < featureCount; i++) {
      const record = features + 2 + i * 6;
      const tag = String.fromCharCode(this.view.getUint8(record), this.view.getUint8(record + 1), this.view.getUint8(record + 2), this.view.getUint8(record + 3));
      if (tag !== 'kern') continue;
      const feature = features + this.u16(record + 4);
      const count = this.u16(feature + 2);
      for (let j = 0; j < count; j++) indexes.add(this.u16(feature + 4 + j * 2));
    }
    const lookupCount = this.u16(lookups);
    const out: Subtable[] = [];
    for (const index of [...indexes].sort((a, b) => a - b)) {
      if (index >= lookupCount) continue;
      const lookup = lookups + this.u16(lookups + 2 + index * 2);
      const type = this.u16(lookup);
      const subCount = this.u16(lookup + 4);
      for (let s = 0; s < subCount; s++) {
        let at = lookup + this.u16(lookup + 6 + s * 2);
        let subType = type;
        if (type === 9) {
          subType = this.u16(at + 2);
          at += this.view.getUint32(at + 4);
        }
        if (subType !== 2) continue;
        const format = this.u16(at);
        const common = { at, coverage: at + this.u16(at + 2), format1: this.u16(at + 4), format2: this.u16(at + 6) };
        if (format === 1) out.push({ format: 1, ...common });
        else if (format === 2) {
          const def1 = this.u16(at + 8);
          const def2 = this.u16(at + 10);
          out.push({ format: 2, ...common, classDef1: def1 ? at + def1 : 0, classDef2: def2 ? at + def2 : 0, class1Count: this.u16(at + 12), class2Count: this.u16(at + 14) });
        }
      }
    }
    return out;
  }

  /** The glyph's index in a coverage table, or -1. */
  private coverageIndex(coverage: number, glyph: number): number {
    const format = this.u16(coverage);
    const count = this.u16(coverage + 2);
    let lo = 0;
    let hi = count - 1;
    if (format === 1) {
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const g = this.u16(coverage + 4 + mid * 2);
        if (g === glyph) return mid;
        if (g < glyph) lo = mid + 1;
        else hi = mid - 1;
      }
      return -1;
    }
    if (format !== 2) return -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = coverage + 4 + mid * 6;
      if (glyph < this.u16(r)) hi = mid - 1;
      else if (glyph > this.u16(r + 2)) lo = mid + 1;
      else return this.u16(r + 4) + glyph - this.u16(r);
    }
    return -1;
  }

  /** The glyph's class in a class definition table (0 for none, or for no table). */
  private classOf(def: number, glyph: number): number {
    if (!def) return 0;
    const format = this.u16(def);
    if (format === 1) {
      const i = glyph - this.u16(def + 2);
      return i >= 0 && i < this.u16(def + 4) ? this.u16(def + 6 + i * 2) : 0;
    }
    if (format !== 2) return 0;
    let lo = 0;
    let hi = this.u16(def + 2) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = def + 4 + mid * 6;
      if (glyph < this.u16(r)) hi = mid - 1;
      else if (glyph > this.u16(r + 2)) lo = mid + 1;
      else return this.u16(r + 4);
    }
    return 0;
  }

  /** The offset of the pair value record for `right` in the left glyph's pair set, or -1. */
  private pairRecord(t: Subtable, index: number, right: number): number {
    if (index >= this.u16(t.at + 8)) return -1;
    const set = t.at + this.u16(t.at + 10 + index * 2);
    const size = 2 + valueSize(t.format1) + valueSize(t.format2);
    let lo = 0;
    let hi = this.u16(set) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = set + 2 + mid * size;
      const g = this.u16(r);
      if (g === right) return r;
      if (g < right) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
