// Private helpers shared by the pdf writer's concerns: page references and coordinate rounding.

// PDFKit keeps pages in a private buffer until the end; we address them by index.
interface PdfKitPages {
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
}

export function pageRef(doc: PDFKit.PDFDocument, index: number): unknown {
  return (doc as unknown as PdfKitPages)._root.data.Pages.data.Kids[index];
}

/** Coordinates rounded to 1/1000 pt, so output does not depend on floating-point noise. */
export function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
