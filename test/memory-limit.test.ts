// A build's memory is bounded like its time: every build runs on a worker thread whose heap
// has a ceiling (--max-memory, 1024 MB by default; src/api/heap.ts). A build past it is
// stopped and reported at its file (BR520 on the command line, BR711 in the service), with
// nothing written. The heavy inputs here: a source document of 30 MB (the limit is 32 MB),
// which builds under the default, and twelve source documents of 6 MB, which do not fit 64 MB.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalise } from '../src/facts/check.js';
import { DEFAULT_MAX_MEMORY_MB, buildWorkerLimits } from '../src/api/heap.js';
import { startService, type Service } from '../src/service/server.js';
import { bin, cleanEnv, root } from './helpers/cli.js';
import { pdfinfo, tempDir } from './helpers/pdf.js';
import { post } from './helpers/service.js';

const BUILD_TIMEOUT = 240_000;
const fixtures = join(root, 'test/fixtures');

const filler = 'A further paragraph of the annual report, on berths, dredging and staff training, pads the document.\n';
const padding = (mb: number) => filler.repeat(Math.ceil((mb * 1024 * 1024) / filler.length));

/** The minimal briefing, its source document padded to `mb` MB of unrelated report text. */
function withLargeSource(mb: number): { dir: string; file: string; source: string } {
  const dir = tempDir('briefing-mem-');
  const file = join(dir, 'large.yaml');
  copyFileSync(join(fixtures, 'minimal.yaml'), file);
  const source = readFileSync(join(fixtures, 'minimal-source.txt'), 'utf8') + padding(mb);
  writeFileSync(join(dir, 'minimal-source.txt'), source);
  return { dir, file, source };
}

/**
 * The minimal briefing with `count` more source documents of `mb` MB each: past a small heap
 * limit through many allocations of a few MB, the way a build outgrows its heap. (One single
 * allocation far past the limit is beyond Node's graceful stop: see heap.ts.)
 */
