#!/usr/bin/env node
// CPU profiles of the seed build, summarised by self time (see profile-summary.mjs):
//   cold: a fresh `node --cpu-prof bin/briefing.js build …` process, start to exit;
//   warm: N builds in one process after a warm-up, profiled through node:inspector so the
//         warm-up and module loading are not in the profile.
//
//   node bench/profile.mjs [cold|warm|both] [--facts FILE] [--builds N] [--top N] [--keep DIR]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { summarise, printSummary } from './profile-summary.mjs';
import { libraryEntry } from './library.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function coldProfile(facts, keepDir) {
  const dir = keepDir ?? mkdtempSync(join(tmpdir(), 'briefing-prof-'));
  const out = mkdtempSync(join(tmpdir(), 'briefing-prof-out-'));
  const r = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, join(root, 'bin/briefing.js'), 'build', facts, '--out', out], { encoding: 'utf8' });
  rmSync(out, { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`cold build failed: ${r.stderr}`);
  const file = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(dir, f)).pop();
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  if (!keepDir) rmSync(dir, { recursive: true, force: true });
  return { profile, file: keepDir ? file : undefined };
}

export async function warmProfile(facts, builds = 30, keepDir) {
  const { buildBriefing } = await import(libraryEntry(root));
  for (let i = 0; i < 10; i++) await buildBriefing(facts);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  // 100 µs sampling: a warm build is tens of milliseconds, the default 1 ms is too coarse.
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  for (let i = 0; i < builds; i++) await buildBriefing(facts);
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  let file;
  if (keepDir) {
    file = join(keepDir, 'warm.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
  }
  return { profile, file };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : fallback;
  };
  const mode = args[0] && !args[0].startsWith('--') ? args[0] : 'both';
  const facts = resolve(opt('--facts', join(root, 'data/shanghai-uk-2023.yaml')));
  const top = Number(opt('--top', '20'));
  const keep = opt('--keep', undefined);
  if (mode === 'cold' || mode === 'both') {
    const { profile, file } = coldProfile(facts, keep && resolve(keep));
    printSummary(summarise(profile, top), `cold CLI build (one process)${file ? ` — ${file}` : ''}`);
  }
  if (mode === 'warm' || mode === 'both') {
    const builds = Number(opt('--builds', '30'));
    const { profile, file } = await warmProfile(facts, builds, keep && resolve(keep));
    const s = summarise(profile, top);
    printSummary(s, `warm in-process builds ×${builds} (${(s.totalMs / builds).toFixed(1)} ms each)${file ? ` — ${file}` : ''}`);
  }
}
