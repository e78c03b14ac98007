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

/** The decimals of n/1000 as JavaScript prints them ('', '.5', '.05', '.125'...), for n in 0–999. */
const THOUSANDTHS = Array.from({ length: 1000 }, (_, n) => (n === 0 ? '' : String(n / 1000).slice(1)));

/**
 * `round(v)` as a string, as String() prints it ('0' for -0), built from integers:
 * turning a fractional double into its shortest decimal is the slow part of writing a
 * coordinate, and a multiple of 1/1000 always prints as its integer part and thousandths.
 * Beyond a billion points (or NaN) it falls back to String() itself.
 */
export function roundText(v: number): string {
  const k = Math.round(v * 1000);
  if (!(k > -1e12 && k < 1e12)) {
    const r = k / 1000;
    return Object.is(r, -0) ? '0' : String(r);
  }
  if (k === 0) return '0';
  const a = k < 0 ? -k : k;
  const whole = Math.floor(a / 1000);
  const text = `${whole}${THOUSANDTHS[a - whole * 1000]!}`;
  return k < 0 ? `-${text}` : text;
}
