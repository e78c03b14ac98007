// The hardening guarantees for one output (`-o FILE`, `-o -`) and facts from standard input:
// the file is replaced in one rename (never a half-written PDF, nothing left behind on
// failure, on a signal or after a SIGKILL once the next build has run), a place that cannot
// take the file is a usage error found before any build (exit 2, its code), standard input is
// bounded like a facts file (exit 1, BR101 at <stdin>), and signals and --timeout stop the
// build at once with the previous file intact.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOutputFile, OutputError, writeFileAtomic, nodeIo, type WriteIo } from '../src/delivery/output.js';
import { bin, cleanEnv, root } from './helpers/cli.js';
import { largeTemplates, signalDuringBuild } from './helpers/large-templates.js';
import { pdfinfo, tempDir } from './helpers/pdf.js';

const BUILD_TIMEOUT = 240_000;
const minimal = join(root, 'test/fixtures/minimal.yaml');
const fixtures = join(root, 'test/fixtures');

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; input?: Buffer | string; env?: Record<string, string> } = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: cleanEnv(options.env), input: options.input ?? '', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** A folder holding one earlier output, `briefing.pdf`, with known content. */
function withOldFile(): { dir: string; file: string } {
  const dir = tempDir('briefing-o-');
  const file = join(dir, 'briefing.pdf');
  writeFileSync(file, 'old file');
  return { dir, file };
}

describe('-o FILE: a place that cannot take the file is a usage error before any build', () => {
  it('a folder, a device, the facts file itself: exit 2 with BR519, nothing touched', () => {
    const dir = tempDir('briefing-o-');
    const folder = join(dir, 'a-folder');
    mkdirSync(folder);
    writeFileSync(join(folder, 'keep.txt'), 'keep');
    const facts = join(dir, 'facts.yaml');
    writeFileSync(facts, readFileSync(minimal));
    writeFileSync(join(dir, 'minimal-source.txt'), readFileSync(join(fixtures, 'minimal-source.txt')));
    const link = join(dir, 'link-to-facts.pdf');
    symlinkSync(facts, link);
    for (const [output, input] of [
      [folder, minimal],
      [`${folder}/`, minimal],
      ['/dev/null', minimal],
      [facts, facts],
      [link, facts],
    ] as const) {
      const r = cli(['build', input, '-o', output]);
      expect(r.status, `${output}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain('error[BR519]');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout.byteLength).toBe(0);
    }
    expect(readdirSync(folder)).toEqual(['keep.txt']);
    expect(readFileSync(facts)).toEqual(readFileSync(minimal));
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['a-folder', 'facts.yaml', 'link-to-facts.pdf', 'minimal-source.txt']);
  }, BUILD_TIMEOUT);

  it('under a file, or where nothing can be created: exit 2 with BR513 or BR512 on one line, not an internal error', () => {
    const dir = tempDir('briefing-o-');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const [output, code] of [
      [join(file, 'x.pdf'), 'BR513'],
      [join(file, 'sub', 'x.pdf'), 'BR513'],
      ['/sys/briefing-o.pdf', 'BR512'],
      ['/proc/briefing-o/x.pdf', 'BR512'],
    ] as const) {
      const r = cli(['build', minimal, '-o', output]);
      expect(r.status, `${output}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(`error[${code}]`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(readdirSync(dir)).toEqual(['a-file']);
    expect(readFileSync(file, 'utf8')).toBe('x');
  }, BUILD_TIMEOUT);

  it('with --json the usage error is the document, with its code', () => {
    const dir = tempDir('briefing-o-');
    const r = cli(['build', minimal, '-o', dir, '--json']);
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout.toString());
    expect(doc.ok).toBe(false);
    expect(doc.errors[0]).toMatchObject({ code: 'BR519', severity: 'error' });
    expect(r.stderr).toBe('');
  });

  it('the library check names the same problems (OutputError with the code)', () => {
    const dir = tempDir('briefing-o-');
    const codeOf = (f: () => void) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return e instanceof OutputError ? e.code : String(e);
      }
    };
    expect(codeOf(() => checkOutputFile(dir))).toBe('BR519');
    expect(codeOf(() => checkOutputFile(minimal, minimal))).toBe('BR519');
    expect(codeOf(() => checkOutputFile(join(minimal, 'x.pdf')))).toBe('BR513');
    expect(codeOf(() => checkOutputFile(join(dir, 'new', 'x.pdf')))).toBe('none');
  });
});

