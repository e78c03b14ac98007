// PDF stage: a laid-out document -> PDF bytes with PDFKit. Draws exactly what layout placed,
// tags it (structure tree, artifacts, alt text), adds the outline, links and metadata.
import PDFDocument from 'pdfkit';
import { allFaces, faceKey, pdfFontSource, verticalMetrics, type FontFace } from '../fonts/index.js';
import type { ChartGraphics } from '../charts/model.js';
import { replayToPdf } from './replay-chart.js';
import { setText } from './set-text.js';
import type { Item, LaidOutDocument, Role, StructRef } from '../layout/model.js';

// Parsed fonts, kept across documents. PDFKit accepts a fontkit font in place of a path;
// given a path it re-reads and re-parses the file for every document, and its shaping tables
// (GSUB/GPOS) are decoded afresh on first use, which was ~98% of the time of writing a PDF.
// Subsets are still made per document, so output does not depend on what was built before.
const fonts = new Map<string, unknown>();

// The part of a fontkit font PDFKit uses to embed it.
interface FontkitSubset {
  glyphs: number[];
  encode(): Uint8Array;
}
interface FontkitFont {
  createSubset(): FontkitSubset;
}

/**
 * Wraps a fontkit font so an identical subset is encoded once per process: encoding a
 * subset font file is costly, and the same glyphs in the same order always give the same
 * bytes, so a rebuild of the same briefing reuses them. (Shaping is shared through
 * src/fonts, which also measured the text.)
 */
function subsetCache(font: FontkitFont): FontkitFont {
  const wrapper = Object.create(font) as FontkitFont;
  const files = new Map<string, Uint8Array>();
  wrapper.createSubset = () => {
    const subset = font.createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      const key = subset.glyphs.join(',');
      let bytes = files.get(key);
      if (!bytes) {
        bytes = encode();
        if (files.size > 64) files.clear();
        files.set(key, bytes);
      }
      return bytes;
    };
    return subset;
  };
  return wrapper;
}

function fontObject(face: FontFace): string {
  const key = faceKey(face);
  let font = fonts.get(key);
  if (!font) {
    // The font layout measured with, so its tables are parsed once per process, not twice.
    font = subsetCache(pdfFontSource(face) as unknown as FontkitFont);
    fonts.set(key, font);
  }
  // @types/pdfkit only admits a path or bytes here; PDFKit itself takes a fontkit font too.
  return font as string;
}

export interface PdfOptions {
  /** Fixed timestamp for CreationDate/ModDate, so identical input gives identical bytes. */
  date: Date;
  /** Produce PDF/A-2b: XMP metadata and an sRGB output intent. */
  pdfa?: boolean;
  subject?: string;
}

type PDFDoc = PDFKit.PDFDocument;
// PDFKit's structure element type is not exported by @types/pdfkit.
type StructElement = ReturnType<PDFDoc['struct']>;
interface StructOptions {
  alt?: string;
  bbox?: [number, number, number, number];
  scope?: 'Column' | 'Row';
}

// The private parts of PDFKit we rely on, typed here once: its page list (to point outline
// entries at a position on a page) and its XMP writer (to escape values and add ModifyDate).
interface PdfKitInternals {
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
  info: Record<string, unknown>;
  appendXML(xml: string, newline?: boolean): void;
  _addInfo(): void;
}

