// Zip entries compressed once per content: package.ts writes every part of the deck (and of
// each chart's workbook) through JSZip at deflate level 6, and most parts are the same from
// one build to the next (theme, masters, layouts, properties, workbook styles) or the same
// as in the last build of the same briefing (slides, notes, charts). pako's deflate
// allocates ~0.3 MB of state per entry, and a deck has ~100 entries: that compression was
// the largest part of writing a PPTX. An entry is deflated here with JSZip's own deflate and
// CRC-32, handed to JSZip as a CompressedObject (which it copies as it is), and the result
// is kept, bounded, under the sha256 of the entry's bytes. The zip's bytes are the ones
// JSZip writes itself (test/pptx-entries.test.ts compares them).
import type JSZip from 'jszip';
import CompressedObject from 'jszip/lib/compressedObject.js';
import flate from 'jszip/lib/flate.js';
import crc32 from 'jszip/lib/crc32.js';
import { ContentCache } from '../digest/index.js';

/** The deflate level of every entry (JSZip's `compressionOptions.level`). */
export const ZIP_LEVEL = 6;
/** Compressed entries kept between builds, 4 MB at most (a deck's entries are ~0.1 MB in all). */
const entries = new ContentCache<CompressedObject>(4 * 1024 * 1024, (v) => v.compressedSize);

/**
 * `data` (text is written as UTF-8, as JSZip writes it) ready for `zip.file(name, …)`,
 * deflated at ZIP_LEVEL; an empty entry stays empty text, which JSZip stores.
 */
export function deflatedEntry(data: string | Uint8Array): CompressedObject | '' {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  if (bytes.byteLength === 0) return '';
  return entries.get(bytes, (b) => {
    const compressed = deflateRaw(b);
    return new CompressedObject(compressed.byteLength, b.byteLength, crc32(b), flate, compressed);
  });
}

/** Adds `data` to `zip` as `name`, deflated through the cache, dated `date`. */
export function addDeflated(zip: JSZip, name: string, data: string | Uint8Array, date: Date): void {
  // JSZip's typings omit the CompressedObject that its file() accepts (lib/object.js fileAdd).
  zip.file(name, deflatedEntry(data) as unknown as string, { date, createFolders: false });
}

/** What the cache holds, for tests of its bound. */
export function entryCacheStats(): { entries: number; bytes: number; limit: number } {
  return entries.stats();
}

/** JSZip's FlateWorker run on the whole entry at once (deflate does not depend on how input is chunked). */
function deflateRaw(bytes: Uint8Array): Uint8Array {
  const worker = flate.compressWorker({ level: ZIP_LEVEL });
  const chunks: Uint8Array[] = [];
  worker.on('data', (chunk) => chunks.push(chunk.data));
  worker.processChunk({ data: bytes, meta: {} });
  worker.flush();
  worker.cleanUp();
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}
