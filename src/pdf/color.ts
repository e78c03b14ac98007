// Colour: fill and stroke colours written as PDFKit writes them, without parsing the colour
// again for every item. PDFKit's fillColor() re-reads the CSS-style string, divides each
// channel by 255 and builds the colour-space and colour operators for every call, which every
// text run makes; here the operators for each colour are built once (by PDFKit's own parser,
// so they are the same bytes) and kept per process, keyed on the colour alone.
/// <reference types="pdfkit" />

/** A colour as layout and the charts give it: a CSS hex or named colour, or RGB channels 0–255. */
export type Color = string | readonly [number, number, number];

// The parts of PDFKit's colour handling this relies on (private in @types/pdfkit).
interface ColorInternals {
  /** PDFKit's parser: an array of channels 0–1 (or a spot colour, or null when it cannot parse). */
  _normalizeColor(color: unknown): unknown;
  /** The last fill colour and opacity given, which PDFKit's text() re-applies. */
  _fillColor?: unknown;
  addContent(data: string): unknown;
}

/** Operators per colour (strings and channel arrays kept apart); a briefing uses a handful. */
const ops = { fill: { byName: new Map<string, string>(), byRgb: new Map<string, string>() }, stroke: { byName: new Map<string, string>(), byRgb: new Map<string, string>() } };
const LIMIT = 512;

/**
 * The content-stream operators PDFKit's fillColor/strokeColor write for `color` (colour space,
 * then colour), or undefined when PDFKit would not write them as DeviceRGB (a spot colour, a
 * CMYK array, or a colour it cannot parse), which then goes through PDFKit itself.
 */
function operators(d: ColorInternals, color: Color, stroke: boolean): string | undefined {
  const maps = stroke ? ops.stroke : ops.fill;
  const map = typeof color === 'string' ? maps.byName : maps.byRgb;
  const key = typeof color === 'string' ? color : `${color[0]},${color[1]},${color[2]}`;
  const known = map.get(key);
  if (known !== undefined) return known;
  // A name may be a spot colour registered on one document only: never remembered.
  const channels = d._normalizeColor(typeof color === 'string' ? color : [color[0], color[1], color[2]]);
  if (!Array.isArray(channels) || channels.length !== 3) return undefined;
  // As PDFKit's _setColorSpace and _setColorCore: `/DeviceRGB cs` then `r g b scn` (CS/SCN to stroke).
  const made = stroke ? `/DeviceRGB CS\n${channels.join(' ')} SCN` : `/DeviceRGB cs\n${channels.join(' ')} scn`;
  if (map.size >= LIMIT) map.clear();
  map.set(key, made);
  return made;
}

/**
 * doc.fillColor(color) or doc.strokeColor(color), writing the same operators; PDFKit itself
 * sets what `operators` does not make. Like PDFKit, only a fill records the colour it set.
 */
function setColor(doc: PDFKit.PDFDocument, color: Color, stroke: boolean): void {
  const d = doc as unknown as ColorInternals;
  const made = operators(d, color, stroke);
  if (made === undefined) {
    if (stroke) doc.strokeColor(color as PDFKit.Mixins.ColorValue);
    else doc.fillColor(color as PDFKit.Mixins.ColorValue);
    return;
  }
  d.addContent(made);
  if (!stroke) d._fillColor = [color, undefined];
}

/** doc.fillColor(color), writing the same operators. */
export function fillColor(doc: PDFKit.PDFDocument, color: Color): void {
  setColor(doc, color, false);
}

/** doc.strokeColor(color), writing the same operators. */
export function strokeColor(doc: PDFKit.PDFDocument, color: Color): void {
  setColor(doc, color, true);
}
