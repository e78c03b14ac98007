// Charts stage: chart specs (data already formatted by the narrative stage) -> vector
// graphics drawn once by Chart.js, reused by the print and slide layouts.
import type { Chart as ChartInstance, ChartConfiguration, Plugin } from 'chart.js';
import type { ChartSpec } from '../narrative/model.js';
import { drawChart } from './canvas/draw-chart.js';
import type { DisplayList, DrawOp } from './canvas/display-list.js';
import type { ChartGraphic, ChartGraphics } from './model.js';
import { applyChartTheme, DERIVED_EDGE, DERIVED_FILL, MUTED, PALETTE, TEXT } from './theme.js';
import { FAMILY } from '../fonts/index.js';

export type { ChartGraphic, ChartGraphics } from './model.js';

/** Drawing size in points; layout scales the vector drawing to its box. */
const WIDTH = 460;

export function renderCharts(specs: readonly ChartSpec[]): ChartGraphics {
  applyChartTheme();
  const out = new Map<string, ChartGraphic>();
  for (const spec of specs) out.set(spec.id, renderChart(spec));
  return out;
}

export function renderChart(spec: ChartSpec): ChartGraphic {
  const list = spec.type === 'multiples' ? multiples(spec) : spec.type === 'timeline' ? timeline(spec) : bars(spec);
  const graphic: ChartGraphic = { id: spec.id, title: spec.title, unitCaption: spec.unitCaption, sourceLine: spec.sourceLine, alt: altText(spec), list };
  if (spec.derivedNote) graphic.note = spec.derivedNote;
  return graphic;
}

/** Draws each bar's formatted value beside it, with the narrative's own formatter output. */
function valueLabels(texts: readonly string[], horizontal: boolean): Plugin<'bar'> {
  return {
    id: 'briefingValueLabels',
    afterDatasetsDraw(chart: ChartInstance<'bar'>) {
      const ctx = chart.ctx;
      const meta = chart.getDatasetMeta(0);
      ctx.save();
      ctx.font = `600 11px "${FAMILY}"`;
      ctx.fillStyle = TEXT;
      meta.data.forEach((bar, i) => {
        const text = texts[i] ?? '';
        const { x, y, base } = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
        if (horizontal) {
          const w = ctx.measureText(text).width;
          const fitsOutside = x + 6 + w <= chart.chartArea.right + 4;
          ctx.textAlign = fitsOutside ? 'left' : 'right';
          ctx.fillStyle = fitsOutside ? TEXT : '#ffffff';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, fitsOutside ? x + 6 : x - 6, y);
        } else {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillStyle = TEXT;
          ctx.fillText(text, x, Math.min(y, base) - 4);
        }
      });
      ctx.restore();
    },
  };
}

function bars(spec: ChartSpec): DisplayList {
  const horizontal = spec.type === 'bar';
  const n = Math.max(spec.data.length, 1);
  const height = horizontal ? Math.min(60 + n * 40, 900) : 230;
  const values = spec.data.map((d) => d.value);
  const max = Math.max(0, ...values);
  const min = Math.min(0, ...values);
  const labels = spec.data.map((d) => clip(d.label + (d.derived ? ' †' : ''), 48));
  const annotation = spec.annotation;
  const plugins: Plugin<'bar'>[] = [valueLabels(spec.data.map((d) => d.text), horizontal)];
  if (annotation && !horizontal && spec.data.length >= 2) plugins.push(growthArrow(`${annotation.text} ${annotation.label.toLowerCase()}`));
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          data: values,
          backgroundColor: spec.data.map((d, i) => (d.derived ? DERIVED_FILL : PALETTE[i % 2 === 0 ? 0 : 1])),
          borderColor: spec.data.map((d) => (d.derived ? DERIVED_EDGE : 'rgba(0,0,0,0)')),
          borderWidth: spec.data.map((d) => (d.derived ? 1.5 : 0)),
          barPercentage: 0.7,
          categoryPercentage: 0.8,
        },
      ],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      layout: { padding: { top: horizontal ? 6 : 26, right: horizontal ? 90 : 10, left: 4, bottom: 2 } },
      scales: {
        [horizontal ? 'x' : 'y']: {
          beginAtZero: true,
          suggestedMax: max === 0 ? 1 : max * 1.08,
          min: min < 0 ? min * 1.1 : 0,
          title: { display: true, text: spec.unitCaption, color: MUTED },
          ticks: { color: MUTED, maxTicksLimit: 6 },
          grid: { color: '#e3e8ee' },
        },
        [horizontal ? 'y' : 'x']: { grid: { display: false }, ticks: { color: TEXT, font: { size: 11, weight: 600 }, autoSkip: false } },
      },
    },
    plugins,
  };
  return drawChart(config as ChartConfiguration, { width: WIDTH, height });
}

