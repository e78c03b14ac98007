#!/usr/bin/env node
// Writes dist/narrative/builtin-templates.cjs: every built-in template (templates/<set>/**/*.hbs
// and the Markdown prose templates/<set>/**/*.md, both read as the narrative stage reads them) precompiled by Handlebars, keyed by its source, so a
// fresh process does not compile them (see src/narrative/precompiled.ts). Run by
// scripts/bundle.mjs (so by compile, set-up and prepack), after tsc.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export async function writePrecompiledTemplates() {
  const { precompiledModule } = await import(join(root, 'dist/narrative/precompiled.js'));
  const { sanitise } = await import(join(root, 'dist/narrative/inline.js'));
  const files = readdirSync(join(root, 'templates'), { recursive: true, encoding: 'utf8' }).filter((f) => /[\\/]/.test(f) && /\.(hbs|md)$/.test(f)).sort();
  const sources = files.map((f) => sanitise(readFileSync(join(root, 'templates', f), 'utf8')));
  writeFileSync(join(root, 'dist/narrative/builtin-templates.cjs'), precompiledModule(sources));
}

if (import.meta.url === `file://${process.argv[1]}`) await writePrecompiledTemplates();
