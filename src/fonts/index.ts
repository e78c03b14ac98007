// The Latin typeface of the tool: Source Sans 3 (SIL OFL 1.1), shipped by the `source-sans`
// npm package. Text layout, the PDF writer and the chart renderer all read these files,
// so the metrics used to break lines are exactly the metrics of the embedded glyphs and
// nothing depends on fonts installed on the machine. Chinese and other CJK text falls back,
// run by run, to the Noto Sans SC face in ./cjk.ts.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';
import { Shaper, type Glyph, type ShapingFont } from './shaper.js';
import { CJK_FAMILY, CJK_WEIGHTS, cjkFontPath, hasCjk, isCjkCodePoint } from './cjk.js';

export type { Glyph } from './shaper.js';
export { CJK_FAMILY, CJK_WEIGHTS, cjkFontPath, hasCjk } from './cjk.js';

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

// The parts of fontkit's font object we use; fontkit ships no type declarations.
interface Position { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number }
interface GlyphRun { glyphs: Glyph[]; positions: Position[]; readonly advanceWidth: number }
interface FontkitFont extends ShapingFont {
  layout(text: string, features?: unknown, ...rest: unknown[]): GlyphRun;
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  hasGlyphForCodePoint(cp: number): boolean;
}

interface LoadedFont {
  unitsPerEm: number;
  ascent: number;
  descent: number;
  capHeight: number;
  shaper: Shaper;
  // Widths per string: layout measures the same words many times.
  widths: Map<string, number>;
  // Shaped runs per string (see shapeRuns), and the UTF-16 length of their keys, which bounds them.
  runs: Map<string, readonly ShapedRun[]>;
  runChars: number;
  font: FontkitFont;
}

/** One run of `shapeRuns`: shared between callers and builds, so never to be changed. */
export interface ShapedRun {
  readonly text: string;
  readonly script: Script;
  readonly key: string;
  readonly glyphs: readonly Glyph[];
  readonly advances: readonly number[];
  readonly unitsPerEm: number;
}

/** Entries kept per face before the width cache is emptied: bounds memory in long-running processes. */
const CACHE_LIMIT = 50_000;
/**
 * UTF-16 units of text kept shaped per face before that cache is emptied: about 2 MB per face
 * at most (a glyph reference, an advance and the key's character per unit, and a run object
 * per string), so long-running processes stay bounded. Three briefings built in one process
 * keep well under 1 MB in all.
 */
const SHAPED_CHARS_LIMIT = 100_000;
/** Longest string kept shaped. */
const SHAPED_TEXT_LIMIT = 2_000;

// Parsed faces, found by weight then style without building a key string: measure() runs for every word.
const byFace: Partial<Record<FontWeight, Partial<Record<FontStyle, LoadedFont>>>> = {};
// The CJK fallback faces by weight (the script has no italic: italic text stays upright).
const cjkByWeight: Partial<Record<FontWeight, LoadedFont>> = {};

function open(path: string): LoadedFont {
  const font = fontkit.openSync(path) as unknown as FontkitFont;
  const shaper = new Shaper(font);
  // PDFKit sets text through font.layout(); route it through the same shaper that layout
  // measured with. PDFKit scales the positions in place, so each call gets fresh objects.
  const fullShaping = font.layout.bind(font);
  font.layout = (text: string, features?: unknown, ...rest: unknown[]): GlyphRun => {
    if (features !== undefined || rest.some((r) => r !== undefined)) return fullShaping(text, features, ...rest);
    const { glyphs, advances } = shaper.shape(text);
    return {
      glyphs,
      positions: advances.map((xAdvance) => ({ xAdvance, yAdvance: 0, xOffset: 0, yOffset: 0 })),
      // As fontkit's GlyphRun: summed from the positions when read, so it follows PDFKit's scaling.
      get advanceWidth() {
        let width = 0;
        for (const q of this.positions) width += q.xAdvance;
        return width;
      },
    };
  };
  return { unitsPerEm: font.unitsPerEm, ascent: font.ascent, descent: font.descent, capHeight: font.capHeight, shaper, widths: new Map(), runs: new Map(), runChars: 0, font };
}

function load(face: FontFace): LoadedFont {
  let f = byFace[face.weight]?.[face.style];
  if (!f) {
    f = open(fontPath(face));
    (byFace[face.weight] ??= {})[face.style] = f;
  }
  return f;
}

function loadCjk(weight: FontWeight): LoadedFont {
  return (cjkByWeight[weight] ??= open(cjkFontPath(weight)));
}

/** Which physical face sets a stretch of text: the Latin face asked for, or the CJK fallback. */
export type Script = 'latin' | 'cjk';

/** The PDF font key and canvas alias of the face that sets `script` text for `face`. */
export function scriptFaceKey(face: FontFace, script: Script): string {
  return script === 'latin' ? faceKey(face) : `cjk/${face.weight}`;
}

