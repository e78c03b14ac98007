#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`) by self time: per function and per
// module (package under node_modules, or the file under dist/), so a slow build can be
// traced to the stage and library that costs the time without opening DevTools.
//
//   node bench/profile-summary.mjs <file.cpuprofile> [--top 25]
import { readFileSync } from 'node:fs';

export function summarise(profile, top = 25) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map(); // node id -> µs
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // timeDeltas[i] is the time since the previous sample; it is charged to this sample's node.
    self.set(samples[i], (self.get(samples[i]) ?? 0) + (timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byFunction = new Map();
  const byModule = new Map();
  // Library time charged to the nearest frame of our own code (dist/) above it: answers
  // "which of our calls makes fontkit/PDFKit/Chart.js spend this time".
  const byCaller = new Map();
  for (const [id, us] of self) {
    let at = id;
    let caller = '(outside dist/: module loading, GC, idle)';
    while (at !== undefined) {
      const f = nodes.get(at).callFrame;
      if (f.url.includes('/dist/') && !f.url.includes('node_modules/')) {
        caller = `${f.functionName || '(top level)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
        break;
      }
      at = parent.get(at);
    }
    byCaller.set(caller, (byCaller.get(caller) ?? 0) + us);
    const frame = nodes.get(id).callFrame;
    const mod = moduleOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
  }
  const rows = (m) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: +(us / 1000).toFixed(1), pct: +((100 * us) / total).toFixed(1) }));
  return { totalMs: +(total / 1000).toFixed(1), modules: rows(byModule), functions: rows(byFunction), callers: rows(byCaller) };
}

function shortUrl(url) {
  if (!url) return '';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) return url.slice(nm + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

function moduleOf(url, functionName) {
  if (!url) {
    // V8's pseudo-frames: (program), (garbage collector), (idle), and native builtins.
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (url.startsWith('node:')) return 'node: internals';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = url.slice(nm + 'node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) {
    const parts = url.slice(dist + 1).split('/');
    // dist/<stage>/…: the stage is the unit that matters for the pipeline.
    return parts.length > 2 ? `${parts[0]}/${parts[1]}` : parts.join('/');
  }
  return shortUrl(url);
}

export function printSummary(summary, title = '') {
  if (title) console.log(`\n${title} — ${summary.totalMs} ms sampled`);
  console.log('  self time by module:');
  for (const r of summary.modules) console.log(`    ${String(r.ms).padStart(8)} ms ${String(r.pct).padStart(5)} %  ${r.name}`);
  console.log('  time (self + libraries below) by nearest dist/ caller:');
  for (const r of summary.callers) console.log(`    ${String(r.ms).padStart(8)} ms ${String(r.pct).padStart(5)} %  ${r.name}`);
  console.log('  self time by function:');
  for (const r of summary.functions) console.log(`    ${String(r.ms).padStart(8)} ms ${String(r.pct).padStart(5)} %  ${r.name}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [--top N]');
    process.exit(2);
  }
  const topAt = process.argv.indexOf('--top');
  const top = topAt > 0 ? Number(process.argv[topAt + 1]) : 25;
  printSummary(summarise(JSON.parse(readFileSync(file, 'utf8')), top), file);
}