describe('-o FILE is replaced in one rename', () => {
  it('a new build replaces the old file whole; nothing else is left in the folder; a link stays a link', () => {
    const { dir, file } = withOldFile();
    const r = cli(['build', minimal, '--format', 'slides', '-o', file]);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfinfo(file).pages).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['briefing.pdf']);
    // Through a link: the link's target is replaced, the link itself stays.
    const link = join(dir, 'latest.pdf');
    symlinkSync(file, link);
    writeFileSync(file, 'old file');
    expect(cli(['build', minimal, '--format', 'slides', '-o', link]).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dir).sort()).toEqual(['briefing.pdf', 'latest.pdf']);
  }, BUILD_TIMEOUT);

  it('a failed write or rename leaves the old file and no temporary file', () => {
    const { dir, file } = withOldFile();
    for (const failing of ['writeFile', 'rename'] as const) {
      const io: WriteIo = {
        ...nodeIo,
        [failing]: () => {
          throw Object.assign(new Error(`${failing} failed`), { code: 'EIO' });
        },
      };
      expect(() => writeFileAtomic(file, 'new file', io)).toThrow(OutputError);
      expect(readFileSync(file, 'utf8')).toBe('old file');
      expect(readdirSync(dir)).toEqual(['briefing.pdf']);
    }
  });

  it('SIGKILL after the temporary file is written keeps the old file; the next build removes the left-over', () => {
    const { dir, file } = withOldFile();
    const killed = cli(['build', minimal, '--format', 'slides', '-o', file], { env: { BRIEFING_TEST_KILL_AT: 'staged' } });
    expect(killed.signal).toBe('SIGKILL');
    expect(readFileSync(file, 'utf8')).toBe('old file');
    const left = readdirSync(dir).filter((n) => n !== 'briefing.pdf');
    expect(left).toHaveLength(1);
    expect(left[0]).toMatch(/^\.briefing\.pdf\.\d+-[0-9a-f]{8}\.tmp$/);
    // Killed right after the rename: the new file is complete.
    const renamed = cli(['build', minimal, '--format', 'slides', '-o', file], { env: { BRIEFING_TEST_KILL_AT: 'swapped' } });
    expect(renamed.signal).toBe('SIGKILL');
    expect(pdfinfo(file).pages).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['briefing.pdf']);
  }, BUILD_TIMEOUT);

  it('--max-bytes over budget: exit 1 with BR500, the old file kept, nothing else written', () => {
    const { dir, file } = withOldFile();
    const r = cli(['build', minimal, '--format', 'slides', '-o', file, '--max-bytes', '1k']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error[BR500]');
    expect(readFileSync(file, 'utf8')).toBe('old file');
    expect(readdirSync(dir)).toEqual(['briefing.pdf']);
  }, BUILD_TIMEOUT);
});

describe('standard input is bounded like a facts file', () => {
  it('more than 2 MB: exit 1 with BR101 at <stdin>, nothing written', () => {
    const { dir, file } = withOldFile();
    const big = `# ${'x'.repeat(100)}\n`.repeat(25_000); // 2.5 MB of YAML comments
    for (const output of [file, '-']) {
      const r = cli(['build', '-', '-o', output], { input: big });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^<stdin> error\[BR101\]: standard input is more than 2 MB/m);
      expect(r.stdout.byteLength).toBe(0);
    }
    expect(readFileSync(file, 'utf8')).toBe('old file');
    expect(readdirSync(dir)).toEqual(['briefing.pdf']);
  }, BUILD_TIMEOUT);

  it('an endless pipe is not read to its end: the build stops at the limit', async () => {
    const dir = tempDir('briefing-o-');
    const child = spawn(process.execPath, [bin, 'build', '-', '-o', join(dir, 'x.pdf')], { env: cleanEnv() });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const chunk = Buffer.from(`# ${'y'.repeat(1021)}\n`.repeat(64)); // 64 KB
    let written = 0;
    let open = true;
    child.stdin.on('error', () => (open = false));
    const closed = new Promise<number | null>((r) => child.on('close', (c) => r(c)));
    child.on('close', () => (open = false));
    const feed = async () => {
      while (open && written < 64 * 1024 * 1024) {
        if (!child.stdin.write(chunk)) {
          await new Promise<void>((r) => {
            const done = () => {
              child.stdin.off('drain', done).off('close', done);
              r();
            };
            child.stdin.on('drain', done).on('close', done);
          });
        }
        written += chunk.byteLength;
      }
    };
    void feed();
    expect(await closed).toBe(1);
    expect(stderr).toContain('error[BR101]');
    // Stopped well before the 64 MB this feeder would have sent.
    expect(written).toBeLessThan(16 * 1024 * 1024);
    expect(readdirSync(dir)).toEqual([]);
  }, BUILD_TIMEOUT);
});

describe('signals and --timeout stop a -o build at once, the previous file intact', () => {
  it(
    'SIGINT and SIGTERM during a large build: exit 130 / 143 within 1 s, the old file kept, nothing left',
    async () => {
      const { dir, file } = withOldFile();
      const templates = largeTemplates(join(tempDir('briefing-o-'), 'templates'));
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        const { status, stderr, stopMs } = await signalDuringBuild(['build', minimal, '-o', file, '--templates', templates], signal);
        expect(status, stderr).toBe(code);
        expect(stopMs).toBeLessThan(1000);
        expect(readFileSync(file, 'utf8')).toBe('old file');
        expect(readdirSync(dir)).toEqual(['briefing.pdf']);
      }
    },
    BUILD_TIMEOUT,
  );

  it('past --timeout: exit 1 with BR517, the old file kept, nothing left; from standard input too', () => {
    const { dir, file } = withOldFile();
    const templates = largeTemplates(join(tempDir('briefing-o-'), 'templates'));
    const fromFile = cli(['build', minimal, '-o', file, '--templates', templates, '--timeout', '1']);
    expect(fromFile.status, fromFile.stderr).toBe(1);
    expect(fromFile.stderr).toContain('error[BR517]');
    const fromStdin = cli(['build', '-', '--base-dir', fixtures, '-o', file, '--templates', templates, '--timeout', '1'], { input: readFileSync(minimal) });
    expect(fromStdin.status, fromStdin.stderr).toBe(1);
    expect(fromStdin.stderr).toContain('error[BR517]');
    expect(readFileSync(file, 'utf8')).toBe('old file');
    expect(readdirSync(dir)).toEqual(['briefing.pdf']);
    expect(existsSync(join(dir, '.briefing.pdf'))).toBe(false);
  }, BUILD_TIMEOUT);
});