// Punctuation both faces hold: it takes the script of the text it touches, so quotes and
// dashes inside Chinese text are the CJK face's full-width forms and inside English the Latin ones.
const NEUTRAL = /^[\u2018\u2019\u201C\u201D\u00B7\u2013\u2014\u2026]$/;

/**
 * `text` cut into runs by the face that sets them. One run (the whole text, Latin) when
 * nothing needs the fallback, which is every English string. A character falls back when it
 * is in a CJK block or when the Latin face lacks it and the CJK face has it.
 */
export function scriptRuns(text: string, face: FontFace): { text: string; script: Script }[] {
  const latin = load(face);
  let needs = hasCjk(text);
  if (!needs) for (const ch of text) if (latin.shaper.glyph(ch.codePointAt(0)!).id === 0) needs = true;
  if (!needs) return [{ text, script: 'latin' }];
  const chars = [...text.normalize('NFC')];
  const scripts: (Script | undefined)[] = chars.map((ch) => {
    const cp = ch.codePointAt(0)!;
    if (isCjkCodePoint(cp)) return 'cjk';
    if (NEUTRAL.test(ch)) return undefined;
    if (latin.shaper.glyph(cp).id === 0 && loadCjk(face.weight).font.hasGlyphForCodePoint(cp)) return 'cjk';
    return 'latin';
  });
  for (let i = 0; i < chars.length; i++) {
    if (scripts[i] !== undefined) continue;
    const touchesCjk = scripts[i - 1] === 'cjk' || scripts.slice(i + 1).find((s) => s !== undefined) === 'cjk';
    scripts[i] = touchesCjk ? 'cjk' : 'latin';
  }
  const runs: { text: string; script: Script }[] = [];
  chars.forEach((ch, i) => {
    const last = runs[runs.length - 1];
    if (last && last.script === scripts[i]) last.text += ch;
    else runs.push({ text: ch, script: scripts[i]! });
  });
  return runs;
}

function loaded(face: FontFace, script: Script): LoadedFont {
  return script === 'latin' ? load(face) : loadCjk(face.weight);
}

/** Width in points of `text` set at `size` pt in `face`, exactly as the PDF writer sets it. */
export function measure(text: string, size: number, face: FontFace): number {
  const f = load(face);
  let units = f.widths.get(text);
  if (units === undefined) {
    const runs = scriptRuns(text, face);
    // Widths are kept in the Latin face's units; the faces' em sizes may differ.
    units = runs.length === 1 && runs[0]!.script === 'latin' ? f.shaper.shape(text).width : runs.reduce((w, r) => { const g = loaded(face, r.script); return w + (g.shaper.shape(r.text).width * f.unitsPerEm) / g.unitsPerEm; }, 0);
    if (f.widths.size >= CACHE_LIMIT) f.widths.clear();
    f.widths.set(text, units);
  }
  return (units / f.unitsPerEm) * size;
}

/** Glyphs and advances (font units, kerning included) of `text` in `face`, as `measure` saw them. */
export function shapeRun(text: string, face: FontFace): { glyphs: Glyph[]; advances: number[]; unitsPerEm: number } {
  const f = load(face);
  const { glyphs, advances } = f.shaper.shape(text);
  return { glyphs, advances, unitsPerEm: f.unitsPerEm };
}

/**
 * `text` shaped run by run in the face that sets each run (see scriptRuns), with each run's
 * PDF font key: what the PDF writer draws, and what `measure` summed. Layout and the PDF
 * writer shape the same strings, build after build, so the runs are kept per face and string
 * (bounded by SHAPED_CHARS_LIMIT) and handed out shared: callers only read them.
 */
export function shapeRuns(text: string, face: FontFace): readonly ShapedRun[] {
  const home = load(face);
  let runs = home.runs.get(text);
  if (runs === undefined) {
    runs = scriptRuns(text, face).map((r) => {
      const f = loaded(face, r.script);
      const { glyphs, advances } = f.shaper.shape(r.text);
      return { text: r.text, script: r.script, key: scriptFaceKey(face, r.script), glyphs, advances, unitsPerEm: f.unitsPerEm };
    });
    // A string longer than any line (a hostile word being split) is not worth keeping.
    if (text.length > SHAPED_TEXT_LIMIT) return runs;
    if (home.runChars + text.length > SHAPED_CHARS_LIMIT) {
      home.runs.clear();
      home.runChars = 0;
    }
    home.runs.set(text, runs);
    home.runChars += text.length;
  }
  return runs;
}

/** The ascent in points at `size`, as verticalMetrics gives it, without the object. */
export function ascentAt(size: number, face: FontFace): number {
  const f = load(face);
  return f.ascent * (size / f.unitsPerEm);
}

/** Vertical metrics in points at `size`: ascent above the baseline, descent below (positive). */
export function verticalMetrics(size: number, face: FontFace): { ascent: number; descent: number; capHeight: number } {
  const f = load(face);
  const k = size / f.unitsPerEm;
  return { ascent: f.ascent * k, descent: -f.descent * k, capHeight: f.capHeight * k };
}

