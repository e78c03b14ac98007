#!/usr/bin/env node
// Compiles TypeScript to dist/, then bundles the CLI (scripts/bundle.mjs), for a package made
// from source:
//   npm pack / npm publish run `prepack` (--clean): a fresh dist/, so nothing stale ships;
//   a git install (npm install github:…) runs `prepare` after installing the dev
//   dependencies: compiles once, since a clone has no dist/.
// In a checkout that already has dist/, `prepare` (run by every `npm ci`) does nothing:
// scripts/setup.sh recompiles when a source changed, so npm ci stays quick.
// It never calls npm, so it cannot loop.
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const clean = process.argv.includes('--clean');

if (!clean && existsSync(join(dist, 'index.js'))) process.exit(0);

let tsc;
try {
  tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
} catch {
  // e.g. `npm ci --omit=dev` in a clone: there is nothing to compile with.
  process.stderr.write('briefing: TypeScript is not installed, so dist/ was not compiled; run `npm install` (with dev dependencies) and `npm run compile`\n');
  process.exit(clean ? 1 : 0);
}
if (clean) rmSync(dist, { recursive: true, force: true });
const r = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
// The single-file CLI (bin/briefing.js falls back to dist/cli/main.js without it).
const b = spawnSync(process.execPath, [join(root, 'scripts', 'bundle.mjs')], { stdio: 'inherit' });
if (b.status !== 0) process.exit(b.status ?? 1);
// The stamp scripts/setup.sh compares sources against (excluded from the package).
writeFileSync(join(dist, '.compiled'), '');