// async so that a problem found while drawing rejects the promise rather than throwing.
export async function writePdf(laid: LaidOutDocument, charts: ChartGraphics, options: PdfOptions): Promise<Uint8Array> {
  const meta = laid.meta;
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.locale,
    displayTitle: true,
    // No default font: every text item selects a bundled face first, so PDFKit never loads
    // (or embeds) Helvetica, and no face is opened twice (PDFKit then compares the two copies'
    // name tables, which cost more than setting all the text). @types/pdfkit has no null here.
    font: null as unknown as string,
    ...(options.pdfa ? { subset: 'PDF/A-2b' as const } : {}),
    info: {
      Title: meta.title,
      Author: meta.author ?? meta.organisation ?? '',
      Subject: options.subject ?? meta.subtitle ?? meta.title,
      Keywords: meta.keywords.join(', '),
      Creator: 'briefing',
      Producer: 'briefing (PDFKit)',
      CreationDate: options.date,
      ModDate: options.date,
    },
  });
  xmpInfo(doc as unknown as PdfKitInternals, meta.locale);
  for (const face of allFaces()) doc.registerFont(faceKey(face), fontObject(face));

  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const elements = new Map<string, StructElement>();
  const element = (key: string, role: string, parent: StructElement, opts: StructOptions = {}): StructElement => {
    let el = elements.get(key);
    if (!el) {
      el = doc.struct(role, opts);
      parent.add(el);
      elements.set(key, el);
    }
    return el;
  };

  /** The structure element an item's content belongs in, creating its ancestors on first use. */
  const leafOf = (s: StructRef, item: Item): StructElement => {
    const base = s.section !== undefined ? element(`Sect-${s.section}`, 'Sect', root) : root;
    const role = structRole(s.role);
    const opts: StructOptions = {};
    if (s.alt) opts.alt = s.alt;
    if (s.scope) opts.scope = s.scope;
    if (item.kind === 'chart') opts.bbox = [round(item.x), round(item.y), round(item.x + item.w), round(item.y + item.h)];
    const p = s.parent;
    if (!p) return element(`${role}-${s.group}`, role, base, opts);
    switch (p.role) {
      case 'L': {
        // L > LI > (Lbl, LBody): the label and body of one item share the item's group.
        const list = element(`L-${p.group}`, 'L', base);
        const li = element(`LI-${s.group}`, 'LI', list);
        return role === 'Lbl' ? element(`Lbl-${s.group}`, 'Lbl', li) : element(`LBody-${s.group}`, 'LBody', li);
      }
      case 'TR': {
        const table = element(`Table-${s.table ?? p.group}`, 'Table', base);
        const row = element(`TR-${p.group}`, 'TR', table);
        return element(`${role}-${s.group}`, role, row, opts);
      }
      case 'LBody':
        return element(`${role}-${s.group}`, role, elements.get(`LBody-${p.group}`) ?? base, opts);
      case 'Table':
      case 'Sect':
        return element(`${role}-${s.group}`, role, element(`${p.role}-${p.group}`, p.role, base), opts);
    }
  };

  laid.pages.forEach((page, pageIndex) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const dest of laid.destinations.filter((d) => d.page === pageIndex)) doc.addNamedDestination(dest.name, 'XYZ', 0, round(page.height - dest.y + 4), null);
    for (const item of page.items) {
      const s = item.struct;
      if (s.role === 'Artifact') {
        const kind = s.artifact ?? 'Layout';
        doc.markContent('Artifact', kind === 'Layout' ? { type: 'Layout' } : { type: 'Pagination', attached: [kind === 'Header' ? 'Top' : 'Bottom'] });
        draw(doc, item, charts);
        doc.endMarkedContent();
        continue;
      }
      const leaf = leafOf(s, item);
      if (item.kind === 'text' && item.link) {
        // A link is its own Link element holding the text and the annotation (via OBJR), so
        // assistive technology announces it and can follow it.
        const link = doc.struct('Link');
        leaf.add(link);
        const content = doc.markStructureContent('Link');
        draw(doc, item, charts, link);
        doc.endMarkedContent();
        link.add(content);
        link.end();
        continue;
      }
      const content = doc.markStructureContent(structRole(s.role));
      draw(doc, item, charts);
      doc.endMarkedContent();
      leaf.add(content);
    }
  });

  // Outline (bookmarks): one entry per section, nested by level.
  const parents: PDFKit.PDFOutline[] = [doc.outline];
  for (const entry of laid.outline) {
    const parent = parents[Math.min(entry.level, parents.length - 1)]!;
    const added = parent.addItem(entry.title, { expanded: true });
    // PDFKit's outline items point at a page; aim them at the heading's position instead.
    const dict = (added as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
    dict.Dest = [pageRef(doc, entry.page), 'XYZ', null, round(laid.pages[entry.page]!.height - entry.y + 4), null];
    parents[entry.level + 1] = added;
  }

  for (const el of elements.values()) el.end();
  root.end();
  doc.end();
  return done;
}

