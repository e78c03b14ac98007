// Links: named destinations for every anchor layout placed, and link annotations over linked
// text (web addresses and jumps within the document), each with a text description.
import { verticalMetrics } from '../fonts/index.js';
import { anchorName, linkDescription, type LaidOutDocument, type Link, type TextItem } from '../layout/index.js';
import { round } from './pages.js';

/** Adds the named destinations that land on page `pageIndex` (call right after adding it). */
export function addDestinations(doc: PDFKit.PDFDocument, laid: LaidOutDocument, pageIndex: number): void {
  const page = laid.pages[pageIndex]!;
  for (const dest of laid.destinations) {
    if (dest.page === pageIndex) doc.addNamedDestination(anchorName(dest.anchor), 'XYZ', 0, round(page.height - dest.y + 4), null);
  }
}

/**
 * A link annotation over a text item's box. `structParent` is the Link structure element the
 * annotation belongs to (tagged PDF links are announced and followed through it).
 */
export function addLink(doc: PDFKit.PDFDocument, item: TextItem & { link: Link }, structParent?: unknown): void {
  const { ascent, descent } = verticalMetrics(item.size, item.face);
  const rect = [round(item.x), round(item.y - ascent), round(item.width), round(ascent + descent)] as const;
  // Contents gives the annotation a text description (required for tagged links). PDFKit
  // writes a primitive string as a PDF name, so it must be a String object, which
  // @types/pdfkit does not allow for.
  const contents = new String(linkDescription(item.link, item.text)) as unknown as string;
  const annot = { ...(structParent ? { structParent } : {}), Contents: contents } as unknown as PDFKit.Mixins.AnnotationOption;
  if (item.link.kind === 'url') doc.link(...rect, item.link.url, annot);
  else doc.goTo(...rect, anchorName(item.link.anchor), annot);
}
