// Serialisation: the document's small objects (structure elements, annotations, outline
// entries, page and font dictionaries...) packed into compressed object streams, and the
// cross-reference table written as a compressed cross-reference stream (PDF 32000-1:2008,
// 7.5.7 and 7.5.8) instead of PDFKit's plain-text objects and 20-byte-a-line xref table.
// In a tagged briefing those plain objects were about a third of the file.
//
// Hand-written: PDFKit (0.20) writes only a classic xref table, and rewriting its output with
// a PDF library afterwards would parse and re-serialise every object and stream of every
// build. Here PDFKit still serialises each object itself; a dictionary with no stream data
// is only routed into an object stream instead of the file. Streams (page contents, fonts,
// CMaps, XMP) stay top-level objects, as the standard requires. Everything is written in the
// order PDFKit finalises the objects, so the same input gives the same bytes.
import { deflateSync } from 'node:zlib';
import { convert } from './convert.js';
import { PdfWriter } from './output.js';

/** The parts of a PDFKit reference this relies on (private in @types/pdfkit). */
interface Reference {
  id: number;
  gen: number;
  data: unknown;
  offset?: number;
  buffer: Uint8Array | Uint8Array[];
  finalize(): void;
  toString(): string;
}

/** The parts of PDFKit's document this relies on (private in @types/pdfkit). */
interface Internals {
  version: number;
  compress: boolean;
  _offset: number;
  _offsets: (number | null)[];
  _root: Reference;
  _info: Reference;
  _id: Uint8Array;
  _security?: unknown;
  _write(data: string | Uint8Array): void;
  _refEnd(ref: Reference): void;
}

/**
 * Objects per object stream: a reader decompresses a whole stream to reach one object in it,
 * so a long document's structure tree is split rather than put in one stream.
 */
const PER_STREAM = 256;

/** One object routed into an object stream: its number and serialised value. */
interface Packed {
  id: number;
  body: string;
}

// The writer that gathers the bytes in memory (output.ts); this class decides which objects
// reach it as top-level objects and writes the cross-reference stream.
const Base = PdfWriter;

/**
 * A PDFKit document that writes its small objects into object streams and ends with a
 * cross-reference stream. Falls back to PDFKit's own writing when the file is encrypted,
 * uncompressed or older than PDF 1.5 (none of which this project produces).
 */
export class PackedDocument extends Base {
  // `declare`d, not initialised: PDFKit's constructor already creates (and a subclass field
  // initialiser would then reset) references. Set on first use.
  private declare packed?: Packed[];
  private declare capturing?: string[];

  override ref(data: object): PDFKit.PDFKitReference {
    const ref = super.ref(data) as unknown as Reference;
    const write = ref.finalize;
    ref.finalize = () => this.finalizeRef(ref, () => write.call(ref));
    return ref as unknown as PDFKit.PDFKitReference;
  }

  private packs(): boolean {
    const self = this as unknown as Internals;
    return self.compress && !self._security && self.version >= 1.5;
  }

  private finalizeRef(ref: Reference, write: () => void): void {
    const length = ref.buffer instanceof Uint8Array ? ref.buffer.length : ref.buffer.reduce((n, b) => n + b.length, 0);
    if (length > 0 || ref.gen !== 0 || !this.packs()) {
      write();
      return;
    }
    const self = this as unknown as Internals;
    const body = convert(ref.data, (v) => v instanceof (ref.constructor as new () => object));
    if (body !== undefined) {
      // As PDFKit's finalize, less the lines it would write: the value goes into a stream.
      ref.offset = self._offset;
      (this.packed ??= []).push({ id: ref.id, body });
      self._refEnd(ref);
      return;
    }
    // PDFKit writes `N 0 obj`, the serialised value and `endobj`; keep the value.
    const parts: string[] = [];
    this.capturing = parts;
    try {
      write();
    } finally {
      this.capturing = undefined;
    }
    // A PDFKit that wrote objects differently would otherwise corrupt the file quietly.
    if (parts.length !== 3 || parts[0] !== `${ref.id} 0 obj` || parts[2] !== 'endobj') throw new Error(`pdf: unexpected serialisation of object ${ref.id}`);
    (this.packed ??= []).push({ id: ref.id, body: parts[1]! });
    (this as unknown as Internals)._refEnd(ref);
  }

  override _write(data: string | Uint8Array): void {
    if (this.capturing) this.capturing.push(typeof data === 'string' ? data : Buffer.from(data).toString('latin1'));
    else super._write(data);
  }