function withManySources(count: number, mb: number): { dir: string; file: string; sources: Record<string, string> } {
  const dir = tempDir('briefing-mem-');
  const file = join(dir, 'many.yaml');
  const yaml = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
  const extra = Array.from({ length: count }, (_, i) => `  annex_${i}:\n    title: Annual report, annex ${i + 1}\n    date: 2024-02-15\n    document: annex-${i}.txt\n    quotes:\n      - Annex ${i + 1} of the report\n`).join('');
  writeFileSync(file, yaml.replace('sources:\n', `sources:\n${extra}`));
  const sources: Record<string, string> = { 'minimal-source.txt': readFileSync(join(fixtures, 'minimal-source.txt'), 'utf8') };
  copyFileSync(join(fixtures, 'minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const text = padding(mb);
  for (let i = 0; i < count; i++) {
    sources[`annex-${i}.txt`] = `Annex ${i + 1} of the report.\n${text}`;
    writeFileSync(join(dir, `annex-${i}.txt`), sources[`annex-${i}.txt`]!);
  }
  return { dir, file, sources };
}

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, env: cleanEnv(), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('--max-memory on the command line', () => {
  const large = withLargeSource(30);
  const many = withManySources(12, 6);

  it('a 30 MB source document builds, within a quarter of the default limit', () => {
    // Normalising its text for the quote checks once took over 512 MB (see facts/check.ts).
    const out = join(large.dir, 'out');
    const r = cli(['build', large.file, '--out', out, '--format', 'print', '--max-memory', '256'], large.dir);
    expect(r.status, r.stderr).toBe(0);
    expect(pdfinfo(join(out, 'large', 'briefing.pdf')).pages).toBeGreaterThan(0);
  }, BUILD_TIMEOUT);

  it('past the limit: exit 1 with BR520 at the file, nothing written, the previous set kept', () => {
    const out = join(large.dir, 'out-kept');
    const small = join(large.dir, 'small');
    mkdirSync(small);
    copyFileSync(join(fixtures, 'minimal.yaml'), join(small, 'many.yaml'));
    copyFileSync(join(fixtures, 'minimal-source.txt'), join(small, 'minimal-source.txt'));
    expect(cli(['build', join(small, 'many.yaml'), '--out', out, '--format', 'print'], small).status).toBe(0);
    const before = readFileSync(join(out, 'many', 'manifest.json'), 'utf8');

    const r = cli(['build', many.file, '--out', out, '--format', 'print', '--max-memory', '64'], many.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/many\.yaml error\[BR520\]: .*memory limit of 64 MB/);
    expect(r.stderr).toContain('--max-memory');
    expect(readFileSync(join(out, 'many', 'manifest.json'), 'utf8')).toBe(before);
    // Only the output set: `many` and the folder it links to.
    expect(readdirSync(out).filter((f) => f !== 'many' && join(out, f) !== realpathSync(join(out, 'many')))).toEqual([]);
  }, BUILD_TIMEOUT);

  it('-o FILE past the limit: BR520 in JSON too, the old file kept and nothing beside it', () => {
    const target = join(large.dir, 'single');
    mkdirSync(target);
    const file = join(target, 'briefing.pdf');
    writeFileSync(file, 'old file');
    const r = cli(['build', many.file, '-o', file, '--max-memory', '64', '--json'], many.dir);
    expect(r.status, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { ok: boolean; errors: { code: string; file: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.errors.map((e) => e.code)).toEqual(['BR520']);
    expect(doc.errors[0]!.file).toContain('many.yaml');
    expect(readFileSync(file, 'utf8')).toBe('old file');
    expect(readdirSync(target)).toEqual(['briefing.pdf']);
  }, BUILD_TIMEOUT);

  it('the limit in force is the one the option parser read, even where the early worker guessed another', () => {
    // The CLI starts a one-file build's worker before parsing (startWorkerEarly) with the first
    // --max-memory it sees; commander keeps the last. The build must run under the last.
    const r = cli(['build', many.file, '--out', join(many.dir, 'out-twice'), '--format', 'print', '--max-memory', '1024', '--max-memory', '64'], many.dir);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/error\[BR520\]: .*memory limit of 64 MB/);
  }, BUILD_TIMEOUT);

  it('a value that is not a whole number of MB from 64 up is a usage error (exit 2), before any build', () => {
    for (const bad of ['10', '63', 'lots', '128.5', '-256', '70000']) {
      const r = cli(['build', join(fixtures, 'minimal.yaml'), '--out', join(large.dir, 'never'), '--max-memory', bad], large.dir);
      expect(r.status, bad).toBe(2);
      expect(r.stderr, bad).toMatch(/--max-memory/);
    }
    expect(existsSync(join(large.dir, 'never'))).toBe(false);
  });

  it('the default and the worker limits it gives', () => {
    expect(DEFAULT_MAX_MEMORY_MB).toBe(1024);
    expect(buildWorkerLimits()).toEqual({ maxOldGenerationSizeMb: 1024, maxYoungGenerationSizeMb: 16 });
    expect(buildWorkerLimits(256).maxOldGenerationSizeMb).toBe(256);
  });
});

describe('the service: a build past --max-memory', () => {
  let svc: Service;
  beforeAll(async () => {
    svc = await startService({ port: 0, threads: 1, timeoutMs: 300_000, maxMemoryMb: 64, bodyLimit: 128 * 1024 * 1024, logger: false });
  });
  afterAll(async () => svc?.close());

  it('answers 413 with BR711, and the next build on the replaced worker succeeds', async () => {
    const many = withManySources(12, 6);
    const facts = readFileSync(many.file, 'utf8');
    const res = await post(`${svc.url}/v1/briefings?format=pdf`, JSON.stringify({ facts, file: 'many.yaml', sources: many.sources }));
    expect(res.status, await res.clone().text()).toBe(413);
    const doc = (await res.json()) as { errors: { code: string; message: string; hint?: string }[] };
    expect(doc.errors[0]!.code).toBe('BR711');
    expect(doc.errors[0]!.message).toContain('64 MB');
    const small = readFileSync(join(fixtures, 'minimal.yaml'), 'utf8');
    const ok = await post(`${svc.url}/v1/briefings?format=pdf`, JSON.stringify({ facts: small, file: 'minimal.yaml', sources: { 'minimal-source.txt': many.sources['minimal-source.txt'] } }));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
  }, BUILD_TIMEOUT);
});

describe('quote normalisation', () => {
  // The reference: what normalise did before it learned to leave a lone space alone.
  const reference = (text: string) =>
    text
      .normalize('NFC')
      .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
      .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
      .replace(/[\u2013\u2014\u2212]/g, '-')
      .replace(/\s+/g, ' ')
      .trim();

  it('gives the same text as collapsing every white-space run, for any mix of spaces, tabs, breaks and no-break spaces', () => {
    const pieces = ['word', ' ', '  ', '\n', '\r\n', '\t', '\u00A0', '\u2003', ' \n ', '“quoted”', '‘it’s’', '—', '–', 'e\u0301', '上海', '', '\u3000'];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = next() % 14;
      for (let i = 0; i < length; i++) text += pieces[next() % pieces.length];
      expect(normalise(text), JSON.stringify(text)).toBe(reference(text));
    }
  });
});