/** Labels the change between the first and last columns (e.g. "+6.8% year-on-year"). */
function growthArrow(text: string): Plugin<'bar'> {
  return {
    id: 'briefingGrowth',
    afterDatasetsDraw(chart: ChartInstance<'bar'>) {
      const meta = chart.getDatasetMeta(0);
      const first = meta.data[0]?.getProps(['x', 'y'], true) as { x: number; y: number } | undefined;
      const last = meta.data[meta.data.length - 1]?.getProps(['x', 'y'], true) as { x: number; y: number } | undefined;
      if (!first || !last) return;
      const ctx = chart.ctx;
      const y = chart.chartArea.top - 14;
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
      ctx.font = `600 10px "${FAMILY}"`;
      ctx.fillStyle = TEXT;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'bottom';
      ctx.fillText(text, (first.x + last.x) / 2, y - 3);
      ctx.restore();
    },
  };
}

/** One small panel per value, each on its own scale, so a count of 26 is not lost next to 4,300. */
function multiples(spec: ChartSpec): DisplayList {
  const n = Math.max(spec.data.length, 1);
  const gap = 12;
  const panelWidth = (WIDTH - gap * (n - 1)) / n;
  const height = 190;
  const ops: DrawOp[] = [];
  spec.data.forEach((d, i) => {
    const config: ChartConfiguration<'bar'> = {
      type: 'bar',
      data: {
        labels: [''],
        datasets: [{ data: [d.value], backgroundColor: d.derived ? DERIVED_FILL : PALETTE[i % PALETTE.length === 3 ? 0 : i % 3], borderWidth: d.derived ? 1.5 : 0, borderColor: DERIVED_EDGE, barPercentage: 0.6, categoryPercentage: 1 }],
      },
      options: {
        layout: { padding: { top: 44, left: 2, right: 2, bottom: 0 } },
        scales: {
          y: { beginAtZero: true, suggestedMax: d.value === 0 ? 1 : d.value * 1.15, ticks: { color: MUTED, maxTicksLimit: 4, font: { size: 9 } }, grid: { color: '#e3e8ee' } },
          x: { grid: { display: false }, ticks: { display: false } },
        },
      },
      plugins: [
        valueLabels([d.text], false),
        {
          id: 'briefingPanelTitle',
          afterDraw(chart: ChartInstance<'bar'>) {
            const ctx = chart.ctx;
            ctx.save();
            ctx.font = `600 11px "${FAMILY}"`;
            ctx.fillStyle = TEXT;
            ctx.textAlign = 'left';
            ctx.textBaseline = 'top';
            const words = wrapWords(d.label + (d.derived ? ' †' : ''), (s) => ctx.measureText(s).width, chart.width - 4).slice(0, 2);
            words.forEach((line, k) => ctx.fillText(line, 2, 2 + k * 13));
            ctx.restore();
          },
        },
      ],
    };
    const panel = drawChart(config as ChartConfiguration, { width: panelWidth, height });
    ops.push(...offsetOps(panel.ops, i * (panelWidth + gap), 0));
  });
  return { width: WIDTH, height, ops };
}

