// Charts: a chart item's display list replayed onto a PDFKit page as vector paths and real,
// selectable text.
//
// PDFKit's user space is already canvas-like (origin top-left, y down), so the list is drawn
// through one `cm` that places and scales it. Numbers are rounded to 3 decimals so that the
// content stream does not depend on floating-point noise in the layout.
/// <reference types="pdfkit" />
import { faceKey, type FontFace } from '../fonts/index.js';
import type { ChartItem, DisplayList, FillRule, Paint, Path, StrokeStyle, TextRun } from '../layout/index.js';
import { fillColor, strokeColor } from './color.js';
import { AsciiBuffer, round } from './pages.js';
import { setText } from './text.js';

/** Draws a laid-out chart: its drawing scaled into the item's box. */
export function drawChart(doc: PDFKit.PDFDocument, item: ChartItem): void {
  const list = item.chart.list;
  replayToPdf(doc, list, { x: item.x, y: item.y, scale: item.w / list.width }, faceKey);
}

/** Round to 3 decimals, never producing -0. */
// The part of PDFKit's document this relies on (private in @types/pdfkit): appends operators
// (one or more lines) to the current page's content stream.
interface ContentInternals {
  addContent(data: string): unknown;
}

/** An empty rectangle, as doc.rect(0, 0, 0, 0) writes it. */
const NOTHING = '0 0 0 0 re\n';

/** Where a path's operators are assembled. */
const ops = new AsciiBuffer();

/**
 * Appends a coordinate and a space: rounded to 3 decimals, as PDFKit's path operators then
 * write it (PDFObject.number rounds to 6 decimals, which leaves a multiple of 1/1000 as it
 * is, and throws on what it cannot write, such as NaN).
 */
function coord(v: number): void {
  if (v > -1e9 && v < 1e9) ops.rounded(v);
  else {
    const r = round(v);
    if (!(r > -1e21 && r < 1e21)) {
      ops.read();
      throw new Error(`unsupported number: ${r}`);
    }
    ops.text(String(Math.round(r * 1e6) / 1e6));
  }
  ops.text(' ');
}

/**
 * The path's operators, each on its own line and the last line ended, as PDFKit's moveTo,
 * lineTo, bezierCurveTo and closePath write them (coordinates rounded to 3 decimals first).
 */
function trace(path: Path): string {
  for (const seg of path) {
    switch (seg[0]) {
      case 'M':
      case 'L':
        coord(seg[1]);
        coord(seg[2]);
        ops.text(seg[0] === 'M' ? 'm\n' : 'l\n');
        break;
      case 'C':
        for (let i = 1; i <= 6; i++) coord(seg[i as 1]);
        ops.text('c\n');
        break;
      case 'Z':
        ops.text('h\n');
        break;
    }
  }
  return ops.read();
}

/** PDFKit's _windingRule: the operator suffix of a fill rule. */
function winding(rule: FillRule): string {
  return rule === 'evenodd' ? '*' : '';
}

/** The graphics state last written, so repeated settings are not re-emitted. */
interface GState {
  fill?: string;
  fillAlpha?: number;
  stroke?: string;
  strokeAlpha?: number;
  lineWidth?: number;
  cap?: string;
  join?: string;
  miterLimit?: number;
  dash?: string;
}

// @types/pdfkit declares dash(length: number, ...) only; PDFKit also takes an array pattern.
interface DashArrayDoc {
  dash(pattern: number[], options: { phase: number }): unknown;
}

// PDF accepts zero-length dashes but PDFKit rejects them; a thousandth of a point draws the
// same dot (with round caps) or nothing visible (with butt caps), as a zero would.
const MIN_DASH = 0.001;

/**
 * Draws `list` with its top-left corner at (at.x, at.y), scaled by at.scale (default 1).
 * `fontName(face)` must name a font registered on `doc` with doc.registerFont for each face the
 * chart uses. The document's text cursor (doc.x, doc.y) is left where it was.
 */
