// Output sets: an id is a safe file name or a located error; `<out>/<id>` is always the whole
// previous set or the whole new one, whatever step a build fails or is killed at; builds of
// the same id serialise; left-overs of a crash are recovered by the next build.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { briefingId, idProblem } from '../src/api/formats.js';
import { COMMIT_STEPS, confinedSetPath, nodeIo, OutputError, recover, writeOutputSet, type CommitStep, type FileToWrite, type WriteIo } from '../src/delivery/output.js';
import { bin, cleanEnv, root, runCli, runCliAsync } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';
import { largeTemplates, signalDuringBuild } from './helpers/large-templates.js';

const BUILD_TIMEOUT = 240_000;
const minimal = join(root, 'test/fixtures/minimal.yaml');

const set = (tag: string): FileToWrite[] => [
  { name: 'briefing.pdf', data: `${tag} print` },
  { name: 'slides.pdf', data: `${tag} slides` },
  { name: 'manifest.json', data: JSON.stringify({ tag }) },
];

/** 'old' or 'new' when every file of the set carries that tag; throws on a mix or a gap. */
function generation(dir: string): string {
  const print = readFileSync(join(dir, 'briefing.pdf'), 'utf8').split(' ')[0]!;
  const slides = readFileSync(join(dir, 'slides.pdf'), 'utf8').split(' ')[0]!;
  const manifest = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { tag: string }).tag;
  if (print !== slides || slides !== manifest) throw new Error(`mixed set: ${print}/${slides}/${manifest}`);
  return print;
}

/** Everything in `out` besides the set, its one version folder and nothing else. */
function leftovers(out: string, id: string): string[] {
  const target = lstatSync(join(out, id)).isSymbolicLink() ? readlinkSync(join(out, id)) : undefined;
  return readdirSync(out).filter((n) => n !== id && n !== target);
}

/** A copy of the minimal fixture named `name`, with its source document beside it. */
function fixtureAs(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, name);
  cpSync(minimal, file);
  return file;
}

describe('ids are safe file names or a located error (BR510)', () => {
  const bad = ['...yaml', '..yaml', '.yaml', '.hidden.yaml', 'con.yaml', 'LPT1.json', 'aux.txt.yaml', 'a\u001b[2Jb.yaml', 'tab\there.yaml', 'bidi\u202eyaml.yaml', 'trail .yaml', 'dot..yaml', 'ask?.yaml', 'a:b.yaml', 'quote".yaml', `${'x'.repeat(201)}.yaml`, `${'é'.repeat(101)}.yaml`];
  const good = ['shanghai-uk-2023.yaml', 'My briefing 2024.yml', '中文简报.yaml', 'a.b.c.json', `${'x'.repeat(200)}.yaml`];

  it('idProblem refuses every unsafe variant and accepts ordinary names', () => {
    for (const name of bad) expect(idProblem(briefingId(name)), name).toBeDefined();
    for (const name of good) expect(idProblem(briefingId(name)), name).toBeUndefined();
  });

  it('confinedSetPath refuses ids that would leave --out, whatever slipped past', () => {
    for (const id of ['..', '.', '', '../x', 'a/b', '/etc']) expect(() => confinedSetPath('/tmp/out', id), id).toThrow(OutputError);
    expect(confinedSetPath('/tmp/out', 'ok')).toBe('/tmp/out/ok');
  });

  it(
    'the CLI exits 1 with BR510 for `...yaml`, `..yaml` and other unsafe names, writing nothing anywhere',
    () => {
      for (const name of ['...yaml', '..yaml', '.yaml', 'con.yaml', 'x\u001b]0;pwned\u0007.yaml']) {
        const dir = tempDir('briefing-id-');
        const file = fixtureAs(join(dir, 'in'), name);
        const out = join(dir, 'deep', 'out');
        const r = runCli(['build', file, '--out', out, '--json']);
        expect(r.status, name).toBe(1);
        const doc = JSON.parse(r.stdout) as { errors: { message: string }[] };
        expect(doc.errors[0]!.message).toMatch(/cannot name the output folder/);
        expect(existsSync(out), name).toBe(false);
        expect(readdirSync(dir).sort()).toEqual(['in']);
        const plain = runCli(['build', file, '--out', out]);
        expect(plain.stderr).toContain('error[BR510]');
        // The escape sequence in the name is shown, not sent to the terminal.
        expect(plain.stderr).not.toMatch(/\u001b\]/);
      }
    },
    BUILD_TIMEOUT,
  );
});

