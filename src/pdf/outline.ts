// Outline (bookmarks): one entry per section or slide, nested by level, each aimed at the
// heading's own position on its page rather than the page's top.
import type { LaidOutDocument } from '../layout/index.js';
import { pageRef, round } from './pages.js';

export function addOutline(doc: PDFKit.PDFDocument, laid: LaidOutDocument): void {
  const parents: PDFKit.PDFOutline[] = [doc.outline];
  for (const entry of laid.outline) {
    const parent = parents[Math.min(entry.level, parents.length - 1)]!;
    const added = parent.addItem(entry.title, { expanded: true });
    // PDFKit's outline items point at a page; aim them at the heading's position instead.
    const dict = (added as unknown as { dictionary: { data: Record<string, unknown> } }).dictionary.data;
    dict.Dest = [pageRef(doc, entry.page), 'XYZ', null, round(laid.pages[entry.page]!.height - entry.y + 4), null];
    parents[entry.level + 1] = added;
  }
}
