// The conventions Typst, Marp and Quarto users expect of a document CLI: -o FILE and -o -,
// facts from standard input with --base-dir, quoted globs, --quiet, a config file whose
// values flags override, shell completion, and plain paths on stdout in a pipe.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bin, cleanEnv, copySeed, root, seed } from './helpers/cli.js';
import { pdfinfo, pdftotext, tempDir } from './helpers/pdf.js';

interface Run {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; input?: Buffer | string } = {}): Run {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: cleanEnv(), input: options.input ?? '', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const A4 = { width: 595.28, height: 841.89 };
const LETTER = { width: 612, height: 792 };
const size = (pdf: string) => {
  const s = pdfinfo(pdf).pageSizes[0]!;
  return { width: Math.round(s.width), height: Math.round(s.height) };
};
const rounded = (s: { width: number; height: number }) => ({ width: Math.round(s.width), height: Math.round(s.height) });

describe('-o/--output and standard input', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('briefing-single-');
  });

  it('-o FILE writes the print briefing alone, atomically, and prints its path', () => {
    const out = join(dir, 'nested', 'my briefing.pdf');
    const r = cli(['build', seed, '-o', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.toString()).toBe(`${out}\n`);
    expect(pdfinfo(out).pages).toBeGreaterThan(1);
    expect(size(out)).toEqual(rounded(A4));
    expect(readdirSync(join(dir, 'nested'))).toEqual(['my briefing.pdf']);
  }, 120_000);

  it('-o - writes the PDF to stdout and nothing else; the same bytes as -o FILE', () => {
    const r = cli(['build', seed, '--format', 'slides', '-o', '-']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.subarray(0, 5).toString()).toBe('%PDF-');
    expect(r.stdout.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    const file = join(dir, 'slides.pdf');
    expect(cli(['build', seed, '--format', 'slides', '-o', file]).status).toBe(0);
    expect(sha(r.stdout)).toBe(sha(readFileSync(file)));
  }, 120_000);

  it('facts from standard input (-) with --base-dir for their sources', () => {
    const out = join(dir, 'stdin.pdf');
    const r = cli(['build', '-', '--base-dir', join(root, 'data'), '-o', out], { input: readFileSync(seed) });
    expect(r.status, r.stderr).toBe(0);
    expect(pdftotext(out)).toContain('US$24.21 billion');
  }, 120_000);

  it('a mistake in standard input is located at <stdin>:line:column, exit 1, nothing written', () => {
    const out = join(dir, 'bad-stdin.pdf');
    const text = readFileSync(seed, 'utf8').replace(/^( {2}date: )\d{4}-\d{2}-\d{2}/m, '$1not-a-date');
    const r = cli(['build', '-', '--base-dir', join(root, 'data'), '-o', out], { input: text });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:\d+:\d+ /m);
    expect(existsSync(out)).toBe(false);
  }, 120_000);

  it('without --base-dir, sources are looked up from the current folder', () => {
    const r = cli(['build', '-', '-o', join(dir, 'nowhere.pdf')], { input: readFileSync(seed), cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('<stdin>');
  }, 120_000);

  for (const [args, why] of [
    [['build', '-', '--base-dir', 'data'], 'stdin needs -o'],
    [['build', seed, seed.replace('shanghai-uk-2023', 'example-renewables'), '-o', 'x.pdf'], 'two inputs, one output'],
    [['build', seed, '--format', 'print,slides', '-o', 'x.pdf'], 'two formats, one output'],
    [['build', seed, '-o', 'x.pdf', '--eml', '--from', 'a@example.org', '--to', 'b@example.org'], '-o with --eml'],
    [['build', seed, '-o', '-', '--json'], '-o - with --json'],
    [['build', seed, '--out', '-'], '--out -'],
  ] as const) {
    it(`usage error (exit 2), nothing written: ${why}`, () => {
      const cwd = tempDir('briefing-usage-');
      const r = cli([...args], { cwd, input: readFileSync(seed) });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stdout.toString().startsWith('%PDF')).toBe(false);
      expect(readdirSync(cwd)).toEqual([]);
    });
  }
});

