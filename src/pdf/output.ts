// Output: how PDFKit's objects become bytes. PDFKit (0.20.2, pinned) turns every
// content-stream operator into its own Uint8Array, concatenates them per stream, deflates
// each stream, and pushes every object line through a Node Readable stream as yet another
// small array. In a warm build that was most of the garbage the collector cleared (a fifth
// of the time) and a tenth of the time in zlib. This subclass keeps PDFKit's object model
// and its exact serialisation, and changes only where the bytes go:
// - a stream's operators stay one growing string until the stream ends, and become one
//   array then;
// - the document's output is gathered as parts and copied once into the file's bytes;
// - each object's dictionary is serialised by convert.ts (PDFKit's text, fewer steps), and a
//   stream's bytes are written as they are rather than copied once more;
// - a stream whose bytes were deflated before (a rebuild, the same font subset, the same
//   page) reuses the earlier result, found by the sha256 of its bytes in a bounded cache.
// The bytes written are exactly those PDFKit writes (test/pdf-output.test.ts compares them).
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { ContentCache } from '../digest/index.js';
import { convert } from './convert.js';

// The parts of PDFKit's document and object reference this relies on (private in @types/pdfkit).
interface PdfKitRef {
  id: number;
  gen: number;
  offset?: number;
  document: { _offset: number; _security?: unknown; _write(data: string | Uint8Array): void; _refEnd(ref: PdfKitRef): void };
  data: Record<string, unknown>;
  compress: boolean;
  buffer: (string | Uint8Array)[] | Uint8Array;
  write(chunk: unknown): void;
  finalize(): void;
}
type Part = string | Uint8Array;

/**
 * Deflated streams kept between documents, 8 MB at most (the seed's two PDFs hold ~0.2 MB);
 * a stream over 1 MB is deflated but not kept, as it would push out many others.
 */
const deflated = new ContentCache<Uint8Array>(8 * 1024 * 1024, (v) => v.byteLength, 1024 * 1024);

/** zlib's deflate at its default level, as PDFKit calls it, remembered by the sha256 of the input. */
export function deflateStream(bytes: Uint8Array): Uint8Array {
  return deflated.get(bytes, (b) => new Uint8Array(deflateSync(b)));
}

/** What the deflate cache holds, for tests of its bound. */
export function deflateCacheStats(): { entries: number; bytes: number; limit: number } {
  return deflated.stats();
}

/** Strings and arrays as one array; a string is one byte per UTF-16 unit (its low byte), as in PDFKit. */
function joinParts(parts: readonly Part[], length: number): Uint8Array {
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'string') at += out.write(p, at, 'latin1');
    else {
      out.set(p, at);
      at += p.byteLength;
    }
  }
  return new Uint8Array(out.buffer, out.byteOffset, at);
}

function byteLength(parts: readonly Part[]): number {
  let n = 0;
  for (const p of parts) n += typeof p === 'string' ? p.length : p.byteLength;
  return n;
}

type PdfKitConstructor = new (options?: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument;

/** A PDFKit document whose bytes are gathered in memory; `bytes()` once the document has ended. */
export class PdfWriter extends (PDFDocument as unknown as PdfKitConstructor) {
  // Fields are set after PDFKit's constructor, which already writes: so created on first use.
  // (`declare`: no initialiser may run after PDFKit's constructor and wipe what it wrote.)
  declare private parts?: Part[];
  declare private pending?: string;
  declare private result?: Uint8Array;
  declare private whenDone?: (bytes: Uint8Array) => void;
  declare private _offset: number;

  /** The finished file: resolves when PDFKit has written its cross-reference table and trailer. */
  bytes(): Promise<Uint8Array> {
    if (this.result) return Promise.resolve(this.result);
    return new Promise((resolve) => (this.whenDone = resolve));
  }

  // PDFKit's document writes every line of every object here.
  _write(data: unknown): void {
    if (data instanceof Uint8Array) {
      this.flush();
      (this.parts ??= []).push(data);
      this._offset += data.byteLength;
    } else {
      const line = `${String(data)}\n`;
      this.pending = this.pending === undefined ? line : this.pending + line;
      this._offset += line.length;
    }
  }

  private flush(): void {
    if (this.pending === undefined) return;
    (this.parts ??= []).push(this.pending);
    this.pending = undefined;
  }

  // Every indirect object PDFKit makes goes through ref(); streams get the writing above.
  override ref(data: {}): PDFKit.PDFKitReference {
    const made = (PDFDocument.prototype as unknown as { ref(this: PdfWriter, data: {}): PDFKit.PDFKitReference }).ref.call(this, data);
    const ref = made as unknown as PdfKitRef;
    const finalize = ref.finalize;
    ref.write = writeRef;
    const isRef = (v: object) => v instanceof (ref.constructor as new () => object);
    ref.finalize = function finalizeRef(this: PdfKitRef) {
      const parts = this.buffer as Part[];
      let stream: Uint8Array | undefined;
      if (parts.length) {
        const joined = joinParts(parts, byteLength(parts));
        stream = this.compress ? deflateStream(joined) : joined;
        this.data.Length = stream.length;
      }
      this.compress = false;
      const doc = this.document;
      const body = doc._security ? undefined : convert(this.data, isRef);
      if (body === undefined) {
        // PDFKit's own finalize writes these bytes as they are (one part, nothing to deflate).
        this.buffer = stream ? [stream] : [];
        finalize.call(this);
        return;
      }
      // PDFKit's finalize, less its copy of the stream's bytes into an array of their own.
      this.offset = doc._offset;
      doc._write(`${this.id} ${this.gen} obj`);
      doc._write(body);
      if (stream && stream.length > 0) {
        doc._write('stream');
        doc._write(stream);
        doc._write('\nendstream');
      }
      this.buffer = [];
      doc._write('endobj');
      doc._refEnd(this);
    };
    return made;
  }

  // PDFKit's document is a Readable stream, and its only push() left is the end marker from
  // _finalize. Nothing reads this stream (the bytes are gathered above), and a push(null)
  // would queue a process.nextTick holding the whole document: in a loop of builds that
  // never yields to the event loop (awaiting only promises), those ticks, and every
  // document with them, would pile up until it did.
  override push(): boolean {
    return false;
  }

  /** Writes the cross-reference data and the trailer: PDFKit's own, unless a subclass packs objects. */
  protected writeTrailer(): void {
    (PDFDocument.prototype as unknown as { _finalize(this: PdfWriter): void })._finalize.call(this);
  }

  _finalize(): void {
    this.writeTrailer();
    this.flush();
    const parts = this.parts ?? [];
    this.result = joinParts(parts, this._offset);
    this.parts = [];
    this.whenDone?.(this.result);
  }
}

/** PDFKit's PDFReference.write, keeping text as strings until the stream ends. */
function writeRef(this: PdfKitRef, chunk: unknown): void {
  // The dictionary's keys in PDFKit's order: Length is added by the first write, then Filter.
  if (this.data.Length == null) this.data.Length = 0;
  if (this.compress) this.data.Filter = 'FlateDecode';
  const parts = this.buffer as Part[];
  if (chunk instanceof Uint8Array) {
    parts.push(chunk);
    return;
  }
  // Consecutive operators grow one string (V8 joins them as a rope, flattened once when the
  // stream ends), so a page becomes one latin1 write rather than one per operator.
  const line = `${String(chunk)}\n`;
  const last = parts.length - 1;
  if (last >= 0 && typeof parts[last] === 'string') parts[last] += line;
  else parts.push(line);
}
