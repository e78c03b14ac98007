#!/usr/bin/env node
// The benchmark: `npm run bench` (set-up, then this). Measures the seed briefing and prints a
// table against the targets, then writes bench/results.json (gitignored). Reports, never
// fails on a missed target: timings depend on the machine and on what else it is running.
//
//   node bench/run.mjs [--quick] [--profile] [--anchor] [--force] [--record] [--facts F]
//                      [--cold 5] [--warm 50] [--batch 200] [--soak 1000] [--no-soak] [--no-charts]
//
// --quick runs small counts (cold 3, warm 10, batch 20, soak 100) to check the bench itself.
// --profile adds cold and warm CPU profiles summarised by self time (bench/profile.mjs).
// --anchor installs the Typst anchor (bench/anchor/, into a temporary folder, once) and runs
//   its cold build alternately with ours, and its uncached warm compile, and reports ratios.
// --force reports even when the machine was busy at the start (1-minute load above 1.5);
//   without it the bench refuses, since figures from a busy machine mislead.
// --record appends the headline figures, with the commit, to bench/HISTORY.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { summarise, printSummary } from './profile-summary.mjs';
import { anchorColdArgs, anchorWarm, prepareAnchor } from './anchor.mjs';
import { coldProfile, warmProfile } from './profile.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    profile: { type: 'boolean', default: false },
    facts: { type: 'string', default: join(root, 'data/shanghai-uk-2023.yaml') },
    cold: { type: 'string' },
    warm: { type: 'string' },
    batch: { type: 'string' },
    soak: { type: 'string' },
    'no-soak': { type: 'boolean', default: false },
    'no-charts': { type: 'boolean', default: false },
    anchor: { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    record: { type: 'boolean', default: false },
  },
});
const loadAtStart = loadavg()[0];
if (loadAtStart > 1.5 && !values.force) {
  console.error(`bench: the machine is busy (1-minute load average ${loadAtStart.toFixed(2)} > 1.5); timings would mislead. Wait until it is quiet, or pass --force to report anyway (the load is recorded).`);
  process.exit(1);
}
const quick = values.quick;
const N = {
  cold: Number(values.cold ?? (quick ? 3 : 5)),
  warm: Number(values.warm ?? (quick ? 10 : 50)),
  batch: Number(values.batch ?? (quick ? 20 : 200)),
  soak: Number(values.soak ?? (quick ? 100 : 1000)),
};
const facts = resolve(values.facts);
const node = process.execPath;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s) => process.stderr.write(`bench: ${s}\n`);
const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

/**
 * Wall time of a fresh process (spawn to exit), and its peak RSS and CPU time (user + system)
 * when GNU time is there. CPU time is the steadier figure on a shared machine: waiting for a
 * core does not count in it.
 */
function timedProcess(args, opts = {}) {
  const cmd = hasGnuTime ? '/usr/bin/time' : node;
  const argv = hasGnuTime ? ['-f', 'maxrss=%M cpu=%U+%S', node, ...args] : args;
  const start = performance.now();
  const r = spawnSync(cmd, argv, { encoding: 'utf8', cwd: root, ...opts });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = /maxrss=(\d+)/.exec(r.stderr ?? '');
  const c = /cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { ms, peakRssMb: m ? Number(m[1]) / 1024 : undefined, cpuMs: c ? (Number(c[1]) + Number(c[2])) * 1000 : undefined, stdout: r.stdout };
}

