// The command line as users and CI run it: bin/briefing.js in a child process, its exit
// codes, its JSON document, annotations, the manifest, the size budget and atomic writes.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdfinfo, tempDir } from './helpers/pdf.js';
import { bin, cleanEnv, root, runCli, runCliAsync, seed } from './helpers/cli.js';
import { parseByteSize } from '../src/delivery/output.js';
import { annotation, detectUi, escapeAnnotationData, escapeAnnotationProperty } from '../src/cli/report.js';

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const noTemporaries = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
const ANSI = /\x1b\[/;
const BUILD_TIMEOUT = 240_000;

/** A facts file with one YAML syntax error at line 3, column 8. */
function brokenFile(dir: string): string {
  const path = join(dir, 'broken.yaml');
  writeFileSync(path, 'meta:\n  title: x\nfacts: [\n');
  return path;
}

/** Runs the CLI with a pseudo-terminal (util-linux script), so stdout/stderr are TTYs. */
function runInTty(args: string[], env: Record<string, string> = {}) {
  const command = [process.execPath, bin, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: root, env: cleanEnv(env), encoding: 'utf8' });
  return { status: r.status, output: r.stdout };
}

describe('briefing build --json --eml', () => {
  let out: string;
  let stdout: string;
  let stderr: string;
  let status: number | null;
  const dir = () => join(out, 'shanghai-uk-2023');

  beforeAll(async () => {
    out = tempDir('briefing-cli-');
    ({ status, stdout, stderr } = await runCliAsync(['build', seed, '--out', out, '--json', '--eml', '--to', 'desk@example.org', '--from', 'Briefing <briefing@example.org>']));
  }, BUILD_TIMEOUT);

  it('exits 0 and prints exactly one JSON document on stdout, nothing on stderr', () => {
    expect(status, stderr).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const doc = JSON.parse(stdout);
    expect(Object.keys(doc).sort()).toEqual(['errors', 'files', 'ok', 'outputs', 'warnings']);
    expect(doc.ok).toBe(true);
    expect(doc.errors).toEqual([]);
    expect(doc.files).toEqual([{ file: seed, id: 'shanghai-uk-2023', status: 'ok', ms: expect.any(Number) }]);
    expect(stderr).toBe('');
  });

  it('lists every output with its real size, page count and sha256', () => {
    const doc = JSON.parse(stdout) as { outputs: { path: string; bytes: number; pages: number | null; sha256: string }[] };
    expect(doc.outputs.map((o) => o.path)).toEqual(['briefing.pdf', 'slides.pdf', 'briefing.eml'].map((f) => join(dir(), f)));
    for (const o of doc.outputs) {
      expect(readFileSync(o.path).byteLength, o.path).toBe(o.bytes);
      expect(sha(o.path), o.path).toBe(o.sha256);
      if (o.path.endsWith('.pdf')) expect(pdfinfo(o.path).pages, o.path).toBe(o.pages);
      else expect(o.pages).toBeNull();
    }
  });

  it('writes manifest.json whose sha256s match the files and the input', () => {
    const manifest = JSON.parse(readFileSync(join(dir(), 'manifest.json'), 'utf8'));
    expect(manifest.id).toBe('shanghai-uk-2023');
    expect(manifest.input.sha256).toBe(sha(seed));
    // The seed's one figure written in words is the one fact not checked against its quote.
    expect(manifest.checks).toEqual({ figureOptOuts: 1 });
    expect(manifest.outputs.map((o: { file: string }) => o.file)).toEqual(['briefing.pdf', 'slides.pdf', 'briefing.eml']);
    for (const o of manifest.outputs as { file: string; bytes: number; sha256: string; pages?: number }[]) {
      const path = join(dir(), o.file);
      expect(sha(path), o.file).toBe(o.sha256);
      expect(readFileSync(path).byteLength).toBe(o.bytes);
      if (o.file.endsWith('.pdf')) expect(pdfinfo(path).pages).toBe(o.pages);
    }
    expect(noTemporaries(dir())).toEqual([]);
  });

  it('--max-bytes: exits 1 naming the output and its size, and keeps the previous files', async () => {
    const before = readdirSync(dir()).map((f) => [f, sha(join(dir(), f))]);
    const slidesBytes = readFileSync(join(dir(), 'slides.pdf')).byteLength;
    const r = await runCliAsync(['build', seed, '--out', out, '--format', 'slides', '--max-bytes', '20000']);
    expect(r.status).toBe(1);
    const slides = join(dir(), 'slides.pdf');
    // The new deck is built the same way as the one on disk, so its size is known.
    expect(r.stderr).toContain(`${slides} error[BR500]: is ${slidesBytes.toLocaleString('en')} bytes, over the --max-bytes budget of 20,000 bytes; nothing was written and the previous files were kept`);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir()).map((f) => [f, sha(join(dir(), f))])).toEqual(before);
    // Not a terminal: no progress lines.
    expect(r.stderr).not.toMatch(/^\s+narrative\s/m);
  }, BUILD_TIMEOUT);

  it('a build killed part-way leaves the previous files intact and no temporary files', async () => {
    const before = readdirSync(dir()).map((f) => [f, sha(join(dir(), f))]);
    // Kills at several moments of a --paper letter build. Wherever the kill lands, the folder
    // is never torn: either exactly the previous files, or (if the build got to its renames)
    // a complete new set that its manifest vouches for; and never a leftover temporary file.
    for (const delay of [50, 150, 300, 600]) {
      const child = spawn(process.execPath, [bin, 'build', seed, '--out', out, '--paper', 'letter'], { cwd: root, env: cleanEnv() });
      // Listen before waiting: a fast build may finish before the kill, and must not hang the test.
      const closed = new Promise((r) => child.on('close', r));
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGKILL');
      await closed;
      const now = readdirSync(dir()).map((f) => [f, sha(join(dir(), f))]);
      if (JSON.stringify(now) !== JSON.stringify(before)) {
        const manifest = JSON.parse(readFileSync(join(dir(), 'manifest.json'), 'utf8'));
        for (const o of manifest.outputs as { file: string; sha256: string }[]) expect(sha(join(dir(), o.file)), o.file).toBe(o.sha256);
      }
      expect(noTemporaries(dir())).toEqual([]);
    }
  }, BUILD_TIMEOUT);
});

