#!/usr/bin/env node
// Runs the compiled CLI (dist/ is built by `npm run compile`, which the set-up runs).
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
