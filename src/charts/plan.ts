// Chart specs -> Chart.js configurations placed on one canvas. The plan is backend-free:
// index.ts draws it onto the recording canvas (vector, for the PDFs) and png.ts onto
// node-canvas (raster, for previews), so both outputs show the same chart.
//
// Every text the plugins draw is fitted here, with the bundled font's own metrics, before
// Chart.js sees it: labels wrap or are clipped with "…", never run outside the drawing.
import type { Chart as ChartInstance, ChartConfiguration, Plugin, Tick } from 'chart.js';
import type { ChartDatum, ChartSpec } from '../narrative/index.js';
import { measure, type FontFace } from '../fonts/index.js';
import { formatDayMonth, formatNumber } from '../format/index.js';
import { cssFont, DERIVED_EDGE, DERIVED_FILL, DERIVED_MARK, GRID, MUTED, REGULAR, SEMIBOLD, SERIES, SIZE, TEXT } from './theme.js';

/** Drawing width in canvas units; layout scales the drawing to its box. */
export const WIDTH = 460;

export interface ChartPanel {
  /** Offset of this panel on the chart's canvas. Whole units, so raster panels align. */
  x: number;
  y: number;
  width: number;
  height: number;
  config: ChartConfiguration;
}

export interface ChartPlan {
  width: number;
  height: number;
  panels: ChartPanel[];
}

/** Largest magnitude a chart draws (in its plotted unit); see planChart. */
export const MAX_CHART_VALUE = 1e15;

/** A chart spec that cannot be drawn honestly (a non-finite value, an unreadable date). */
export class ChartSpecError extends Error {
  constructor(readonly chartId: string, detail: string) {
    super(`chart "${chartId}": ${detail}`);
    this.name = 'ChartSpecError';
  }
}

export function planChart(spec: ChartSpec): ChartPlan {
  if (spec.type === 'map') throw new ChartSpecError(spec.id, 'maps are drawn by the map renderer, not by Chart.js');
  if (spec.type === 'timeline') return timelinePlan(spec);
  for (const d of spec.data) {
    if (!Number.isFinite(d.value)) throw new ChartSpecError(spec.id, `value of "${d.label}" is ${d.value}, not a finite number`);
    // Beyond this an axis cannot be computed honestly (the range overflows, ticks collapse):
    // refused with a message rather than drawn as a "NaN" axis with no bars.
    if (Math.abs(d.value) > MAX_CHART_VALUE) throw new ChartSpecError(spec.id, `value of "${d.label}" is ${d.value.toExponential(2)}, too large to draw on an axis (the limit is ±${MAX_CHART_VALUE.toExponential(0)} in the chart's unit)`);
  }
  if (spec.data.length === 0) return emptyPlan('No data to chart');
  return spec.type === 'multiples' ? multiplesPlan(spec) : barsPlan(spec);
}

// ---------------------------------------------------------------------------------------
// Text fitting

interface FitOptions {
  size: number;
  face: FontFace;
  maxWidth: number;
  maxLines: number;
  /** Kept at the end of the last line even when the text is clipped (the derived mark). */
  suffix?: string;
}

/**
 * Greedy word wrap; a word wider than the line is broken between characters. Stops once more
 * than `maxLines` lines exist (the caller clips there), and finds each cut by binary search,
 * so a label costs O(n log n) measuring at worst, however long it is.
 */