describe('the output set is all old or all new', () => {
  /** Fails (throws) right after `step`; at `staging`, after `nth` files. */
  const failAt = (step: CommitStep, nth = 0): WriteIo => {
    let n = 0;
    return {
      ...nodeIo,
      step(s) {
        if (s === step && n++ === nth) throw new Error(`EIO: injected at ${step}`);
      },
    };
  };

  it('a failure injected after every step leaves the old set or the new one, never a mix, and the next build recovers', async () => {
    for (const step of COMMIT_STEPS) {
      for (const nth of step === 'staging' ? [0, 1, 2] : [0]) {
        const out = tempDir('briefing-step-');
        const dir = join(out, 'b');
        await writeOutputSet(dir, set('old'));
        let threw = false;
        try {
          await writeOutputSet(dir, set('new'), failAt(step, nth));
        } catch {
          threw = true;
        }
        // Before the switch the old set stays; after it the new one is complete.
        const seen = generation(dir);
        const switched = COMMIT_STEPS.indexOf(step) >= COMMIT_STEPS.indexOf('swapped');
        expect(seen, `${step}/${nth}`).toBe(switched ? 'new' : 'old');
        expect(threw).toBe(true);
        await writeOutputSet(dir, set('next'));
        expect(generation(dir)).toBe('next');
        expect(leftovers(out, 'b'), step).toEqual([]);
      }
    }
  });

  it('a rename that fails (EIO) or a set path that became a file fails cleanly', async () => {
    const out = tempDir('briefing-step-');
    const dir = join(out, 'b');
    await writeOutputSet(dir, set('old'));
    let renames = 0;
    const io: WriteIo = {
      ...nodeIo,
      rename(from, to) {
        if (++renames === 1) throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
        nodeIo.rename(from, to);
      },
    };
    await expect(writeOutputSet(dir, set('new'), io)).rejects.toThrow('EIO');
    expect(generation(dir)).toBe('old');
    expect(leftovers(out, 'b')).toEqual([]);

    const fileOut = tempDir('briefing-step-');
    writeFileSync(join(fileOut, 'b'), 'a file where the set goes');
    await expect(writeOutputSet(join(fileOut, 'b'), set('new'))).rejects.toMatchObject({ code: 'BR513' });
    expect(readFileSync(join(fileOut, 'b'), 'utf8')).toBe('a file where the set goes');
  });

  it('a folder where slides.pdf should go (inside the old set) does not stop the switch', async () => {
    const out = tempDir('briefing-step-');
    const dir = join(out, 'b');
    await writeOutputSet(dir, set('old'));
    const version = join(out, readlinkSync(dir));
    // Someone replaced the old slides.pdf with a folder: the new set is written beside it.
    renameSync(join(version, 'slides.pdf'), join(out, 'moved'));
    mkdirSync(join(version, 'slides.pdf'));
    await writeOutputSet(dir, set('new'));
    expect(generation(dir)).toBe('new');
  });

  it('a plain folder from an older version is converted; one holding foreign files is refused (BR514)', async () => {
    const out = tempDir('briefing-legacy-');
    const dir = join(out, 'b');
    mkdirSync(dir);
    for (const f of set('old')) writeFileSync(join(dir, f.name), f.data);
    await writeOutputSet(dir, set('new'));
    expect(lstatSync(dir).isSymbolicLink()).toBe(true);
    expect(generation(dir)).toBe('new');
    expect(leftovers(out, 'b')).toEqual([]);

    const foreign = join(out, 'c');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'my-notes.txt'), 'mine');
    await expect(writeOutputSet(foreign, set('new'))).rejects.toMatchObject({ code: 'BR514' });
    expect(readdirSync(foreign)).toEqual(['my-notes.txt']);
  });

  it('a legacy folder moved aside by a killed build is put back by the next one', async () => {
    const out = tempDir('briefing-legacy-');
    mkdirSync(join(out, '.b.999999-0badc0de.legacy'));
    for (const f of set('old')) writeFileSync(join(out, '.b.999999-0badc0de.legacy', f.name), f.data);
    recover(out, 'b');
    expect(generation(join(out, 'b'))).toBe('old');
  });

  /** Runs writeOutputSet in a child process that SIGKILLs itself right after `step`. */
  const killedAt = (dir: string, step: string) =>
    spawnSync(process.execPath, ['--input-type=module', '-e', `import { writeOutputSet } from ${JSON.stringify(join(root, 'dist/delivery/output.js'))}; await writeOutputSet(${JSON.stringify(dir)}, ${JSON.stringify(set('new'))});`], {
      env: cleanEnv({ BRIEFING_TEST_KILL_AT: step }),
      encoding: 'utf8',
    });

  it('a real SIGKILL at every step: the set is all old or all new, and the next build cleans up', async () => {
    for (const step of COMMIT_STEPS) {
      const out = tempDir('briefing-kill-');
      const dir = join(out, 'b');
      await writeOutputSet(dir, set('old'));
      const r = killedAt(dir, step);
      expect(r.signal, `${step}: ${r.stderr}`).toBe('SIGKILL');
      const switched = COMMIT_STEPS.indexOf(step) >= COMMIT_STEPS.indexOf('swapped');
      expect(generation(dir), step).toBe(switched ? 'new' : 'old');
      // The lock of the killed process is stale: the next build takes it over at once.
      await writeOutputSet(dir, set('next'), nodeIo, 2000);
      expect(generation(dir)).toBe('next');
      expect(leftovers(out, 'b'), step).toEqual([]);
    }
  });

  it('a live lock makes a second build wait, then fail clearly (BR515) if it is never released', async () => {
    const out = tempDir('briefing-lock-');
    const dir = join(out, 'b');
    await writeOutputSet(dir, set('old'));
    // A lock held by this (live) process, as a concurrent build would hold it.
    writeFileSync(join(out, '.b.lock'), `${process.pid}\nsomeone-else\n`);
    await expect(writeOutputSet(dir, set('new'), nodeIo, 300)).rejects.toMatchObject({ code: 'BR515' });
    expect(generation(dir)).toBe('old');
  });

  it(
    'SIGKILL of a real CLI build while it stages, then two concurrent builds of the same id: always one complete set',
    async () => {
      const dir = tempDir('briefing-kill-cli-');
      const file = fixtureAs(join(dir, 'in'), 'brief.yaml');
      const out = join(dir, 'out');
      expect(runCli(['build', file, '--out', out]).status).toBe(0);
      const before = readFileSync(join(out, 'brief', 'manifest.json'), 'utf8');
      const killed = spawnSync(process.execPath, [bin, 'build', file, '--out', out, '--format', 'print'], { env: cleanEnv({ BRIEFING_TEST_KILL_AT: 'staged' }), encoding: 'utf8' });
      expect(killed.signal).toBe('SIGKILL');
      expect(readFileSync(join(out, 'brief', 'manifest.json'), 'utf8')).toBe(before);
      expect(existsSync(join(out, 'brief', 'slides.pdf'))).toBe(true);

      // Two builds of the same id with different formats race; each must land whole.
      const [a, b] = await Promise.all([runCliAsync(['build', file, '--out', out, '--format', 'print']), runCliAsync(['build', file, '--out', out, '--format', 'print,slides', '--notes'])]);
      expect([a.status, b.status]).toEqual([0, 0]);
      const manifest = JSON.parse(readFileSync(join(out, 'brief', 'manifest.json'), 'utf8')) as { outputs: { file: string; bytes: number }[] };
      const files = readdirSync(join(out, 'brief')).sort();
      expect(files).toEqual([...manifest.outputs.map((o) => o.file), 'manifest.json'].sort());
      for (const o of manifest.outputs) expect(readFileSync(join(out, 'brief', o.file)).byteLength).toBe(o.bytes);
      expect(leftovers(out, 'brief')).toEqual([]);
    },
    BUILD_TIMEOUT,
  );
});