describe('exit codes', () => {
  it('1: invalid input, every problem located, nothing written', () => {
    const dir = tempDir('briefing-cli-');
    const out = join(dir, 'out');
    const r = runCli(['build', brokenFile(dir), '--out', out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${join(dir, 'broken.yaml')}:3:8 error[BR105]: YAML syntax error`);
    expect(r.stderr).toContain('1 error; nothing was written');
    expect(r.stdout).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('1: invalid input with --json gives located errors in the document', () => {
    const dir = tempDir('briefing-cli-');
    const r = runCli(['build', brokenFile(dir), '--out', join(dir, 'out'), '--json']);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.outputs).toEqual([]);
    expect(doc.errors).toEqual([{ code: 'BR105', severity: 'error', file: join(dir, 'broken.yaml'), line: 3, column: 8, path: '', message: expect.stringContaining('YAML syntax error') }]);
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  const usage: [string, string[], string][] = [
    ['unknown option', ['build', seed, '--bogus'], "error: unknown option '--bogus'"],
    ['missing argument', ['build'], "error: missing required argument 'facts'"],
    ['bad --format', ['build', seed, '--format', 'print,poster'], `argument 'print,poster' is invalid. takes print, slides, notes, pptx or a comma-separated list of them, got "print,poster"`],
    ['empty --format', ['build', seed, '--format', ','], 'is invalid'],
    ['bad --paper', ['build', seed, '--paper', 'a3'], "error: option '--paper <size>' argument 'a3' is invalid. Allowed choices are a4, letter."],
    ['bad --max-bytes', ['build', seed, '--max-bytes', 'lots'], 'takes a positive size such as 500000, 500k or 2M, got "lots"'],
    ['unknown command', ['frobnicate'], "error: unknown command 'frobnicate'"],
    ['--to without --eml', ['build', seed, '--to', 'a@example.org'], 'error: --to needs --eml or --smtp'],
    ['--eml without --from', ['build', seed, '--eml', '--to', 'a@example.org'], 'error[BR550]: --eml needs --from with one e-mail address'],
    ['--smtp with a bad URL', ['build', seed, '--smtp', 'localhost', '--to', 'a@example.org', '--from', 'b@example.org'], 'error[BR552]: --smtp is not a URL'],
    ['bad --locale', ['build', seed, '--locale', 'not a locale!'], 'error: --locale takes one of the supported locales: en-GB, en-US'],
    ['two files with one id', ['build', seed, join(root, 'test/../data/shanghai-uk-2023.yaml')], 'would both write to out/shanghai-uk-2023/'],
  ];
  for (const [name, args, message] of usage) {
    it(`2: ${name}, with nothing written`, () => {
      const out = join(tempDir('briefing-cli-'), 'out');
      const r = runCli([...args, ...(args[0] === 'build' && args.length > 1 && name !== 'two files with one id' ? ['--out', out] : [])]);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('2 with --json: a JSON document carrying the usage error', () => {
    const r = runCli(['build', seed, '--format', 'poster', '--json']);
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: false, outputs: [], warnings: [] });
    expect(doc.errors[0].message).toContain("argument 'poster' is invalid");
    expect(doc.errors[0].code).toBe('BR503');
    expect(r.stderr).toBe('');
  });

  it('2: --out under a file is a usage error naming the file (BR513), not an internal error', () => {
    const dir = tempDir('briefing-cli-');
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    const r = runCli(['build', seed, '--out', join(file, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`error[BR513]: --out: cannot write to ${join(file, 'out')}: ${file} is a file, not a folder`]);
  });

  it('0: --help for every command and --version', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const v = runCli(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    const top = runCli(['--help']);
    expect(top.status).toBe(0);
    for (const c of ['build', 'validate', 'schema', 'watch']) expect(top.stdout).toContain(c);
    const build = runCli(['build', '--help']);
    expect(build.status).toBe(0);
    for (const o of ['--out', '--paper', '--format', '--templates', '--locale', '--pdfa', '--notes', '--eml', '--to', '--from', '--subject', '--smtp', '--max-bytes', '--json', '--debug']) expect(build.stdout).toContain(o);
    for (const c of ['validate', 'schema', 'watch']) {
      const r = runCli([c, '--help']);
      expect(r.status, c).toBe(0);
      expect(r.stdout).toContain(`Usage: briefing ${c}`);
    }
  });
});

describe('briefing validate and schema', () => {
  it('validate: 0 for the seed, 1 for a broken file, JSON on request', () => {
    const ok = runCli(['validate', seed]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/shanghai-uk-2023\.yaml: valid — \d+ facts/);
    // Every figure opt-out is listed with its place and reason, by text and in --json.
    expect(ok.stdout).toContain('1 figure opt-out (not checked against the quote):');
    expect(ok.stdout).toMatch(/shanghai-uk-2023\.yaml:\d+:\d+ facts\.jiading_top_parts_makers\.figureOptOut: the source writes this number in words/);
    const json = JSON.parse(runCli(['validate', seed, '--json']).stdout);
    expect(json.files[0].figureOptOuts).toEqual([{ path: 'facts.jiading_top_parts_makers.figureOptOut', line: expect.any(Number), column: expect.any(Number), reason: expect.stringContaining('in words') }]);
    const dir = tempDir('briefing-cli-');
    const bad = runCli(['validate', seed, brokenFile(dir), '--json']);
    expect(bad.status).toBe(1);
    const doc = JSON.parse(bad.stdout);
    expect(doc.files.map((f: { status: string }) => f.status)).toEqual(['ok', 'invalid']);
    expect(doc.errors[0]).toMatchObject({ code: 'BR105', line: 3, column: 8 });
  });

  it('schema prints the JSON Schema of the facts format', () => {
    const r = runCli(['schema']);
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.$schema).toContain('json-schema.org');
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(['meta', 'sources', 'facts']));
  });
});

describe('GitHub Actions annotations', () => {
  it('prints ::error with file, line and col when GITHUB_ACTIONS=true', () => {
    const dir = tempDir('briefing-cli-');
    const file = brokenFile(dir);
    const r = runCli(['build', file, '--out', join(dir, 'out')], { env: { GITHUB_ACTIONS: 'true', CI: 'true' } });
    expect(r.status).toBe(1);
    const line = r.stdout.split('\n').find((l) => l.startsWith('::error '));
    expect(line).toBe(`::error file=${escapeAnnotationProperty(file)},line=3,col=8,title=BR105::${escapeAnnotationData(/YAML syntax error[^\n]*/.exec(r.stderr)![0])}`);
  });

  it('goes to stderr with --json, so stdout stays one JSON document', () => {
    const dir = tempDir('briefing-cli-');
    const r = runCli(['validate', brokenFile(dir), '--json'], { env: { GITHUB_ACTIONS: 'true' } });
    expect(JSON.parse(r.stdout).ok).toBe(false);
    expect(r.stderr).toMatch(/^::error file=.*broken\.yaml,line=3,col=8,title=BR105::YAML syntax error/m);
  });

  it('escapes per the workflow-command rules', () => {
    expect(escapeAnnotationData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeAnnotationProperty('C:\\a,b%.yaml')).toBe('C%3A\\a%2Cb%25.yaml');
    expect(annotation({ severity: 'warning', code: 'BR210', file: 'a:b,c.yaml', line: 2, column: 5, path: 'facts.x', message: 'line one\nline two' })).toBe('::warning file=a%3Ab%2Cc.yaml,line=2,col=5,title=BR210::facts.x: line one%0Aline two');
    expect(annotation({ severity: 'error', code: 'BR100', file: 'f.yaml', line: 0, column: 0, path: '', message: 'no such file' })).toBe('::error file=f.yaml,title=BR100::no such file');
  });
});

describe('terminal output', () => {
  it('on a terminal: one progress line per stage with its time, in colour; --notes builds notes.pdf', () => {
    const out = tempDir('briefing-cli-');
    const r = runInTty(['build', seed, '--out', out, '--format', 'slides', '--notes']);
    expect(r.status, r.output).toBe(0);
    // --notes adds the speaker-notes companion: one page per slide.
    const dir = join(out, 'shanghai-uk-2023');
    expect(pdfinfo(join(dir, 'notes.pdf')).pages).toBe(pdfinfo(join(dir, 'slides.pdf')).pages);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')).outputs.map((o: { file: string }) => o.file)).toEqual(['slides.pdf', 'notes.pdf']);
    for (const stage of ['facts', 'narrative', 'charts', 'layout', 'pdf']) expect(r.output).toMatch(new RegExp(`^(\\x1b\\[2m)?\\s+${stage}\\s+\\d+(\\.\\d+)? (ms|s)`, 'm'));
    expect(r.output).toMatch(/done in \d/);
    expect(r.output).toMatch(ANSI);
  }, BUILD_TIMEOUT);

  it('NO_COLOR and CI=true turn colour off on a terminal', () => {
    const dir = tempDir('briefing-cli-');
    const file = brokenFile(dir);
    const coloured = runInTty(['build', file, '--out', join(dir, 'out')]);
    expect(coloured.status).toBe(1);
    expect(coloured.output).toMatch(ANSI);
    for (const env of [{ NO_COLOR: '1' }, { CI: 'true' }]) {
      const plain = runInTty(['build', file, '--out', join(dir, 'out')], env);
      expect(plain.status).toBe(1);
      expect(plain.output).toContain('YAML syntax error');
      expect(plain.output).not.toMatch(ANSI);
    }
  });

  it('detectUi: interactive only on a TTY outside CI; colour unless NO_COLOR', () => {
    expect(detectUi({}, true, {})).toMatchObject({ interactive: true, color: true });
    expect(detectUi({ NO_COLOR: '1' }, true, {})).toMatchObject({ interactive: true, color: false });
    expect(detectUi({ NO_COLOR: '' }, true, {})).toMatchObject({ color: true });
    expect(detectUi({ CI: 'true' }, true, {})).toMatchObject({ interactive: false, color: false });
    expect(detectUi({}, false, {})).toMatchObject({ interactive: false, color: false });
    expect(detectUi({}, true, { json: true })).toMatchObject({ interactive: false, json: true });
    expect(detectUi({ GITHUB_ACTIONS: 'true' }, false, {}).github).toBe(true);
  });
});

describe('atomic writes', () => {
  // The output set's atomicity is tested in hardening-output.test.ts.
  it('parses byte budgets', () => {
    expect(parseByteSize('500000')).toBe(500000);
    expect(parseByteSize('500k')).toBe(512000);
    expect(parseByteSize('1.5M')).toBe(1572864);
    expect(parseByteSize('2MB')).toBe(2097152);
    for (const bad of ['', '0', '-5', 'lots', '5 parsecs']) expect(parseByteSize(bad), bad).toBeUndefined();
  });
});
