#!/usr/bin/env node
// Runs the CLI: the single-file bundle (dist/bundle/briefing.mjs, made by `npm run compile`
// after tsc) when it is there and not older than the compiled modules, since it starts faster;
// else the compiled modules in dist/ (e.g. after a bare `tsc`, which leaves the bundle stale).
import { statSync } from 'node:fs';

const bundle = new URL('../dist/bundle/briefing.mjs', import.meta.url);
const modules = new URL('../dist/cli/main.js', import.meta.url);
const mtime = (url) => statSync(url, { throwIfNoEntry: false })?.mtimeMs;
const built = mtime(bundle);
const compiled = mtime(modules);
const fresh = built !== undefined && (compiled === undefined || built >= compiled);
const { main } = fresh ? await import(bundle.href) : await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
