#!/usr/bin/env node
// Chinese editions against the English one, measured in one run so the ratios hold on a
// shared, noisy machine (report them as ratios, never as absolute promises):
//
//   node bench/chinese.mjs [--warm 20] [--cold 5] [--baseline DIR]
//
// warm: builds of print+slides in one process, English and zh-CN alternating after a warm-up
//       of each; reports the medians and zh-CN / English (target: at most 2×).
// cold: the English CLI build as a fresh process, alternating with the same build from
//       --baseline (another checkout's root with its dist/, e.g. the commit before the CJK
//       fallback) when given; reports median wall time and peak RSS of each, so an English
//       build can be shown unchanged by the CJK face (which it never opens).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { libraryEntry } from './library.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { warm: { type: 'string', default: '20' }, cold: { type: 'string', default: '5' }, baseline: { type: 'string' } } });
const seed = join(root, 'data/shanghai-uk-2023.yaml');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const hasGnuTime = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0;

// Warm, in process.
const { buildBriefing } = await import(libraryEntry(root));
const build = async (options) => {
  const t = performance.now();
  await buildBriefing(seed, { formats: ['print', 'slides'], ...options });
  return performance.now() - t;
};
for (let i = 0; i < 3; i++) {
  await build({});
  await build({ locale: 'zh-CN' });
}
const en = [];
const zh = [];
const bi = [];
for (let i = 0; i < Number(values.warm); i++) {
  en.push(await build({}));
  zh.push(await build({ locale: 'zh-CN' }));
  bi.push(await build({ bilingual: ['en-GB', 'zh-CN'] }));
}
const warm = { enMs: +median(en).toFixed(1), zhMs: +median(zh).toFixed(1), bilingualMs: +median(bi).toFixed(1) };
warm.zhOverEn = +(warm.zhMs / warm.enMs).toFixed(2);
warm.bilingualOverEn = +(warm.bilingualMs / warm.enMs).toFixed(2);

// Cold, English, as processes.
function cold(dir, locale) {
  const out = mkdtempSync(join(tmpdir(), 'bench-zh-'));
  // Each checkout builds its own copy of the seed (a baseline before translations cannot read them).
  const args = [join(dir, 'bin/briefing.js'), 'build', join(dir, 'data/shanghai-uk-2023.yaml'), '--out', out, ...(locale ? ['--locale', locale] : [])];
  const t = performance.now();
  const r = hasGnuTime ? spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', process.execPath, ...args], { encoding: 'utf8', cwd: dir }) : spawnSync(process.execPath, args, { encoding: 'utf8', cwd: dir });
  const ms = performance.now() - t;
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cold build in ${dir} exited ${r.status}: ${r.stderr}`);
  const m = /maxrss=(\d+)/.exec(r.stderr ?? '');
  return { ms, rssMb: m ? Number(m[1]) / 1024 : NaN };
}
const runs = { en: [], zh: [], baseline: [] };
for (let i = 0; i < Number(values.cold); i++) {
  runs.en.push(cold(root));
  runs.zh.push(cold(root, 'zh-CN'));
  if (values.baseline) runs.baseline.push(cold(resolve(values.baseline)));
}
const summary = (xs) => (xs.length ? { medianMs: Math.round(median(xs.map((x) => x.ms))), peakRssMb: +median(xs.map((x) => x.rssMb)).toFixed(1) } : null);
const coldResult = { en: summary(runs.en), zh: summary(runs.zh), baselineEn: summary(runs.baseline) };
console.log(JSON.stringify({ warm, cold: coldResult, note: 'one run on a shared 2-core machine: compare the ratios, not the absolute times' }, null, 1));
