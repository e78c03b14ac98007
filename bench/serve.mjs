#!/usr/bin/env node
// The service load benchmark: `npm run bench:serve` (set-up, then this). Starts `briefing
// serve` on a free loopback port, warms it up, then drives POST /v1/briefings with the seed
// (facts and source inline) from a small closed-loop client: first at concurrency 4 (latency), then at
// concurrency 16 (throughput), sampling the server's RSS all along. Prints builds/s, p50/p99
// latency, errors, 503s and RSS over time, and each target met or missed. Reports, never
// fails: figures from a shared, busy machine are noise, so read them as such.
//
// RSS is the server's whole process tree (the process with its pool threads, and any child
// process), read from /proc every 5 s; where there is no /proc, the server's own
// briefing_rss_bytes from /metrics. The warm-up runs at the highest concurrency used, for
// --warmup seconds and at least --warmup-builds builds per thread (measured per thread at
// c=16: each worker's V8 heap grows to its working size, about 120 MB, over its first 150 or
// so builds, and the process's RSS then stays within ±5 MB over 2,000 more), so that what
// follows is steady state; growth is the mean of the last three samples less the mean of
// the first three after the warm-up (one sample each would be at the mercy of where a
// collection happened to be), and the least-squares slope over the same samples says whether
// it is still climbing.
//
//   node bench/serve.mjs [--duration 120] [--latency-duration 30] [--warmup 10]
//                        [--warmup-builds 200] [--format pdf|slides|zip] [--threads N] [--short]
//
// --short runs 10 s phases (warm-up 5 s) to check that the bench itself works.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '120' },
    'latency-duration': { type: 'string', default: '30' },
    warmup: { type: 'string', default: '10' },
    'warmup-builds': { type: 'string', default: '200' },
    format: { type: 'string', default: 'pdf' },
    threads: { type: 'string' },
    short: { type: 'boolean', default: false },
  },
});
const seconds = (v, short) => (values.short ? short : Number(v));
const duration = seconds(values.duration, 10);
const latencyDuration = seconds(values['latency-duration'], 10);
const warmup = seconds(values.warmup, 5);
const warmupBuilds = values.short ? 0 : Number(values['warmup-builds']);

const TARGETS = { buildsPerSecond: 20, p99AtC4Ms: 400, rssGrowthMb: 20 };

const factsFile = join(root, 'data/shanghai-uk-2023.yaml');
const facts = readFileSync(factsFile, 'utf8');
const documents = [...facts.matchAll(/document:\s*(\S+)/g)].map((m) => m[1]);
const body = JSON.stringify({ facts, file: 'shanghai-uk-2023.yaml', sources: Object.fromEntries(documents.map((d) => [d, readFileSync(join(root, 'data', d), 'utf8')])) });

const threads = values.threads ?? String(availableParallelism());
const server = spawn(process.execPath, [join(root, 'bin/briefing.js'), 'serve', '--port', '0', '--threads', threads, '--max-queue', '64', '--log-level', process.env.BENCH_DEBUG ? 'info' : 'warn'], { cwd: root, stdio: ['ignore', process.env.BENCH_DEBUG ? 'inherit' : 'ignore', 'pipe'] });
const url = await new Promise((resolveUrl, reject) => {
  let err = '';
  server.stderr.on('data', (d) => {
    err += d.toString();
    const m = /serving on (http:\/\/\S+)\//.exec(err);
    if (m) resolveUrl(m[1]);
  });
  server.once('exit', (code) => reject(new Error(`briefing serve exited (${code}): ${err}`)));
});
const stop = () => server.exitCode === null && server.kill('SIGTERM');
process.on('exit', stop);

/** A process and its descendants, from /proc (children of every thread). */
function processTree(pid) {
  const pids = [pid];
  for (let i = 0; i < pids.length; i++) {
    const tasks = `/proc/${pids[i]}/task`;
    if (!existsSync(tasks)) continue;
    for (const tid of readdirSync(tasks)) {
      try {
        pids.push(...readFileSync(`${tasks}/${tid}/children`, 'utf8').split(/\s+/).filter(Boolean).map(Number));
      } catch {
        // the thread or process ended meanwhile
      }
    }
  }
  return pids;
}

/** Resident set of one process in MB (VmRSS), 0 if it is gone. */
function vmRssMb(pid) {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

const procfs = existsSync(`/proc/${server.pid}/status`);
async function rssMb() {
  if (procfs) return processTree(server.pid).reduce((sum, pid) => sum + vmRssMb(pid), 0);
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('briefing_rss_bytes '));
  return line ? Number(line.split(' ')[1]) / 1024 / 1024 : NaN;
}

/** RSS samples every 5 s, each tagged with the phase it was taken in. */
const rss = [];
let phase = 'warm-up';
const t0 = Date.now();
const sampler = setInterval(async () => {
  const at = { s: Math.round((Date.now() - t0) / 1000), phase };
  rss.push({ ...at, mb: await rssMb() });
}, 5000);

/**
 * A small closed-loop client: `connections` loops, each sending the next request as soon as
 * the last one is answered, for `secs` seconds (and, given `minOk`, until that many builds
 * have succeeded, for at most ten times as long); answers that come after the end are not
 * counted. (Hand-written: autocannon 9 sent the requests here but counted no answers, and
 * the figures needed are few: latencies, status codes and errors.)
 */