export function replayToPdf(
  doc: PDFKit.PDFDocument,
  list: DisplayList,
  at: { x: number; y: number; scale?: number },
  fontName: (face: FontFace) => string,
): void {
  const scale = at.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0 && Number.isFinite(at.x) && Number.isFinite(at.y))) {
    throw new RangeError(`replayToPdf: bad placement ${JSON.stringify(at)}`);
  }
  const cursor = { x: doc.x, y: doc.y };
  let g: GState = {};
  const saved: GState[] = [];
  let fontKey = '';
  let fontSize = NaN;

  // A path and the operator that paints (or clips with) it, written as one piece of content.
  const content = doc as unknown as ContentInternals;
  const paint = (path: Path | string, operator: string): void => {
    content.addContent((typeof path === 'string' ? path : trace(path)) + operator);
  };

  const setFill = (p: Paint): void => {
    const key = p.color.join(',');
    if (g.fill !== key) {
      fillColor(doc, p.color);
      g.fill = key;
    }
    const alpha = round(p.alpha);
    if (g.fillAlpha !== alpha) {
      doc.fillOpacity(alpha);
      g.fillAlpha = alpha;
    }
  };

  const setStroke = (p: Paint, s: StrokeStyle): void => {
    const key = p.color.join(',');
    if (g.stroke !== key) {
      strokeColor(doc, p.color);
      g.stroke = key;
    }
    const alpha = round(p.alpha);
    if (g.strokeAlpha !== alpha) {
      doc.strokeOpacity(alpha);
      g.strokeAlpha = alpha;
    }
    const width = round(s.width);
    if (g.lineWidth !== width) {
      doc.lineWidth(width);
      g.lineWidth = width;
    }
    if (g.cap !== s.cap) {
      doc.lineCap(s.cap);
      g.cap = s.cap;
    }
    if (g.join !== s.join) {
      doc.lineJoin(s.join);
      g.join = s.join;
    }
    const miter = round(s.miterLimit);
    if (g.miterLimit !== miter) {
      doc.miterLimit(miter);
      g.miterLimit = miter;
    }
    const pattern = s.dash.map((v) => Math.max(MIN_DASH, round(v)));
    const dashKey = pattern.length ? `${pattern.join(' ')}/${round(s.dashOffset)}` : '';
    if (g.dash !== dashKey) {
      if (pattern.length) (doc as unknown as DashArrayDoc).dash(pattern, { phase: round(s.dashOffset) });
      else doc.undash();
      g.dash = dashKey;
    }
  };

  const text = (run: TextRun, stroke: boolean): void => {
    const name = fontName(run.face);
    if (name !== fontKey) {
      doc.font(name);
      fontKey = name;
    }
    const size = round(run.size);
    if (size !== fontSize) {
      doc.fontSize(size);
      fontSize = size;
    }
    const angle = Math.abs(run.angle) < 1e-9 ? 0 : run.angle;
    if (angle === 0 && run.scaleX === 1) {
      setText(doc, run.text, round(run.x), round(run.y), run.face, stroke);
      return;
    }
    // Rotation (Chart.js tick labels) and maxWidth compression: draw at the origin of a
    // local frame whose x axis runs along the baseline. In PDFKit's y-down space a positive
    // angle turns clockwise on the page, which is the canvas convention.
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const k = 1e6;
    const q = (v: number): number => Math.round(v * k) / k || 0;
    doc.save();
    doc.transform(q(cos * run.scaleX), q(sin * run.scaleX), q(-sin), q(cos), round(run.x), round(run.y));
    setText(doc, run.text, 0, 0, run.face, stroke);
    doc.restore();
  };

  doc.save();
  doc.transform(scale, 0, 0, scale, round(at.x), round(at.y));
  for (const op of list.ops) {
    switch (op.op) {
      case 'fill':
        setFill(op.paint);
        paint(op.path, `f${winding(op.rule)}`);
        break;
      case 'stroke':
        setStroke(op.paint, op.style);
        paint(op.path, 'S');
        break;
      case 'fillText':
        setFill(op.paint);
        text(op, false);
        break;
      case 'strokeText':
        setStroke(op.paint, op.style);
        text(op, true);
        break;
      case 'clip':
        doc.save();
        saved.push({ ...g });
        // Canvas clips to nothing; PDF needs a path for W.
        paint(op.path.some((seg) => seg[0] !== 'M') ? op.path : NOTHING, `W${winding(op.rule)} n`);
        break;
      case 'unclip':
        doc.restore();
        g = saved.pop() ?? {};
        break;
    }
  }
  for (; saved.length > 0; saved.pop()) doc.restore();
  doc.restore();
  doc.x = cursor.x;
  doc.y = cursor.y;
}
