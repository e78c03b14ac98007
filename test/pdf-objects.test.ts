// The PDF writer's serialisation: small objects in object streams, a cross-reference stream,
// and nothing else changed. Read back with qpdf (its cross-reference listing and JSON view of
// every object) and pdf.js.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { PdfWriter } from '../src/pdf/output.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { PackedDocument } from '../src/pdf/objects.js';
import { convert } from '../src/pdf/convert.js';
import { qpdfCheck, toFile } from './helpers/pdf.js';
import { flatten, openPdf, SEED, structTrees } from './print-helpers.js';

interface QpdfObject {
  value?: unknown;
  stream?: { dict: Record<string, unknown>; data?: string };
}

/** Every object of the file by "obj:N 0 R", streams decoded, plus the trailer. */
function objects(path: string): Record<string, QpdfObject> {
  const json = execFileSync('qpdf', ['--json=2', '--json-key=qpdf', '--json-stream-data=inline', '--decode-level=generalized', path], { maxBuffer: 64 * 1024 * 1024 });
  return (JSON.parse(json.toString('utf8')) as { qpdf: [unknown, Record<string, QpdfObject>] }).qpdf[1];
}

/** qpdf's cross-reference listing: object number -> where it lives. */
function xref(path: string): Map<number, { compressed: boolean; stream?: number }> {
  const rows = new Map<number, { compressed: boolean; stream?: number }>();
  for (const line of execFileSync('qpdf', ['--show-xref', path], { encoding: 'utf8' }).trim().split('\n')) {
    const m = /^(\d+)\/0: (compressed|uncompressed);(?: stream = (\d+))?/.exec(line);
    if (!m) throw new Error(`unexpected qpdf --show-xref line: ${line}`);
    rows.set(Number(m[1]), { compressed: m[2] === 'compressed', ...(m[3] ? { stream: Number(m[3]) } : {}) });
  }
  return rows;
}

const typeOf = (o: QpdfObject | undefined) => o?.stream?.dict['/Type'];

describe('the seed print briefing, serialised', () => {
  let bytes: Uint8Array;
  let path: string;
  beforeAll(async () => {
    bytes = (await buildBriefing(SEED, { formats: ['print'] })).print!;
    path = toFile(bytes, 'briefing.pdf');
  });

  it('is at most 100 KB (issue #17) and sound', () => {
    expect(bytes.byteLength).toBeLessThanOrEqual(100 * 1024);
    expect(qpdfCheck(path).ok, qpdfCheck(path).output).toBe(true);
  });

  it('keeps only streams at the top level: every other object is in an object stream, listed by a cross-reference stream', () => {
    const all = objects(path);
    const rows = xref(path);
    const trailer = all.trailer!;
    // The trailer qpdf shows is the cross-reference stream's dictionary.
    expect(trailer.value).toMatchObject({ '/Type': '/XRef', '/Filter': '/FlateDecode' });
    expect(Buffer.from(bytes).subarray(-1024).toString('latin1')).not.toMatch(/\btrailer\b/);
    const streams = new Set<number>();
    for (const [n, row] of rows) {
      const o = all[`obj:${n} 0 R`];
      if (row.compressed) {
        expect(o?.stream, `object ${n} is a stream inside an object stream`).toBeUndefined();
        expect(typeOf(all[`obj:${row.stream} 0 R`])).toBe('/ObjStm');
        streams.add(row.stream!);
      } else {
        expect(o?.stream, `top-level object ${n} is a stream`).toBeDefined();
      }
    }
    // The structure tree, annotations, outline and page dictionaries all went in.
    const compressed = [...rows.values()].filter((r) => r.compressed).length;
    expect(compressed).toBeGreaterThan(300);
    // At most 256 objects per object stream: a reader inflates a whole stream to reach one.
    expect(streams.size).toBe(Math.ceil(compressed / 256));
    for (const s of streams) expect(all[`obj:${s} 0 R`]!.stream!.dict['/N']).toBeLessThanOrEqual(256);
  });

  it('still carries fonts, text maps, metadata, structure, links and outline, as pdf.js reads them', async () => {
    const doc = await openPdf(bytes);
    expect((await doc.getOutline())?.length).toBeGreaterThan(3);
    const links = (await (await doc.getPage(1)).getAnnotations()).length + (await (await doc.getPage(2)).getAnnotations()).length;
    expect(links).toBeGreaterThan(0);
    const meta = await doc.getMetadata();
    expect((meta.info as Record<string, unknown>).Title).toMatch(/Shanghai/);
    expect(meta.metadata?.get('dc:title')).toMatch(/Shanghai/);
    await doc.destroy();
    const roles = new Set(flatten(await structTrees(bytes)).map((n) => n.role));
    for (const role of ['Document', 'H1', 'P', 'Link', 'Figure', 'Table']) expect(roles).toContain(role);
  });
});

