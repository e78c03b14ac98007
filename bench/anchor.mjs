// The Typst anchor: a comparable four-page briefing (the seed's figures, vector charts, Noto
// Sans) built by Typst through its npm-shipped compiler. Its files live in bench/anchor/ (the
// Typst source, the runner scripts and the W1 content); `prepareAnchor()` copies them to a
// temporary folder and installs them there with `npm ci` (the npm registry only; the compiler
// is a native binary inside an npm package, nothing else is downloaded). The install is kept
// between runs, keyed by the lock file's hash, so only the first `--anchor` run pays for it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, 'anchor');

/** Copies and installs the anchor once; returns the folder holding typst/ and w1/. */
export function prepareAnchor(log = () => {}) {
  const lock = readFileSync(join(source, 'typst/package-lock.json'));
  const key = createHash('sha256').update(lock).update(readFileSync(join(source, 'typst/briefing.typ'))).update(readFileSync(join(source, 'w1/content.json'))).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), `briefing-anchor-${key}`);
  const stamp = join(dir, '.installed');
  if (existsSync(stamp)) return dir;
  log(`installing the Typst anchor in ${dir} (npm ci; once per machine)`);
  mkdirSync(dir, { recursive: true });
  cpSync(source, dir, { recursive: true });
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--ignore-scripts=false'], { cwd: join(dir, 'typst'), encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`installing the anchor failed (npm ci exited ${r.status}): ${r.stderr.trim().split('\n').slice(-5).join(' ')}`);
  writeFileSync(stamp, new Date().toISOString());
  return dir;
}

/** argv for one cold anchor build (a whole process that writes one PDF). */
export function anchorColdArgs(dir, outFile) {
  return [join(dir, 'typst/cold.mjs'), outFile];
}

/** The anchor's warm figure: one compiler, N PDFs, Typst's memo cache cleared before each. */
export function anchorWarm(dir, n) {
  const r = spawnSync(process.execPath, [join(dir, 'typst/warm.mjs'), String(n)], { cwd: join(dir, 'typst'), encoding: 'utf8', env: { ...process.env, EVICT: '0' } });
  if (r.status !== 0) throw new Error(`anchor warm run exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