describe('validate takes what build takes: standard input and --changes-since', () => {
  const ed2 = join(root, 'data/shanghai-uk-2023-ed2.yaml');
  const tram = join(root, 'test/fixtures/changes-since/old.yaml');

  it('validate - checks facts from standard input, sources from --base-dir', () => {
    const ok = cli(['validate', '-', '--base-dir', join(root, 'data')], { input: readFileSync(seed) });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.toString()).toMatch(/^<stdin>: valid — \d+ facts/);
    const json = cli(['validate', '-', '--base-dir', join(root, 'data'), '--json'], { input: readFileSync(seed) });
    expect(json.status, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout.toString()) as { ok: boolean }).ok).toBe(true);
  }, 120_000);

  it('a mistake on standard input is located at <stdin>:line:column, exit 1', () => {
    const text = readFileSync(seed, 'utf8').replace(/^( {2}date: )\d{4}-\d{2}-\d{2}/m, '$1not-a-date');
    const line = text.split('\n').findIndex((l) => l.includes('not-a-date')) + 1;
    const r = cli(['validate', '-', '--base-dir', join(root, 'data'), '--json'], { input: text });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout.toString()) as { ok: boolean; errors: { code: string; file: string; line: number }[] };
    expect(doc.ok).toBe(false);
    expect(doc.errors.map((e) => [e.code, e.file, e.line])).toEqual([['BR121', '<stdin>', line]]);
  }, 120_000);

  it('validate --changes-since checks the earlier edition as build does: BR821 for another briefing, exit 0 for its own', () => {
    const own = cli(['validate', ed2, '--changes-since', seed]);
    expect(own.status, own.stderr).toBe(0);
    const foreign = cli(['validate', ed2, '--changes-since', tram, '--json']);
    expect(foreign.status).toBe(1);
    expect((JSON.parse(foreign.stdout.toString()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['BR821']);
    const missing = cli(['validate', ed2, '--changes-since', join(root, 'data/nope.yaml'), '--json']);
    expect(missing.status).toBe(1);
    expect((JSON.parse(missing.stdout.toString()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(['BR820', 'BR100']);
  }, 120_000);

  for (const [args, why] of [
    [['validate', seed, ed2, '--changes-since', seed], 'two files and one earlier edition'],
    [['validate', '-', seed], 'standard input with another file'],
    [['validate', seed, '--base-dir', 'data'], '--base-dir without standard input'],
  ] as const) {
    it(`validate usage error (exit 2): ${why}`, () => {
      const r = cli([...args], { input: readFileSync(seed) });
      expect(r.status, r.stderr).toBe(2);
    });
  }
});

describe('globs, --quiet and output in a pipe', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('briefing-globs-');
    copySeed(join(dir, 'data'), ['alpha.yaml', 'beta.yaml']);
    writeFileSync(join(dir, 'data', 'notes.txt'), 'not a facts file\n');
  });

  it('expands a quoted pattern the shell left alone, in sorted order', () => {
    const r = cli(['build', 'data/*.yaml', '--format', 'slides', '--out', 'out'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    // In a pipe stdout has the written files only, one per line; the summary is on stderr.
    expect(r.stdout.toString()).toBe(`${join('out', 'alpha', 'slides.pdf')}\n${join('out', 'beta', 'slides.pdf')}\n`);
    expect(r.stderr).toContain('2 files: 2 built, 0 failed');
  }, 240_000);

  it('validate expands patterns too; a pattern that matches nothing is a missing file (exit 1)', () => {
    const ok = cli(['validate', 'data/*.yaml'], { cwd: dir });
    expect(ok.status, ok.stderr).toBe(0);
    // Each file's line may be followed by its indented figure opt-outs.
    expect(ok.stdout.toString()).toMatch(/^data\/alpha\.yaml: valid[^\n]*\n(?: {2}[^\n]*\n)*data\/beta\.yaml: valid/);
    const none = cli(['validate', 'data/*.json'], { cwd: dir });
    expect(none.status).toBe(1);
    expect(none.stderr).toContain('data/*.json');
  }, 120_000);

  it('a single build in a pipe prints exactly the written paths', () => {
    const r = cli(['build', 'data/alpha.yaml', '--out', 'piped'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.toString()).toBe(`${join('piped', 'alpha', 'briefing.pdf')}\n${join('piped', 'alpha', 'slides.pdf')}\n`);
  }, 120_000);

  it('--quiet prints nothing on success and only the errors on failure', () => {
    const ok = cli(['build', 'data/alpha.yaml', '--out', 'quiet', '--quiet'], { cwd: dir });
    expect(ok.status).toBe(0);
    expect(ok.stdout.toString()).toBe('');
    expect(ok.stderr).toBe('');
    expect(existsSync(join(dir, 'quiet', 'alpha', 'briefing.pdf'))).toBe(true);
    writeFileSync(join(dir, 'data', 'broken.yaml'), readFileSync(join(dir, 'data', 'alpha.yaml'), 'utf8').replace(/^( {2}date: )\d{4}-\d{2}-\d{2}/m, '$1not-a-date'));
    const bad = cli(['build', 'data/broken.yaml', '--out', 'quiet', '--quiet'], { cwd: dir });
    expect(bad.status).toBe(1);
    expect(bad.stdout.toString()).toBe('');
    expect(bad.stderr).toMatch(/^data\/broken\.yaml:\d+:\d+ /m);
  }, 120_000);

  it('init in a pipe prints exactly the files it wrote, and nothing with --quiet', () => {
    const r = cli(['init', 'fresh'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const listed = r.stdout.toString().trim().split('\n');
    expect(listed).toContain(join('fresh', 'fresh.yaml'));
    for (const f of listed) expect(existsSync(join(dir, f)), f).toBe(true);
    expect(r.stderr).toBe('');
    const quiet = cli(['init', 'quiet-init', '--quiet'], { cwd: dir });
    expect(quiet.status, quiet.stderr).toBe(0);
    expect(quiet.stdout.toString()).toBe('');
    expect(quiet.stderr).toBe('');
    expect(existsSync(join(dir, 'quiet-init', 'quiet-init.yaml'))).toBe(true);
  }, 120_000);
});

describe('config file: briefing.config.yaml or package.json#briefing, --config; flags win', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('briefing-config-');
    copySeed(join(dir, 'data'), ['alpha.yaml']);
    writeFileSync(join(dir, 'briefing.config.yaml'), 'out: built\npaper: letter\nformats: [print]\n');
    mkdirSync(join(dir, 'sub'));
  });

  it('the config sets out dir, paper and formats (found from a subfolder too)', () => {
    const r = cli(['build', '../data/alpha.yaml'], { cwd: join(dir, 'sub') });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'built', 'alpha')).sort()).toEqual(['briefing.pdf', 'manifest.json']);
    expect(size(join(dir, 'built', 'alpha', 'briefing.pdf'))).toEqual(LETTER);
  }, 120_000);

  it('flags override the config', () => {
    const r = cli(['build', 'data/alpha.yaml', '--paper', 'a4', '--out', 'flagged', '--format', 'print,slides'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(size(join(dir, 'flagged', 'alpha', 'briefing.pdf'))).toEqual(rounded(A4));
    expect(existsSync(join(dir, 'flagged', 'alpha', 'slides.pdf'))).toBe(true);
  }, 120_000);

  it('--config names another file; a package.json "briefing" key works the same', () => {
    writeFileSync(join(dir, 'other.yaml'), 'out: other-out\nformats: [slides]\n');
    const r = cli(['build', 'data/alpha.yaml', '--config', 'other.yaml'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'other-out', 'alpha')).sort()).toEqual(['manifest.json', 'slides.pdf']);

    const pkgDir = tempDir('briefing-pkgjson-');
    copySeed(join(pkgDir, 'data'), ['alpha.yaml']);
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: 'x', private: true, briefing: { out: 'from-pkg', formats: ['print'], paper: 'letter' } }));
    const p = cli(['build', 'data/alpha.yaml'], { cwd: pkgDir });
    expect(p.status, p.stderr).toBe(0);
    expect(size(join(pkgDir, 'from-pkg', 'alpha', 'briefing.pdf'))).toEqual(LETTER);
  }, 240_000);

  it('without a config the built-in defaults hold (out/, A4, print and slides)', () => {
    const bare = tempDir('briefing-noconfig-');
    cpSync(join(dir, 'data'), join(bare, 'data'), { recursive: true });
    writeFileSync(join(bare, 'package.json'), '{"name":"bare","private":true}');
    const r = cli(['build', 'data/alpha.yaml'], { cwd: bare });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(bare, 'out', 'alpha')).sort()).toEqual(['briefing.pdf', 'manifest.json', 'slides.pdf']);
    expect(size(join(bare, 'out', 'alpha', 'briefing.pdf'))).toEqual(rounded(A4));
  }, 120_000);

  for (const [text, what] of [
    ['out: x\ncolour: blue\n', 'an unknown key'],
    ['paper: a3\n', 'a wrong value'],
    ['out: -\n', 'out: -'],
    ['out: [unclosed\n', 'broken YAML'],
  ] as const) {
    it(`a config with ${what} is a usage error BR526, nothing written`, () => {
      const cwd = tempDir('briefing-badconfig-');
      copySeed(join(cwd, 'data'), ['alpha.yaml']);
      writeFileSync(join(cwd, 'briefing.config.yaml'), text);
      const r = cli(['build', 'data/alpha.yaml'], { cwd });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain('BR526');
      expect(r.stderr).toContain('briefing.config.yaml');
      expect(readdirSync(cwd).sort()).toEqual(['briefing.config.yaml', 'data']);
    });
  }

  it('--config naming a missing file is a usage error BR526', () => {
    const r = cli(['build', 'data/alpha.yaml', '--config', 'nope.yaml'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('BR526');
  });
});

