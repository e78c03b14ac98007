#!/usr/bin/env node
// Hostile sizes fail fast: how long a 1 MB label takes to be refused (by the library, and by
// a cold CLI process, exit 1 with a located BR176), and how long chart-label fitting takes on
// a 1 MB label (one word, and many words) now that cuts are found by binary search. Prints
// one JSON document; `npm run bench` shows it against the 1 s target.
//
//   node bench/limits.mjs [--runs 5]
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (ms) => Math.round(ms * 10) / 10;

const { loadFacts } = await import(join(root, 'dist/facts/index.js'));
const { fitLines } = await import(join(root, 'dist/charts/index.js'));

const dir = mkdtempSync(join(tmpdir(), 'briefing-bench-limits-'));
try {
  cpSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, 'long-label.yaml');
  const label = 'Label '.repeat(Math.ceil(1_048_576 / 6)).slice(0, 1_048_576);
  writeFileSync(file, readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8').replace('    label: Ships handled by the harbour\n', `    label: ${label}\n`));

  const library = [];
  let located;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    try {
      loadFacts(file);
      throw new Error('the 1 MB label was accepted');
    } catch (e) {
      if (!e.diagnostics) throw e;
      located = e.diagnostics.find((d) => d.code === 'BR176');
    }
    library.push(performance.now() - t);
  }
  if (!located) throw new Error('no BR176 for the 1 MB label');

  const cli = [];
  let exit;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', file, '--out', join(dir, 'out'), '--json'], { encoding: 'utf8' });
    cli.push(performance.now() - t);
    exit = r.status;
  }

  const face = { weight: 'semibold', style: 'normal' };
  const fit = (text) => {
    const times = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fitLines(text + i, { size: 11, face, maxWidth: 160, maxLines: 3 });
      times.push(performance.now() - t);
    }
    return round(median(times));
  };

  console.log(
    JSON.stringify({
      labelBytes: label.length,
      libraryRefusalMs: round(median(library)),
      located: { code: located.code, line: located.line, column: located.column, path: located.path },
      cliRefusalMs: round(median(cli)),
      cliExit: exit,
      fitOneWordMs: fit('x'.repeat(1_048_576)),
      fitManyWordsMs: fit(label),
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