function wrap(text: string, fits: (s: string) => boolean, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Words are taken lazily, so a huge text costs only the part that is laid out.
  for (const [word] of text.matchAll(/\S+/g)) {
    if (lines.length > maxLines) break;
    const next = line ? `${line} ${word}` : word;
    if (fits(next)) {
      line = next;
      continue;
    }
    if (line) lines.push(line);
    line = word;
    while (line.length > 1 && lines.length <= maxLines) {
      let k = longestFitting(line.length, (n) => fits(line.slice(0, n)));
      if (k === line.length) break; // the rest fits
      const c = line.charCodeAt(k - 1);
      if (c >= 0xd800 && c <= 0xdbff) k = k > 1 ? k - 1 : k + 1; // keep a surrogate pair whole
      lines.push(line.slice(0, k));
      line = line.slice(k);
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The largest n in 1..length for which `fits(n)` holds (at least 1: a line holds one
 * character however narrow it is). Widths grow with n, so a doubling search then bisection
 * finds it in O(log n) measurements, each of a prefix no longer than twice the answer.
 */
function longestFitting(length: number, fits: (n: number) => boolean): number {
  let lo = 1; // fits, or the minimum
  let hi = 2;
  while (hi <= length && fits(hi)) {
    lo = hi;
    hi *= 2;
  }
  if (hi > length) {
    if (lo === length || fits(length)) return length;
    hi = length; // does not fit
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Lines of `text` that each fit `maxWidth`, at most `maxLines`, the last ending "…" if clipped. */
export function fitLines(text: string, o: FitOptions): string[] {
  const suffix = o.suffix ?? '';
  // No glyph a label uses is narrower than a twentieth of an em, so a string longer than
  // this cannot fit: it is refused without measuring, and a 1 MB word costs no more than a
  // short one (the cuts are found by measuring prefixes only, see longestFitting).
  const most = Math.ceil(o.maxWidth / (o.size * 0.05)) + 1;
  const fits = (s: string) => s.length <= most && measure(s, o.size, o.face) <= o.maxWidth;
  const lines = wrap(text, fits, o.maxLines);
  if (lines.length === 0) return suffix ? [suffix.trim()] : [''];
  const clipped = lines.length > o.maxLines;
  const kept = lines.slice(0, o.maxLines);
  const k = kept.length - 1;
  const last = kept[k]!;
  if (!clipped && fits(last + suffix)) kept[k] = last + suffix;
  else if (!clipped && kept.length < o.maxLines) kept.push(suffix.trim());
  else {
    const tail = `…${suffix}`;
    const clip = (n: number) => safeCut(last.slice(0, n)).trimEnd() + tail;
    const n = fits(clip(last.length)) ? last.length : fits(clip(1)) ? longestFitting(last.length, (m) => fits(clip(m))) : 0;
    kept[k] = clip(n);
  }
  return kept;
}

/** Drops a lone high surrogate left at the end of a cut. */
function safeCut(s: string): string {
  const c = s.charCodeAt(s.length - 1);
  return c >= 0xd800 && c <= 0xdbff ? s.slice(0, -1) : s;
}

function textWidth(text: string, size: number, face: FontFace): number {
  return measure(text, size, face);
}

// ---------------------------------------------------------------------------------------
// Scales

/** Tick labels through the shared formatter, with as many decimals as the tick step needs. */
function tickFormatter(locale: string): (value: number | string, index: number, ticks: Tick[]) => string {
  return (value, _index, ticks) => {
    const step = ticks.length > 1 ? Math.abs(ticks[1]!.value - ticks[0]!.value) : 1;
    const decimals = step > 0 && step < 1 ? Math.min(6, Math.ceil(-Math.log10(step) - 1e-9)) : 0;
    return formatNumber(Number(value), locale, decimals);
  };
}

/** The value axis' upper end: zero-based, with headroom for labels, honest for all-negative data. */
function suggestedMax(max: number, min: number, headroom: number): number {
  if (max > 0) return max * headroom;
  return min < 0 ? 0 : 1;
}

/** Axis headroom that keeps `lines` of value label above the tallest column inside the plot. */
function columnHeadroom(plotHeight: number, lines: number): number {
  const needed = lines * (SIZE.value + 2) + 8;
  return 1 / (1 - Math.min(0.5, needed / Math.max(plotHeight, 1)));
}

export function seriesColour(d: ChartDatum, i: number): string {
  return d.derived ? DERIVED_FILL : SERIES[i % SERIES.length]!;
}

// ---------------------------------------------------------------------------------------
// Plugins

interface Box { left: number; right: number; top: number; bottom: number }
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/**
 * Draws each bar's formatted value (the narrative formatter's text, wrapped to at most two
 * lines by the plan) at the bar's outer end; for a negative bar, beside the zero line on the
 * empty side. A label that would collide with one already drawn is left out (many narrow
 * columns), never drawn on top of it.
 */
function valueLabels(texts: readonly (readonly string[])[], horizontal: boolean): Plugin<'bar'> {
  return {
    id: 'briefingValueLabels',
    afterDatasetsDraw(chart: ChartInstance<'bar'>) {
      const ctx = chart.ctx;
      const meta = chart.getDatasetMeta(0);
      const size = SIZE.value;
      const lead = size + 2;
      const drawn: Box[] = [];
      ctx.save();
      ctx.font = cssFont(size, SEMIBOLD);
      ctx.fillStyle = TEXT;
      ctx.textBaseline = 'bottom';
      // A column's label must fit its own slot; wider ones would sit over neighbouring bars.
      const slot = (chart.chartArea.right - chart.chartArea.left) / Math.max(1, meta.data.length);
      meta.data.forEach((bar, i) => {
        const lines = (texts[i] ?? []).filter(Boolean);
        if (lines.length === 0) return;
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        const w = Math.max(...lines.map((l) => textWidth(l, size, SEMIBOLD)));
        const h = lines.length * lead;
        let box: Box;
        if (horizontal) {
          const left = (x >= base ? x : base) + 5;
          box = { left, right: left + w, top: y - h / 2, bottom: y + h / 2 };
          ctx.textAlign = 'left';
        } else {
          if (w > slot - 2) return;
          const bottom = (y <= base ? y : base) - 3;
          const centre = Math.min(Math.max(x, w / 2 + 1), chart.width - w / 2 - 1);
          box = { left: centre - w / 2, right: centre + w / 2, top: bottom - h, bottom };
          ctx.textAlign = 'center';
        }
        if (drawn.some((b) => overlaps(b, { ...box, left: box.left - 3, right: box.right + 3 }))) return;
        drawn.push(box);
        const ax = horizontal ? box.left : (box.left + box.right) / 2;
        // Baselines from the bottom up, with the descent of 'bottom' alignment kept inside the box.
        lines.forEach((line, k) => ctx.fillText(line, ax, box.bottom - (lines.length - 1 - k) * lead));
      });
      ctx.restore();
    },
  };
}

/** Labels the change between the first and last columns (e.g. "+6.8% year-on-year change"). */
function growthArrow(text: string): Plugin<'bar'> {
  return {
    id: 'briefingGrowth',
    afterDatasetsDraw(chart: ChartInstance<'bar'>) {
      const meta = chart.getDatasetMeta(0);
      const first = meta.data[0]?.getProps(['x', 'y'], true) as { x: number; y: number } | undefined;
      const last = meta.data[meta.data.length - 1]?.getProps(['x', 'y'], true) as { x: number; y: number } | undefined;
      if (!first || !last) return;
      const ctx = chart.ctx;
      const y = chart.chartArea.top - 12;
      ctx.save();
      ctx.strokeStyle = MUTED;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(first.x, y);
      ctx.lineTo(last.x, y);
      ctx.lineTo(last.x - 5, y - 3);
      ctx.moveTo(last.x, y);
      ctx.lineTo(last.x - 5, y + 3);
      ctx.stroke();
      ctx.font = cssFont(SIZE.annotation, SEMIBOLD);
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(text, (first.x + last.x) / 2, y - 3);
      ctx.restore();
    },
  };
}

/** A message centred in an otherwise empty drawing, so an empty chart says why it is empty. */
function message(text: string): Plugin<'bar'> {
  return {
    id: 'briefingMessage',
    afterDraw(chart: ChartInstance<'bar'>) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = cssFont(SIZE.label, REGULAR);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, chart.width / 2, chart.height / 2);
      ctx.restore();
    },
  };
}

/** Multi-line text drawn at a fixed place (panel titles). */
function textBlock(lines: readonly string[], x: number, y: number, size: number, face: FontFace): Plugin<'bar'> {
  return {
    id: 'briefingTextBlock',
    afterDraw(chart: ChartInstance<'bar'>) {
      const ctx = chart.ctx;
      ctx.save();
      ctx.font = cssFont(size, face);
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'top';
      lines.forEach((line, k) => ctx.fillText(line, x, y + k * (size + 2)));
      ctx.restore();
    },
  };
}

// ---------------------------------------------------------------------------------------
// Plans

function emptyPlan(text: string): ChartPlan {
  const height = 80;
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: { labels: [], datasets: [{ data: [] }] },
    options: { scales: { x: { display: false }, y: { display: false } } },
    plugins: [message(fitLines(text, { size: SIZE.label, face: REGULAR, maxWidth: WIDTH - 20, maxLines: 1 })[0]!)],
  };
  return { width: WIDTH, height, panels: [{ x: 0, y: 0, width: WIDTH, height, config: config as ChartConfiguration }] };
}

export function derivedSuffix(d: ChartDatum): string {
  return d.derived ? `\u00a0${DERIVED_MARK}` : '';
}

/** The change a column chart labels above its columns ("+6.8% year-on-year change"), if any. */
export function annotationText(spec: ChartSpec): string | undefined {
  const annotation = spec.annotation;
  return annotation && spec.type === 'column' && spec.data.length >= 2 ? `${annotation.text} ${annotation.label.toLowerCase()}` : undefined;
}

/** Horizontal bars (type "bar") grow a row per category; columns thin their labels instead. */
function barsPlan(spec: ChartSpec): ChartPlan {
  const horizontal = spec.type === 'bar';
  const n = spec.data.length;
  const values = spec.data.map((d) => d.value);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const labelSize = SIZE.label;
  const column = (WIDTH - 60) / n;
  // Horizontal bars keep the value on one line in the reserved right margin; a column's value
  // wraps to two lines inside its column's width (and is only clipped beyond that).
  const valueTexts = spec.data.map((d) => fitLines(d.text, { size: SIZE.value, face: SEMIBOLD, maxWidth: horizontal ? WIDTH * 0.4 : Math.max(column - 4, 60), maxLines: horizontal ? 1 : 2 }));
  const widestValue = Math.max(0, ...valueTexts.flat().map((t) => textWidth(t, SIZE.value, SEMIBOLD)));
  const valueLines = Math.max(1, ...valueTexts.map((t) => t.length));
  const axisTitle = spec.unitCaption ? fitLines(spec.unitCaption, { size: SIZE.tick, face: REGULAR, maxWidth: horizontal ? WIDTH * 0.5 : 200, maxLines: 1 })[0]! : '';

  let labels: string[][];
  let height: number;
  let padding: { top: number; right: number; left: number; bottom: number };
  if (horizontal) {
    labels = spec.data.map((d) => fitLines(d.label, { size: labelSize, face: SEMIBOLD, maxWidth: WIDTH * 0.36, maxLines: 3, suffix: derivedSuffix(d) }));
    const lines = Math.max(1, ...labels.map((l) => l.length));
    const row = Math.max(30, lines * (labelSize + 2) + 14);
    height = Math.ceil(58 + n * row);
    padding = { top: 6, right: Math.ceil(widestValue + 12), left: 4, bottom: 2 };
  } else {
    // Columns share the plot width; wrap labels into their column, or, when columns are too
    // narrow for words, keep one clipped line each and let Chart.js skip every other label.
    const wide = column >= 48;
    labels = spec.data.map((d) => fitLines(d.label, { size: labelSize, face: SEMIBOLD, maxWidth: wide ? column - 6 : 90, maxLines: wide ? 2 : 1, suffix: derivedSuffix(d) }));
    const lines = Math.max(1, ...labels.map((l) => l.length));
    height = 218 + lines * (labelSize + 2);
    padding = { top: spec.annotation ? 34 : 8, right: 10, left: 4, bottom: 2 };
  }
  const plugins: Plugin<'bar'>[] = [valueLabels(valueTexts, horizontal)];
  const annotationLabel = annotationText(spec);
  if (annotationLabel) plugins.push(growthArrow(fitLines(annotationLabel, { size: SIZE.annotation, face: SEMIBOLD, maxWidth: WIDTH - 80, maxLines: 1 })[0]!));
  const valueAxis = horizontal ? 'x' : 'y';
  const categoryAxis = horizontal ? 'y' : 'x';
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      // Chart.js draws an array label as stacked lines.
      labels: labels.map((l) => (l.length === 1 ? l[0]! : l)),
      datasets: [
        {
          data: values,
          backgroundColor: spec.data.map(seriesColour),
          borderColor: spec.data.map((d) => (d.derived ? DERIVED_EDGE : 'rgba(0,0,0,0)')),
          borderWidth: spec.data.map((d) => (d.derived ? 1.5 : 0)),
          barPercentage: 0.7,
          categoryPercentage: 0.8,
        },
      ],
    },
    options: {
      locale: spec.locale,
      indexAxis: horizontal ? 'y' : 'x',
      layout: { padding },
      scales: {
        [valueAxis]: {
          beginAtZero: true,
          suggestedMax: suggestedMax(max, min, horizontal ? 1.04 : columnHeadroom(height - padding.top - 40, valueLines)),
          ...(min < 0 ? { suggestedMin: min * 1.08 } : { min: 0 }),
          title: { display: axisTitle !== '', text: axisTitle, color: MUTED, font: { size: SIZE.tick } },
          ticks: { color: MUTED, maxTicksLimit: 6, maxRotation: 0, autoSkipPadding: 8, callback: tickFormatter(spec.locale) },
          grid: { color: GRID },
        },
        [categoryAxis]: {
          grid: { display: false },
          ticks: { color: TEXT, font: { size: labelSize, weight: 600 }, autoSkip: !horizontal, autoSkipPadding: 6, maxRotation: 0 },
        },
      },
    },
    plugins,
  };
  return { width: WIDTH, height, panels: [{ x: 0, y: 0, width: WIDTH, height, config: config as ChartConfiguration }] };
}

