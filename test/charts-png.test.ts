import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createCanvas, loadImage } from 'canvas';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import type { ChartSpec } from '../src/narrative/model.js';
import { renderChart } from '../src/charts/index.js';
import { renderChartPng, type ChartPng } from '../src/charts/png.js';
import type { DrawOp } from '../src/graphics/index.js';
import { BACKGROUND, DERIVED_FILL, MUTED, PALETTE, REGULAR, SEMIBOLD, SERIES, TEXT } from '../src/charts/theme.js';
import { FAMILY, measure } from '../src/fonts/index.js';

const ROOT = join(import.meta.dirname, '..');

/** Greyscale level 0–255 of an sRGB colour (ITU-R BT.601 luma, as a greyscale printer or converter uses). */
const luma = ([r, g, b]: readonly number[]) => 0.299 * r! + 0.587 * g! + 0.114 * b!;
const rgbOf = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const hexOf = (c: readonly number[]) => `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** WCAG 2 contrast ratio between two sRGB colours. */
function contrast(a: string, b: string): number {
  const lin = (v: number) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4);
  const lum = (hex: string) => {
    const [r, g, bl] = rgbOf(hex).map(lin) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Minimum greyscale difference between two series colours: 20 of 255 levels (~8%), well
 *  above the ~2% just-noticeable step for adjacent flat areas, and enough to survive a laser
 *  printer's halftoning and photocopying. */
const MIN_LUMA_STEP = 20;

async function decode(png: Buffer): Promise<{ width: number; height: number; data: Uint8ClampedArray }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  return { width: image.width, height: image.height, data: ctx.getImageData(0, 0, image.width, image.height).data };
}

describe('palette contrast (colour level)', () => {
  it('palette steps differ pairwise by at least 20 grey levels', () => {
    for (let i = 0; i < PALETTE.length; i++) {
      for (let j = i + 1; j < PALETTE.length; j++) {
        expect(Math.abs(luma(rgbOf(PALETTE[i]!)) - luma(rgbOf(PALETTE[j]!))), `${PALETTE[i]} vs ${PALETTE[j]}`).toBeGreaterThanOrEqual(MIN_LUMA_STEP);
      }
    }
  });

  it('the derived fill is apart from every series colour and from the paper', () => {
    for (const c of SERIES) expect(Math.abs(luma(rgbOf(DERIVED_FILL)) - luma(rgbOf(c))), c).toBeGreaterThanOrEqual(MIN_LUMA_STEP);
    expect(255 - luma(rgbOf(DERIVED_FILL))).toBeGreaterThanOrEqual(MIN_LUMA_STEP);
  });

  it('text colours meet WCAG AA on the background', () => {
    expect(contrast(TEXT, BACKGROUND)).toBeGreaterThanOrEqual(7);
    expect(contrast(MUTED, BACKGROUND)).toBeGreaterThanOrEqual(4.5);
  });
});

describe('PNG charts', () => {
  let specs: ChartSpec[];
  const pngs = new Map<string, ChartPng>();
  beforeAll(async () => {
    // Maps are drawn by the map renderer only (vector); the PNG previews cover the Chart.js kinds.
    specs = renderNarrative(loadFacts(join(ROOT, 'data/shanghai-uk-2023.yaml')), {}).narrative.charts.filter((s) => s.type !== 'map');
    for (const s of specs) pngs.set(s.id, await renderChartPng(s, { density: 2 }));
  });

  it('render every seed chart at twice the vector size', async () => {
    expect([...pngs.keys()].sort()).toEqual(specs.map((s) => s.id).sort());
    for (const s of specs) {
      const { list } = renderChart(s);
      const png = pngs.get(s.id)!;
      expect(png.png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      const img = await decode(png.png);
      expect([img.width, img.height]).toEqual([Math.round(list.width * 2), Math.round(list.height * 2)]);
      expect([png.width, png.height]).toEqual([img.width, img.height]);
    }
  });

  it('are byte-identical across renders', async () => {
    for (const s of specs) expect((await renderChartPng(s, { density: 2 })).png.equals(pngs.get(s.id)!.png)).toBe(true);
  });

  it('refuse a density outside (0, 8]', async () => {
    await expect(renderChartPng(specs[0]!, { density: 0 })).rejects.toThrow('renderChartPng: density must be in (0, 8], got 0');
    await expect(renderChartPng(specs[0]!, { density: Number.NaN })).rejects.toThrow('renderChartPng: density must be in (0, 8], got NaN');
  });

  it('set text in the bundled Source Sans 3, not a system font', () => {
    // renderChartPng has registered the bundled files; node-canvas must now measure the
    // family exactly as fontkit measures the files.
    const ctx = createCanvas(10, 10).getContext('2d');
    const sample = 'Jiading 2022 – US$4.76 billion';
    ctx.font = `600 40px "${FAMILY}"`;
    expect(ctx.measureText(sample).width).toBeCloseTo(measure(sample, 40, SEMIBOLD), 0);
    ctx.font = `40px "${FAMILY}"`;
    expect(ctx.measureText(sample).width).toBeCloseTo(measure(sample, 40, REGULAR), 0);
  });

  it('series colours stay apart in greyscale (measured on the pixels)', async () => {
    const barColours = new Set<string>([...SERIES, DERIVED_FILL]);
    for (const s of specs) {
      const { list } = renderChart(s);
      const img = await decode(pngs.get(s.id)!.png);
      const d = pngs.get(s.id)!.density;
      // The bars are the fills in a series colour; sample the PNG at each bar's centre.
      // A bordered bar's edge is an even-odd ring (two subpaths) around its fill: not a bar.
      const bars = list.ops.filter((o): o is Extract<DrawOp, { op: 'fill' }> => o.op === 'fill' && barColours.has(hexOf(o.paint.color)) && o.path.filter((seg) => seg[0] === 'M').length === 1);
      expect(bars.length, s.id).toBeGreaterThanOrEqual(s.type === 'timeline' ? s.timeline.length : s.data.length);
      const levels = new Map<string, number>();
      for (const bar of bars) {
        const pts = bar.path.filter((seg) => seg[0] !== 'Z').map((seg) => [seg[1] as number, seg[2] as number]);
        const cx = (Math.min(...pts.map((p) => p[0]!)) + Math.max(...pts.map((p) => p[0]!))) / 2;
        const cy = (Math.min(...pts.map((p) => p[1]!)) + Math.max(...pts.map((p) => p[1]!))) / 2;
        const at = (Math.floor(cy * d) * img.width + Math.floor(cx * d)) * 4;
        const grey = luma([img.data[at]!, img.data[at + 1]!, img.data[at + 2]!]);
        // The pixel is the bar's own colour (the raster and vector plans agree).
        expect(Math.abs(grey - luma(bar.paint.color)), `${s.id} bar at ${cx},${cy}`).toBeLessThan(3);
        levels.set(hexOf(bar.paint.color), grey);
      }
      const greys = [...levels.values()];
      for (let i = 0; i < greys.length; i++) {
        expect(255 - greys[i]!, `${s.id}: bar against paper`).toBeGreaterThanOrEqual(MIN_LUMA_STEP);
        for (let j = i + 1; j < greys.length; j++) expect(Math.abs(greys[i]! - greys[j]!), `${s.id}: ${[...levels.keys()][i]} vs ${[...levels.keys()][j]}`).toBeGreaterThanOrEqual(MIN_LUMA_STEP);
      }
      if (s.data.length > 1 || s.timeline.length > 1) expect(levels.size, s.id).toBeGreaterThan(1);
    }
  });

  it('the vector (PDF) path does not load the native canvas module', () => {
    // Runs the compiled stage in a fresh process (npm test compiles dist/ first).
    const script = `
      const { loadFacts } = await import('./dist/facts/index.js');
      const { renderNarrative } = await import('./dist/narrative/index.js');
      const { renderCharts } = await import('./dist/charts/index.js');
      const charts = renderCharts(renderNarrative(loadFacts('data/shanghai-uk-2023.yaml'), {}).narrative.charts);
      const native = process.report.getReport().sharedObjects.filter((s) => s.endsWith('canvas.node'));
      console.log(JSON.stringify({ charts: charts.size, native }));`;
    const out = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' })) as { charts: number; native: string[] };
    expect(out).toEqual({ charts: 6, native: [] });
  });
});
