// A Canvas 2D context that draws nothing and records vector operations instead, so Chart.js
// can lay out and "paint" a chart in Node without a raster canvas, and the result can be
// replayed as real vector graphics and real text.
//
// Scope: the part of CanvasRenderingContext2D that Chart.js 4 uses for bar, line, scatter,
// doughnut/pie charts with scales, titles and legends. Every other member of the interface
// exists and throws UnsupportedCanvasFeatureError, so a chart option that needs something
// missing fails loudly instead of rendering wrongly. Invalid *values* (NaN coordinates, a
// negative lineWidth, an unknown lineCap) are ignored exactly as a browser ignores them,
// because Chart.js relies on that behaviour.
import { color as parseNamedColor } from 'chart.js/helpers';
import { FAMILY, measure, verticalMetrics, type FontFace, type FontWeight, type FontStyle } from '../../fonts/index.js';
import type { DrawOp, FillRule, Paint, Path, PathSeg, Rgb, StrokeStyle, DisplayList } from '../../graphics/index.js';

export class UnsupportedCanvasFeatureError extends Error {
  constructor(readonly feature: string, detail?: string) {
    super(`RecordingContext does not support ${feature}${detail ? `: ${detail}` : ''}`);
    this.name = 'UnsupportedCanvasFeatureError';
  }
}

/** The parts of a canvas element the context reads. */
export interface RecordingCanvasLike {
  width: number;
  height: number;
  /** Only `direction` is read, for `ctx.direction = 'inherit'` (Chart.js sets it for RTL legends). */
  style?: { getPropertyValue(name: string): string };
}

/** Affine matrix in canvas order: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export interface Matrix { a: number; b: number; c: number; d: number; e: number; f: number }

type M6 = [number, number, number, number, number, number];
type LineCap = StrokeStyle['cap'];
type LineJoin = StrokeStyle['join'];
type TextAlign = 'start' | 'end' | 'left' | 'right' | 'center';
type TextBaseline = 'top' | 'hanging' | 'middle' | 'alphabetic' | 'ideographic' | 'bottom';
type Direction = 'ltr' | 'rtl' | 'inherit';

interface ColorValue { css: string; rgb: Rgb; alpha: number }
interface FontValue { css: string; face: FontFace; size: number }

interface State {
  m: M6;
  fill: ColorValue;
  stroke: ColorValue;
  lineWidth: number;
  lineCap: LineCap;
  lineJoin: LineJoin;
  miterLimit: number;
  dash: readonly number[];
  dashOffset: number;
  globalAlpha: number;
  font: FontValue;
  textAlign: TextAlign;
  textBaseline: TextBaseline;
  direction: Direction;
  /** Clip ops emitted since this state was entered; each needs an 'unclip' on restore. */
  clips: number;
}

/** The TextMetrics fields a browser provides that are meaningful for vector output. */
export interface RecordedTextMetrics {
  width: number;
  actualBoundingBoxLeft: number;
  actualBoundingBoxRight: number;
  actualBoundingBoxAscent: number;
  actualBoundingBoxDescent: number;
  fontBoundingBoxAscent: number;
  fontBoundingBoxDescent: number;
  emHeightAscent: number;
  emHeightDescent: number;
}

const TAU = Math.PI * 2;
const BLACK: ColorValue = { css: '#000000', rgb: [0, 0, 0], alpha: 1 };

// ---------------------------------------------------------------------------------------
// Colours

const colorCache = new Map<string, ColorValue>();

function clampByte(v: number): number {
  return Math.min(255, Math.max(0, Math.round(v)));
}

function parseChannel(token: string, percentScale: number): number {
  const pct = token.endsWith('%');
  const n = Number(pct ? token.slice(0, -1) : token);
  if (!Number.isFinite(n)) throw new Error(`bad colour channel "${token}"`);
  return pct ? (n / 100) * percentScale : n;
}

function parseAlpha(token: string | undefined): number {
  if (token === undefined) return 1;
  return Math.min(1, Math.max(0, parseChannel(token, 1)));
}

