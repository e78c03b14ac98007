// Charts: bar and column charts as native, editable PowerPoint charts (their data in the
// embedded workbook, the same colours, labels and number format as the drawing); the other
// kinds (panels on separate scales, timelines) as a vector SVG picture with alt text.
import type { ChartGraphic, ChartItem, ChartPoint } from '../layout/index.js';
import { typeface } from './text.js';
import { displayListSvg } from './svg.js';

/** The subset of a pptxgenjs slide this file uses. */
interface ChartSlide {
  addChart(type: string, data: unknown[], options: Record<string, unknown>): unknown;
  addImage(options: Record<string, unknown>): unknown;
}

const inches = (pt: number): number => pt / 72;
const hex = (color: string): string => color.replace(/^#/, '').toUpperCase();
const TEXT = '1B1F24';
const MUTED = '5B6470';
const GRID = 'E3E8EE';
const LABEL_FONT = { weight: 'semibold', style: 'normal' } as const;

/** `v` rounded up to a half step of its order of magnitude (6.19 -> 6.5, 215 -> 250). */
function roundUp(v: number): number {
  if (v <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(v)) / 2;
  return Math.ceil(v / step - 1e-9) * step;
}

// Drawn charts are kept between builds (src/charts, keyed by their spec), so the SVG of the
// same drawing is written once; held only as long as the drawing itself is.
const svgOf = new WeakMap<ChartGraphic, string>();

/** The chart's drawing as an SVG data URL, as pptxgenjs takes a picture. */
function svgData(chart: ChartGraphic): string {
  let data = svgOf.get(chart);
  if (data === undefined) {
    data = `data:image/svg+xml;base64,${Buffer.from(displayListSvg(chart.list, chart.title)).toString('base64')}`;
    svgOf.set(chart, data);
  }
  return data;
}

/** A chart PowerPoint can draw itself: bars or columns, each value finite. */
export function isNative(chart: ChartGraphic): boolean {
  return (chart.kind === 'bar' || chart.kind === 'column') && chart.points.length > 0 && chart.points.every((p) => Number.isFinite(p.value));
}

/** Adds the chart; for a native chart, returns each value's number format (package.ts applies them). */
export function addChart(slide: ChartSlide, item: ChartItem, bar: string): string[] | undefined {
  const chart = item.chart;
  const box = { x: inches(item.x), y: inches(item.y), w: inches(item.w), h: inches(item.h) };
  const alt = item.struct.alt ?? chart.alt;
  if (!isNative(chart)) {
    slide.addImage({ ...box, data: svgData(chart), altText: alt, objectName: `Chart: ${chart.title}` });
    return undefined;
  }
  const horizontal = chart.kind === 'bar';
  // PowerPoint draws a bar chart's first category at the bottom; the drawing has it on top.
  const points = horizontal ? [...chart.points].reverse() : chart.points;
  const colors = points.map((p) => hex(p.color));
  const format = numberFormat(points);
  // Text at the size it has in the drawing as placed (the drawing is scaled to its box).
  const scale = item.w / chart.list.width;
  const pt = (size: number) => Math.round(size * scale * 2) / 2;
  slide.addChart(
    bar,
    [{ name: chart.title, labels: points.map((p) => p.label), values: points.map((p) => p.value) }],
    {
      ...box,
      barDir: horizontal ? 'bar' : 'col',
      // One colour per bar, as drawn; a single colour still needs two entries to be per bar.
      chartColors: colors.length > 1 ? colors : [colors[0]!, colors[0]!],
      barGapWidthPct: 43,
      showLegend: false,
      // The drawing's annotation (the change between the first and last column) as the title.
      ...(chart.annotation ? { showTitle: true, title: chart.annotation, titleFontFace: typeface(LABEL_FONT), titleFontSize: pt(10), titleColor: TEXT } : { showTitle: false }),
      showValue: true,
      dataLabelPosition: 'outEnd',
      dataLabelFormatCode: format,
      dataLabelColor: TEXT,
      dataLabelFontFace: typeface(LABEL_FONT),
      dataLabelFontSize: pt(11),
      dataLabelFontBold: false,
      catAxisLabelColor: TEXT,
      catAxisLabelFontFace: typeface(LABEL_FONT),
      catAxisLabelFontSize: pt(11),
      catAxisLineShow: false,
      valAxisLabelColor: MUTED,
      valAxisLabelFontFace: typeface({ weight: 'regular', style: 'normal' }),
      valAxisLabelFontSize: pt(10),
      valAxisLabelFormatCode: '#,##0.##',
      valAxisLineShow: false,
      valGridLine: { color: GRID, size: 0.75 },
      catGridLine: { style: 'none' },
      valAxisMinVal: Math.min(0, ...points.map((p) => p.value)),
      // Headroom for the value labels beyond the longest bar, as the drawing leaves.
      valAxisMaxVal: roundUp(Math.max(0, ...points.map((p) => p.value)) * 1.3),
      ...(chart.unitCaption ? { showValAxisTitle: true, valAxisTitle: chart.unitCaption, valAxisTitleColor: MUTED, valAxisTitleFontSize: pt(10), valAxisTitleFontFace: typeface({ weight: 'regular', style: 'normal' }) } : {}),
      altText: alt,
      objectName: `Chart: ${chart.title}`,
    },
  );
  return points.map((p) => pointFormat(p) ?? format);
}

/**
 * An Excel number format that prints each value as the briefing's formatter did
 * ("US$24.21 billion" from 24.21 gives "US$"#,##0.00" billion"), found from the printed texts
 * themselves; when the values do not share one form, the general format.
 */
export function numberFormat(points: readonly ChartPoint[]): string {
  const forms = points.map(formOf);
  const first = forms[0];
  if (!first || forms.some((f) => !f || f.before !== first.before || f.after !== first.after || f.grouped !== first.grouped)) return 'General';
  const decimals = new Set(forms.map((f) => f!.decimals));
  // Values printed with different numbers of decimals (3.8 and 4.76): Excel's General prints
  // each as it is, between the same words; with thousands separators, the most decimals.
  const number = decimals.size === 1 || first.grouped ? `${first.grouped ? '#,##0' : '0'}${pad(Math.max(...decimals))}` : 'General';
  return `${literal(first.before)}${number}${literal(first.after)}`;
}

/** The number format printing this one value exactly as the briefing does. */
export function pointFormat(p: ChartPoint): string | undefined {
  const f = formOf(p);
  return f ? `${literal(f.before)}${f.grouped ? '#,##0' : '0'}${pad(f.decimals)}${literal(f.after)}` : undefined;
}

const pad = (decimals: number): string => (decimals ? `.${'0'.repeat(decimals)}` : '');

interface Form {
  before: string;
  after: string;
  grouped: boolean;
  decimals: number;
}

function formOf(p: ChartPoint): Form | undefined {
  const text = p.text.replace(/[\u00a0\u202f]/g, ' ');
  for (const m of text.matchAll(/-?\d[\d,. ']*\d|-?\d/g)) {
    const token = m[0]!;
    const digits = token.replace(/[^\d]/g, '');
    // How many of the token's digits are decimals: the count that reproduces the value.
    for (let decimals = 0; decimals <= 6 && decimals < digits.length; decimals++) {
      if (Math.abs(Number(digits) / 10 ** decimals - Math.abs(p.value)) > 10 ** -(decimals + 1)) continue;
      const grouped = token.slice(0, token.length - (decimals ? decimals + 1 : 0)).replace(/^-/, '').length > digits.length - decimals;
      return { before: text.slice(0, m.index).replace(/-$/, ''), after: text.slice(m.index! + token.length), grouped, decimals };
    }
  }
  return undefined;
}

/** Text as a quoted literal of a number format (quotes in it are dropped). */
function literal(s: string): string {
  return s ? `"${s.replace(/"/g, '')}"` : '';
}
