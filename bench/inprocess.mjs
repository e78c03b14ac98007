#!/usr/bin/env node
// In-process measurements of the seed build, run by bench/run.mjs in a child process of its
// own (so each starts from a fresh heap) and reported as one line of JSON on stdout:
//
//   node --expose-gc bench/inprocess.mjs warm   [--facts F] [--samples 50] [--warmup 30]
//   node --expose-gc bench/inprocess.mjs soak   [--facts F] [--builds 1000]
//   node             bench/inprocess.mjs import
//
// warm: median (and min/p90) of N builds of print+slides after a warm-up (30 builds), per-stage medians,
//       output sizes and the process's peak RSS; then N print-only and N PPTX-only builds.
// soak: N builds in one process; RSS after 50, 500 and N builds (after a full GC when
//       --expose-gc is on, so the figures are live memory rather than garbage not yet
//       collected) and peak RSS. A leak shows as growth between 50 and N. This is the library
//       in a process of the caller's own, with V8's default heap sizes.
// soak-worker: the same N builds on one build worker thread with the heap limits that
//       `briefing serve`, `briefing worker` and the CLI's builds give their workers
//       (src/api/heap.ts, the default --max-memory); the figures are the whole process's.
// import: only imports the library (the package entry, dist/bundle/index.mjs) and reports how long that took; the
//       parent times the whole process for the import floor.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { libraryEntry } from './library.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    facts: { type: 'string', default: join(root, 'data/shanghai-uk-2023.yaml') },
    samples: { type: 'string', default: '50' },
    // Builds before the samples. V8 needs some 20–30 builds to optimise the pipeline's code
    // (medians of successive tens fall until then), and a warm process (the service, a batch
    // worker) spends its life past that point; with 5, the median still held the tiering-up.
    warmup: { type: 'string', default: '30' },
    builds: { type: 'string', default: '1000' },
  },
});
const mode = positionals[0] ?? 'warm';
const facts = resolve(values.facts);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))];
const mb = (bytes) => +(bytes / 1024 / 1024).toFixed(1);
// maxRSS is in kilobytes (getrusage).
const peakMb = () => +(process.resourceUsage().maxRSS / 1024).toFixed(1);
const settle = () => globalThis.gc?.();

if (mode === 'soak-worker') {
  // This thread only waits: the worker prints the soak's JSON line, with this process's peak RSS.
  const { Worker } = await import('node:worker_threads');
  const { buildWorkerLimits } = await import(join(root, 'dist/api/heap.js'));
  const worker = new Worker(fileURLToPath(import.meta.url), { argv: ['soak', '--facts', facts, '--builds', values.builds], resourceLimits: buildWorkerLimits() });
  await new Promise((done, fail) => {
    worker.on('error', fail);
    worker.on('exit', (code) => (code === 0 ? done() : fail(new Error(`soak worker exited with ${code}`))));
  });
  process.exit(0);
}

const t0 = performance.now();
const { buildBriefing } = await import(libraryEntry(root));
const importMs = performance.now() - t0;

if (mode === 'import') {
  console.log(JSON.stringify({ importMs: +importMs.toFixed(1), peakRssMb: peakMb() }));
} else if (mode === 'warm') {
  const n = Number(values.samples);
  const first = performance.now();
  let result = await buildBriefing(facts);
  const firstMs = performance.now() - first;
  const warmup = Number(values.warmup);
  for (let i = 1; i < warmup; i++) await buildBriefing(facts);
  const times = [];
  const stages = {};
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    result = await buildBriefing(facts);
    times.push(performance.now() - t);
    for (const [k, v] of Object.entries(result.timings)) (stages[k] ??= []).push(v);
  }
  // Print only, the anchor's workload: the same facts, one PDF.
  for (let i = 0; i < 4; i++) await buildBriefing(facts, { formats: ['print'] });
  const printOnly = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await buildBriefing(facts, { formats: ['print'] });
    printOnly.push(performance.now() - t);
  }
  // The editable deck alone: layout of the slides and the PPTX writer (pptxgenjs and the zip).
  let pptx;
  for (let i = 0; i < 4; i++) pptx = await buildBriefing(facts, { formats: ['pptx'] });
  const pptxTimes = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    pptx = await buildBriefing(facts, { formats: ['pptx'] });
    pptxTimes.push(performance.now() - t);
  }
  console.log(
    JSON.stringify({
      importMs: +importMs.toFixed(1),
      printOnlyMedianMs: +median(printOnly).toFixed(2),
      pptxMedianMs: +median(pptxTimes).toFixed(2),
      pptxBytes: pptx.pptx.byteLength,
      firstBuildMs: +firstMs.toFixed(1),
      samples: n,
      warmup,
      medianMs: +median(times).toFixed(2),
      minMs: +Math.min(...times).toFixed(2),
      p90Ms: +quantile(times, 0.9).toFixed(2),
      stagesMedianMs: Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, +median(v).toFixed(2)])),
      printBytes: result.print?.byteLength ?? null,
      slidesBytes: result.slides?.byteLength ?? null,
      outputs: result.manifest.outputs.map((o) => ({ format: o.format, bytes: o.bytes, pages: o.pages })),
      peakRssMb: peakMb(),
    }),
  );
} else if (mode === 'soak') {
  const n = Number(values.builds);
  const marks = new Set([50, 500, n]);
  const rss = {};
  const live = {};
  const start = performance.now();
  for (let i = 1; i <= n; i++) {
    await buildBriefing(facts);
    if (marks.has(i)) {
      settle();
      rss[i] = mb(process.memoryUsage().rss);
      live[i] = mb(process.memoryUsage().heapUsed);
      // Progress on stderr: the soak takes minutes.
      process.stderr.write(`soak: ${i} builds, RSS ${rss[i]} MB\n`);
    }
  }
  const first = rss[50] ?? rss[Math.min(...Object.keys(rss).map(Number))];
  console.log(JSON.stringify({ builds: n, gc: typeof globalThis.gc === 'function', rssMb: rss, liveHeapMb: live, growthMb: +(rss[n] - first).toFixed(1), peakRssMb: peakMb(), msPerBuild: +((performance.now() - start) / n).toFixed(2) }));
} else {
  console.error(`unknown mode ${mode}; use warm, soak or import`);
  process.exit(2);
}
