#!/usr/bin/env node
// The service load benchmark: `npm run bench:serve` (set-up, then this). Starts `briefing
// serve` on a free loopback port, warms it up, then drives POST /v1/briefings with the seed
// (facts and source inline) from a small closed-loop client: first at concurrency 4 (latency), then at
// concurrency 16 (throughput), sampling the server's RSS from /metrics all along. Prints
// builds/s, p50/p99 latency, errors, 503s and RSS over time, and each target met or missed.
// Reports, never fails: figures from a shared, busy machine are noise, so read them as such.
//
//   node bench/serve.mjs [--duration 120] [--latency-duration 30] [--warmup 10]
//                        [--format pdf|slides|zip] [--threads N] [--short]
//
// --short runs 10 s phases (warm-up 5 s) to check that the bench itself works.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
    format: { type: 'string', default: 'pdf' },
    threads: { type: 'string' },
    short: { type: 'boolean', default: false },
  },
});
const seconds = (v, short) => (values.short ? short : Number(v));
const duration = seconds(values.duration, 10);
const latencyDuration = seconds(values['latency-duration'], 10);
const warmup = seconds(values.warmup, 5);

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

async function rssMb() {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith('briefing_rss_bytes '));
  return line ? Number(line.split(' ')[1]) / 1024 / 1024 : NaN;
}

const rss = [];
const t0 = Date.now();
const sampler = setInterval(async () => rss.push({ s: Math.round((Date.now() - t0) / 1000), mb: await rssMb() }), 5000);

/**
 * A small closed-loop client: `connections` loops, each sending the next request as soon as
 * the last one is answered, for `secs` seconds; answers that come after the end are not
 * counted. (Hand-written: autocannon 9 sent the requests here but counted no answers, and
 * the figures needed are few: latencies, status codes and errors.)
 */
async function run(connections, secs, title) {
  process.stderr.write(`${title}: ${connections} connections for ${secs} s\n`);
  const latencies = [];
  const codes = {};
  let errors = 0;
  const end = performance.now() + secs * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < end) {
        const t = performance.now();
        try {
          const res = await fetch(`${url}/v1/briefings?format=${values.format}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(120_000) });
          await res.arrayBuffer();
          if (performance.now() > end) break;
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
  return { buildsPerSecond: latencies.length / secs, p50: pct(50), p99: pct(99), ok: latencies.length, deliberate503: codes['503'] ?? 0, errors: errors + other };
}

const load = loadavg()[0];
process.stderr.write(`briefing serve at ${url} with ${threads} threads; 1-minute load ${load.toFixed(1)} on ${availableParallelism()} cores\n`);
// Warm-up: every worker thread builds a few times (fonts, templates and charts cached), then
// a timed phase at c=4 so the allocator settles before RSS is taken as the baseline.
for (let round = 0; round < 3; round++) {
  await Promise.all(Array.from({ length: Number(threads) }, () => fetch(`${url}/v1/briefings?format=${values.format}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then((r) => r.arrayBuffer())));
}
await run(4, warmup, 'warm-up');
const rssAfterWarmup = await rssMb();
const c4 = await run(4, latencyDuration, 'latency');
const c16 = await run(16, duration, 'throughput');
clearInterval(sampler);
const rssEnd = await rssMb();
stop();

const ms = (v, n) => (n > 0 ? String(v) : 'n/a');
const row = (name, s) => `${name.padEnd(8)} ${s.buildsPerSecond.toFixed(1).padStart(9)} ${ms(s.p50, s.ok).padStart(8)} ${ms(s.p99, s.ok).padStart(8)} ${String(s.ok).padStart(6)} ${String(s.errors).padStart(7)} ${String(s.deliberate503).padStart(6)}`;
const out = [];
out.push(`format ${values.format}; ${load > 1.5 ? `the machine was busy (load ${load.toFixed(1)}): figures are noise` : `load ${load.toFixed(1)}`}`);
out.push('');
out.push('phase    builds/s   p50 ms   p99 ms     ok  errors    503');
out.push(row('c=4', c4));
out.push(row('c=16', c16));
out.push('');
out.push(`RSS over time (MB): ${rss.map((r) => `${r.s}s ${r.mb.toFixed(0)}`).join(', ')}`);
const growth = rssEnd - rssAfterWarmup;
out.push(`RSS after warm-up ${rssAfterWarmup.toFixed(1)} MB, at the end ${rssEnd.toFixed(1)} MB (growth ${growth.toFixed(1)} MB)`);
out.push('');
const verdict = (ok) => (ok ? 'met' : 'MISSED');
out.push(`target: >= ${TARGETS.buildsPerSecond} builds/s at c=16 ........ ${c16.buildsPerSecond.toFixed(1)}  ${verdict(c16.buildsPerSecond >= TARGETS.buildsPerSecond)}`);
out.push(`target: p99 <= ${TARGETS.p99AtC4Ms} ms at c=4 ............... ${ms(c4.p99, c4.ok)} ms  ${verdict(c4.ok > 0 && c4.p99 <= TARGETS.p99AtC4Ms)}`);
out.push(`target: 0 errors (503s aside) ............ ${c4.errors + c16.errors}  ${verdict(c4.errors + c16.errors === 0)}`);
out.push(`target: RSS growth <= ${TARGETS.rssGrowthMb} MB after warm-up .. ${growth.toFixed(1)} MB  ${verdict(growth <= TARGETS.rssGrowthMb)}`);
console.log(out.join('\n'));