function jsonChild(args) {
  return new Promise((done, fail) => {
    const child = spawn(node, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('error', fail);
    child.on('close', (code) => {
      if (code !== 0) return fail(new Error(`${args.join(' ')} exited ${code}`));
      const last = out.trim().split('\n').pop();
      try {
        done(JSON.parse(last));
      } catch {
        fail(new Error(`${args.join(' ')} printed no JSON: ${out}`));
      }
    });
  });
}

const results = {
  date: new Date().toISOString(),
  node: process.version,
  cpus: `${availableParallelism()} × ${cpus()[0]?.model ?? 'unknown'}`,
  loadAverageAtStart: loadavg().map((x) => +x.toFixed(2)),
  forced: values.force && loadAtStart > 1.5,
  facts: relative(root, facts),
  counts: N,
};

// 1. Cold CLI: the whole command, as a user runs it, until both PDFs are written and it exits;
//    alternated in the same loop with `node -e 0`, node importing the library, and (with
//    --anchor) the Typst anchor's cold build, so that all four see the same machine.
const anchorDir = values.anchor ? prepareAnchor(log) : null;
log(`cold CLI ×${N.cold}, alternating with node -e 0, the import floor${anchorDir ? ' and the Typst anchor' : ''}`);
const outRoot = mkdtempSync(join(tmpdir(), 'briefing-bench-'));
const cold = [];
const bare = [];
const imp = [];
const anchorCold = [];
for (let i = 0; i < N.cold; i++) {
  const out = join(outRoot, `cold-${i}`);
  cold.push(timedProcess([join(root, 'bin/briefing.js'), 'build', facts, '--out', out]));
  const id = facts.split('/').pop().replace(/\.(ya?ml|json)$/i, '');
  for (const f of ['briefing.pdf', 'slides.pdf']) if (!existsSync(join(out, id, f))) throw new Error(`cold build wrote no ${f}`);
  bare.push(timedProcess(['-e', '0']));
  imp.push(timedProcess([join(here, 'inprocess.mjs'), 'import']).ms);
  if (anchorDir) anchorCold.push(timedProcess(anchorColdArgs(anchorDir, join(outRoot, `anchor-${i}.pdf`)), { cwd: join(anchorDir, 'typst') }));
}
const anchorBytes = anchorDir ? statSync(join(outRoot, 'anchor-0.pdf')).size : null;
rmSync(outRoot, { recursive: true, force: true });
const cpu = (runs) => (runs[0]?.cpuMs !== undefined ? +median(runs.map((c) => c.cpuMs)).toFixed(0) : null);
results.coldCli = { samples: cold.map((c) => +c.ms.toFixed(0)), medianMs: +median(cold.map((c) => c.ms)).toFixed(0), cpuMedianMs: cpu(cold), peakRssMb: cold[0].peakRssMb !== undefined ? +median(cold.map((c) => c.peakRssMb)).toFixed(1) : null };
results.importFloor = { nodeAloneMs: +median(bare.map((b) => b.ms)).toFixed(0), nodeAloneCpuMs: cpu(bare), importLibraryMs: +median(imp).toFixed(0) };
if (anchorDir) {
  results.anchor = {
    coldMedianMs: +median(anchorCold.map((c) => c.ms)).toFixed(0),
    coldCpuMedianMs: cpu(anchorCold),
    coldPeakRssMb: anchorCold[0].peakRssMb !== undefined ? +median(anchorCold.map((c) => c.peakRssMb)).toFixed(1) : null,
    pdfBytes: anchorBytes,
  };
  log(`anchor warm ×${N.warm} (uncached compiles)`);
  results.anchor.warm = anchorWarm(anchorDir, N.warm);
}

// 3. Warm in-process build, print + slides.
log(`warm in-process ×${N.warm}`);
results.warm = await jsonChild(['--expose-gc', join(here, 'inprocess.mjs'), 'warm', '--facts', facts, '--samples', String(N.warm)]);

// 4. Batch throughput over all cores.
log(`batch ×${N.batch} on ${availableParallelism()} workers`);
results.batch = await jsonChild([join(here, 'batch.mjs'), '--builds', String(N.batch), '--facts', facts]);

// 5. Soak: many builds in one warm process; memory must level off. Twice: on a build worker
//    with the heap limits the tool's own long-running faces give theirs (serve, worker, the
//    CLI's batch: the target), and the library in a process of its own with V8's defaults.
if (!values['no-soak']) {
  log(`soak ×${N.soak} on a build worker (progress below)`);
  results.soak = await jsonChild(['--expose-gc', join(here, 'inprocess.mjs'), 'soak-worker', '--facts', facts, '--builds', String(N.soak)]);
  log(`soak ×${N.soak} in the library's own process`);
  results.soakInProcess = await jsonChild(['--expose-gc', join(here, 'inprocess.mjs'), 'soak', '--facts', facts, '--builds', String(N.soak)]);
}

// 6. The charts engineer's stage benchmark, when present: its report is kept verbatim.
if (!values['no-charts'] && existsSync(join(here, 'charts.mjs'))) {
  log('charts stage (bench/charts.mjs)');
  const r = spawnSync(node, ['--expose-gc', join(here, 'charts.mjs'), '--renders', quick ? '50' : '1000', '--warmup', quick ? '20' : '300', '--samples', quick ? '10' : '30', '--png-renders', quick ? '100' : '1000', '--input', facts], { cwd: root, encoding: 'utf8' });
  results.charts = r.status === 0 ? r.stdout.trim().split('\n') : { error: `exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
}

// 7. Hostile sizes: a 1 MB label refused, and chart-label fitting on it (bench/limits.mjs).
{
  log('limits (bench/limits.mjs)');
  const r = spawnSync(node, [join(here, 'limits.mjs'), '--runs', quick ? '3' : '5'], { cwd: root, encoding: 'utf8' });
  results.limits = r.status === 0 ? JSON.parse(r.stdout) : { error: `exited ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}` };
}

if (values.profile) {
  log('profiles');
  const c = summarise(coldProfile(facts).profile, 15);
  const w = summarise((await warmProfile(facts, 20)).profile, 15);
  results.profiles = { cold: c, warm: w };
}

// The table: the targets of the speed issue, each with its measured value and whether it is met.
const ratio = (a, b) => +(a / b).toFixed(2);
const coldVsNode = ratio(results.coldCli.medianMs, results.importFloor.nodeAloneMs);
const rows = [
  ['cold CLI build, print+slides (median of ' + N.cold + ' processes)', `${results.coldCli.medianMs} ms`, '', undefined],
  ...(results.anchor
    ? [
        ['  vs the Typst anchor cold build (' + results.anchor.coldMedianMs + ' ms), alternated', `${ratio(results.coldCli.medianMs, results.anchor.coldMedianMs)}×`, '≤ 2.7×', ratio(results.coldCli.medianMs, results.anchor.coldMedianMs) <= 2.7],
      ]
    : [['  vs the Typst anchor: run with --anchor', '', '≤ 2.7×', undefined]]),
  ['  vs node -e 0 (' + results.importFloor.nodeAloneMs + ' ms), alternated', `${coldVsNode}×`, '≤ 5×', coldVsNode <= 5],
  ...(results.coldCli.cpuMedianMs !== null
    ? [[`  CPU time (user+sys; steadier on a busy machine): ${results.coldCli.cpuMedianMs} ms, node -e 0 ${results.importFloor.nodeAloneCpuMs} ms${results.anchor ? `, anchor ${results.anchor.coldCpuMedianMs} ms` : ''}`, `${ratio(results.coldCli.cpuMedianMs, results.importFloor.nodeAloneCpuMs)}×${results.anchor ? ` / ${ratio(results.coldCli.cpuMedianMs, results.anchor.coldCpuMedianMs)}×` : ''}`, '', undefined]]
    : []),
  ['  import floor: node + import the library', `${results.importFloor.importLibraryMs} ms`, '', undefined],
  ['  first build in a fresh process (after import)', `${results.warm.firstBuildMs} ms`, '', undefined],
  [`warm in-process build, print+slides (median of ${N.warm}, after ${results.warm.warmup} builds of warm-up)`, `${results.warm.medianMs} ms`, '≤ 25 ms', results.warm.medianMs <= 25],
  ['  per stage (median): ' + Object.entries(results.warm.stagesMedianMs).map(([k, v]) => `${k} ${v}`).join(', '), '', '', undefined],
  ...(results.anchor
    ? [[`warm print-only build (${results.warm.printOnlyMedianMs} ms) vs the anchor's uncached compile (${results.anchor.warm.median_ms} ms)`, `${ratio(results.warm.printOnlyMedianMs, results.anchor.warm.median_ms)}×`, '≤ 2×', ratio(results.warm.printOnlyMedianMs, results.anchor.warm.median_ms) <= 2]]
    : [[`warm print-only build (median of ${N.warm}); vs the anchor: run with --anchor`, `${results.warm.printOnlyMedianMs} ms`, '≤ 2×', undefined]]),
  [`batch throughput, ${N.batch} builds on ${results.batch.workers} workers`, `${results.batch.perSecond} /s`, '≥ 40 /s', results.batch.perSecond >= 40],
  ['peak RSS, cold CLI build' + (results.anchor?.coldPeakRssMb ? ` (anchor ${results.anchor.coldPeakRssMb} MB)` : ''), `${results.coldCli.peakRssMb ?? '?'} MB`, '≤ 100 MB', (results.coldCli.peakRssMb ?? Infinity) <= 100],
  ...(results.soak
    ? [
        [`peak RSS, warm process over ${N.soak} builds (on a build worker, default --max-memory)`, `${results.soak.peakRssMb} MB`, '≤ 150 MB', results.soak.peakRssMb <= 150],
        ...(results.soakInProcess ? [[`  the library in a process of its own, V8's default heap sizes (${results.soakInProcess.msPerBuild} ms a build there, ${results.soak.msPerBuild} on the worker)`, `${results.soakInProcess.peakRssMb} MB`, '', undefined]] : []),
        ...(results.soak.liveHeapMb ? [[`  live JS heap after a full GC (${Object.entries(results.soak.liveHeapMb).map(([k, v]) => `${k}: ${v} MB`).join(', ')}): the rest of the RSS is garbage awaiting collection and freed native memory`, '', '', undefined]] : []),
        [`RSS growth, ${N.soak} builds vs 50 (${Object.entries(results.soak.rssMb).map(([k, v]) => `${k}: ${v} MB`).join(', ')})`, `${results.soak.growthMb} MB`, '≤ 20 MB', results.soak.growthMb <= 20],
      ]
    : []),
  ['print PDF size' + (results.anchor ? ` (anchor ${(results.anchor.pdfBytes / 1024).toFixed(1)} KB)` : ''), `${(results.warm.printBytes / 1024).toFixed(1)} KB`, '≤ 100 KB', results.warm.printBytes <= 100 * 1024],
  ['slides PDF size', `${(results.warm.slidesBytes / 1024).toFixed(1)} KB`, '≤ 300 KB', results.warm.slidesBytes <= 300 * 1024],
  [`warm in-process PPTX build (median of ${N.warm})`, `${results.warm.pptxMedianMs} ms`, '≤ 60 ms', results.warm.pptxMedianMs <= 60],
  ['slides.pptx size', `${(results.warm.pptxBytes / 1024).toFixed(1)} KB`, '≤ 300 KB', results.warm.pptxBytes <= 300 * 1024],
  ...(results.limits && !results.limits.error
    ? [
        [`1 MB label refused by the library (${results.limits.located.code} at line ${results.limits.located.line})`, `${results.limits.libraryRefusalMs} ms`, '< 1000 ms', results.limits.libraryRefusalMs < 1000],
        [`1 MB label refused by a cold CLI process (exit ${results.limits.cliExit})`, `${results.limits.cliRefusalMs} ms`, '< 1000 ms', results.limits.cliRefusalMs < 1000],
        [`chart-label fitting of a 1 MB label (one word ${results.limits.fitOneWordMs} ms)`, `${results.limits.fitManyWordsMs} ms`, '< 1000 ms', Math.max(results.limits.fitManyWordsMs, results.limits.fitOneWordMs) < 1000],
      ]
    : [['limits: ' + (results.limits?.error ?? 'not run'), '', '', undefined]]),
];
results.targets = rows.filter((r) => r[3] !== undefined).map(([what, value, target, met]) => ({ what: what.trim(), value, target, met }));

