// Text: the bundled faces registered once per process, and each run of text set straight
// into the page's content stream. The CJK fallback faces are registered on a document only
// when its text needs them, so an English PDF never embeds, or even opens, them.
//
// Setting text directly: PDFKit's text() runs its
// whole paragraph machinery (options, line wrapping, width measuring, per-call save/restore,
// and a per-word re-shaping) even for a single positioned run, and that was the largest part
// of writing a PDF. Layout has already placed every run with the shaper in src/fonts, so this
// writes exactly those glyphs and kerning, and records them in PDFKit's font subset.
import { allFaces, faceKey, pdfFontSource, shapeRuns, type FontFace, type Glyph, type Script } from '../fonts/index.js';
import type { TextItem } from '../layout/index.js';
import { fillColor } from './color.js';
import { roundText } from './pages.js';

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

function fontObject(face: FontFace, script: Script = 'latin', key = faceKey(face)): string {
  let font = fonts.get(key);
  if (!font) {
    // The font layout measured with, so its tables are parsed once per process, not twice.
    font = subsetCache(pdfFontSource(face, script) as unknown as FontkitFont);
    fonts.set(key, font);
  }
  // @types/pdfkit only admits a path or bytes here; PDFKit itself takes a fontkit font too.
  return font as string;
}

/** Registers every bundled face on `doc` under its faceKey (subsets are made per document). */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  for (const face of allFaces()) doc.registerFont(faceKey(face), fontObject(face));
}

interface Registry {
  _registeredFonts: Record<string, unknown>;
}

/** Registers a fallback face under `key` on `doc` the first time the document needs it. */
function ensureFont(doc: PDFKit.PDFDocument, key: string, face: FontFace, script: Script): void {
  if ((doc as unknown as Registry)._registeredFonts[key]) return;
  doc.registerFont(key, fontObject(face, script, key));
}

/** Draws a laid-out text item: its face, size and colour, then its glyphs. */
export function drawText(doc: PDFKit.PDFDocument, item: TextItem): void {
  doc.font(faceKey(item.face)).fontSize(item.size);
  fillColor(doc, item.color);
  setText(doc, item.text, item.x, item.y, item.face, item.hidden ? 'invisible' : 'fill');
}

// The parts of PDFKit's document and embedded font this relies on; @types/pdfkit keeps them private.
interface EmbeddedFont {
  id: string;
  ref(): unknown;
  /** 1000 / unitsPerEm: PDF glyph space is in thousandths of an em. */
  scale: number;
  subset: { includeGlyph(glyphId: number): number };
  widths: number[];
  unicode: (readonly number[])[];
  /** Our addition: the subset glyph id of each font glyph id set so far, per document font. */
  gids?: number[];
}
interface PdfKitTextInternals {
  _font: EmbeddedFont;
  _fontSize: number;
  page: { fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

// Fixed precision (thousandths) keeps output byte-stable and never in exponent form.
const num = roundText;

/**
 * Draws `text` in `face` with its baseline origin at (x, y) in the current user space
 * (PDFKit's y-down space, under any transform in force), at the document's current font
 * size and fill colour. The document's current font must be `face` (doc.font(name)). Runs
 * that fall back to the CJK face switch to it (registering it on first use) and back.
 */
export function setText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, face: FontFace, mode: 'fill' | 'stroke' | 'invisible' | boolean = 'fill'): void {
  // Text render modes (PDF 32000 9.3.6): 1 strokes the outlines, 3 sets text that is never painted.
  const tr = mode === true || mode === 'stroke' ? ' 1 Tr' : mode === 'invisible' ? ' 3 Tr' : '';
  if (text === '') return;
  const d = doc as unknown as PdfKitTextInternals;
  const runs = shapeRuns(text, face);
  if (runs.length === 1 && runs[0]!.script === 'latin') {
    setGlyphs(d, runs[0]!.glyphs, runs[0]!.advances, x, y, tr);
    return;
  }
  const home = faceKey(face);
  let cursor = x;
  for (const run of runs) {
    if (run.script !== 'latin') ensureFont(doc, run.key, face, run.script);
    doc.font(run.script === 'latin' ? home : run.key);
    cursor += setGlyphs(d, run.glyphs, run.advances, cursor, y, tr);
  }
  doc.font(home);
}

/** Hex digits as PDFKit writes glyph ids (lower case). */
const HEX_DIGITS = [...'0123456789abcdef'].map((c) => c.charCodeAt(0));
const [LT, GT, SPACE, OPEN, CLOSE] = ['<', '>', ' ', '[', ']'].map((c) => c.charCodeAt(0)) as [number, number, number, number, number];

/** Where a TJ array is assembled, byte by byte, before it becomes one string; grows as needed. */
let scratch = Buffer.allocUnsafe(16 * 1024);

/**
 * Writes one run in the current font; returns its advance in user-space units.
 *
 * The TJ array (glyph runs as 4-digit hex, each followed by the kerning that ends it, in
 * thousandths of an em) is written into a byte buffer and read out as one string, rather than
 * grown a glyph at a time as strings: a page of text is tens of thousands of glyphs.
 */
function setGlyphs(d: PdfKitTextInternals, glyphs: readonly Glyph[], advances: readonly number[], x: number, y: number, tr: string): number {
  const font = d._font;
  if (d.page.fonts[font.id] == null) d.page.fonts[font.id] = font.ref();
  const gids = (font.gids ??= []);
  const count = glyphs.length;
  // Per glyph at most 4 hex digits, "<", "> " and a kerning of at most 24 characters.
  if (scratch.length < count * 32 + 2) scratch = Buffer.allocUnsafe(count * 64 + 2);
  const out = scratch;
  let at = 0;
  out[at++] = OPEN;
  let open = false;
  let width = 0;
  for (let i = 0; i < count; i++) {
    const glyph = glyphs[i]!;
    let gid = gids[glyph.id];
    if (gid === undefined) {
      gid = font.subset.includeGlyph(glyph.id);
      gids[glyph.id] = gid;
      font.widths[gid] ??= glyph.advanceWidth * font.scale;
      font.unicode[gid] ??= glyph.codePoints;
    }
    if (!open) {
      if (i > 0) out[at++] = SPACE;
      out[at++] = LT;
      open = true;
    }
    out[at++] = HEX_DIGITS[(gid >> 12) & 15]!;
    out[at++] = HEX_DIGITS[(gid >> 8) & 15]!;
    out[at++] = HEX_DIGITS[(gid >> 4) & 15]!;
    out[at++] = HEX_DIGITS[gid & 15]!;
    const advance = advances[i]!;
    width += advance * font.scale;
    const kern = (advance - glyph.advanceWidth) * font.scale;
    if (kern !== 0 || i === count - 1) {
      out[at++] = GT;
      if (kern !== 0) {
        out[at++] = SPACE;
        const text = num(-kern);
        for (let c = 0; c < text.length; c++) out[at++] = text.charCodeAt(c);
      }
      open = false;
    }
  }
  out[at++] = CLOSE;
  // Flip y locally so glyphs stand upright in PDFKit's y-down user space.
  d.addContent(`q 1 0 0 -1 ${num(x)} ${num(y)} cm BT${tr} /${font.id} ${num(d._fontSize)} Tf ${out.toString('latin1', 0, at)} TJ ET Q`);
  return (width / 1000) * d._fontSize;
}
