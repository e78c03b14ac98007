// Private helpers shared by the pdf writer's concerns: page references, and coordinates rounded and printed.

// PDFKit keeps pages in a private buffer until the end; we address them by index.
interface PdfKitPages {
  _root: { data: { Pages: { data: { Kids: unknown[] } } } };
}

export function pageRef(doc: PDFKit.PDFDocument, index: number): unknown {
  return (doc as unknown as PdfKitPages)._root.data.Pages.data.Kids[index];
}

/** Coordinates rounded to 1/1000 pt, so output does not depend on floating-point noise. */
export function round(v: number): number {
  const r = Math.round(v * 1000) / 1000;
  // -0 as 0, so that a value kept to compare with the next (a line width, an opacity) never differs by sign alone.
  return r === 0 ? 0 : r;
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

const MINUS = 0x2d;
const ZERO = 0x30;

/**
 * ASCII operators assembled byte by byte in a reusable buffer and read out as one string:
 * a chart's path is thousands of coordinates, and building each as a string of its own was
 * most of the garbage the PDF writer made. Coordinates are written as `roundText` prints them.
 */
export class AsciiBuffer {
  private bytes = Buffer.allocUnsafe(16 * 1024);
  private at = 0;

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.at + n));
    this.bytes.copy(next, 0, 0, this.at);
    this.bytes = next;
  }

  /** Appends ASCII text (one byte per UTF-16 unit, its low byte, as latin1). */
  text(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.bytes[this.at++] = s.charCodeAt(i);
  }

  /** Appends `roundText(v)`. */
  rounded(v: number): void {
    const k = Math.round(v * 1000);
    if (!(k > -1e12 && k < 1e12) || k === 0) {
      this.text(roundText(v));
      return;
    }
    this.room(32);
    const bytes = this.bytes;
    if (k < 0) bytes[this.at++] = MINUS;
    const a = k < 0 ? -k : k;
    let whole = Math.floor(a / 1000);
    const frac = THOUSANDTHS[a - whole * 1000]!;
    // The integer part's digits, most significant first.
    const start = this.at;
    do {
      bytes[this.at++] = ZERO + (whole % 10);
      whole = Math.floor(whole / 10);
    } while (whole > 0);
    for (let i = start, j = this.at - 1; i < j; i++, j--) {
      const c = bytes[i]!;
      bytes[i] = bytes[j]!;
      bytes[j] = c;
    }
    for (let i = 0; i < frac.length; i++) bytes[this.at++] = frac.charCodeAt(i);
  }

  /** Everything appended since the last read, as a string; the buffer is then empty. */
  read(): string {
    const s = this.bytes.toString('latin1', 0, this.at);
    this.at = 0;
    return s;
  }
}
