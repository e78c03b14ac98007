// Charts stage: chart specs (data already formatted by the narrative stage) -> vector
// graphics drawn once by Chart.js, reused by the print and slide layouts. The Chart.js
// configurations come from plan.ts, shared with the PNG renderer (png.ts, loaded on demand).
import type { ChartSpec } from '../narrative/index.js';
import { drawChart } from './canvas/draw-chart.js';
import type { DisplayList, DrawOp, Path, PathSeg } from '../graphics/index.js';
import type { ChartGraphic, ChartGraphics } from '../graphics/index.js';
import { drawMap } from './map.js';
import { annotationText, derivedSuffix, planChart, seriesColour } from './plan.js';
import { applyChartTheme, DERIVED_MARK } from './theme.js';
import { wordsFor } from '../format/index.js';

export type { ChartGraphic, ChartGraphics } from '../graphics/index.js';
export { ChartSpecError, fitLines, planChart, WIDTH, type ChartPlan, type ChartPanel } from './plan.js';
// The raster path lives in png.ts and loads the optional native canvas package; these load it
// only when called, so the vector path never pays for it.
export type { ChartPng, PngOptions } from './png.js';
type PngModule = typeof import('./png.js');
/** One chart as a PNG; rejects with a PngUnavailableError (BR525) when canvas is missing. */
export async function renderChartPng(...args: Parameters<PngModule['renderChartPng']>): ReturnType<PngModule['renderChartPng']> {
  return (await import('./png.js')).renderChartPng(...args);
}
/** True when the optional canvas package loads, so PNG charts can be drawn. */
export async function pngSupport(): Promise<boolean> {
  return (await import('./png.js')).pngSupport();
}

/**
 * Drawn charts by their complete spec. Drawing is a pure function of the spec (data, labels,
 * locale and all), and Chart.js' option resolution is the bulk of the charts stage, so a
 * rebuild in the same process (watch mode, a server, batch jobs sharing charts) redraws only
 * the charts whose spec changed, as Typst memoises unchanged work. Display lists are plain
 * read-only data, so sharing one between builds is safe. Bounded so memory stays flat.
 */
const drawn = new Map<string, ChartGraphic>();
const MEMO_LIMIT = 256;

export function renderCharts(specs: readonly ChartSpec[]): ChartGraphics {
  const out = new Map<string, ChartGraphic>();
  for (const spec of specs) {
    const key = JSON.stringify(spec);
    let graphic = drawn.get(key);
    if (!graphic) {
      graphic = renderChart(spec);
      if (drawn.size >= MEMO_LIMIT) drawn.clear();
      drawn.set(key, graphic);
    }
    out.set(spec.id, graphic);
  }
  return out;
}

export function renderChart(spec: ChartSpec): ChartGraphic {
  applyChartTheme();
  const list = drawPlan(spec);
  const points = spec.type === 'timeline' ? [] : spec.data.map((d, i) => ({ label: `${d.label}${derivedSuffix(d)}`, value: d.value, text: d.text, derived: d.derived, color: seriesColour(d, i) }));
  const graphic: ChartGraphic = { id: spec.id, kind: spec.type, points, title: spec.title, unitCaption: spec.unitCaption, sourceLine: spec.sourceLine, alt: altText(spec), list };
  // The note explains the "†" the chart puts on derived values, so it starts with the mark.
  const annotation = annotationText(spec);
  if (annotation) graphic.annotation = annotation;
  if (spec.derivedNote) graphic.note = `${DERIVED_MARK} ${spec.derivedNote}`;
  if (spec.mapNote) graphic.note = spec.mapNote;
  return graphic;
}

/** Draws every panel of the plan on the recording canvas and places it on one list. */
function drawPlan(spec: ChartSpec): DisplayList {
  if (spec.type === 'map') return drawMap(spec);
  const plan = planChart(spec);
  const ops: DrawOp[] = [];
  for (const panel of plan.panels) {
    const list = drawChart(panel.config, { width: panel.width, height: panel.height });
    ops.push(...(panel.x === 0 && panel.y === 0 ? list.ops : offsetOps(list.ops, panel.x, panel.y)));
  }
  return { width: plan.width, height: plan.height, ops };
}

function offsetPath(path: Path, dx: number, dy: number): Path {
  return path.map((seg): PathSeg => {
    switch (seg[0]) {
      case 'M':
      case 'L':
        return [seg[0], seg[1] + dx, seg[2] + dy];
      case 'C':
        return ['C', seg[1] + dx, seg[2] + dy, seg[3] + dx, seg[4] + dy, seg[5] + dx, seg[6] + dy];
      case 'Z':
        return seg;
    }
  });
}

function offsetOps(ops: readonly DrawOp[], dx: number, dy: number): DrawOp[] {
  return ops.map((op): DrawOp => {
    switch (op.op) {
      case 'fill':
      case 'stroke':
      case 'clip':
        return { ...op, path: offsetPath(op.path, dx, dy) };
      case 'fillText':
      case 'strokeText':
        return { ...op, x: op.x + dx, y: op.y + dy };
      case 'unclip':
        return op;
    }
  });
}

/** One or two sentences from the data itself, for screen readers, in the chart's language. */
export function altText(spec: ChartSpec): string {
  const { alt: w, derivedMark, sentenceGap } = wordsFor(spec.locale);
  if (spec.type === 'map') {
    const stops = [...(spec.stops ?? [])].sort((a, b) => a.order - b.order);
    return w.map(spec.title, stops.length, stops.map((s) => w.mapStop(s.order, s.name, s.country, s.dateText)).join(w.list));
  }
  if (spec.type === 'timeline') return w.timeline(spec.title, spec.timeline.length, spec.timeline.map((e) => w.timelineEvent(e.title, e.dateText, e.placesText)).join(w.list));
  const kind = w.chartKind[spec.type];
  if (spec.data.length === 0) return w.noData(kind, spec.title);
  // A label may already say it is derived; saying it twice reads badly aloud.
  const items = spec.data.map((d) => w.item(`${d.label}${d.derived && !w.saysDerived(d.label) ? derivedMark : ''}`, d.text));
  let alt = w.chart(kind, spec.title, items.join(w.list));
  if (spec.annotation) alt += w.note(spec.annotation.label, spec.annotation.text);
  if (spec.derivedNote) alt += `${sentenceGap}${spec.derivedNote}`;
  return alt;
}