/**
 * The face's parsed font, to hand to PDFKit (`registerFont`, the `font` option). PDFKit 0.20
 * takes a fontkit font object wherever it takes a path (PDFFontFactory.open checks for
 * `layout`), so every document in the process reuses the tables that layout already parsed
 * instead of reading the TTF and parsing it again: reopening the faces for each document was
 * about a fifth of a cold build. Each PDFKit document still makes its own subset from it.
 * Typed as a path because @types/pdfkit only declares paths and buffers for a font source.
 */
export function pdfFontSource(face: FontFace, script: Script = 'latin'): string {
  return loaded(face, script).font as unknown as string;
}

export function hasGlyph(codePoint: number, face: FontFace = { weight: 'regular', style: 'normal' }): boolean {
  return load(face).font.hasGlyphForCodePoint(codePoint);
}


export const REGULAR_FACE: FontFace = { weight: 'regular', style: 'normal' };

// ---------------------------------------------------------------------------------------
// Coverage: which characters the build can draw. The font list is asked, not assumed, so a
// fallback family (e.g. for Chinese) that adds itself here widens what passes the check.

export interface FontListEntry {
  family: string;
  /** Whether this family draws the code point in every face the build uses. */
  covers(codePoint: number): boolean;
}

/**
 * The families the build draws with, in fallback order, each covering what scriptRuns sends
 * to it: the Latin family sets everything outside the CJK blocks that all its faces have; the
 * CJK family sets the CJK blocks and whatever the Latin faces lack, in each of its weights
 * (italic text in it stays upright). The CJK face is opened only for a character the Latin
 * family does not cover, so checking an English build never reads it.
 */
export const FONT_LIST: FontListEntry[] = [
  { family: FAMILY, covers: (cp) => !isCjkCodePoint(cp) && allFaces().every((face) => hasGlyph(cp, face)) },
  { family: CJK_FAMILY, covers: (cp) => CJK_WEIGHTS.every((weight) => loadCjk(weight).font.hasGlyphForCodePoint(cp)) },
];

const coverage = new Map<number, string | null>();

/** The family of the font list that draws `codePoint`, or undefined when none can. */
export function coveringFamily(codePoint: number): string | undefined {
  let family = coverage.get(codePoint);
  if (family === undefined) {
    family = FONT_LIST.find((f) => f.covers(codePoint))?.family ?? null;
    if (coverage.size > 100_000) coverage.clear();
    coverage.set(codePoint, family);
  }
  return family ?? undefined;
}

export interface UncoveredCharacter {
  char: string;
  codePoint: number;
  /** Offset in the text, in UTF-16 code units. */
  index: number;
}

/** White space, controls and invisible format marks are laid out, never drawn as glyphs. */
const NOT_DRAWN = /[\s\p{Cc}\p{Cf}\p{M}]/u;

// Whether a code point is drawn and no family draws it: every printed string of a briefing and
// every template is checked, so the same few hundred characters come up thousands of times a
// build. Kept per code point: the Basic Multilingual Plane in a fixed 64 KB table (0 not yet
// known, 1 fine, 2 uncovered), the rest in a map bounded like `coverage`.
const BMP_VERDICTS = new Uint8Array(0x10000);
const astralVerdicts = new Map<number, boolean>();

function isUncovered(codePoint: number): boolean {
  if (codePoint < 0x10000) {
    const known = BMP_VERDICTS[codePoint]!;
    if (known !== 0) return known === 2;
    const uncovered = judge(codePoint);
    BMP_VERDICTS[codePoint] = uncovered ? 2 : 1;
    return uncovered;
  }
  let uncovered = astralVerdicts.get(codePoint);
  if (uncovered === undefined) {
    uncovered = judge(codePoint);
    if (astralVerdicts.size > 100_000) astralVerdicts.clear();
    astralVerdicts.set(codePoint, uncovered);
  }
  return uncovered;
}

function judge(codePoint: number): boolean {
  // Not drawn first: a space or a control is never looked up in the faces.
  return !NOT_DRAWN.test(String.fromCodePoint(codePoint)) && coveringFamily(codePoint) === undefined;
}

/** Each distinct character of `text` that no family of the font list can draw, in order. */
export function uncoveredCharacters(text: string): UncoveredCharacter[] {
  const out: UncoveredCharacter[] = [];
  let seen: Set<number> | undefined;
  for (let index = 0; index < text.length; ) {
    // Code point by code point (a lone surrogate is one of its own), without a string per character.
    const codePoint = text.codePointAt(index)!;
    if (isUncovered(codePoint) && !seen?.has(codePoint)) {
      (seen ??= new Set()).add(codePoint);
      out.push({ char: String.fromCodePoint(codePoint), codePoint, index });
    }
    index += codePoint > 0xffff ? 2 : 1;
  }
  return out;
}

/** "U+4E0A", as Unicode writes code points. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
