// The one typeface of the tool: Source Sans 3 (SIL OFL 1.1), shipped by the `source-sans`
// npm package. Text layout, the PDF writer and the chart renderer all read these files,
// so the metrics used to break lines are exactly the metrics of the embedded glyphs and
// nothing depends on fonts installed on the machine.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

export type FontWeight = 'regular' | 'semibold' | 'bold';
export type FontStyle = 'normal' | 'italic';
export interface FontFace { weight: FontWeight; style: FontStyle }

export const FAMILY = 'Source Sans 3';

const require = createRequire(import.meta.url);
const fontDir = join(dirname(require.resolve('source-sans/package.json')), 'TTF');

const FILES: Record<string, string> = {
  'regular/normal': 'SourceSans3-Regular.ttf',
  'regular/italic': 'SourceSans3-It.ttf',
  'semibold/normal': 'SourceSans3-Semibold.ttf',
  'semibold/italic': 'SourceSans3-SemiboldIt.ttf',
  'bold/normal': 'SourceSans3-Bold.ttf',
  'bold/italic': 'SourceSans3-BoldIt.ttf',
};

/** A stable name for a face, used as the PDF font key and the canvas family alias. */
export function faceKey(face: FontFace): string {
  return `${face.weight}/${face.style}`;
}

export function fontPath(face: FontFace): string {
  const file = FILES[faceKey(face)];
  if (!file) throw new Error(`no bundled font for ${faceKey(face)}`);
  return join(fontDir, file);
}

export function allFaces(): FontFace[] {
  return Object.keys(FILES).map((key) => {
    const [weight, style] = key.split('/') as [FontWeight, FontStyle];
    return { weight, style };
  });
}

interface LoadedFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  // Shaped widths per string, filled lazily: layout measures the same words many times
  // and fontkit's layout() (kerning, ligatures, as PDFKit sets the text) is slow.
  widths: Map<string, number>;
  // The subset of fontkit's font object we use; fontkit ships no type declarations.
  font: { layout(text: string): { advanceWidth: number }; unitsPerEm: number; ascent: number; descent: number; capHeight: number; hasGlyphForCodePoint(cp: number): boolean };
}

const loaded = new Map<string, LoadedFont>();

function load(face: FontFace): LoadedFont {
  const key = faceKey(face);
  let f = loaded.get(key);
  if (!f) {
    const font = fontkit.openSync(fontPath(face)) as unknown as LoadedFont['font'];
    f = { unitsPerEm: font.unitsPerEm, ascent: font.ascent, descent: font.descent, capHeight: font.capHeight, widths: new Map(), font };
    loaded.set(key, f);
  }
  return f;
}

/** Width in points of `text` set at `size` pt in `face`, shaped exactly as PDFKit shapes it. */
export function measure(text: string, size: number, face: FontFace): number {
  const f = load(face);
  let units = f.widths.get(text);
  if (units === undefined) {
    units = f.font.layout(text).advanceWidth;
    if (f.widths.size > 50_000) f.widths.clear(); // bound memory in long-running processes
    f.widths.set(text, units);
  }
  return (units / f.unitsPerEm) * size;
}

/** Vertical metrics in points at `size`: ascent above the baseline, descent below (positive). */
export function verticalMetrics(size: number, face: FontFace): { ascent: number; descent: number; capHeight: number } {
  const f = load(face);
  const k = size / f.unitsPerEm;
  return { ascent: f.ascent * k, descent: -f.descent * k, capHeight: f.capHeight * k };
}

export function hasGlyph(codePoint: number, face: FontFace = { weight: 'regular', style: 'normal' }): boolean {
  return load(face).font.hasGlyphForCodePoint(codePoint);
}

export const REGULAR_FACE: FontFace = { weight: 'regular', style: 'normal' };