function hslToRgb(h: number, s: number, l: number): Rgb {
  // CSS Color 4 reference algorithm.
  const hue = ((h % 360) + 360) % 360;
  const f = (n: number): number => {
    const k = (n + hue / 30) % 12;
    const a = s * Math.min(l, 1 - l);
    return l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  return [clampByte(f(0) * 255), clampByte(f(8) * 255), clampByte(f(4) * 255)];
}

/** Splits the inside of rgb()/hsl() in either the comma or the space-and-slash syntax. */
function functionArgs(inner: string): string[] {
  return inner.trim().split(/\s*[,/]\s*|\s+/).filter((t) => t.length > 0);
}

function parseColorUncached(css: string): { rgb: Rgb; alpha: number } | null {
  const s = css.trim().toLowerCase();
  let m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (m?.[1]) {
    let hex = m[1];
    if (hex.length <= 4) hex = [...hex].map((ch) => ch + ch).join('');
    const n = (i: number): number => parseInt(hex.slice(i, i + 2), 16);
    return { rgb: [n(0), n(2), n(4)], alpha: hex.length === 8 ? n(6) / 255 : 1 };
  }
  m = /^rgba?\((.*)\)$/.exec(s);
  if (m?.[1] !== undefined) {
    const args = functionArgs(m[1]);
    if (args.length !== 3 && args.length !== 4) return null;
    const [r, g, b] = args.slice(0, 3).map((t) => clampByte(parseChannel(t, 255))) as [number, number, number];
    return { rgb: [r, g, b], alpha: parseAlpha(args[3]) };
  }
  m = /^hsla?\((.*)\)$/.exec(s);
  if (m?.[1] !== undefined) {
    const args = functionArgs(m[1]);
    if ((args.length !== 3 && args.length !== 4) || !args[0] || !args[1] || !args[2]) return null;
    const h = Number(args[0].replace(/deg$/, ''));
    const sat = parseChannel(args[1].endsWith('%') ? args[1] : `${args[1]}%`, 1);
    const light = parseChannel(args[2].endsWith('%') ? args[2] : `${args[2]}%`, 1);
    if (!Number.isFinite(h)) return null;
    return { rgb: hslToRgb(h, Math.min(1, Math.max(0, sat)), Math.min(1, Math.max(0, light))), alpha: parseAlpha(args[3]) };
  }
  if (/^[a-z]+$/.test(s)) {
    // The CSS named-colour table ships with Chart.js (@kurkle/color); names are exact bytes.
    const c = parseNamedColor(s);
    if (c.valid) {
      const { r, g, b, a } = c.rgb;
      return { rgb: [r, g, b], alpha: a };
    }
  }
  return null;
}

function parseColor(value: unknown, property: string): ColorValue {
  if (typeof value !== 'string') {
    throw new UnsupportedCanvasFeatureError(`${property} = ${describe(value)}`, 'only CSS colour strings are supported (no gradients or patterns)');
  }
  let c = colorCache.get(value);
  if (!c) {
    let parsed: { rgb: Rgb; alpha: number } | null;
    try {
      parsed = parseColorUncached(value);
    } catch {
      parsed = null;
    }
    if (!parsed) throw new UnsupportedCanvasFeatureError(`${property} = "${value}"`, 'cannot parse this colour (supported: #hex, rgb(), rgba(), hsl(), hsla(), CSS names)');
    c = { css: value, ...parsed };
    if (colorCache.size > 10_000) colorCache.clear();
    colorCache.set(value, c);
  }
  return c;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return String(value);
  const name = (value as { constructor?: { name?: string } }).constructor?.name;
  return name ? `a ${name}` : 'an object';
}

// ---------------------------------------------------------------------------------------
// Fonts

const fontCache = new Map<string, FontValue>();
const GENERIC_FAMILIES = new Set(['serif', 'sans-serif', 'system-ui', 'ui-sans-serif', 'ui-serif', 'monospace', 'cursive', 'fantasy']);

function weightOf(n: number): FontWeight {
  if (n >= 700) return 'bold';
  if (n >= 600) return 'semibold';
  return 'regular';
}

/**
 * Parses the CSS `font` shorthand as Chart.js writes it (`[style] [weight] <size>px <family>`),
 * also accepting the other shorthand forms a browser accepts for these fonts. Chart.js emits the
 * family unquoted (`12px Source Sans 3`), which is not strictly valid CSS, so the family part is
 * taken verbatim rather than tokenised.
 */
export function parseFont(css: string): FontValue {
  const cached = fontCache.get(css);
  if (cached) return cached;
  const m = /^\s*((?:[^\s]+\s+)*?)(\d*\.?\d+(?:e[+-]?\d+)?)(px)(?:\s*\/\s*[^\s]+)?\s+(.+?)\s*$/i.exec(css);
  if (!m || m[2] === undefined || m[4] === undefined) {
    throw new UnsupportedCanvasFeatureError(`font = "${css}"`, 'expected "[style] [weight] <size>px <family>"');
  }
  const size = Number(m[2]);
  let weight: FontWeight = 'regular';
  let style: FontStyle = 'normal';
  const prefix = (m[1] ?? '').trim();
  const tokens = prefix ? prefix.toLowerCase().split(/\s+/) : [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    if (t === 'normal' || t === 'initial' || t === 'inherit' || t === 'unset') continue;
    if (t === 'italic') style = 'italic';
    else if (t === 'oblique') {
      style = 'italic';
      if (/^-?\d+(\.\d+)?deg$/.test(tokens[i + 1] ?? '')) i++;
    } else if (t === 'bold' || t === 'bolder') weight = 'bold';
    else if (t === 'lighter') weight = 'regular';
    else if (/^\d+(\.\d+)?$/.test(t)) weight = weightOf(Number(t));
    else throw new UnsupportedCanvasFeatureError(`font = "${css}"`, `font keyword "${t}" is not supported`);
  }
  const families = m[4].split(',').map((f) => f.trim().replace(/^["']|["']$/g, '').replace(/\s+/g, ' '));
  if (!families.some((f) => f === FAMILY || GENERIC_FAMILIES.has(f.toLowerCase()))) {
    throw new UnsupportedCanvasFeatureError(`font = "${css}"`, `only the bundled "${FAMILY}" is available (or a generic family that maps to it)`);
  }
  const font: FontValue = { css, face: { weight, style }, size };
  if (fontCache.size > 1_000) fontCache.clear();
  fontCache.set(css, font);
  return font;
}

// The canvas default font; generic families map to the bundled one.
const DEFAULT_FONT = parseFont('10px sans-serif');

function initialState(): State {
  return {
    m: [1, 0, 0, 1, 0, 0],
    fill: BLACK,
    stroke: BLACK,
    lineWidth: 1,
    lineCap: 'butt',
    lineJoin: 'miter',
    miterLimit: 10,
    dash: [],
    dashOffset: 0,
    globalAlpha: 1,
    font: DEFAULT_FONT,
    textAlign: 'start',
    textBaseline: 'alphabetic',
    direction: 'inherit',
    clips: 0,
  };
}

// ---------------------------------------------------------------------------------------
// Geometry

function isFiniteAll(...values: number[]): boolean {
  for (const v of values) if (!Number.isFinite(v)) return false;
  return true;
}

/** Uniform scale of a similarity transform, or null for skew/non-uniform scale. */
function similarityScale(m: M6): number | null {
  const [a, b, c, d] = m;
  const sx2 = a * a + b * b;
  const sy2 = c * c + d * d;
  const tol = 1e-9 * Math.max(sx2, sy2, 1);
  if (Math.abs(sx2 - sy2) > tol || Math.abs(a * c + b * d) > tol) return null;
  return Math.sqrt(sx2);
}

/** Sweep of a canvas arc from `start` to `end`, following the HTML spec's ellipse() rules. */
function arcSweep(start: number, end: number, anticlockwise: boolean): number {
  if (!anticlockwise && end - start >= TAU) return TAU;
  if (anticlockwise && start - end >= TAU) return -TAU;
  const mod = (v: number): number => ((v % TAU) + TAU) % TAU;
  return anticlockwise ? -mod(start - end) : mod(end - start);
}

// ---------------------------------------------------------------------------------------

const TEXT_ALIGNS: ReadonlySet<string> = new Set(['start', 'end', 'left', 'right', 'center']);
const TEXT_BASELINES: ReadonlySet<string> = new Set(['top', 'hanging', 'middle', 'alphabetic', 'ideographic', 'bottom']);
const LINE_CAPS: ReadonlySet<string> = new Set(['butt', 'round', 'square']);
const LINE_JOINS: ReadonlySet<string> = new Set(['miter', 'round', 'bevel']);

export class RecordingContext {
  readonly canvas: RecordingCanvasLike;
  private state: State;
  private readonly stack: State[] = [];
  private ops: DrawOp[] = [];
  private path: PathSeg[] = [];
  /** Start of the current subpath in canvas space; null when there is no subpath. */
  private subStart: [number, number] | null = null;
  private last: [number, number] = [0, 0];
  /** The current subpath was closed: the next segment must begin with an explicit 'M'. */
  private closed = false;
  /** Chart.js stores the previous text direction on the context as an expando. */
  prevTextDirection: unknown;

  constructor(canvas: RecordingCanvasLike) {
    this.canvas = canvas;
    this.state = initialState();
  }

  /** A snapshot of everything drawn so far; clips still in effect are closed so it is balanced. */
  toDisplayList(): DisplayList {
    const open = this.stack.reduce((n, s) => n + s.clips, this.state.clips);
    const ops = this.ops.slice();
    for (let i = 0; i < open; i++) ops.push({ op: 'unclip' });
    return { width: this.canvas.width, height: this.canvas.height, ops };
  }

  // --- state -------------------------------------------------------------------------

  save(): void {
    this.stack.push(this.state);
    this.state = { ...this.state, m: [...this.state.m] as M6, clips: 0 };
  }

  restore(): void {
    const prev = this.stack.pop();
    if (!prev) return;
    for (let i = 0; i < this.state.clips; i++) this.popClip();
    this.state = prev;
  }

  private popClip(): void {
    // A clip with nothing drawn inside it is dropped entirely (Chart.js clips every dataset).
    if (this.ops[this.ops.length - 1]?.op === 'clip') this.ops.pop();
    else this.ops.push({ op: 'unclip' });
  }

  /** Canvas reset(): back to the initial state with nothing drawn. */
  reset(): void {
    this.stack.length = 0;
    this.state = initialState();
    this.ops = [];
    this.beginPath();
  }

  // --- transform ---------------------------------------------------------------------

  translate(x: number, y: number): void {
    if (!isFiniteAll(x, y)) return;
    const m = this.state.m;
    m[4] += m[0] * x + m[2] * y;
    m[5] += m[1] * x + m[3] * y;
  }

  scale(x: number, y: number): void {
    if (!isFiniteAll(x, y)) return;
    const m = this.state.m;
    m[0] *= x;
    m[1] *= x;
    m[2] *= y;
    m[3] *= y;
  }

  rotate(angle: number): void {
    if (!Number.isFinite(angle)) return;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const [a, b, c, d] = this.state.m;
    const m = this.state.m;
    m[0] = a * cos + c * sin;
    m[1] = b * cos + d * sin;
    m[2] = c * cos - a * sin;
    m[3] = d * cos - b * sin;
  }

  transform(a: number, b: number, c: number, d: number, e: number, f: number): void {
    if (!isFiniteAll(a, b, c, d, e, f)) return;
    const [m0, m1, m2, m3, m4, m5] = this.state.m;
    this.state.m = [m0 * a + m2 * b, m1 * a + m3 * b, m0 * c + m2 * d, m1 * c + m3 * d, m0 * e + m2 * f + m4, m1 * e + m3 * f + m5];
  }

  setTransform(a?: number | Partial<Matrix>, b?: number, c?: number, d?: number, e?: number, f?: number): void {
    if (typeof a === 'number') {
      if (b === undefined || c === undefined || d === undefined || e === undefined || f === undefined) {
        throw new TypeError('setTransform: expected 6 numbers or a matrix object');
      }
      if (!isFiniteAll(a, b, c, d, e, f)) return;
      this.state.m = [a, b, c, d, e, f];
      return;
    }
    const o = a ?? {};
    this.state.m = [o.a ?? 1, o.b ?? 0, o.c ?? 0, o.d ?? 1, o.e ?? 0, o.f ?? 0];
  }

  resetTransform(): void {
    this.state.m = [1, 0, 0, 1, 0, 0];
  }

  /** A plain matrix object, not a DOMMatrix (there is none in Node). */
  getTransform(): Matrix {
    const [a, b, c, d, e, f] = this.state.m;
    return { a, b, c, d, e, f };
  }

  private tx(x: number, y: number): [number, number] {
    const m = this.state.m;
    return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
  }

  // --- style properties --------------------------------------------------------------

  get fillStyle(): string {
    return this.state.fill.css;
  }
  set fillStyle(v: unknown) {
    this.state.fill = parseColor(v, 'fillStyle');
  }

  get strokeStyle(): string {
    return this.state.stroke.css;
  }
  set strokeStyle(v: unknown) {
    this.state.stroke = parseColor(v, 'strokeStyle');
  }

  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(v: number) {
    if (Number.isFinite(v) && v > 0) this.state.lineWidth = v;
  }

  get lineCap(): LineCap {
    return this.state.lineCap;
  }
  set lineCap(v: string) {
    if (LINE_CAPS.has(v)) this.state.lineCap = v as LineCap;
  }

  get lineJoin(): LineJoin {
    return this.state.lineJoin;
  }
  set lineJoin(v: string) {
    if (LINE_JOINS.has(v)) this.state.lineJoin = v as LineJoin;
  }

  get miterLimit(): number {
    return this.state.miterLimit;
  }
  set miterLimit(v: number) {
    if (Number.isFinite(v) && v > 0) this.state.miterLimit = v;
  }

  get globalAlpha(): number {
    return this.state.globalAlpha;
  }
  set globalAlpha(v: number) {
    if (Number.isFinite(v) && v >= 0 && v <= 1) this.state.globalAlpha = v;
  }

  get lineDashOffset(): number {
    return this.state.dashOffset;
  }
  set lineDashOffset(v: number) {
    if (Number.isFinite(v)) this.state.dashOffset = v;
  }

  setLineDash(segments: readonly number[]): void {
    if (!segments.every((s) => Number.isFinite(s) && s >= 0)) return;
    this.state.dash = segments.length % 2 === 1 ? [...segments, ...segments] : [...segments];
  }

  getLineDash(): number[] {
    return [...this.state.dash];
  }

  get font(): string {
    return this.state.font.css;
  }
  set font(v: string) {
    this.state.font = parseFont(String(v));
  }

  get textAlign(): TextAlign {
    return this.state.textAlign;
  }
  set textAlign(v: string) {
    if (TEXT_ALIGNS.has(v)) this.state.textAlign = v as TextAlign;
  }

  get textBaseline(): TextBaseline {
    return this.state.textBaseline;
  }
  set textBaseline(v: string) {
    if (TEXT_BASELINES.has(v)) this.state.textBaseline = v as TextBaseline;
  }

  get direction(): Direction {
    return this.state.direction;
  }
  set direction(v: string) {
    if (v === 'ltr' || v === 'rtl' || v === 'inherit') this.state.direction = v;
  }

  // Properties whose default is harmless: setting the default is accepted, anything else
  // would change the rendering in a way the display list cannot express.
  get globalCompositeOperation(): string {
    return 'source-over';
  }
  set globalCompositeOperation(v: string) {
    if (v !== 'source-over') throw new UnsupportedCanvasFeatureError(`globalCompositeOperation = "${v}"`);
  }
  get filter(): string {
    return 'none';
  }
  set filter(v: string) {
    if (v !== 'none') throw new UnsupportedCanvasFeatureError(`filter = "${v}"`);
  }
  get shadowBlur(): number {
    return 0;
  }
  set shadowBlur(v: number) {
    if (v !== 0) throw new UnsupportedCanvasFeatureError('shadowBlur');
  }
  get shadowOffsetX(): number {
    return 0;
  }
  set shadowOffsetX(v: number) {
    if (v !== 0) throw new UnsupportedCanvasFeatureError('shadowOffsetX');
  }
  get shadowOffsetY(): number {
    return 0;
  }
  set shadowOffsetY(v: number) {
    if (v !== 0) throw new UnsupportedCanvasFeatureError('shadowOffsetY');
  }
  get shadowColor(): string {
    return 'rgba(0, 0, 0, 0)';
  }
  set shadowColor(v: string) {
    // Any fully transparent colour means "no shadow".
    if (parseColor(v, 'shadowColor').alpha !== 0) throw new UnsupportedCanvasFeatureError('shadowColor');
  }
  get letterSpacing(): string {
    return '0px';
  }
  set letterSpacing(v: string) {
    if (!/^0(px)?$/.test(v)) throw new UnsupportedCanvasFeatureError(`letterSpacing = "${v}"`);
  }
  get wordSpacing(): string {
    return '0px';
  }
  set wordSpacing(v: string) {
    if (!/^0(px)?$/.test(v)) throw new UnsupportedCanvasFeatureError(`wordSpacing = "${v}"`);
  }
  get fontKerning(): string {
    return 'auto';
  }
  set fontKerning(v: string) {
    // PDFKit always kerns (as measure() does), which is what 'auto' and 'normal' mean.
    if (v !== 'auto' && v !== 'normal') throw new UnsupportedCanvasFeatureError(`fontKerning = "${v}"`);
  }
  get fontStretch(): string {
    return 'normal';
  }
  set fontStretch(v: string) {
    if (v !== 'normal') throw new UnsupportedCanvasFeatureError(`fontStretch = "${v}"`);
  }
  get fontVariantCaps(): string {
    return 'normal';
  }
  set fontVariantCaps(v: string) {
    if (v !== 'normal') throw new UnsupportedCanvasFeatureError(`fontVariantCaps = "${v}"`);
  }
  // Raster-only hints: meaningless for vector output, so any value is fine.
  imageSmoothingEnabled = true;
  imageSmoothingQuality = 'low';
  textRendering = 'auto';

  // --- paths -------------------------------------------------------------------------

  beginPath(): void {
    this.path = [];
    this.subStart = null;
    this.closed = false;
  }

  private startSubpath(p: [number, number]): void {
    this.path.push(['M', p[0], p[1]]);
    this.subStart = p;
    this.last = p;
    this.closed = false;
  }

  /** Before appending a segment: make sure a subpath exists (at `p`) and is open. */
  private ensureSubpath(p: [number, number]): void {
    if (this.subStart === null) this.startSubpath(p);
    else if (this.closed) this.startSubpath(this.subStart);
  }

  moveTo(x: number, y: number): void {
    if (!isFiniteAll(x, y)) return;
    this.startSubpath(this.tx(x, y));
  }

  lineTo(x: number, y: number): void {
    if (!isFiniteAll(x, y)) return;
    const p = this.tx(x, y);
    if (this.subStart === null) {
      this.startSubpath(p);
      return;
    }
    this.ensureSubpath(p);
    this.path.push(['L', p[0], p[1]]);
    this.last = p;
  }

  bezierCurveTo(cp1x: number, cp1y: number, cp2x: number, cp2y: number, x: number, y: number): void {
    if (!isFiniteAll(cp1x, cp1y, cp2x, cp2y, x, y)) return;
    const c1 = this.tx(cp1x, cp1y);
    this.ensureSubpath(c1);
    const c2 = this.tx(cp2x, cp2y);
    const p = this.tx(x, y);
    this.path.push(['C', c1[0], c1[1], c2[0], c2[1], p[0], p[1]]);
    this.last = p;
  }

  quadraticCurveTo(cpx: number, cpy: number, x: number, y: number): void {
    if (!isFiniteAll(cpx, cpy, x, y)) return;
    const q = this.tx(cpx, cpy);
    this.ensureSubpath(q);
    const p0 = this.last;
    const p = this.tx(x, y);
    // Degree elevation; exact, and affine maps commute with it so canvas space is fine.
    this.path.push([
      'C',
      p0[0] + (2 / 3) * (q[0] - p0[0]), p0[1] + (2 / 3) * (q[1] - p0[1]),
      p[0] + (2 / 3) * (q[0] - p[0]), p[1] + (2 / 3) * (q[1] - p[1]),
      p[0], p[1],
    ]);
    this.last = p;
  }

  closePath(): void {
    if (this.subStart === null || this.closed) return;
    this.path.push(['Z']);
    this.closed = true;
    this.last = this.subStart;
  }

  rect(x: number, y: number, w: number, h: number): void {
    if (!isFiniteAll(x, y, w, h)) return;
    const p0 = this.tx(x, y);
    const p1 = this.tx(x + w, y);
    const p2 = this.tx(x + w, y + h);
    const p3 = this.tx(x, y + h);
    this.startSubpath(p0);
    this.path.push(['L', p1[0], p1[1]], ['L', p2[0], p2[1]], ['L', p3[0], p3[1]], ['Z']);
    // Per spec the rect is closed and a new subpath starts at (x, y).
    this.closed = true;
    this.last = p0;
  }

  arc(x: number, y: number, radius: number, startAngle: number, endAngle: number, anticlockwise = false): void {
    this.ellipse(x, y, radius, radius, 0, startAngle, endAngle, anticlockwise);
  }

  ellipse(
    x: number, y: number, radiusX: number, radiusY: number, rotation: number,
    startAngle: number, endAngle: number, anticlockwise = false,
  ): void {
    if (!isFiniteAll(x, y, radiusX, radiusY, rotation, startAngle, endAngle)) return;
    if (radiusX < 0 || radiusY < 0) throw new RangeError(`ellipse/arc: negative radius (${radiusX}, ${radiusY})`);
    const sweep = arcSweep(startAngle, endAngle, anticlockwise);
    const cosR = Math.cos(rotation);
    const sinR = Math.sin(rotation);
    // Point and derivative on the ellipse at parameter t, in user space.
    const at = (t: number): [number, number, number, number] => {
      const ex = radiusX * Math.cos(t);
      const ey = radiusY * Math.sin(t);
      const dx = -radiusX * Math.sin(t);
      const dy = radiusY * Math.cos(t);
      return [x + ex * cosR - ey * sinR, y + ex * sinR + ey * cosR, dx * cosR - dy * sinR, dx * sinR + dy * cosR];
    };
    const [sx, sy] = at(startAngle);
    const start = this.tx(sx, sy);
    if (this.subStart === null) this.startSubpath(start);
    else {
      this.ensureSubpath(start);
      // Chart.js often moves to the arc's start first; skip the zero-length join.
      if (Math.abs(this.last[0] - start[0]) > 1e-9 || Math.abs(this.last[1] - start[1]) > 1e-9) {
        this.path.push(['L', start[0], start[1]]);
      }
      this.last = start;
    }
    if (sweep === 0) return;
    // Quarter-turn pieces keep the cubic approximation error below 3e-4 of the radius.
    const n = Math.max(1, Math.ceil(Math.abs(sweep) / (Math.PI / 2) - 1e-9));
    const step = sweep / n;
    const k = (4 / 3) * Math.tan(step / 4);
    let t0 = startAngle;
    let p0 = at(t0);
    for (let i = 1; i <= n; i++) {
      const t1 = i === n ? startAngle + sweep : startAngle + step * i;
      const p1 = at(t1);
      const c1 = this.tx(p0[0] + k * p0[2], p0[1] + k * p0[3]);
      const c2 = this.tx(p1[0] - k * p1[2], p1[1] - k * p1[3]);
      const e = this.tx(p1[0], p1[1]);
      this.path.push(['C', c1[0], c1[1], c2[0], c2[1], e[0], e[1]]);
      this.last = e;
      t0 = t1;
      p0 = p1;
    }
  }

  arcTo(): void {
    throw new UnsupportedCanvasFeatureError('arcTo()');
  }

  roundRect(): void {
    throw new UnsupportedCanvasFeatureError('roundRect()');
  }

  // --- painting ----------------------------------------------------------------------

  private paint(c: ColorValue): Paint | null {
    const alpha = c.alpha * this.state.globalAlpha;
    return alpha > 0 ? { color: c.rgb, alpha } : null;
  }

  private strokeStyleNow(what: string): StrokeStyle {
    const s = this.state;
    const k = similarityScale(s.m);
    if (k === null) throw new UnsupportedCanvasFeatureError(`${what} under a skewed or non-uniformly scaled transform`);
    const dashSum = s.dash.reduce((sum, v) => sum + v, 0);
    return {
      width: s.lineWidth * k,
      cap: s.lineCap,
      join: s.lineJoin,
      miterLimit: s.miterLimit,
      dash: dashSum > 0 ? s.dash.map((v) => v * k) : [],
      dashOffset: dashSum > 0 ? s.dashOffset * k : 0,
    };
  }

  private static drawable(path: Path): boolean {
    return path.some((seg) => seg[0] !== 'M');
  }

  private static fillRule(rule: unknown, method: string): FillRule {
    if (rule === undefined || rule === 'nonzero') return 'nonzero';
    if (rule === 'evenodd') return 'evenodd';
    throw new UnsupportedCanvasFeatureError(`${method}(${describe(rule)})`, 'Path2D arguments are not supported');
  }

  fill(rule?: unknown): void {
    const r = RecordingContext.fillRule(rule, 'fill');
    const paint = this.paint(this.state.fill);
    if (!paint || !RecordingContext.drawable(this.path)) return;
    this.ops.push({ op: 'fill', path: this.path.slice(), rule: r, paint });
  }

  stroke(path?: unknown): void {
    if (path !== undefined) throw new UnsupportedCanvasFeatureError('stroke(Path2D)');
    const paint = this.paint(this.state.stroke);
    if (!paint || !RecordingContext.drawable(this.path)) return;
    this.ops.push({ op: 'stroke', path: this.path.slice(), paint, style: this.strokeStyleNow('stroke()') });
  }

  clip(rule?: unknown): void {
    const r = RecordingContext.fillRule(rule, 'clip');
    // Canvas clip() keeps the current path (Chart.js's BarElement relies on that).
    this.ops.push({ op: 'clip', path: this.path.slice(), rule: r });
    this.state.clips++;
  }

  private rectPath(x: number, y: number, w: number, h: number): Path {
    const p0 = this.tx(x, y);
    const p1 = this.tx(x + w, y);
    const p2 = this.tx(x + w, y + h);
    const p3 = this.tx(x, y + h);
    return [['M', p0[0], p0[1]], ['L', p1[0], p1[1]], ['L', p2[0], p2[1]], ['L', p3[0], p3[1]], ['Z']];
  }

  fillRect(x: number, y: number, w: number, h: number): void {
    if (!isFiniteAll(x, y, w, h) || w === 0 || h === 0) return;
    const paint = this.paint(this.state.fill);
    if (!paint) return;
    this.ops.push({ op: 'fill', path: this.rectPath(x, y, w, h), rule: 'nonzero', paint });
  }

  strokeRect(x: number, y: number, w: number, h: number): void {
    if (!isFiniteAll(x, y, w, h) || (w === 0 && h === 0)) return;
    const paint = this.paint(this.state.stroke);
    if (!paint) return;
    this.ops.push({ op: 'stroke', path: this.rectPath(x, y, w, h), paint, style: this.strokeStyleNow('strokeRect()') });
  }

  /**
   * Vector output cannot erase, so only the one clear Chart.js does (the whole canvas, before
   * drawing and on destroy) is supported: it discards everything drawn so far.
   */
  clearRect(x: number, y: number, w: number, h: number): void {
    if (!isFiniteAll(x, y, w, h)) return;
    const hasDrawing = this.ops.some((op) => op.op !== 'clip' && op.op !== 'unclip');
    if (!hasDrawing) return;
    const [a, b, c, d] = this.state.m;
    const corners = [this.tx(x, y), this.tx(x + w, y + h)];
    const xs = corners.map((p) => p[0]);
    const ys = corners.map((p) => p[1]);
    const covers = b === 0 && c === 0 && a !== 0 && d !== 0
      && Math.min(...xs) <= 0 && Math.min(...ys) <= 0
      && Math.max(...xs) >= this.canvas.width && Math.max(...ys) >= this.canvas.height;
    const clipped = this.stack.some((s) => s.clips > 0) || this.state.clips > 0;
    if (!covers || clipped) throw new UnsupportedCanvasFeatureError('clearRect()', 'only clearing the whole, unclipped canvas is supported');
    this.ops = [];
  }

  // --- text --------------------------------------------------------------------------

  /** Offsets of the alignment point from the glyph origin for the current font, canvas rules. */
  private textOffsets(width: number): { dx: number; dy: number } {
    const s = this.state;
    const { size, face } = s.font;
    let align = s.textAlign;
    if (align === 'start' || align === 'end') {
      const rtl = (s.direction === 'inherit' ? this.canvas.style?.getPropertyValue('direction') : s.direction) === 'rtl';
      align = (align === 'start') !== rtl ? 'left' : 'right';
    }
    const dx = align === 'left' ? 0 : align === 'right' ? -width : -width / 2;
    // Browsers place 'top'/'bottom'/'middle' on the em box, normalised from the font's
    // ascent and descent so it is exactly 1 em tall; 'hanging' is 80% of the ascent.
    const vm = verticalMetrics(size, face);
    const emAscent = (size * vm.ascent) / (vm.ascent + vm.descent);
    const emDescent = size - emAscent;
    let dy: number;
    switch (s.textBaseline) {
      case 'top': dy = emAscent; break;
      case 'hanging': dy = 0.8 * vm.ascent; break;
      case 'middle': dy = (emAscent - emDescent) / 2; break;
      case 'ideographic': dy = -vm.descent; break;
      case 'bottom': dy = -emDescent; break;
      default: dy = 0;
    }
    return { dx, dy };
  }

  measureText(text: string): RecordedTextMetrics {
    const str = normaliseText(text);
    const { size, face } = this.state.font;
    const width = measure(str, size, face);
    const { dx, dy } = this.textOffsets(width);
    const vm = verticalMetrics(size, face);
    const emAscent = (size * vm.ascent) / (vm.ascent + vm.descent);
    return {
      width,
      // Ink bounds are approximated by the font box: no glyph outlines are inspected.
      actualBoundingBoxLeft: -dx,
      actualBoundingBoxRight: width + dx,
      actualBoundingBoxAscent: vm.ascent - dy,
      actualBoundingBoxDescent: vm.descent + dy,
      fontBoundingBoxAscent: vm.ascent - dy,
      fontBoundingBoxDescent: vm.descent + dy,
      emHeightAscent: emAscent - dy,
      emHeightDescent: size - emAscent + dy,
    };
  }

  fillText(text: string, x: number, y: number, maxWidth?: number): void {
    this.text('fillText', text, x, y, maxWidth);
  }

  strokeText(text: string, x: number, y: number, maxWidth?: number): void {
    this.text('strokeText', text, x, y, maxWidth);
  }

  private text(kind: 'fillText' | 'strokeText', text: string, x: number, y: number, maxWidth: number | undefined): void {
    if (!isFiniteAll(x, y)) return;
    if (maxWidth !== undefined && !(maxWidth > 0)) return;
    const str = normaliseText(text);
    if (str.length === 0) return;
    const paint = this.paint(kind === 'fillText' ? this.state.fill : this.state.stroke);
    if (!paint) return;
    const m = this.state.m;
    const k = similarityScale(m);
    if (k === null || m[0] * m[3] - m[1] * m[2] < 0) {
      throw new UnsupportedCanvasFeatureError(`${kind}() under a skewed, mirrored or non-uniformly scaled transform`);
    }
    if (k === 0) return;
    const { size, face } = this.state.font;
    const natural = measure(str, size, face);
    const scaleX = maxWidth !== undefined && natural > maxWidth ? maxWidth / natural : 1;
    const width = natural * scaleX;
    const { dx, dy } = this.textOffsets(width);
    const [ox, oy] = this.tx(x + dx, y + dy);
    const run = {
      text: str,
      x: ox,
      y: oy,
      angle: Math.atan2(m[1], m[0]),
      size: size * k,
      scaleX,
      face,
      width: width * k,
      paint,
    };
    if (kind === 'fillText') this.ops.push({ op: 'fillText', ...run });
    else this.ops.push({ op: 'strokeText', ...run, style: this.strokeStyleNow('strokeText()') });
  }

  // --- the rest of CanvasRenderingContext2D ------------------------------------------

  drawImage(): never {
    throw new UnsupportedCanvasFeatureError('drawImage()', 'image point styles are not supported');
  }
  createLinearGradient(): never {
    throw new UnsupportedCanvasFeatureError('createLinearGradient()');
  }
  createRadialGradient(): never {
    throw new UnsupportedCanvasFeatureError('createRadialGradient()');
  }
  createConicGradient(): never {
    throw new UnsupportedCanvasFeatureError('createConicGradient()');
  }
  createPattern(): never {
    throw new UnsupportedCanvasFeatureError('createPattern()');
  }
  createImageData(): never {
    throw new UnsupportedCanvasFeatureError('createImageData()');
  }
  getImageData(): never {
    throw new UnsupportedCanvasFeatureError('getImageData()');
  }
  putImageData(): never {
    throw new UnsupportedCanvasFeatureError('putImageData()');
  }
  isPointInPath(): never {
    throw new UnsupportedCanvasFeatureError('isPointInPath()');
  }
  isPointInStroke(): never {
    throw new UnsupportedCanvasFeatureError('isPointInStroke()');
  }
  drawFocusIfNeeded(): never {
    throw new UnsupportedCanvasFeatureError('drawFocusIfNeeded()');
  }
  getContextAttributes(): never {
    throw new UnsupportedCanvasFeatureError('getContextAttributes()');
  }
  isContextLost(): boolean {
    return false;
  }
}

/** Canvas replaces ASCII whitespace in text with spaces; there is no line breaking. */
function normaliseText(text: string): string {
  return String(text).replace(/[\t\n\f\r\v]/g, ' ');
}
