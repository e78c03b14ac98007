// PDF stage: a laid-out document -> PDF bytes with PDFKit. Draws exactly what layout placed,
// tags it (structure tree, artifacts, alt text), adds the outline, links and metadata.
import PDFDocument from 'pdfkit';
import { allFaces, faceKey, fontPath, verticalMetrics, REGULAR_FACE } from '../fonts/index.js';
import type { ChartGraphics } from '../charts/model.js';
import { replayToPdf } from '../charts/canvas/replay-pdfkit.js';
import type { Item, LaidOutDocument, Role } from '../layout/model.js';

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

export function writePdf(laid: LaidOutDocument, charts: ChartGraphics, options: PdfOptions): Promise<Uint8Array> {
  const meta = laid.meta;
  const doc = new PDFDocument({
    autoFirstPage: false,
    compress: true,
    margin: 0,
    pdfVersion: '1.7',
    tagged: true,
    lang: meta.locale,
    displayTitle: true,
    // A bundled face as the default, so PDFKit never loads (and embeds) Helvetica.
    font: fontPath(REGULAR_FACE),
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
  for (const face of allFaces()) doc.registerFont(faceKey(face), fontPath(face));

  const chunks: Buffer[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const elements = new Map<string, StructElement>();
  const element = (key: string, role: string, parent: StructElement, options: { alt?: string } = {}) => {
    let el = elements.get(key);
    if (!el) {
      el = doc.struct(role, options.alt ? { alt: options.alt } : {});
      parent.add(el);
      elements.set(key, el);
    }
    return el;
  };

  laid.pages.forEach((page, pageIndex) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const dest of laid.destinations.filter((d) => d.page === pageIndex)) doc.addNamedDestination(dest.name, 'XYZ', 0, page.height - dest.y + 4, null);
    for (const item of page.items) {
      if (item.struct.role === 'Artifact') {
        doc.markContent('Artifact', { type: 'Pagination' });
        draw(doc, item, charts);
        doc.endMarkedContent();
        continue;
      }
      const s = item.struct;
      let parent: StructElement = root;
      if (s.parent) {
        const container = s.parent.role === 'TR' ? element(`table-of-${tableKey(s.parent.group, elements)}`, 'Table', root) : root;
        parent = element(`${s.parent.role}-${s.parent.group}`, s.parent.role, container);
      }
      const el = element(`${s.role}-${s.group}`, structRole(s.role), parent, s.alt ? { alt: s.alt } : {});
      const content = doc.markStructureContent(structRole(s.role));
      draw(doc, item, charts);
      doc.endMarkedContent();
      el.add(content);
    }
  });

  // Outline (bookmarks): one entry per section, nested by level.
  const parents: PDFKit.PDFOutline[] = [doc.outline];
  for (const entry of laid.outline) {
    const parent = parents[Math.min(entry.level, parents.length - 1)]!;
    const added = parent.addItem(entry.title, { expanded: true });
    // PDFKit's outline items point at a page; aim them at the heading's position instead.
    const dict = (added as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
    dict.Dest = [pageRef(doc, entry.page), 'XYZ', null, laid.pages[entry.page]!.height - entry.y + 4, null];
    parents[entry.level + 1] = added;
  }

  for (const el of elements.values()) el.end();
  root.end();
  doc.end();
  return done;
}

/** A table's rows share the table; we key it by the first row group seen after a gap. */
function tableKey(rowGroup: number, elements: Map<string, StructElement>): number {
  // Rows of one table have consecutive group numbers interleaved with their cells; a new
  // table starts when no row within a short distance already belongs to a table.
  for (let g = rowGroup; g > rowGroup - 40; g--) {
    if (elements.has(`table-of-${g}`)) return g;
  }
  return rowGroup;
}

function structRole(role: Role): string {
  return role === 'Title' ? 'H1' : role === 'Note' ? 'P' : role;
}

function pageRef(doc: PDFDoc, index: number): unknown {
  // PDFKit keeps pages in a private buffer until the end; we address them by index.
  const pages = (doc as unknown as { _root: { data: { Pages: { data: { Kids: unknown[] } } } } })._root.data.Pages.data.Kids;
  return pages[index];
}

function draw(doc: PDFDoc, item: Item, charts: ChartGraphics): void {
  switch (item.kind) {
    case 'rect':
      doc.rect(item.x, item.y, item.w, item.h);
      if (item.fill && item.stroke) doc.lineWidth(item.lineWidth ?? 1).fillAndStroke(item.fill, item.stroke);
      else if (item.fill) doc.fill(item.fill);
      else if (item.stroke) doc.lineWidth(item.lineWidth ?? 1).stroke(item.stroke);
      return;
    case 'text': {
      doc.font(faceKey(item.face)).fontSize(item.size).fillColor(item.color);
      doc.text(item.text, round(item.x), round(item.y), { lineBreak: false, baseline: 'alphabetic' });
      if (item.link) {
        const { ascent, descent } = verticalMetrics(item.size, item.face);
        const top = item.y - ascent;
        if ('url' in item.link) doc.link(item.x, top, item.width, ascent + descent, item.link.url);
        else doc.goTo(item.x, top, item.width, ascent + descent, item.link.dest);
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
