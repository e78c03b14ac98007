// `briefing watch`: started as a child process, it builds, then rebuilds when the facts file
// changes, reporting each rebuild's time; SIGINT stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pdfinfo, tempDir } from './helpers/pdf.js';
import { bin, cleanEnv, copySeed, root } from './helpers/cli.js';

/** Resolves when `pattern` has matched `count` times in the child's stdout. */
function waitFor(child: ChildProcess, pattern: RegExp, count: number, log: { out: string }): Promise<void> {
  return new Promise((done, fail) => {
    const check = () => {
      if ((log.out.match(new RegExp(pattern.source, 'gm')) ?? []).length >= count) done();
    };
    child.stdout!.on('data', check);
    child.on('close', (code) => fail(new Error(`watch exited (${code}) before ${pattern}; output:\n${log.out}`)));
    check();
  });
}

describe('briefing watch', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('rebuilds on a change of the facts file, reporting the time; a bad edit keeps the previous files', async () => {
    const dir = tempDir('briefing-watch-');
    const [facts] = copySeed(dir, ['watched.yaml']);
    const out = join(dir, 'out');
    child = spawn(process.execPath, [bin, 'watch', facts!, '--out', out, '--format', 'slides'], { cwd: dir, env: cleanEnv() });
    const log = { out: '', err: '' };
    child.stdout!.on('data', (d: Buffer) => (log.out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log.err += d.toString()));

    await waitFor(child, /^built .*slides\.pdf in [\d.]+ m?s$/, 1, log);
    const slides = join(out, 'watched', 'slides.pdf');
    const firstPages = pdfinfo(slides).pages;

    // Touching is a change.
    const later = new Date(Date.now() + 5000);
    utimesSync(facts!, later, later);
    await waitFor(child, /^rebuilt .*slides\.pdf in [\d.]+ m?s \(changed: watched\.yaml\)$/, 1, log);

    // A broken edit: reported on stderr, the previous deck kept, still watching.
    const good = readFileSync(facts!, 'utf8');
    const before = readFileSync(slides);
    writeFileSync(facts!, good.replace(/^ {2}date: 2023-08-24$/m, '  date: 2023-02-30'));
    await waitFor(child, /^rebuild failed in [\d.]+ m?s; the previous files were kept\. Waiting for changes\.$/, 1, log);
    expect(log.err).toMatch(/watched\.yaml:\d+:\d+ error\[BR121\]: meta\.date: expected a real calendar date/);
    expect(readFileSync(slides).equals(before)).toBe(true);

    // Fixed again: rebuilt a second time.
    writeFileSync(facts!, good);
    await waitFor(child, /^rebuilt .*slides\.pdf in [\d.]+ m?s/, 2, log);
    expect(pdfinfo(slides).pages).toBe(firstPages);

    child.kill('SIGINT');
    const code = await new Promise((done) => child!.on('close', done));
    expect(code).toBe(0);
  }, 300_000);

  it('rebuilds when Markdown prose in --templates or the earlier edition of --changes-since changes', async () => {
    const dir = tempDir('briefing-watch-md-');
    const [older, newer] = copySeed(dir, ['older.yaml', 'newer.yaml']);
    // The newer edition is the seed's second edition, so the two share fact ids.
    cpSync(join(root, 'data/shanghai-uk-2023-ed2.yaml'), newer!);
    const templates = join(dir, 'templates');
    mkdirSync(templates);
    cpSync(join(root, 'templates/shanghai-uk-2023/slides.md'), join(templates, 'slides.md'));
    const out = join(dir, 'out');
    child = spawn(process.execPath, [bin, 'watch', newer!, '--changes-since', older!, '--templates', templates, '--out', out, '--format', 'slides'], { cwd: dir, env: cleanEnv() });
    const log = { out: '', err: '' };
    child.stdout!.on('data', (d: Buffer) => (log.out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (log.err += d.toString()));
    await waitFor(child, /^built .*slides\.pdf in [\d.]+ m?s$/, 1, log);

    const later = new Date(Date.now() + 5000);
    utimesSync(join(templates, 'slides.md'), later, later);
    await waitFor(child, /^rebuilt .*slides\.pdf in [\d.]+ m?s \(changed: slides\.md\)$/, 1, log);
    utimesSync(older!, later, later);
    await waitFor(child, /^rebuilt .*slides\.pdf in [\d.]+ m?s \(changed: older\.yaml\)$/, 1, log);
    expect(log.err, log.err).not.toMatch(/error\[/);

    child.kill('SIGINT');
    expect(await new Promise((done) => child!.on('close', done))).toBe(0);
  }, 300_000);
});