/** Events as bars on a day axis; single-day events are drawn as a one-day mark. */
function timeline(spec: ChartSpec): DisplayList {
  const entries = spec.timeline;
  const day = (iso: string) => Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000;
  const starts = entries.map((e) => day(e.start));
  const ends = entries.map((e) => day(e.end) + 1);
  const first = Math.min(...starts);
  const last = Math.max(...ends);
  const pad = Math.max(2, Math.round((last - first) * 0.04));
  const isoOf = (d: number) => new Date(d * 86_400_000).toISOString().slice(0, 10);
  const labelOf = (value: number) => {
    const iso = isoOf(value);
    return new Intl.DateTimeFormat(spec.locale, { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));
  };
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: entries.map((e) => clip(e.title, 40)),
      datasets: [{ data: entries.map((_, i) => [starts[i]!, ends[i]!] as [number, number]), backgroundColor: entries.map((_, i) => PALETTE[i % 3]), barPercentage: 0.55, minBarLength: 4 }],
    },
    options: {
      indexAxis: 'y',
      layout: { padding: { right: 16, top: 4 } },
      scales: {
        x: { type: 'linear', min: first - pad, max: last + pad, ticks: { color: MUTED, maxTicksLimit: 8, callback: (v) => labelOf(Number(v)) }, grid: { color: '#e3e8ee' } },
        y: { grid: { display: false }, ticks: { color: TEXT, font: { size: 10.5, weight: 600 } } },
      },
    },
    plugins: [
      {
        id: 'briefingDates',
        afterDatasetsDraw(chart: ChartInstance<'bar'>) {
          const ctx = chart.ctx;
          ctx.save();
          ctx.font = `10px "${FAMILY}"`;
          ctx.fillStyle = MUTED;
          ctx.textBaseline = 'bottom';
          chart.getDatasetMeta(0).data.forEach((bar, i) => {
            const { x, y, base, height } = bar.getProps(['x', 'y', 'base', 'height'], true) as { x: number; y: number; base: number; height: number };
            const text = entries[i]?.dateText ?? '';
            const w = ctx.measureText(text).width;
            const left = Math.min(x, base);
            ctx.textAlign = left + w > chart.chartArea.right ? 'right' : 'left';
            ctx.fillText(text, ctx.textAlign === 'right' ? Math.max(x, base) : left, y - height / 2 - 2);
          });
          ctx.restore();
        },
      },
    ],
  };
  return drawChart(config as ChartConfiguration, { width: WIDTH, height: 70 + entries.length * 44 });
}

function offsetOps(ops: readonly DrawOp[], dx: number, dy: number): DrawOp[] {
  const movePath = (path: readonly (readonly [string, ...number[]])[]) =>
    path.map((seg) => [seg[0], ...seg.slice(1).map((v, k) => (v as number) + (k % 2 === 0 ? dx : dy))]);
  return ops.map((op) => {
    if (op.op === 'fill' || op.op === 'stroke' || op.op === 'clip') return { ...op, path: movePath(op.path as never) } as unknown as DrawOp;
    if (op.op === 'fillText' || op.op === 'strokeText') return { ...op, x: op.x + dx, y: op.y + dy };
    return op;
  });
}

function wrapWords(text: string, measure: (s: string) => number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && measure(next) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** One or two sentences from the data itself, for screen readers. */
export function altText(spec: ChartSpec): string {
  if (spec.type === 'timeline') {
    const items = spec.timeline.map((e) => `${e.title} (${e.dateText}${e.placesText ? `, ${e.placesText}` : ''})`);
    return `Timeline of ${items.length} event${items.length === 1 ? '' : 's'}: ${items.join('; ')}.`;
  }
  const items = spec.data.map((d) => `${d.label}${d.derived ? ' (derived)' : ''}: ${d.text}`);
  const kind = spec.type === 'multiples' ? 'Panels, each on its own scale,' : spec.type === 'column' ? 'Column chart' : 'Bar chart';
  let alt = `${kind} showing ${spec.title.charAt(0).toLowerCase()}${spec.title.slice(1)}: ${items.join('; ')}.`;
  if (spec.annotation) alt += ` ${spec.annotation.label}: ${spec.annotation.text}.`;
  return alt;
}