  _refEnd(ref: Reference): void {
    if (!this.capturing) (Base.prototype as unknown as Internals)._refEnd.call(this, ref);
  }

  protected override writeTrailer(): void {
    const self = this as unknown as Internals;
    if (!this.packs()) {
      super.writeTrailer();
      return;
    }
    // Where each packed object went: its object stream and index there (7.5.8.3, type 2).
    const stream = new Map<number, number>();
    const index = new Map<number, number>();
    const packed = this.packed ?? [];
    for (let start = 0; start < packed.length; start += PER_STREAM) {
      const group = packed.slice(start, start + PER_STREAM);
      const id = this.newObject();
      const offsets: string[] = [];
      const bodies: string[] = [];
      let length = 0;
      group.forEach((o, i) => {
        offsets.push(`${o.id} ${length}`);
        bodies.push(o.body);
        length += o.body.length + 1;
        stream.set(o.id, id);
        index.set(o.id, i);
      });
      const header = `${offsets.join(' ')}\n`;
      const data = deflateSync(Buffer.from(`${header}${bodies.join('\n')}\n`, 'latin1'));
      this.writeStream(id, `/Type /ObjStm\n/N ${group.length}\n/First ${header.length}`, data);
    }

    const xref = this.newObject();
    const offset = self._offset;
    self._offsets[xref - 1] = offset;
    const size = xref + 1;
    // Rows [type, field 2, field 3]: 0 for the free head, 1 (offset) at the top level, 2 (stream, index) packed.
    const type = (id: number) => (id === 0 ? 0 : stream.has(id) ? 2 : 1);
    const field2 = (id: number) => (id === 0 ? 0 : (stream.get(id) ?? self._offsets[id - 1]!));
    const field3 = (id: number) => (id === 0 ? 65535 : (index.get(id) ?? 0));
    let max2 = 0;
    let max3 = 0;
    for (let id = 0; id < size; id++) {
      max2 = Math.max(max2, field2(id));
      max3 = Math.max(max3, field3(id));
    }
    const widths = [1, byteWidth(max2), byteWidth(max3)] as const;
    const columns = widths[0] + widths[1] + widths[2];
    const table = new Uint8Array(size * columns);
    let at = 0;
    const put = (value: number, width: number): void => {
      for (let b = width - 1; b >= 0; b--) table[at++] = Math.floor(value / 256 ** b) % 256;
    };
    for (let id = 0; id < size; id++) {
      put(type(id), widths[0]);
      put(field2(id), widths[1]);
      put(field3(id), widths[2]);
    }
    const hex = Buffer.from(self._id).toString('hex');
    this.writeStream(
      xref,
      `/Type /XRef\n/Size ${size}\n/W [${widths.join(' ')}]\n/Root ${self._root.toString()}\n/Info ${self._info.toString()}\n/ID [<${hex}> <${hex}>]\n/DecodeParms <<\n/Columns ${columns}\n/Predictor 12\n>>`,
      deflateSync(pngUp(table, columns)),
    );
    self._write('startxref');
    self._write(`${offset}`);
    self._write('%%EOF');
  }

  /** A new object number, its offset filled in when it is written. */
  private newObject(): number {
    const offsets = (this as unknown as Internals)._offsets;
    offsets.push(null);
    return offsets.length;
  }

  /** Writes object `id` as a Flate-compressed stream with the given dictionary entries. */
  private writeStream(id: number, entries: string, data: Uint8Array): void {
    const self = this as unknown as Internals;
    self._offsets[id - 1] = self._offset;
    self._write(`${id} 0 obj`);
    self._write(`<<\n${entries}\n/Length ${data.length}\n/Filter /FlateDecode\n>>`);
    self._write('stream');
    self._write(data);
    self._write('\nendstream');
    self._write('endobj');
  }
}

/** Bytes needed to write `max` big-endian (at least one). */
function byteWidth(max: number): number {
  let width = 1;
  while (max >= 256 ** width) width++;
  return width;
}

/** Rows of `columns` bytes encoded with the PNG "Up" predictor (Predictor 12): a filter-type
 * byte (2), then each byte minus the one above it. */
function pngUp(rows: Uint8Array, columns: number): Uint8Array {
  const count = rows.length / columns;
  const out = new Uint8Array(count * (columns + 1));
  for (let r = 0; r < count; r++) {
    out[r * (columns + 1)] = 2;
    for (let c = 0; c < columns; c++) out[r * (columns + 1) + 1 + c] = (rows[r * columns + c]! - (r > 0 ? rows[(r - 1) * columns + c]! : 0)) & 0xff;
  }
  return out;
}