describe('--out that cannot be written is a usage error, not an internal one', () => {
  it('--out at a file or under a file: exit 2 with BR513, nothing built', () => {
    const dir = tempDir('briefing-out-');
    const file = join(dir, 'a-file');
    writeFileSync(file, 'x');
    for (const out of [file, join(file, 'sub'), join(file, 'sub', 'deeper')]) {
      const r = runCli(['build', minimal, '--out', out]);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toContain('error[BR513]');
      expect(readFileSync(file, 'utf8')).toBe('x');
    }
  });

  it('--out in a read-only folder: exit 2 with BR512 (skipped as root, who may write anywhere)', () => {
    if (process.getuid?.() === 0) {
      // Root ignores permissions; a read-only file system is the only way, covered below.
      return;
    }
    const dir = tempDir('briefing-out-');
    chmodSync(dir, 0o555);
    const r = runCli(['build', minimal, '--out', join(dir, 'out')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('error[BR512]');
  });

  it('--out where nothing can be created (/sys, /proc): exit 2 with BR512, no raw errno', () => {
    for (const out of ['/sys/briefing-out', '/proc/briefing-out/x']) {
      const r = runCli(['build', minimal, '--out', out]);
      expect(r.status, out).toBe(2);
      expect(r.stderr).toContain('error[BR512]');
    }
  });
});

describe('signals stop a build at once, keeping the previous files', () => {
  it(
    'SIGINT and SIGTERM during a large build: exit 130 / 143 within 1 s, previous set intact',
    async () => {
      const dir = tempDir('briefing-signal-');
      const file = fixtureAs(join(dir, 'in'), 'big.yaml');
      const out = join(dir, 'out');
      expect(runCli(['build', file, '--out', out, '--format', 'slides']).status).toBe(0);
      const before = readFileSync(join(out, 'big', 'manifest.json'), 'utf8');
      const templates = largeTemplates(join(dir, 'templates'));
      for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
        const { status, stderr, stopMs } = await signalDuringBuild(['build', file, '--out', out, '--templates', templates], signal);
        expect(status, stderr).toBe(code);
        expect(stopMs).toBeLessThan(1000);
        expect(readFileSync(join(out, 'big', 'manifest.json'), 'utf8')).toBe(before);
        expect(leftovers(out, 'big')).toEqual([]);
      }
    },
    BUILD_TIMEOUT,
  );
});

describe('a batch with a per-file timeout always ends with its summary', () => {
  it(
    'files that run past --timeout are stopped (BR517, exit 1), the summary is printed, the previous sets kept',
    () => {
      const dir = tempDir('briefing-timeout-');
      const a = fixtureAs(join(dir, 'in'), 'first.yaml');
      const b = fixtureAs(join(dir, 'in'), 'second.yaml');
      const out = join(dir, 'out');
      expect(runCli(['build', a, b, '--out', out, '--format', 'slides']).status).toBe(0);
      const before = [readFileSync(join(out, 'first', 'manifest.json'), 'utf8'), readFileSync(join(out, 'second', 'manifest.json'), 'utf8')];
      const r = runCli(['build', a, b, '--out', out, '--templates', largeTemplates(join(dir, 'templates')), '--timeout', '1']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.match(/error\[BR517\]/g)).toHaveLength(2);
      // In a pipe the summary goes to stderr (stdout carries only written paths: none here).
      expect(r.stderr).toContain('2 files: 0 built, 2 failed');
      expect(r.stdout).toBe('');
      expect([readFileSync(join(out, 'first', 'manifest.json'), 'utf8'), readFileSync(join(out, 'second', 'manifest.json'), 'utf8')]).toEqual(before);
    },
    BUILD_TIMEOUT,
  );
});