describe('briefing completion', () => {
  const script = (shell: string) => cli(['completion', shell]).stdout.toString();

  it('bash: sourcing it registers the completion function', () => {
    const r = spawnSync('bash', ['-c', `source <("${process.execPath}" "${bin}" completion bash); complete -p briefing`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('complete -o filenames -F _briefing briefing');
  });

  it('bash: completes commands, options and --paper values', () => {
    const complete = (...words: string[]) => {
      const line = `source <("${process.execPath}" "${bin}" completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _briefing; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split('\n');
    };
    expect(complete('briefing', 'bu')).toEqual(['build']);
    expect(complete('briefing', 'co')).toEqual(['completion']);
    expect(complete('briefing', 'build', '--pa')).toEqual(['--paper']);
    expect(complete('briefing', 'build', '--qu')).toEqual(['--quiet']);
    expect(complete('briefing', 'build', '--paper', '')).toEqual(['a4', 'letter']);
    expect(complete('briefing', 'completion', '')).toEqual(['bash', 'zsh']);
    // The service's commands and their options come from the same commander tree.
    expect(complete('briefing', 'se')).toEqual(['serve']);
    expect(complete('briefing', 'pr')).toEqual(['preview']);
    expect(complete('briefing', 'wo')).toEqual(['worker']);
    expect(complete('briefing', 'serve', '--max-')).toEqual(['--max-memory', '--max-queue', '--max-body']);
    expect(complete('briefing', 'worker', '--re')).toEqual(['--redis']);
  });

  it('bash: completes init and draft, init to folders and draft to files', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sample.txt'), 'text\n');
    const complete = (...words: string[]) => {
      const line = `cd "${dir}" && source <("${process.execPath}" "${bin}" completion bash); COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _briefing; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync('bash', ['-c', line], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return r.stdout.trim().split('\n').sort();
    };
    expect(complete('briefing', 'in')).toEqual(['init']);
    expect(complete('briefing', 'dr')).toEqual(['draft']);
    expect(complete('briefing', 'init', '')).toEqual(['sub']);
    expect(complete('briefing', 'draft', '')).toEqual(['sample.txt', 'sub']);
    expect(complete('briefing', 'draft', '--')).toEqual(['--help', '--id', '--json']);
  });

  it('zsh: a #compdef script that registers _briefing after compinit', () => {
    const text = script('zsh');
    expect(text.startsWith('#compdef briefing\n')).toBe(true);
    for (const c of ['build', 'validate', 'watch', 'schema', 'init', 'draft', 'completion', 'serve', 'worker', 'preview']) expect(text).toContain(`'${c}:`);
    // init's argument is a folder, draft's any file (a source text), build's facts files.
    expect(text).toMatch(/ {4}init\)\n {6}_arguments -s [\s\S]*?'1:folder:_files -\/'\n {6};;/);
    expect(text).toMatch(/ {4}draft\)\n {6}_arguments -s [\s\S]*?'1:file:_files'\n {6};;/);
    const r = spawnSync('zsh', ['-fc', `autoload -U compinit && compinit -u -D && source <("${process.execPath}" "${bin}" completion zsh) && print -r -- $_comps[briefing]`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('_briefing');
  });

  it('an unknown shell is a usage error', () => {
    const r = cli(['completion', 'fish']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('completion takes bash or zsh');
  });
});
