// Charts-stage benchmark (reports, never asserts): run `npx tsc -p .` first, then
//   node --expose-gc bench/charts.mjs [--renders 1000] [--png-renders 1000] [--samples 50]
// Prints, for the seed briefing's charts:
//   - warm vector render of all charts, drawn afresh (renderChart per spec, bypassing the
//     per-process memo that renderCharts keeps), median of N samples;
//   - replay of all display lists into one PDFKit document (replayToPdf), median of N;
//   - warm PNG render of all charts at density 2 (renderChartPng), median of N;
//   - RSS growth over R further vector renders after warm-up, and RSS over P single-chart PNG
//     renders (cycling through the charts) after a warm-up, sampled every P/10 renders: the
//     PNG path reuses one canvas per size, so it stays flat (a canvas per render leaked).
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import PDFDocument from 'pdfkit';
import { loadFacts } from '../dist/facts/index.js';
import { renderNarrative } from '../dist/narrative/index.js';
import { renderChart, renderCharts } from '../dist/charts/index.js';
import { pngSupport, renderChartPng } from '../dist/charts/png.js';
import { replayToPdf } from '../dist/pdf/charts.js';
import { allFaces, faceKey, fontPath } from '../dist/fonts/index.js';

// Draws every chart afresh: renderCharts memoises by spec, which would time a cache hit.
const drawAll = (specs) => new Map(specs.map((s) => [s.id, renderChart(s)]));

const { values } = parseArgs({ options: { renders: { type: 'string', default: '1000' }, warmup: { type: 'string', default: '300' }, samples: { type: 'string', default: '50' }, 'png-renders': { type: 'string', default: '1000' }, input: { type: 'string', default: 'data/shanghai-uk-2023.yaml' } } });
const RENDERS = Number(values.renders);
const WARMUP = Number(values.warmup);
const SAMPLES = Number(values.samples);

const specs = renderNarrative(loadFacts(values.input), {}).narrative.charts;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(2)} ms`;
const mb = (x) => `${(x / 1024 / 1024).toFixed(1)} MB`;
const gc = () => globalThis.gc?.();

async function timeIt(fn, n) {
  const out = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return out;
}

function replayAll(charts) {
  const doc = new PDFDocument({ autoFirstPage: false, size: [612, 792] });
  doc.on('data', () => {});
  for (const face of allFaces()) doc.registerFont(`chart-${faceKey(face)}`, fontPath(face));
  for (const g of charts.values()) {
    doc.addPage();
    replayToPdf(doc, g.list, { x: 40, y: 40 }, (face) => `chart-${faceKey(face)}`);
  }
  doc.end();
}

// Warm-up: JIT, font loading, the measure caches, and V8 growing its heap to the working
// size (RSS climbs for the first ~250 renders, then stays level while heap used is flat).
for (let i = 0; i < WARMUP; i++) drawAll(specs);
const charts = renderCharts(specs);
// RSS first, before PDFKit documents and the native canvas muddy the process's footprint.
gc();
const rss0 = process.memoryUsage().rss;
for (let i = 0; i < RENDERS; i++) drawAll(specs);
gc();
const rss1 = process.memoryUsage().rss;
console.log(`charts: RSS growth over ${RENDERS} vector renders after ${WARMUP} warm-up renders: ${mb(rss1 - rss0)} (${mb(rss0)} -> ${mb(rss1)}; heap ${mb(process.memoryUsage().heapUsed)})${globalThis.gc ? '' : ' [run with --expose-gc for a steadier figure]'}`);

for (let i = 0; i < 5; i++) replayAll(charts);

const render = await timeIt(() => drawAll(specs), SAMPLES);
const replay = await timeIt(() => replayAll(charts), SAMPLES);
console.log(`charts: ${specs.length} seed charts (${specs.map((s) => s.id).join(', ')})`);
console.log(`charts: vector render, all charts, warm   median ${ms(median(render))} (min ${ms(Math.min(...render))}, n=${SAMPLES})`);
console.log(`charts: replay into PDFKit, all charts     median ${ms(median(replay))} (min ${ms(Math.min(...replay))}, n=${SAMPLES})`);

// PNG path (needs the optional canvas package): the first call loads it and makes the canvases.
if (!(await pngSupport())) {
  console.log('charts: PNG skipped: the optional package canvas is not installed');
  process.exit(0);
}
// The PNG path draws the Chart.js kinds only (maps are vector only; the e-mail preview picks
// a chart it can draw).
const bitmaps = specs.filter((s) => s.type !== 'map');
let t = performance.now();
for (const s of bitmaps) await renderChartPng(s, { density: 2 });
console.log(`charts: PNG first render (loads native canvas), all charts: ${ms(performance.now() - t)}`);
for (let i = 0; i < 5; i++) for (const s of bitmaps) await renderChartPng(s, { density: 2 });
const png = await timeIt(async () => { for (const s of bitmaps) await renderChartPng(s, { density: 2 }); }, Math.max(5, Math.round(SAMPLES / 5)));
console.log(`charts: PNG render, all charts, density 2  median ${ms(median(png))} (n=${png.length})`);
const PNG_RENDERS = Number(values['png-renders']);
const step = Math.max(1, Math.round(PNG_RENDERS / 10));
gc();
const rss2 = process.memoryUsage().rss;
const samples = [];
for (let i = 0; i < PNG_RENDERS; i++) {
  await renderChartPng(bitmaps[i % bitmaps.length], { density: 2 });
  if ((i + 1) % step === 0) {
    gc();
    samples.push(process.memoryUsage().rss);
  }
}
const rss3 = samples.at(-1) ?? rss2;
const peak = Math.max(rss2, ...samples);
console.log(`charts: RSS over ${PNG_RENDERS} PNG renders (one chart each, cycling): ${mb(rss3 - rss2)} growth, peak +${mb(peak - rss2)} (${mb(rss2)} -> ${mb(rss3)}; every ${step}: ${samples.map((r) => ((r - rss2) / 1024 / 1024).toFixed(1)).join(', ')} MB)`);
