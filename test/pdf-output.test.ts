// The pdf writer's output concern (src/pdf/output.ts): PDFKit's objects gathered in memory,
// streams joined once and deflated through a bounded cache. The bytes must be exactly those
// PDFKit writes through its own stream, and the cache must hold no more than its bound.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { deflateSync, inflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { deflateCacheStats, deflateStream, PdfWriter } from '../src/pdf/output.js';

const require = createRequire(import.meta.url);
const font = join(dirname(require.resolve('source-sans/package.json')), 'TTF', 'SourceSans3-Regular.ttf');

/** A small tagged document using what the writer uses: pages, vectors, text in an embedded font, links, outline, info. */
function draw(doc: PDFKit.PDFDocument, words: string): void {
  doc.registerFont('body', font);
  for (let p = 0; p < 3; p++) {
    doc.addPage({ size: [400, 300], margin: 0 });
    const section = doc.struct('Sect');
    doc.addStructure(section);
    section.add(doc.struct('P', () => doc.font('body').fontSize(12).fillColor('#123456').text(`${words} ${p} — Ünïcödé ‘quotes’ (parens) \\ back`, 20, 20, { lineBreak: false })));
    section.end();
    doc.rect(10, 40 + p, 200.5, 30).fillAndStroke('#abcdef', '#000000');
    doc.moveTo(0, 0).bezierCurveTo(10, 20, 30, 40, 50.25, 60).lineTo(100, 7).stroke();
    doc.link(20, 20, 80, 14, 'https://example.org/a(b)');
    doc.addNamedDestination(`d-${p}`);
    doc.outline.addItem(`Page ${p + 1}`);
  }
}

const options = (): PDFKit.PDFDocumentOptions => ({ autoFirstPage: false, compress: true, pdfVersion: '1.7', tagged: true, lang: 'en-GB', displayTitle: true, info: { Title: 'Ä title (x)', Author: 'An author', CreationDate: new Date(Date.UTC(2023, 10, 14)), ModDate: new Date(Date.UTC(2023, 10, 14)) } });

function pdfkitBytes(words: string): Promise<Uint8Array> {
  const doc = new PDFDocument(options());
  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
  });
  draw(doc, words);
  doc.end();
  return done;
}

function writerBytes(words: string): Promise<Uint8Array> {
  const doc = new PdfWriter(options());
  draw(doc, words);
  doc.end();
  return doc.bytes();
}

describe('pdf output', () => {
  it('writes the bytes PDFKit writes through its own stream, built fresh and again from the cache', async () => {
    for (const words of ['First words', 'Other words', 'First words']) {
      const expected = await pdfkitBytes(words);
      const got = await writerBytes(words);
      expect(got.byteLength).toBe(expected.byteLength);
      expect(Buffer.from(got).equals(Buffer.from(expected))).toBe(true);
      const text = Buffer.from(got).toString('latin1');
      expect(text.startsWith('%PDF-1.7\n')).toBe(true);
      expect(text.trimEnd().endsWith('%%EOF')).toBe(true);
      expect(text).toContain('/Filter /FlateDecode');
    }
  });

  it('queues no process.nextTick while writing, so a loop of builds that never yields holds no finished document', async () => {
    // A Readable's push(null) queues a tick that holds the stream; ticks run only when the
    // loop yields, so `for (...) await build()` would keep every document alive until then.
    const original = process.nextTick;
    let queued = 0;
    process.nextTick = ((...args: Parameters<typeof process.nextTick>) => {
      queued++;
      return original(...args);
    }) as typeof process.nextTick;
    try {
      const bytes = await writerBytes('Counted words');
      expect(bytes.byteLength).toBeGreaterThan(1000);
    } finally {
      process.nextTick = original;
    }
    expect(queued).toBe(0);
  });

  it('deflates as zlib does, and a repeated stream is the same bytes', () => {
    const input = new TextEncoder().encode('0 0 m 10 10 l S\n'.repeat(500));
    const once = deflateStream(input);
    expect(Buffer.from(once).equals(deflateSync(input))).toBe(true);
    expect(deflateStream(input.slice())).toBe(once);
    expect(Buffer.from(inflateSync(once)).equals(Buffer.from(input))).toBe(true);
  });

  it('keeps the cache within its bound whatever passes through it', () => {
    // Incompressible streams of 256 KB each: far more than the bound in all.
    let seed = 7;
    const noise = (n: number) => Uint8Array.from({ length: n }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const { limit } = deflateCacheStats();
    for (let i = 0; i < Math.ceil(limit / (256 * 1024)) + 8; i++) {
      const input = noise(256 * 1024);
      expect(Buffer.from(inflateSync(deflateStream(input))).equals(Buffer.from(input))).toBe(true);
      expect(deflateCacheStats().bytes).toBeLessThanOrEqual(limit);
    }
    expect(deflateCacheStats().entries).toBeGreaterThan(0);
  });
});
