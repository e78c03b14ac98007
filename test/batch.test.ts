// Many facts files in one command: built on worker threads, one failure isolated, a summary.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfinfo, pdftotext, tempDir } from './helpers/pdf.js';
import { copySeed, runCliAsync } from './helpers/cli.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('briefing build a.yaml broken.yaml b.yaml', () => {
  let dir: string;
  let human: { status: number | null; stdout: string; stderr: string };
  let json: { status: number | null; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = tempDir('briefing-batch-');
    copySeed(dir, ['alpha.yaml', 'beta.yaml']);
    // Valid YAML, invalid facts: fails in the facts stage while the others build.
    writeFileSync(join(dir, 'broken.yaml'), 'meta:\n  title: Broken\n  date: 2023-02-30\nsources: {}\nfacts: {}\n');
    const args = ['build', 'alpha.yaml', 'broken.yaml', 'beta.yaml', '--format', 'slides'];
    [human, json] = await Promise.all([runCliAsync([...args, '--out', 'out'], { cwd: dir }), runCliAsync([...args, '--out', 'out-json', '--json'], { cwd: dir })]);
  }, 300_000);

  it('exits 1 because one file failed', () => {
    expect(human.status, human.stderr).toBe(1);
    expect(json.status).toBe(1);
  });

  it('builds both good files despite the broken one', () => {
    for (const id of ['alpha', 'beta']) {
      const slides = join(dir, 'out', id, 'slides.pdf');
      expect(pdfinfo(slides).pages, id).toBeGreaterThan(3);
      expect(pdftotext(slides)).toContain('24.21');
      const manifest = JSON.parse(readFileSync(join(dir, 'out', id, 'manifest.json'), 'utf8'));
      expect(manifest.outputs[0].sha256).toBe(sha(slides));
    }
    // Same facts, same bytes, whichever thread built them.
    expect(sha(join(dir, 'out', 'alpha', 'slides.pdf'))).toBe(sha(join(dir, 'out', 'beta', 'slides.pdf')));
    expect(existsSync(join(dir, 'out', 'broken'))).toBe(false);
  });

  it('reports the broken file with its located error on stderr', () => {
    expect(human.stderr).toMatch(/broken\.yaml:3:\d+ error\[BR121\]: meta\.date: /);
    expect(human.stderr).toContain('broken.yaml: 1 error; nothing was written');
  });

  it('ends with a summary table, one row per file in the order given (on stderr in a pipe)', () => {
    const lines = human.stderr.trimEnd().split('\n');
    const table = lines.slice(lines.findIndex((l) => l.startsWith('file ')));
    expect(table[0]).toMatch(/^file\s+result\s+pages\s+size\s+time$/);
    expect(table[1]).toMatch(/^alpha\.yaml\s+ok\s+\d+\s+[\d.]+ KB\s+[\d.]+ m?s$/);
    expect(table[2]).toMatch(/^broken\.yaml\s+invalid \(1 error\)\s+-\s+-\s+[\d.]+ m?s$/);
    expect(table[3]).toMatch(/^beta\.yaml\s+ok\s+\d+\s+[\d.]+ KB\s+[\d.]+ m?s$/);
    expect(table[4]).toBe('3 files: 2 built, 1 failed');
  });

  it('--json: one document for the whole batch', () => {
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.files.map((f: { file: string; status: string }) => [f.file, f.status])).toEqual([
      ['alpha.yaml', 'ok'],
      ['broken.yaml', 'invalid'],
      ['beta.yaml', 'ok'],
    ]);
    expect(doc.outputs.map((o: { path: string }) => o.path)).toEqual([join('out-json', 'alpha', 'slides.pdf'), join('out-json', 'beta', 'slides.pdf')]);
    for (const o of doc.outputs as { path: string; sha256: string }[]) expect(sha(join(dir, o.path))).toBe(o.sha256);
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ code: 'BR121', file: 'broken.yaml', line: 3, path: 'meta.date' });
  });
});

describe('the build worker started early for a one-file build', () => {
  // The CLI starts a one-file build's worker before it has read its whole command line
  // (delivery/batch.ts, startWorkerEarly). Whatever ends the command first must stop it, or
  // the process would never exit; and what the command builds must not depend on it.
  it('a usage error, --help, an unknown id and a glob of one file all end promptly with their own outcome', async () => {
    const dir = tempDir('briefing-early-');
    copySeed(dir, ['one.yaml']);
    const runs = await Promise.all([
      runCliAsync(['build', 'one.yaml', '--paper', 'a5'], { cwd: dir }),
      runCliAsync(['build', 'one.yaml', '--help'], { cwd: dir }),
      runCliAsync(['build', 'missing.yaml', '--out', 'out'], { cwd: dir }),
      runCliAsync(['build', 'o*.yaml', '--out', 'out', '--format', 'slides'], { cwd: dir }),
    ]);
    expect(runs.map((r) => r.status)).toEqual([2, 0, 1, 0]);
    expect(runs[0]!.stderr).toContain('--paper');
    expect(runs[1]!.stdout).toContain('--max-memory');
    expect(runs[2]!.stderr).toContain('BR100');
    expect(pdfinfo(join(dir, 'out', 'one', 'slides.pdf')).pages).toBeGreaterThan(1);
  }, 300_000);
});