/**
 * One small panel per value, each on its own scale, so a count of 26 is not lost next to
 * 4,300. At most four panels a row; more values add rows.
 */
function multiplesPlan(spec: ChartSpec): ChartPlan {
  const n = spec.data.length;
  const cols = Math.min(n, 4);
  const rows = Math.ceil(n / cols);
  const gap = 12;
  const panelWidth = Math.floor((WIDTH - gap * (cols - 1)) / cols);
  const panelHeight = 190;
  const titleSize = SIZE.panelTitle;
  const panels: ChartPanel[] = spec.data.map((d, i) => {
    const title = fitLines(d.label, { size: titleSize, face: SEMIBOLD, maxWidth: panelWidth - 6, maxLines: 2, suffix: derivedSuffix(d) });
    const value = fitLines(d.text, { size: SIZE.value, face: SEMIBOLD, maxWidth: panelWidth - 8, maxLines: 2 });
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: [''],
        datasets: [{ data: [d.value], backgroundColor: seriesColour(d, i), borderWidth: d.derived ? 1.5 : 0, borderColor: DERIVED_EDGE, barPercentage: 0.6, categoryPercentage: 1 }],
      },
      options: {
        locale: spec.locale,
        layout: { padding: { top: 46, left: 2, right: 2, bottom: 0 } },
        scales: {
          y: {
            beginAtZero: true,
            suggestedMax: suggestedMax(d.value, d.value, columnHeadroom(panelHeight - 46, value.length)),
            ...(d.value < 0 ? { suggestedMin: d.value * 1.15 } : { min: 0 }),
            ticks: { color: MUTED, maxTicksLimit: 4, font: { size: 9 }, callback: tickFormatter(spec.locale) },
            grid: { color: GRID },
          },
          x: { grid: { display: false }, ticks: { display: false } },
        },
      },
      plugins: [valueLabels([value], false), textBlock(title, 2, 4, titleSize, SEMIBOLD)],
    };
    const col = i % cols;
    const row = Math.floor(i / cols);
    return { x: Math.round(col * (panelWidth + gap)), y: row * (panelHeight + gap), width: panelWidth, height: panelHeight, config: config as ChartConfiguration };
  });
  return { width: WIDTH, height: rows * panelHeight + (rows - 1) * gap, panels };
}

