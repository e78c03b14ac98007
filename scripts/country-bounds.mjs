#!/usr/bin/env node
// Writes dist/geo/country-bounds.json: every atlas country's bounding box as d3's geoBounds
// gives it, with the world-atlas version it was made from. src/geo reads it so that framing a
// locator map in a fresh process does not take the spherical bounds of all 240 outlines (about
// a twentieth of a cold build); without the file, or for another atlas version, it computes
// each box as before, so the numbers, and the output, are the same either way.
// Run by scripts/bundle.mjs (so by compile, set-up and prepack), after tsc.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const COUNTRY_BOUNDS = join(root, 'dist', 'geo', 'country-bounds.json');

export async function writeCountryBounds() {
  const { allCountryBounds } = await import(join(root, 'dist', 'geo', 'index.js'));
  const bounds = allCountryBounds();
  const atlas = createRequire(join(root, 'package.json'))('world-atlas/package.json').version;
  // JSON keeps every double exactly (shortest round-trip form).
  writeFileSync(COUNTRY_BOUNDS, `${JSON.stringify({ atlas, count: bounds.length, bounds })}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await writeCountryBounds();