const w0 = Math.max(...rows.map((r) => r[0].length));
const w1 = Math.max(...rows.map((r) => r[1].length));
console.log(`\nbriefing benchmark — ${results.facts}, node ${results.node}, ${results.cpus}, load average at start ${results.loadAverageAtStart.join(' ')}`);
for (const [what, value, target, met] of rows) {
  const mark = met === undefined ? '' : met ? 'ok  ' : 'MISS';
  console.log(`${what.padEnd(w0)}  ${value.padStart(w1)}  ${target.padEnd(9)} ${mark}`);
}
if (Array.isArray(results.charts)) console.log(`\n${results.charts.join('\n')}`);
else if (results.charts) console.log(`\ncharts bench: ${results.charts.error}`);
if (results.profiles) {
  printSummary(results.profiles.cold, 'cold CLI profile');
  printSummary(results.profiles.warm, 'warm profile (20 builds)');
}
const file = join(here, 'results.json');
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote ${relative(root, file)} (${statSync(file).size} bytes)`);
if (values.record) {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain', '--', 'src'], { cwd: root, encoding: 'utf8' }).stdout.trim() ? '+changes' : '';
  const history = join(here, 'HISTORY.md');
  const cell = (what) => results.targets.find((t) => t.what.startsWith(what))?.value ?? '–';
  const row = `| ${results.date.slice(0, 10)} | ${commit}${dirty} | ${results.loadAverageAtStart[0]} | ${results.coldCli.medianMs} ms | ${cell('vs the Typst')} | ${cell('vs node')} | ${results.warm.medianMs} ms | ${results.warm.printOnlyMedianMs} ms | ${results.batch.perSecond}/s | ${results.coldCli.peakRssMb ?? '?'} / ${results.soak?.peakRssMb ?? '–'} MB | ${(results.warm.printBytes / 1024).toFixed(1)} KB |\n`;
  writeFileSync(history, readFileSync(history, 'utf8') + row);
  console.log(`recorded in ${relative(root, history)}`);
}
