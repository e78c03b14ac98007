// A load for signal and timeout tests: templates that make a long document on purpose, and a
// signal sent to a CLI build busy with it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cleanEnv, root } from './cli.js';

/** A --templates folder whose print briefing adds an annex of some 250 pages of prose. */
export function largeTemplates(dir: string): string {
  mkdirSync(join(dir, 'partials'), { recursive: true });
  const paragraph =
    'The annex repeats this paragraph to make a long document on purpose. It describes nothing in particular and carries no figures, ' +
    'so that the only work is setting text: breaking lines, filling pages, numbering them and writing the fonts. ' +
    'A reader would find it dull, which is the point of a load test that must run for a few seconds on any machine.\n\n';
  writeFileSync(join(dir, 'partials', 'chunk.hbs'), paragraph.repeat(4));
  const print = readFileSync(join(root, 'templates/default/print.hbs'), 'utf8');
  writeFileSync(join(dir, 'print.hbs'), `${print}\n{{#section "Annex" id="annex"}}\n${'{{> chunk}}\n'.repeat(600)}{{/section}}\n`);
  return dir;
}

/**
 * Runs the CLI with `args`, lets it get busy with a large build, sends `signal`, and returns
 * how it ended and how long it took to stop after the signal.
 */
export async function signalDuringBuild(args: string[], signal: NodeJS.Signals, busyMs = 2500): Promise<{ status: number | null; stderr: string; stopMs: number }> {
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv() });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
  // Let the worker start and get busy with the hundreds of pages, then signal.
  await new Promise((r) => setTimeout(r, busyMs));
  const sent = performance.now();
  child.kill(signal);
  const status = await closed;
  return { status, stderr, stopMs: performance.now() - sent };
}
