#!/usr/bin/env node
// Would a V8 startup snapshot make a cold build fast? Issue #17 named it as a candidate; this
// probe measures it instead of assuming it, and is kept so that the answer can be checked again
// on a later Node.
//
// It bundles the library as one CommonJS file (a snapshot's entry may load nothing else), runs a
// warm-up build of --warm inside `node --build-snapshot` so that the heap holds the loaded
// pipeline, parsed fonts, compiled templates and the atlas, and then times, alternately:
//   - `node --snapshot-blob B` that only deserialises the heap and exits (the floor);
//   - the same building --facts (print + slides, in memory);
//   - the CLI's own cold build of --facts (bin/briefing.js, to a temporary folder);
//   - `node -e 0`.
// Prints one JSON line of medians (wall, CPU, peak RSS).
//
// Two things stop a heap from being snapshotted, and the probe works around both in its own
// copy of the bundle (it is a measurement, not a product path): a live Intl object (the
// formatter caches are emptied before the snapshot is written), and a user module loaded with
// require (the precompiled templates file: the templates are compiled during the warm-up).
//
//   node bench/snapshot-probe.mjs [--facts F] [--warm F] [--runs 5]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { facts: { type: 'string' }, warm: { type: 'string' }, runs: { type: 'string', default: '5' } } });
const facts = resolve(values.facts ?? join(root, 'data/shanghai-uk-2023.yaml'));
const warm = resolve(values.warm ?? join(root, 'data/example-ferries.yaml'));
const runs = Number(values.runs);
const dir = mkdtempSync(join(tmpdir(), 'briefing-snapshot-'));

try {
  const entry = join(dir, 'entry.mjs');
  writeFileSync(
    entry,
    `import { buildBriefing } from ${JSON.stringify(join(root, "dist/index.js"))};
import { startupSnapshot } from 'node:v8';
(async () => {
  await buildBriefing(${JSON.stringify(warm)}, { formats: ['print', 'slides'] });
  for (const cache of globalThis.__probeIntlCaches ?? []) cache.clear();
})();
startupSnapshot.setDeserializeMainFunction(async () => {
  if (process.env.PROBE_NOOP) return;
  const started = performance.now();
  const r = await buildBriefing(process.argv.at(-1), { formats: ['print', 'slides'] });
  console.log(JSON.stringify({ buildMs: performance.now() - started, printBytes: r.print.byteLength }));
});
`,
  );
  const bundled = join(dir, 'probe.cjs');
  await build({
    entryPoints: [entry],
    outfile: bundled,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    external: ['canvas', 'piscina'],
    // Relative URLs (templates, fonts, the atlas's bounds) resolve as from dist/bundle/.
    define: { 'import.meta.url': '__probeUrl' },
    banner: { js: `var __probeUrl = ${JSON.stringify(pathToFileURL(join(root, 'dist/bundle/probe.js')).href)};` },
    logLevel: 'error',
  });
  let text = readFileSync(bundled, 'utf8');
  const caches = /^(\s+)(numberFormats|dateFormats|listFormats|dayMonthFormats|displayNames|intlCache) = \/\* @__PURE__ \*\/ new Map\(\);$/gm;
  const found = text.match(caches)?.length ?? 0;
  text = text.replace(caches, '$1$2 = new Map(); (globalThis.__probeIntlCaches ??= []).push($2);');
  const templates = /const made = \(0, import_node_module\d*\.createRequire\)\(__probeUrl\)\(file\d*\);/;
  if (found < 5 || !templates.test(text)) throw new Error(`snapshot probe: the bundle no longer has the patterns it patches (${found} Intl caches); update the probe`);
  text = text.replace(templates, 'const made = (() => { throw new Error("compiled during the warm-up instead"); })();');
  writeFileSync(bundled, text);

  const blob = join(dir, 'probe.blob');
  const made = spawnSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', bundled], { cwd: root, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`node --build-snapshot failed:\n${made.stderr.split('\n').slice(0, 8).join('\n')}`);

  const timed = (args, env = {}) => {
    const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    const [wall, user, sys, rss] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    return { wall: wall * 1000, cpu: (user + sys) * 1000, rss: rss / 1024, stdout: r.stdout };
  };
  const rows = { deserialiseOnly: [], snapshotBuild: [], cliCold: [], nodeAlone: [] };
  let buildMs = [];
  for (let i = 0; i < runs; i++) {
    rows.deserialiseOnly.push(timed(['--snapshot-blob', blob], { PROBE_NOOP: '1' }));
    const s = timed(['--snapshot-blob', blob, facts]);
    rows.snapshotBuild.push(s);
    buildMs.push(JSON.parse(s.stdout).buildMs);
    rows.cliCold.push(timed([join(root, 'bin/briefing.js'), 'build', facts, '--out', join(dir, `out-${i}`)]));
    rows.nodeAlone.push(timed(['-e', '0']));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const summary = Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, { wallMs: Math.round(median(v.map((x) => x.wall))), cpuMs: Math.round(median(v.map((x) => x.cpu))), peakRssMb: +median(v.map((x) => x.rss)).toFixed(1) }]));
  console.log(JSON.stringify({ facts, warm, runs, blobMb: +(readFileSync(blob).byteLength / 1048576).toFixed(1), buildInSnapshotMs: Math.round(median(buildMs)), ...summary }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
