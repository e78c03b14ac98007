// Setting one run of text straight into the page's content stream. PDFKit's text() runs its
// whole paragraph machinery (options, line wrapping, width measuring, per-call save/restore)
// even for a single positioned run with no line breaking, and that was the largest part of
// writing a PDF. Layout has already placed every run, so this writes only what the run needs:
// the font, the glyphs (encoded and subset by PDFKit's own font object) and the kerning.

// The parts of PDFKit's document and embedded font this relies on; @types/pdfkit keeps them private.
interface EmbeddedFont {
  id: string;
  ref(): unknown;
  encode(text: string): [string[], { xAdvance: number; advanceWidth: number }[]];
}
interface PdfKitTextInternals {
  _font: EmbeddedFont;
  _fontSize: number;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

function num(v: number): string {
  // Fixed precision keeps output byte-stable and never in exponent form.
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
}

/**
 * Draws `text` with its baseline origin at (x, y) in the current user space (PDFKit's y-down
 * space, under any transform in force), in the document's current font, size and fill colour.
 */
export function setText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, stroke = false): void {
  if (text === '') return;
  const d = doc as unknown as PdfKitTextInternals;
  const font = d._font;
  if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
  const [glyphs, positions] = font.encode(text);
  // A TJ array: glyph runs, each followed by the kerning that ends it (in thousandths of an em).
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < positions.length; i++) {
    const kern = positions[i]!.xAdvance - positions[i]!.advanceWidth;
    if (kern !== 0 || i === positions.length - 1) {
      parts.push(`<${glyphs.slice(start, i + 1).join('')}>${kern !== 0 ? ` ${num(-kern)}` : ''}`);
      start = i + 1;
    }
  }
  // Flip y locally so glyphs stand upright in PDFKit's y-down user space.
  d.addContent(`q 1 0 0 -1 ${num(x)} ${num(y)} cm BT${stroke ? ' 1 Tr' : ''} /${font.id} ${num(d._fontSize)} Tf [${parts.join(' ')}] TJ ET Q`);
}
