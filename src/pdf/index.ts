// PDF writer: a laid-out document -> PDF bytes with PDFKit. Draws exactly what layout placed
// and nothing else; one file per concern: metadata, text (fonts and glyphs), charts (display
// lists replayed as vectors), tagging (structure tree), links (destinations and annotations),
// the outline, and output (how PDFKit's objects become bytes).
import type { Item, LaidOutDocument, RectItem } from '../layout/index.js';
import { drawChart } from './charts.js';
import { fillColor, strokeColor } from './color.js';
import { addDestinations, addLink } from './links.js';
import { createDocument, type PdfOptions } from './metadata.js';
import { addOutline } from './outline.js';
import { round } from './pages.js';
import { Tagger } from './tagging.js';
import { drawText, registerFonts } from './text.js';

export type { PdfOptions } from './metadata.js';

// async so that a problem found while drawing rejects the promise rather than throwing.
export async function writePdf(laid: LaidOutDocument, options: PdfOptions): Promise<Uint8Array> {
  const doc = createDocument(laid.meta, options);
  registerFonts(doc);

  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.bytes().then(resolve, reject);
    doc.on('error', reject);
  });

  const tagger = new Tagger(doc);
  laid.pages.forEach((page, pageIndex) => {
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    addDestinations(doc, laid, pageIndex);
    for (const item of page.items) tagger.mark(item, (structParent) => draw(doc, item, structParent));
  });
  addOutline(doc, laid);

  tagger.end();
  doc.end();
  return done;
}

function draw(doc: PDFKit.PDFDocument, item: Item, structParent?: unknown): void {
  switch (item.kind) {
    case 'rect':
      drawRect(doc, item);
      return;
    case 'text':
      drawText(doc, item);
      if (item.link) addLink(doc, { ...item, link: item.link }, structParent);
      return;
    case 'chart':
      drawChart(doc, item);
      return;
  }
}

function drawRect(doc: PDFKit.PDFDocument, item: RectItem): void {
  doc.rect(round(item.x), round(item.y), round(item.w), round(item.h));
  // As doc.fillAndStroke(fill, stroke), doc.fill(fill) and doc.stroke(stroke) write them.
  if (item.fill && item.stroke) {
    doc.lineWidth(item.lineWidth ?? 1);
    fillColor(doc, item.fill);
    strokeColor(doc, item.stroke);
    doc.fillAndStroke();
  } else if (item.fill) {
    fillColor(doc, item.fill);
    doc.fill();
  } else if (item.stroke) {
    doc.lineWidth(item.lineWidth ?? 1);
    strokeColor(doc, item.stroke);
    doc.stroke();
  }
}
