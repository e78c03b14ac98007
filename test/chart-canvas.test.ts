import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { ChartConfiguration } from 'chart.js';
import { allFaces, faceKey, fontPath, verticalMetrics, type FontFace } from '../src/fonts/index.js';
import type { DisplayList, DrawOp } from '../src/graphics/index.js';
import { drawChart } from '../src/charts/canvas/draw-chart.js';
import { replayToPdf } from '../src/pdf/charts.js';
import { RecordingContext, UnsupportedCanvasFeatureError } from '../src/charts/canvas/recording-context.js';

const FIXED_DATE = new Date('2024-01-02T03:04:05Z');
const fontName = (face: FontFace): string => `chart-${faceKey(face)}`;

function barChart(): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: ['Berlin', 'Lüdenscheid', 'München', 'Köln'],
      datasets: [
        { label: 'Visitors 2022', data: [12, 19, 7, 15], backgroundColor: 'rgba(54, 162, 235, 0.6)', borderColor: '#36a2eb', borderWidth: 1 },
        { label: 'Visitors 2023', data: [14, 17, 9, 11], backgroundColor: '#ff6384' },
      ],
    },
    options: { plugins: { title: { display: true, text: 'Visitors by city' }, legend: { display: true } } },
  };
}

function lineChart(): ChartConfiguration {
  return {
    type: 'line',
    data: {
      labels: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'],
      datasets: [
        { label: 'Exports', data: [3, 5, 4, 8, 7, 9], borderColor: 'rgb(75, 192, 192)', tension: 0.35, pointStyle: 'rectRot' },
        { label: 'Imports', data: [6, 4, 6, 5, 8, 6], borderColor: 'hsl(30, 90%, 50%)', borderDash: [6, 3], pointRadius: 4 },
      ],
    },
    options: { plugins: { title: { display: true, text: 'Monthly trade' } } },
  };
}

function doughnutChart(): ChartConfiguration {
  return {
    type: 'doughnut',
    data: {
      labels: ['Coal', 'Gas', 'Wind', 'Solar'],
      datasets: [{ data: [30, 25, 28, 17], backgroundColor: ['#4e79a7', '#f28e2b', '#59a14f', '#edc948'] }],
    },
    options: { plugins: { title: { display: true, text: 'Energy mix' }, legend: { position: 'right' } } },
  };
}

function rotatedLabelsChart(): ChartConfiguration {
  return {
    type: 'bar',
    data: {
      labels: ['Nordrhein-Westfalen', 'Baden-Württemberg', 'Mecklenburg-Vorpommern', 'Schleswig-Holstein', 'Rheinland-Pfalz', 'Sachsen-Anhalt'],
      datasets: [{ label: 'Population (m)', data: [18.1, 11.3, 1.6, 3.0, 4.2, 2.2] }],
    },
    options: { plugins: { title: { display: true, text: 'Rotated tick labels' }, legend: { display: false } } },
  };
}

function scatterChart(): ChartConfiguration {
  return {
    type: 'scatter',
    data: {
      datasets: [
        { label: 'Samples', data: [{ x: 1, y: 2 }, { x: 2, y: 3.5 }, { x: 3.2, y: 1.1 }, { x: 4, y: 4.4 }], pointRadius: 5 },
        { label: 'Outliers', data: [{ x: 1.5, y: 4.8 }, { x: 3.6, y: 0.4 }], pointStyle: 'triangle', pointRadius: 7 },
      ],
    },
    options: { plugins: { title: { display: true, text: 'Scatter', font: { size: 16, weight: 600, style: 'italic' } } } },
  };
}

interface Placed { list: DisplayList; x: number; y: number; scale?: number }

function layout(): Placed[][] {
  return [
    [
      { list: drawChart(barChart(), { width: 480, height: 250 }), x: 57, y: 40 },
      { list: drawChart(lineChart(), { width: 480, height: 250 }), x: 57, y: 310 },
      { list: drawChart(doughnutChart(), { width: 480, height: 240 }), x: 57, y: 580 },
    ],
    [
      { list: drawChart(rotatedLabelsChart(), { width: 300, height: 260 }), x: 57, y: 40 },
      { list: drawChart(scatterChart(), { width: 240, height: 200 }), x: 57, y: 330, scale: 2 },
    ],
  ];
}

async function buildPdf(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 36, autoFirstPage: false, info: { CreationDate: FIXED_DATE, ModDate: FIXED_DATE } });
  for (const face of allFaces()) doc.registerFont(fontName(face), fontPath(face));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  for (const page of layout()) {
    doc.addPage();
    for (const p of page) replayToPdf(doc, p.list, { x: p.x, y: p.y, ...(p.scale ? { scale: p.scale } : {}) }, fontName);
  }
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}

function texts(list: DisplayList): Extract<DrawOp, { op: 'fillText' }>[] {
  return list.ops.filter((op): op is Extract<DrawOp, { op: 'fillText' }> => op.op === 'fillText');
}

