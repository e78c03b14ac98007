// The package as a user gets it: packed from a clean copy of the repository (the committed
// files plus the working changes, no dist/ and no node_modules of its own), checked by
// publint and arethetypeswrong, installed with --ignore-scripts into an empty project with
// no canvas, then used from ESM, from `npx briefing` and from TypeScript (node16 and
// bundler resolution). Needs the npm registry or npm's cache, as any install does.
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, parse as parsePath } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copySeed, root } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  devDependencies: Record<string, string>;
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The environment of a user's shell: no npm_* variables from the `npm test` running us. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD' && k !== 'CI') env[k] = v;
  return { ...env, NO_UPDATE_NOTIFIER: '1', npm_config_fund: 'false', npm_config_audit: 'false', npm_config_update_notifier: 'false' };
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: userEnv(), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return r;
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  expect(r.status, `${what}\n${r.stdout}\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/**
 * A fresh folder none of whose parents holds a node_modules: Node looks for packages in every
 * parent folder, so one there (a stray /tmp/node_modules) would hand the consumer a canvas it
 * never installed and the "no canvas" checks would prove nothing.
 */
function isolatedDir(prefix: string): string {
  const clean = (dir: string) => {
    for (let d = dir; ; d = dirname(d)) {
      if (existsSync(join(d, 'node_modules'))) return false;
      if (d === parsePath(d).root) return true;
    }
  };
  const base = [tmpdir(), '/var/tmp', homedir()].find(clean);
  if (!base) throw new Error('no temporary folder without a node_modules above it (checked the temp folder, /var/tmp and the home folder)');
  return mkdtempSync(join(base, prefix));
}

/** The files git knows (committed or new, not ignored) as they are in the work tree now. */
function cleanCopy(to: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of files) {
    const from = join(root, f);
    if (!existsSync(from) || statSync(from).isDirectory()) continue; // deleted in the work tree, or a submodule
    mkdirSync(dirname(join(to, f)), { recursive: true });
    cpSync(from, join(to, f));
  }
  // The dev tools (tsc for prepack) come from this checkout; nothing is installed here.
  symlinkSync(join(root, 'node_modules'), join(to, 'node_modules'), 'dir');
}

describe('npm pack from a clean copy, installed into an empty project', () => {
  let work: string;
  let tarball: string;
  let packed: string[];
  let consumer: string;

  beforeAll(() => {
    work = isolatedDir('briefing-pack-');
    const src = join(work, 'src');
    cleanCopy(src);
    expect(existsSync(join(src, 'dist')), 'the clean copy has no dist/').toBe(false);
    const out = ok(run(npm, ['pack', '--json', '--pack-destination', work], src), 'npm pack');
    const info = JSON.parse(out.slice(out.indexOf('['))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, info[0]!.filename);
    packed = info[0]!.files.map((f) => f.path).sort();

    consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
    ok(
      run(npm, ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball, `typescript@${pkg.devDependencies.typescript}`, `@types/node@${pkg.devDependencies['@types/node']}`], consumer),
      'npm install of the tarball',
    );
    copySeed(consumer, ['seed.yaml']);
  }, 600_000);

  it('ships the compiled library, CLI, templates, starter briefing, schema, README and LICENSE, and nothing else', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'bin/briefing.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/bundle/briefing.mjs', 'dist/bundle/index.mjs', 'dist/geo/country-bounds.json', 'dist/delivery/worker.js', 'templates/default/print.md', 'templates/default/email.html.hbs', 'starter/briefing.yaml', 'starter/print.md', 'schema/briefing.schema.json']) {
      expect(packed, f).toContain(f);
    }
    const tops = new Set(packed.map((p) => (p.includes('/') ? `${p.split('/')[0]}/` : p)));
    expect([...tops].sort()).toEqual(['LICENSE', 'README.md', 'bin/', 'dist/', 'package.json', 'schema/', 'starter/', 'templates/']);
    expect(packed.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    expect(packed).not.toContain('dist/.compiled');
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  });

  it('passes publint (strict) and arethetypeswrong (ESM-only profile)', async () => {
    const { publint } = await import('publint');
    const { formatMessage } = await import('publint/utils');
    const bytes = readFileSync(tarball);
    const tar = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const { messages, pkg: manifest } = await publint({ pack: { tarball: tar }, strict: true, level: 'suggestion' });
    expect(messages.map((m) => `${m.type} ${m.code}: ${formatMessage(m, manifest)}`)).toEqual([]);

    // An ESM-only package: resolution from CommonJS (node16-cjs) and the pre-exports node10
    // resolution are out of scope; node16/nodenext from ESM and bundlers must be clean.
    const attw = run(process.execPath, [join(root, 'node_modules/@arethetypeswrong/cli/dist/index.js'), tarball, '--profile', 'esm-only', '--format', 'json'], work);
    const report = JSON.parse(attw.stdout) as { analysis: { problems: { kind: string; entrypoint: string; resolutionKind?: string }[] } };
    expect(report.analysis.problems.filter((p) => p.resolutionKind !== 'node10' && p.resolutionKind !== 'node16-cjs')).toEqual([]);
    expect(attw.status, attw.stderr).toBe(0);
  }, 120_000);

  it('installs nothing native: no canvas, no package that builds with node-gyp', () => {
    const nm = join(consumer, 'node_modules');
    expect(existsSync(join(nm, 'canvas'))).toBe(false);
    expect(existsSync(join(nm, 'chartjs-node-canvas'))).toBe(false);
    const native: string[] = [];
    const visit = (dir: string) => {
      for (const name of readdirSync(dir)) {
        if (name.startsWith('.')) continue;
        const at = join(dir, name);
        if (name.startsWith('@')) visit(at);
        else if (existsSync(join(at, 'package.json'))) {
          const manifest = JSON.parse(readFileSync(join(at, 'package.json'), 'utf8')) as { gypfile?: boolean; scripts?: Record<string, string> };
          if (manifest.gypfile || existsSync(join(at, 'binding.gyp')) || manifest.scripts?.install || manifest.scripts?.preinstall || manifest.scripts?.postinstall) native.push(name);
          if (existsSync(join(at, 'node_modules'))) visit(join(at, 'node_modules'));
        }
      }
    };
    visit(nm);
    // msgpackr-extract is the one exception: an optional accelerator of msgpackr (BullMQ's
    // encoder, for the service's jobs) that ships prebuilt binaries as platform packages;
    // msgpackr falls back to plain JavaScript without it, and nothing is compiled.
    const optional = (parent: string) => (JSON.parse(readFileSync(join(nm, parent, 'package.json'), 'utf8')) as { optionalDependencies?: Record<string, string> }).optionalDependencies ?? {};
    expect(Object.keys(optional('msgpackr'))).toContain('msgpackr-extract');
    expect(Object.keys(optional('msgpackr-extract'))).toContain(`@msgpackr-extract/msgpackr-extract-${process.platform}-${process.arch}`);
    expect(native.filter((name) => name !== 'msgpackr-extract')).toEqual([]);
  });

  it('builds the seed through the library from ESM, with the schema exported', () => {
    const script = `
      import { buildBriefing, BriefingInputError } from 'briefing';
      import schema from 'briefing/schema.json' with { type: 'json' };
      const r = await buildBriefing('seed.yaml', { email: true });
      const png = await import('./node_modules/briefing/dist/charts/png.js').then((m) => m.renderChartPng({})).then(() => 'rendered', (e) => ({ code: e.code, message: e.message }));
      console.log(JSON.stringify({
        print: Buffer.from(r.print).subarray(0, 5).toString(), slides: Buffer.from(r.slides).subarray(0, 5).toString(),
        pages: r.manifest.outputs.map((o) => [o.file, o.pages]), schema: schema.title, error: typeof BriefingInputError,
        warnings: r.warnings.map((w) => w.code), images: r.email.images.length, html: r.email.html, png,
      }));`;
    const out = JSON.parse(ok(run(process.execPath, ['--input-type=module', '-e', script], consumer), 'ESM import')) as {
      print: string; slides: string; pages: [string, number][]; schema: string; error: string; warnings: string[]; images: number; html: string; png: { code: string; message: string };
    };
    expect(out.print).toBe('%PDF-');
    expect(out.slides).toBe('%PDF-');
    expect(out.pages.map(([f]) => f)).toEqual(['briefing.pdf', 'slides.pdf']);
    for (const [, pages] of out.pages) expect(pages).toBeGreaterThan(0);
    expect(out.schema).toBe('Briefing facts file');
    expect(out.error).toBe('function');
    // Without canvas the e-mail keeps its text and says the picture was left out.
    expect(out.warnings).toContain('BR575');
    expect(out.images).toBe(0);
    expect(out.html).not.toContain('cid:');
    expect(out.png.code).toBe('BR525');
    expect(out.png.message).toContain('canvas');
  }, 240_000);

  it("leaves fontkit's WOFF2 decoder out of the bundle, and the stand-in's way to it resolves in the installed package", () => {
    const bundle = join(consumer, 'node_modules', 'briefing', 'dist', 'bundle');
    for (const f of readdirSync(bundle)) if (f.endsWith('.mjs')) expect(readFileSync(join(bundle, f), 'utf8'), f).not.toContain('brotli/dec/dictionary-data');
    // What the stand-in in scripts/bundle.mjs (lazy-brotli) does on its first call, from the bundle's folder.
    const script = `
      import { createRequire } from 'node:module';
      import { pathToFileURL } from 'node:url';
      const require = createRequire(pathToFileURL(${JSON.stringify(join(bundle, 'index.mjs'))}));
      console.log(typeof createRequire(require.resolve('fontkit'))('brotli/decompress.js'));`;
    expect(ok(run(process.execPath, ['--input-type=module', '-e', script], consumer), 'brotli from the bundle').trim()).toBe('function');
  });

  it('starts a new briefing with `npx briefing init` and builds it', () => {
    ok(run(npm, ['exec', '--no', '--', 'briefing', 'init', 'fresh'], consumer), 'npx briefing init');
    ok(run(npm, ['exec', '--no', '--', 'briefing', 'build', 'fresh/fresh.yaml', '--out', 'out'], consumer), 'npx briefing build of the new folder');
    for (const f of ['briefing.pdf', 'slides.pdf']) expect(readFileSync(join(consumer, 'out/fresh', f)).subarray(0, 5).toString(), f).toBe('%PDF-');
  }, 240_000);

  it('builds the seed through `npx briefing`', () => {
    const r = run(npm, ['exec', '--no', '--', 'briefing', 'build', 'seed.yaml', '--out', 'out'], consumer);
    ok(r, 'npx briefing build');
    for (const f of ['briefing.pdf', 'slides.pdf', 'manifest.json']) expect(existsSync(join(consumer, 'out/seed', f)), f).toBe(true);
    expect(readFileSync(join(consumer, 'out/seed/briefing.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    const version = run(npm, ['exec', '--no', '--', 'briefing', '--version'], consumer);
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 240_000);

  for (const resolution of ['node16', 'bundler'] as const) {
    it(`typechecks a TypeScript consumer with ${resolution} resolution`, () => {
      const dir = join(consumer, `ts-${resolution}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'consumer.ts'),
        `import { buildBriefing, BriefingInputError, composeEml, type BuildResult, type Diagnostic } from 'briefing';
${resolution === 'node16' ? '' : "import schema from 'briefing/schema.json' with { type: 'json' };\nexport const title: string = schema.title;\n"}
export async function build(path: string): Promise<Uint8Array | undefined> {
  try {
    const result: BuildResult = await buildBriefing(path, { formats: ['print'], paper: 'letter', email: true });
    const eml: Buffer = await composeEml({ from: 'a@example.org', to: 'b@example.org', body: result.email!, date: result.date, attachments: [] });
    return eml.byteLength > 0 ? result.print : undefined;
  } catch (e) {
    if (e instanceof BriefingInputError) {
      const first: Diagnostic | undefined = e.diagnostics[0];
      throw new Error(first ? first.message : 'invalid');
    }
    throw e;
  }
}
// @ts-expect-error formats are checked
void buildBriefing('x.yaml', { formats: ['poster'] });
`,
      );
      const options =
        resolution === 'bundler'
          ? { module: 'preserve', moduleResolution: 'bundler' }
          : { module: resolution, moduleResolution: resolution };
      writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...options, target: 'es2022', strict: true, noEmit: true, skipLibCheck: false, resolveJsonModule: true, types: ['node'] }, files: ['consumer.ts'] }));
      const r = run(process.execPath, [join(consumer, 'node_modules/typescript/bin/tsc'), '-p', dir], consumer);
      expect(r.stdout + r.stderr).toBe('');
      expect(r.status).toBe(0);
    }, 240_000);
  }

  it('with canvas installed beside it, the e-mail carries its chart as an inline PNG', () => {
    // The optional peer, as `npm install canvas` would add it: here the copy this checkout
    // built, linked in, so that the test compiles nothing.
    symlinkSync(join(root, 'node_modules/canvas'), join(consumer, 'node_modules/canvas'), 'dir');
    const script = `
      import { buildBriefing } from 'briefing';
      const r = await buildBriefing('seed.yaml', { formats: ['print'], email: true });
      const [image] = r.email.images;
      console.log(JSON.stringify({ warnings: r.warnings.map((w) => w.code), png: Buffer.from(image.content).subarray(1, 4).toString(), cid: image.cid, inHtml: r.email.html.includes('cid:' + image.cid) }));`;
    const out = JSON.parse(ok(run(process.execPath, ['--input-type=module', '-e', script], consumer), 'ESM import with canvas')) as { warnings: string[]; png: string; cid: string; inHtml: boolean };
    expect(out.warnings).not.toContain('BR575');
    expect(out.png).toBe('PNG');
    expect(out.inHtml).toBe(true);
  }, 240_000);
});
