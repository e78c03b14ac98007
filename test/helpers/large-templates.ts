// A load for signal and timeout tests: templates that make a long document on purpose, and a
// signal sent to a CLI build busy with it.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bin, cleanEnv } from './cli.js';

/**
 * A --templates folder whose print briefing is a short summary and an annex of some 400 pages
 * of prose (under the 500-page limit and the template output limit): long enough that a build
 * is still busy seconds after it starts on any machine, which the signal tests rely on.
 */
export function largeTemplates(dir: string): string {
  mkdirSync(join(dir, 'partials'), { recursive: true });
  const paragraph =
    'The annex repeats this paragraph to make a long document on purpose. It describes nothing in particular and carries no figures, ' +
    'so that the only work is setting text: breaking lines, filling pages, numbering them and writing the fonts. ' +
    'A reader would find it dull, which is the point of a load test that must run for a few seconds on any machine.\n\n';
  writeFileSync(join(dir, 'partials', 'chunk.hbs'), paragraph.repeat(4));
  writeFileSync(join(dir, 'print.hbs'), `{{#summary}}\nA summary paragraph for a load test.\n{{/summary}}\n{{#section "Annex" id="annex"}}\n${'{{> chunk}}\n'.repeat(1000)}{{/section}}\n`);
  return dir;
}

/**
 * Runs the CLI with `args`, lets it get busy with a large build, sends `signal`, and returns
 * how it ended and how long it took to stop after the signal.
 */
export async function signalDuringBuild(args: string[], signal: NodeJS.Signals, busyCpuMs = 1200): Promise<{ status: number | null; stderr: string; stopMs: number }> {
  const child = spawn(process.execPath, [bin, ...args], { env: cleanEnv() });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let ended = false;
  const closed = new Promise<number | null>((r) =>
    child.on('close', (c) => {
      ended = true;
      r(c);
    }),
  );
  // Signal once the process has spent busyCpuMs of CPU time: past start-up (the handlers are
  // installed) and well inside the build (some 3–4 s of CPU), however loaded the machine is.
  // A wall-clock delay raced the build on a fast, quiet machine.
  const started = performance.now();
  while (!ended && cpuMs(child.pid!) < busyCpuMs && performance.now() - started < 60_000) await new Promise((r) => setTimeout(r, 20));
  const sent = performance.now();
  child.kill(signal);
  const status = await closed;
  return { status, stderr, stopMs: performance.now() - sent };
}

/** CPU time (user + system) a process has used so far, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}