describe('chart canvas → display list', () => {
  it('is deterministic: drawing the same config twice gives deep-equal lists', () => {
    for (const make of [barChart, lineChart, doughnutChart, rotatedLabelsChart, scatterChart]) {
      const config = make();
      const a = drawChart(config, { width: 400, height: 260 });
      const b = drawChart(config, { width: 400, height: 260 });
      expect(b).toEqual(a);
      expect(JSON.parse(JSON.stringify(a))).toEqual(a); // plain data
      expect(config).toEqual(make()); // the caller's config is not mutated
    }
  });

  it('records the chart title, labels and ticks as text runs in the bundled faces', () => {
    const list = drawChart(barChart(), { width: 480, height: 250 });
    const runs = texts(list);
    const strings = runs.map((r) => r.text);
    expect(strings).toEqual(expect.arrayContaining(['Visitors by city', 'Lüdenscheid', 'Visitors 2022', '0', '20']));
    const title = runs.find((r) => r.text === 'Visitors by city');
    expect(title?.face).toEqual({ weight: 'bold', style: 'normal' });
    // Title is centred on the canvas.
    expect(title ? title.x + title.width / 2 : 0).toBeCloseTo(240, 0);
    expect(list.ops.some((op) => op.op === 'fill')).toBe(true);
    // Every clip is matched by an unclip.
    let depth = 0;
    for (const op of list.ops) {
      if (op.op === 'clip') depth++;
      if (op.op === 'unclip') depth--;
      expect(depth).toBeGreaterThanOrEqual(0);
    }
    expect(depth).toBe(0);
  });

  it('rotates tick labels that do not fit', () => {
    const runs = texts(drawChart(rotatedLabelsChart(), { width: 300, height: 260 }));
    const label = runs.find((r) => r.text === 'Mecklenburg-Vorpommern');
    expect(label).toBeDefined();
    expect(Math.abs(label?.angle ?? 0)).toBeGreaterThan(0.1);
  });

  it('resolves textAlign/textBaseline to the glyph origin on the baseline', () => {
    const ctx = new RecordingContext({ width: 100, height: 100 });
    ctx.font = 'bold 20px "Source Sans 3"';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'alphabetic';
    const w = ctx.measureText('Hello').width;
    ctx.fillText('Hello', 90, 50);
    ctx.translate(10, 10);
    ctx.rotate(Math.PI / 2);
    ctx.textAlign = 'left';
    ctx.fillText('Down', 0, 0);
    const [a, b] = ctx.toDisplayList().ops;
    expect(a).toMatchObject({ op: 'fillText', text: 'Hello', y: 50, size: 20, face: { weight: 'bold', style: 'normal' } });
    expect(a?.op === 'fillText' ? a.x : NaN).toBeCloseTo(90 - w, 9);
    expect(b).toMatchObject({ op: 'fillText', text: 'Down', x: 10, y: 10 });
    expect(b?.op === 'fillText' ? b.angle : NaN).toBeCloseTo(Math.PI / 2, 12);
  });

  it('records paths in canvas space, arcs as cubic Béziers, clips balanced', () => {
    const ctx = new RecordingContext({ width: 100, height: 100 });
    ctx.save();
    ctx.translate(50, 50);
    ctx.beginPath();
    ctx.rect(-40, -40, 80, 80);
    ctx.clip();
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.arc(0, 0, 10, 0, Math.PI / 2);
    ctx.closePath();
    ctx.fill();
    ctx.restore();
    ctx.beginPath();
    ctx.rect(0, 0, 5, 5);
    ctx.clip(); // never restored: the snapshot still closes it
    ctx.fillRect(1, 1, 2, 2);
    const ops = ctx.toDisplayList().ops;
    expect(ops.map((op) => op.op)).toEqual(['clip', 'fill', 'unclip', 'clip', 'fill', 'unclip']);
    const wedge = ops[1];
    if (wedge?.op !== 'fill') throw new Error('expected a fill');
    expect(wedge.path.map((seg) => seg[0])).toEqual(['M', 'L', 'C', 'Z']);
    expect(wedge.path[1]).toEqual(['L', 60, 50]);
    const curve = wedge.path[2] ?? [];
    expect(curve[5]).toBeCloseTo(50, 9);
    expect(curve[6]).toBeCloseTo(60, 9);
    // The standard quarter-circle handle length, 0.5523 × r.
    expect(curve[1]).toBeCloseTo(60, 9);
    expect(curve[2]).toBeCloseTo(50 + 10 * 0.5522847, 5);
  });

  it('parses CSS colours and multiplies globalAlpha into the paint', () => {
    const ctx = new RecordingContext({ width: 10, height: 10 });
    const paints: unknown[] = [];
    for (const c of ['#f00', '#00ff0080', 'rgba(1, 2, 3, 0.25)', 'rgb(10 20 30 / 50%)', 'hsl(120, 100%, 25%)', 'steelblue']) {
      ctx.fillStyle = c;
      ctx.globalAlpha = 0.5;
      ctx.fillRect(0, 0, 1, 1);
    }
    for (const op of ctx.toDisplayList().ops) if (op.op === 'fill') paints.push(op.paint);
    expect(paints).toEqual([
      { color: [255, 0, 0], alpha: 0.5 },
      { color: [0, 255, 0], alpha: (128 / 255) * 0.5 },
      { color: [1, 2, 3], alpha: 0.125 },
      { color: [10, 20, 30], alpha: 0.25 },
      { color: [0, 128, 0], alpha: 0.5 },
      { color: [70, 130, 180], alpha: 0.5 },
    ]);
  });

  it('throws a named error for canvas features it cannot record', () => {
    const ctx = new RecordingContext({ width: 10, height: 10 });
    expect(() => ctx.createLinearGradient()).toThrow(UnsupportedCanvasFeatureError);
    expect(() => ctx.createLinearGradient()).toThrow(/createLinearGradient/);
    expect(() => { ctx.fillStyle = { addColorStop() {} }; }).toThrow(/fillStyle/);
    expect(() => { ctx.font = '12px Arial'; }).toThrow(/only the bundled "Source Sans 3"/);
    expect(() => ctx.drawImage()).toThrow(/drawImage/);
    // The same error surfaces through Chart.js, e.g. from a scriptable gradient background.
    const config = barChart();
    const ds = config.data.datasets[0];
    if (ds) ds.backgroundColor = (c: { chart: { ctx: { createLinearGradient(): unknown } } }) => c.chart.ctx.createLinearGradient();
    expect(() => drawChart(config, { width: 300, height: 200 })).toThrow(/createLinearGradient/);
    // ...and leaves Chart.js in a usable state.
    expect(texts(drawChart(barChart(), { width: 300, height: 200 })).length).toBeGreaterThan(0);
  });
});