/**
 * Replaces PDFKit's XMP info block: its values are written unescaped (a title with "&" would
 * break the XML) and it omits xmp:ModifyDate and dc:language, which PDF/A readers compare
 * with the Info dictionary.
 */
function xmpInfo(doc: PdfKitInternals, lang: string): void {
  doc._addInfo = function addInfo(this: PdfKitInternals) {
    const info = this.info;
    const str = (k: string) => (typeof info[k] === 'string' ? (info[k] as string) : '');
    const date = (k: string) => (info[k] instanceof Date ? `${(info[k] as Date).toISOString().split('.')[0]}Z` : '');
    const parts = [
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
      `<xmp:CreateDate>${date('CreationDate')}</xmp:CreateDate>`,
      `<xmp:ModifyDate>${date('ModDate')}</xmp:ModifyDate>`,
      `<xmp:MetadataDate>${date('ModDate')}</xmp:MetadataDate>`,
      `<xmp:CreatorTool>${xml(str('Creator'))}</xmp:CreatorTool>`,
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`,
      `<dc:format>application/pdf</dc:format>`,
      str('Title') ? `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xml(str('Title'))}</rdf:li></rdf:Alt></dc:title>` : '',
      str('Author') ? `<dc:creator><rdf:Seq><rdf:li>${xml(str('Author'))}</rdf:li></rdf:Seq></dc:creator>` : '',
      str('Subject') ? `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xml(str('Subject'))}</rdf:li></rdf:Alt></dc:description>` : '',
      `<dc:language><rdf:Bag><rdf:li>${xml(lang)}</rdf:li></rdf:Bag></dc:language>`,
      `</rdf:Description>`,
      `<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`,
      `<pdf:Producer>${xml(str('Producer'))}</pdf:Producer>`,
      str('Keywords') ? `<pdf:Keywords>${xml(str('Keywords'))}</pdf:Keywords>` : '',
      `</rdf:Description>`,
    ];
    this.appendXML(parts.filter(Boolean).join('\n'));
  };
}

function xml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function structRole(role: Role): string {
  return role === 'Title' ? 'H1' : role === 'Note' ? 'P' : role;
}

function pageRef(doc: PDFDoc, index: number): unknown {
  // PDFKit keeps pages in a private buffer until the end; we address them by index.
  return (doc as unknown as PdfKitInternals)._root.data.Pages.data.Kids[index];
}

function draw(doc: PDFDoc, item: Item, charts: ChartGraphics, structParent?: StructElement): void {
  switch (item.kind) {
    case 'rect':
      doc.rect(round(item.x), round(item.y), round(item.w), round(item.h));
      if (item.fill && item.stroke) doc.lineWidth(item.lineWidth ?? 1).fillAndStroke(item.fill, item.stroke);
      else if (item.fill) doc.fill(item.fill);
      else if (item.stroke) doc.lineWidth(item.lineWidth ?? 1).stroke(item.stroke);
      return;
    case 'text': {
      doc.font(faceKey(item.face)).fontSize(item.size).fillColor(item.color);
      setText(doc, item.text, item.x, item.y, item.face);
      if (item.link) {
        const { ascent, descent } = verticalMetrics(item.size, item.face);
        const rect = [round(item.x), round(item.y - ascent), round(item.width), round(ascent + descent)] as const;
        // Contents gives the annotation a text description (required for tagged links). PDFKit
        // writes a primitive string as a PDF name, so it must be a String object, which
        // @types/pdfkit does not allow for.
        const source = 'dest' in item.link ? /^source-(\d+)$/.exec(item.link.dest) : null;
        const contents = new String('url' in item.link ? item.link.url : source ? `Source ${source[1]}` : `Go to ${item.text}`) as unknown as string;
        const annot = { ...(structParent ? { structParent } : {}), Contents: contents };
        if ('url' in item.link) doc.link(...rect, item.link.url, annot);
        else doc.goTo(...rect, item.link.dest, annot);
      }
      return;
    }
    case 'chart': {
      const chart = charts.get(item.chartId);
      if (!chart) throw new Error(`chart ${item.chartId} was not rendered`);
      replayToPdf(doc, chart.list, { x: item.x, y: item.y, scale: item.w / chart.list.width }, faceKey);
      return;
    }
  }
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