async function run(connections, secs, title, minOk = 0) {
  process.stderr.write(`${title}: ${connections} connections for ${secs} s${minOk ? ` and at least ${minOk} builds` : ''}\n`);
  const latencies = [];
  const codes = {};
  let errors = 0;
  const started = performance.now();
  let end = started + secs * 1000;
  const more = () => {
    if (performance.now() < end) return true;
    if (latencies.length >= minOk || performance.now() > started + 10 * secs * 1000) return false;
    end = performance.now() + 1000;
    return true;
  };
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (more()) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/v1/briefings?format=${values.format}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(120_000) });
          await res.arrayBuffer();
          if (performance.now() > end && !more()) break;
          codes[res.status] = (codes[res.status] ?? 0) + 1;
          if (res.status === 200) latencies.push(performance.now() - t);
          else if (res.status === 503) await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
        } catch {
          if (performance.now() <= end) errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pct = (p) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]) : 0);
  const other = Object.entries(codes).filter(([c]) => c !== '200' && c !== '503').reduce((n, [, v]) => n + v, 0);
  return { buildsPerSecond: latencies.length / ((end - started) / 1000), p50: pct(50), p99: pct(99), ok: latencies.length, deliberate503: codes['503'] ?? 0, errors: errors + other };
}

const load = loadavg()[0];
process.stderr.write(`briefing serve at ${url} with ${threads} threads; 1-minute load ${load.toFixed(1)} on ${availableParallelism()} cores\n`);
// Warm-up: every worker thread builds a few times (fonts, templates and charts cached), then
// a timed phase at the highest concurrency the run uses, so that the heaps and the allocator
// have reached their working size before the first sample that counts.
for (let round = 0; round < 3; round++) {
  await Promise.all(Array.from({ length: Number(threads) }, () => fetch(`${url}/v1/briefings?format=${values.format}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer())));
}
const warm = await run(16, warmup, 'warm-up', warmupBuilds * Number(threads));
phase = 'c=4';
const c4 = await run(4, latencyDuration, 'latency');
phase = 'c=16';
const c16 = await run(16, duration, 'throughput');
clearInterval(sampler);
stop();

const ms = (v, n) => (n > 0 ? String(v) : 'n/a');
const row = (name, s) => `${name.padEnd(8)} ${s.buildsPerSecond.toFixed(1).padStart(9)} ${ms(s.p50, s.ok).padStart(8)} ${ms(s.p99, s.ok).padStart(8)} ${String(s.ok).padStart(6)} ${String(s.errors).padStart(7)} ${String(s.deliberate503).padStart(6)}`;
const out = [];
out.push(`format ${values.format}; warm-up ${warm.ok} builds; ${load > 1.5 ? `the machine was busy (load ${load.toFixed(1)}): figures are noise` : `load ${load.toFixed(1)}`}`);
out.push('');
out.push('phase    builds/s   p50 ms   p99 ms     ok  errors    503');
out.push(row('c=4', c4));
out.push(row('c=16', c16));
out.push('');
out.push(`RSS over time (MB, ${procfs ? 'the server process tree' : "the server's own, from /metrics"}, every 5 s):`);
for (const name of ['warm-up', 'c=4', 'c=16']) {
  const inPhase = rss.filter((r) => r.phase === name && Number.isFinite(r.mb));
  if (inPhase.length) out.push(`  ${name.padEnd(8)} ${inPhase.map((r) => `${r.s}s ${r.mb.toFixed(0)}`).join(', ')}`);
}
const measured = rss.filter((r) => r.phase !== 'warm-up' && Number.isFinite(r.mb));
const mean = (xs) => xs.reduce((a, r) => a + r.mb, 0) / xs.length;
const first = measured.slice(0, 3);
const last = measured.slice(-3);
const growth = measured.length >= 6 ? mean(last) - mean(first) : NaN;
/** Least-squares slope of RSS against time, in MB per minute. */
const slope = (() => {
  if (measured.length < 3) return NaN;
  const mx = measured.reduce((a, r) => a + r.s, 0) / measured.length;
  const my = mean(measured);
  const sxy = measured.reduce((a, r) => a + (r.s - mx) * (r.mb - my), 0);
  const sxx = measured.reduce((a, r) => a + (r.s - mx) ** 2, 0);
  return (sxy / sxx) * 60;
})();
out.push(
  Number.isFinite(growth)
    ? `RSS after warm-up ${mean(first).toFixed(1)} MB, at the end ${mean(last).toFixed(1)} MB (means of 3 samples): growth ${growth.toFixed(1)} MB; trend ${slope.toFixed(1)} MB/min over ${measured.length} samples`
    : `RSS: too few samples after the warm-up to measure growth (${measured.length}; run longer than --short)`,
);
out.push('');
const verdict = (ok) => (ok ? 'met' : 'MISSED');
out.push(`target: >= ${TARGETS.buildsPerSecond} builds/s at c=16 ........ ${c16.buildsPerSecond.toFixed(1)}  ${verdict(c16.buildsPerSecond >= TARGETS.buildsPerSecond)}`);
out.push(`target: p99 <= ${TARGETS.p99AtC4Ms} ms at c=4 ............... ${ms(c4.p99, c4.ok)} ms  ${verdict(c4.ok > 0 && c4.p99 <= TARGETS.p99AtC4Ms)}`);
out.push(`target: 0 errors (503s aside) ............ ${c4.errors + c16.errors}  ${verdict(c4.errors + c16.errors === 0)}`);
out.push(`target: RSS growth <= ${TARGETS.rssGrowthMb} MB after warm-up .. ${growth.toFixed(1)} MB  ${Number.isFinite(growth) ? verdict(growth <= TARGETS.rssGrowthMb) : 'not measured'}`);
console.log(out.join('\n'));