describe('chart canvas → PDF', () => {
  let pdf: Buffer;
  let file: string;
  beforeAll(async () => {
    pdf = await buildPdf();
    file = join(mkdtempSync(join(tmpdir(), 'chart-canvas-')), 'charts.pdf');
    writeFileSync(file, pdf);
  });

  it('is a valid PDF', () => {
    expect(() => execFileSync('qpdf', ['--check', file], { stdio: 'pipe' })).not.toThrow();
  });

  it('contains the chart text as real, extractable text', () => {
    const text = execFileSync('pdftotext', ['-layout', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    for (const s of ['Visitors by city', 'Berlin', 'Lüdenscheid', 'München', 'Köln', 'Visitors 2022', 'Monthly trade', 'Jan', 'Jun', 'Energy mix', 'Solar']) {
      expect(text).toContain(s);
    }
    // Every horizontal text run of the bar chart, tick labels included, made it into the PDF.
    const ticks = texts(drawChart(barChart(), { width: 480, height: 250 })).filter((r) => /^\d+$/.test(r.text));
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    for (const t of ticks) expect(text).toMatch(new RegExp(`(^|\\s)${t.text}(\\s|$)`, 'm'));
  });

  it('puts each glyph baseline exactly where Chart.js asked', () => {
    // pdftotext reports a word's box as [baseline - ascent, baseline + descent] of its font.
    const xml = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' });
    const words = [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<\/word>/g)]
      .map((m) => ({ x: Number(m[1]), top: Number(m[2]), text: m[3] ?? '' }));
    const bar = layout()[0]?.[0];
    if (!bar) throw new Error('layout has no bar chart');
    const { list, x: ox, y: oy } = bar;
    const single = texts(list).filter((r) => !r.text.includes(' '));
    expect(single.length).toBeGreaterThan(8);
    for (const run of single) {
      const top = oy + run.y - verticalMetrics(run.size, run.face).ascent;
      const hit = words.find((w) => w.text === run.text && Math.abs(w.x - (ox + run.x)) < 0.01 && Math.abs(w.top - top) < 0.01);
      expect(hit, `${run.text} at ${run.x},${run.y}`).toBeDefined();
    }
  });

  it('embeds only the bundled fonts, no base-14 fonts', () => {
    const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
    const lines = out.trim().split('\n');
    const rule = lines[1] ?? '';
    // Columns are delimited by the dashed rule under the header.
    const cols: [number, number][] = [];
    for (const m of rule.matchAll(/-+/g)) cols.push([m.index, m.index + m[0].length]);
    const col = (line: string, i: number): string => line.slice(cols[i]?.[0], cols[i]?.[1]).trim();
    const fonts = lines.slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(col(line, 0)).toMatch(/\+SourceSans3-/);
      expect(col(line, 3)).toBe('yes');
    }
    expect(out).not.toMatch(/Helvetica|Times|Courier|Symbol|ZapfDingbats/);
  });

  it('produces byte-identical output for identical input', async () => {
    const again = await buildPdf();
    expect(again.equals(pdf)).toBe(true);
  });
});