/** The same small tagged document drawn into `Doc`: text, a link, an outline entry, metadata. */
async function sample(Doc: new (options: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument, options: PDFKit.PDFDocumentOptions = {}): Promise<string> {
  const date = new Date(Date.UTC(2023, 7, 24));
  const doc = new Doc({ autoFirstPage: false, pdfVersion: '1.7', tagged: true, lang: 'en-GB', displayTitle: true, info: { Title: 'Ferry links, 2024 — a test', CreationDate: date, ModDate: date }, ...options });
  // PDFKit's own document streams its bytes; ours (the in-memory PdfWriter) hands them over once.
  const chunks: Buffer[] = [];
  const done =
    doc instanceof PdfWriter
      ? doc.bytes().then((b) => Buffer.from(b))
      : new Promise<Buffer>((resolve) => {
          doc.on('data', (c: Buffer) => chunks.push(c));
          doc.on('end', () => resolve(Buffer.concat(chunks)));
        });
  const root = doc.struct('Document');
  doc.addStructure(root);
  for (let page = 0; page < 3; page++) {
    doc.addPage({ size: 'A4', margin: 0 });
    const p = doc.struct('P');
    root.add(p);
    const content = doc.markStructureContent('P');
    doc.fontSize(12).text(`Crossings on route ${page + 1} rose by about a fifth.`, 72, 72);
    doc.endMarkedContent();
    p.add(content);
    p.end();
    doc.link(72, 72, 200, 14, 'https://example.org/ferries');
    doc.outline.addItem(`Route ${page + 1}`);
  }
  root.end();
  doc.end();
  return toFile(await done, 'sample.pdf');
}

describe('PackedDocument', () => {
  it('writes the same objects as PDFKit, only packed: every value and decoded stream is equal', async () => {
    const plain = objects(await sample(PDFDocument as unknown as new (o: PDFKit.PDFDocumentOptions) => PDFKit.PDFDocument));
    const packedPath = await sample(PackedDocument);
    expect(qpdfCheck(packedPath).ok).toBe(true);
    const packed = objects(packedPath);
    const added = Object.keys(packed).filter((k) => k !== 'trailer' && !(k in plain));
    expect(added.map((k) => typeOf(packed[k])).sort()).toEqual(['/ObjStm', '/XRef']);
    for (const [k, v] of Object.entries(plain)) {
      if (k === 'trailer') continue;
      expect(packed[k], k).toEqual(v);
    }
    const { '/Size': _plainSize, ...trailer } = plain.trailer!.value as Record<string, unknown>;
    expect(packed.trailer!.value).toMatchObject(trailer);
    expect([...xref(packedPath).values()].some((r) => r.compressed)).toBe(true);
  });

  it('gives the same bytes for the same document', async () => {
    expect(readFileSync(await sample(PackedDocument)).equals(readFileSync(await sample(PackedDocument)))).toBe(true);
  });

  it('falls back to a plain cross-reference table where object streams are not allowed (uncompressed, PDF 1.4)', async () => {
    for (const options of [{ compress: false }, { pdfVersion: '1.4' as const }]) {
      const path = await sample(PackedDocument, options);
      expect(qpdfCheck(path).ok).toBe(true);
      expect([...xref(path).values()].every((r) => !r.compressed)).toBe(true);
      expect(readFileSync(path).subarray(-2048).toString('latin1')).toMatch(/\btrailer\b/);
    }
  });
});

// The writer serialises dictionaries itself (src/pdf/convert.ts); it must write exactly
// PDFKit's text, or defer to PDFKit. PDFKit's own text comes from a reference of a
// scratch document, finalised with its writes captured.
function pdfkitText(data: unknown): string {
  const scratch = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  const lines: unknown[] = [];
  (scratch as unknown as { _write(d: unknown): void })._write = (d) => lines.push(d);
  (scratch.ref(data as object) as unknown as { end(): void }).end();
  expect(lines[0]).toMatch(/^\d+ 0 obj$/);
  return String(lines[1]);
}

const refClass = (doc: PDFKit.PDFDocument) => (doc.ref({}) as unknown as object).constructor as new () => object;

describe('the object-stream serialiser (convert)', () => {
  it('writes what PDFKit writes for every kind of value a briefing holds, and defers on others', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    const Ref = refClass(doc);
    const isRef = (v: object) => v instanceof Ref;
    const ref = doc.ref({ Type: 'Page' });
    const values: Record<string, unknown>[] = [
      { S: 'P', P: ref, K: [0, 1, { Type: 'MCR', Pg: ref, MCID: 2 }], Pg: ref },
      { Alt: new String('A chart (left) of crossings \\ year, 2019–2023'), Lang: new String('zh-CN'), T: new String('上海（2023）：贸易额增长约百分之五') },
      { Contents: new String('line\nbreak\r\ttab\bback\fform (paren) \\slash'), Empty: new String(''), Only: new String('é') },
      { A: { O: 'Layout', Placement: 'Block', BBox: [0.1 + 0.2, 1 / 3, -2.5, 841.8898] }, N: -0, Big: 1e20, Tiny: 1e-7, Neg: -1234.5678901 },
      { Flag: true, Off: false, Nothing: null, Skipped: undefined, List: [undefined, null, 'Name', [[]], {}], Nested: { Deeper: { Deepest: [ref] } } },
      { Dest: [ref, 'XYZ', null, 770.52, null], Kids: [], Count: 0 },
    ];
    for (const value of values) expect(convert(value, isRef)).toBe(pdfkitText(value));
    // PDFKit's converter (or its error) stays in charge of what this one does not know.
    for (const value of [{ D: new Date(0) }, { B: new Uint8Array([1, 2]) }, { N: Number.NaN }, { N: 1e22 }, { C: new (class Other {})() }]) {
      expect(convert(value, isRef)).toBeUndefined();
    }
  });

  it('writes exactly what PDFKit would for every object of the seed print, slides and Chinese editions', async () => {
    const pairs: [string | undefined, string][] = [];
    const proto = PackedDocument.prototype as unknown as { ref(data: object): unknown };
    const ref = proto.ref;
    proto.ref = function (this: PDFKit.PDFDocument, data: object) {
      const made = ref.call(this, data) as { data: unknown; buffer: unknown[]; finalize(): void };
      const Ref = made.constructor as new () => object;
      const finalize = made.finalize;
      made.finalize = function () {
        pairs.push([convert(made.data, (v) => v instanceof Ref), pdfkitText(made.data)]);
        finalize.call(this);
      };
      return made;
    };
    try {
      await buildBriefing(SEED, { formats: ['print', 'slides'] });
      await buildBriefing(SEED, { formats: ['print'], locale: 'zh-CN' });
    } finally {
      proto.ref = ref;
    }
    expect(pairs.length).toBeGreaterThan(500);
    const converted = pairs.filter(([mine]) => mine !== undefined);
    // Left to PDFKit: per document, the two values holding dates, and the structure tree root
    // and the names dictionary (which hold PDFKit's number and name trees).
    expect(pairs.length - converted.length).toBeLessThanOrEqual(3 * 4);
    for (const [mine, theirs] of converted) expect(mine).toBe(theirs);
  });
});