const DAY_MS = 86_400_000;

/** Round calendar days in [from, to] (days since the epoch): the finest kind giving at most 8. */
function calendarTicks(from: number, to: number): number[] {
  const kinds: ((d: Date) => boolean)[] = [
    (d) => d.getUTCDate() === 1 || d.getUTCDate() === 15,
    (d) => d.getUTCDate() === 1,
    (d) => d.getUTCDate() === 1 && d.getUTCMonth() % 3 === 0,
    (d) => d.getUTCDate() === 1 && d.getUTCMonth() === 0,
  ];
  const span = Math.ceil(to) - Math.floor(from);
  if (span <= 60 * 366) {
    for (const keep of kinds) {
      const ticks: number[] = [];
      for (let day = Math.ceil(from); day <= to; day++) if (keep(new Date(day * DAY_MS))) ticks.push(day);
      if (ticks.length >= 2 && ticks.length <= 8) return ticks;
    }
  }
  // Short spans (fewer than two round days) and very long ones: evenly spaced whole days.
  const step = Math.max(1, Math.ceil(span / 6));
  const ticks: number[] = [];
  for (let day = Math.ceil(from); day <= to; day += step) ticks.push(day);
  return ticks;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Events as bars on a day axis, ticks at the days events start, each bar labelled with its date. */
function timelinePlan(spec: ChartSpec): ChartPlan {
  const entries = spec.timeline;
  if (entries.length === 0) return emptyPlan('No events to show');
  const day = (iso: string, what: string): number => {
    const m = ISO_DATE.exec(iso);
    const t = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
    if (!m || !Number.isFinite(t) || new Date(t).toISOString().slice(0, 10) !== iso) throw new ChartSpecError(spec.id, `${what} "${iso}" is not a calendar date (YYYY-MM-DD)`);
    return t / 86_400_000;
  };
  const starts = entries.map((e) => day(e.start, `start of "${e.title}"`));
  const ends = entries.map((e, i) => {
    const end = day(e.end, `end of "${e.title}"`);
    if (end < starts[i]!) throw new ChartSpecError(spec.id, `"${e.title}" ends (${e.end}) before it starts (${e.start})`);
    return end + 1; // a bar covers whole days: an event on one day is one day wide
  });
  const first = Math.min(...starts);
  const last = Math.max(...ends);
  const pad = Math.max(2, Math.round((last - first) * 0.05));
  const tickDays = calendarTicks(first - pad, last + pad);
  const labelOf = (value: number) => formatDayMonth(new Date(value * 86_400_000), spec.locale);
  const labels = entries.map((e) => fitLines(e.title, { size: SIZE.label, face: SEMIBOLD, maxWidth: WIDTH * 0.36, maxLines: 2 }));
  const dateTexts = entries.map((e) => fitLines(e.dateText, { size: SIZE.tick, face: REGULAR, maxWidth: WIDTH * 0.45, maxLines: 1 })[0]!);
  const row = 46;
  const height = 64 + entries.length * row;
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: labels.map((l) => (l.length === 1 ? l[0]! : l)),
      datasets: [{ data: entries.map((_, i) => [starts[i]!, ends[i]!] as [number, number]), backgroundColor: entries.map((_, i) => SERIES[i % SERIES.length]!), barPercentage: 0.5, minBarLength: 4 }],
    },
    options: {
      locale: spec.locale,
      indexAxis: 'y',
      layout: { padding: { right: 12, top: 8, left: 4, bottom: 2 } },
      scales: {
        x: {
          type: 'linear',
          min: first - pad,
          max: last + pad,
          // Calendar ticks (the 1st and 15th, month starts or year starts): the exact dates are
          // written on the bars, the axis only has to give the scale.
          afterBuildTicks: (axis) => {
            axis.ticks = tickDays.map((value) => ({ value }));
          },
          ticks: { color: MUTED, maxRotation: 0, autoSkip: true, autoSkipPadding: 6, callback: (v) => labelOf(Number(v)) },
          grid: { color: GRID },
        },
        y: { grid: { display: false }, ticks: { color: TEXT, font: { size: SIZE.label, weight: 600 } } },
      },
    },
    plugins: [
      {
        id: 'briefingDates',
        afterDatasetsDraw(chart: ChartInstance<'bar'>) {
          const ctx = chart.ctx;
          ctx.save();
          ctx.font = cssFont(SIZE.tick, REGULAR);
          ctx.fillStyle = TEXT;
          ctx.textBaseline = 'bottom';
          ctx.textAlign = 'left';
          chart.getDatasetMeta(0).data.forEach((bar, i) => {
            const { x, y, base, height: h } = bar.getProps(['x', 'y', 'base', 'height'], true) as { x: number; y: number; base: number; height: number };
            const text = dateTexts[i] ?? '';
            const w = textWidth(text, SIZE.tick, REGULAR);
            // Start the label where the bar starts; pull it left if it would leave the plot.
            const left = Math.max(chart.chartArea.left + 2, Math.min(Math.min(x, base), chart.chartArea.right - w));
            ctx.fillText(text, left, y - h / 2 - 3);
          });
          ctx.restore();
        },
      },
    ],
  };
  return { width: WIDTH, height, panels: [{ x: 0, y: 0, width: WIDTH, height, config: config as ChartConfiguration }] };
}
