#!/usr/bin/env node
// Batch throughput: B builds of the seed (print+slides) spread over one worker thread per
// core, timed from before the workers start until the last PDF is back, so worker start-up
// and each worker's first (cold) build are part of the figure, as in a real batch job.
// Prints one line of JSON: { builds, workers, seconds, perSecond, peakRssMb }.
// Each worker has the heap limits of the tool's own build workers (src/api/heap.ts);
// --max-old-mb and --max-young-mb set others (Worker resourceLimits), to measure what a
// bounded heap costs in speed and saves in memory.
//
//   node bench/batch.mjs [--builds 200] [--workers N] [--facts F] [--max-old-mb MB] [--max-young-mb MB] [--root DIR]
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { libraryEntry } from './library.mjs';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');

if (isMainThread) {
  const { values } = parseArgs({
    options: {
      builds: { type: 'string', default: '200' },
      workers: { type: 'string', default: String(availableParallelism()) },
      facts: { type: 'string' },
      'max-old-mb': { type: 'string' },
      'max-young-mb': { type: 'string' },
      // Another checkout's dist/ (e.g. a baseline worktree), to compare two builds in one run.
      root: { type: 'string', default: here },
    },
  });
  const root = resolve(values.root);
  const builds = Number(values.builds);
  const workers = Math.max(1, Math.min(Number(values.workers), builds));
  const facts = resolve(values.facts ?? join(root, 'data/shanghai-uk-2023.yaml'));
  const limits = {
    ...(values['max-old-mb'] ? { maxOldGenerationSizeMb: Number(values['max-old-mb']) } : {}),
    ...(values['max-young-mb'] ? { maxYoungGenerationSizeMb: Number(values['max-young-mb']) } : {}),
  };
  // By default the heap limits the tool gives its own build workers (src/api/heap.ts),
  // so the figure is the batch as `briefing build a.yaml b.yaml …` runs it; none for a
  // checkout that predates them.
  const heap = join(root, 'dist/api/heap.js');
  const resourceLimits = Object.keys(limits).length ? limits : existsSync(heap) ? (await import(heap)).buildWorkerLimits() : undefined;
  const start = performance.now();
  let bytes = 0;
  // Builds are handed out one at a time, so a slow worker does not hold back the others.
  let next = 0;
  await Promise.all(
    Array.from({ length: workers }, () => {
      const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { facts, root }, ...(resourceLimits ? { resourceLimits } : {}) });
      return new Promise((done, fail) => {
        const give = () => {
          if (next < builds) {
            next++;
            worker.postMessage('build');
          } else {
            worker.terminate().then(() => done());
          }
        };
        worker.on('message', (m) => {
          if (m.error) return fail(new Error(m.error));
          if (m.bytes !== undefined) bytes += m.bytes;
          give();
        });
        worker.on('error', fail);
        worker.once('online', give);
      });
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // maxRSS is in kilobytes (getrusage); the workers are threads of this process.
  const peakRssMb = +(process.resourceUsage().maxRSS / 1024).toFixed(1);
  console.log(JSON.stringify({ builds, workers, seconds: +seconds.toFixed(2), perSecond: +(builds / seconds).toFixed(1), outputBytes: bytes, peakRssMb, ...(resourceLimits ? { resourceLimits } : {}) }));
} else {
  const { buildBriefing } = await import(libraryEntry(workerData.root));
  parentPort.on('message', async () => {
    try {
      const r = await buildBriefing(workerData.facts);
      parentPort.postMessage({ bytes: (r.print?.byteLength ?? 0) + (r.slides?.byteLength ?? 0) });
    } catch (e) {
      parentPort.postMessage({ error: String(e?.stack ?? e) });
    }
  });
}
