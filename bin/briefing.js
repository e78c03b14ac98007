#!/usr/bin/env node
// Runs the CLI: the single-file bundle (dist/bundle/briefing.mjs, made by `npm run compile`
// after tsc) when it is there, since it starts faster; else the compiled modules in dist/.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/briefing.mjs', import.meta.url);
const { main } = existsSync(bundle) ? await import(bundle.href) : await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
