// The library face, as a backend uses it: import from the package entry, build in memory,
// catch BriefingInputError; no output, no exit, no files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildBriefing, BriefingInputError, type BuildResult } from '../src/index.js';
import { pdfinfo, pdftotext, toFile } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const seed = join(root, 'data/shanghai-uk-2023.yaml');

describe('buildBriefing', () => {
  let writes: string[];
  let exits: unknown[];
  beforeEach(() => {
    writes = [];
    exits = [];
    const capture = (chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void writes.push(a.join(' ')));
    vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exits.push(code);
      throw new Error('process.exit called');
    }) as never);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('builds from a path: PDFs in memory, a manifest, no output, no exit, no files', async () => {
    const cwdBefore = readdirSync(process.cwd()).sort();
    const result: BuildResult = await buildBriefing(seed, { formats: ['slides'] });
    expect(writes).toEqual([]);
    expect(exits).toEqual([]);
    expect(readdirSync(process.cwd()).sort()).toEqual(cwdBefore);
    expect(result.print).toBeUndefined();
    expect(result.slides).toBeInstanceOf(Uint8Array);
    const path = toFile(result.slides!, 'slides.pdf');
    expect(pdfinfo(path).pages).toBe(result.manifest.outputs[0]!.pages);
    expect(pdftotext(path)).toContain('24.21');
    expect(result.manifest).toMatchObject({ id: 'shanghai-uk-2023', outputs: [{ format: 'slides', file: 'slides.pdf', bytes: result.slides!.byteLength }] });
    expect(Object.keys(result.timings)).toEqual(expect.arrayContaining(['facts', 'narrative', 'charts', 'layout', 'pdf']));
  }, 180_000);

  it('builds from a facts object with the same validation, and renders the e-mail bodies', async () => {
    const doc = parseYaml(readFileSync(seed, 'utf8')) as Record<string, unknown>;
    const stages: string[] = [];
    const result = await buildBriefing(doc, { baseDir: join(root, 'data'), formats: ['slides'], email: true, onStage: (s) => stages.push(s) });
    expect(writes).toEqual([]);
    expect(exits).toEqual([]);
    expect(result.slides!.byteLength).toBeGreaterThan(10_000);
    // The seed's title holds one text per language; the English edition prints the en-GB one.
    expect(result.email!.subject).toBe((doc.meta as { title: Record<string, string> }).title['en-GB']);
    expect(result.email!.text).toContain('US$24.21 billion');
    expect(result.email!.html).toContain('US$24.21 billion');
    // The e-mail (with its chart preview, drawn asynchronously) comes after layout, still before any PDF.
    expect(stages).toEqual(['facts', 'narrative', 'charts', 'layout', 'email', 'pdf']);
  }, 180_000);

  it('throws BriefingInputError with located diagnostics, silently', async () => {
    const doc = parseYaml(readFileSync(seed, 'utf8')) as { facts: Record<string, { value: unknown }> };
    doc.facts.uk_shanghai_trade_2022!.value = 'lots';
    const error = await buildBriefing(doc, { baseDir: join(root, 'data') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingInputError);
    const diagnostics = (error as BriefingInputError).diagnostics;
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(diagnostics.some((d) => d.severity === 'error' && d.path === 'facts.uk_shanghai_trade_2022.value')).toBe(true);
    expect(writes).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('a missing file is a BriefingInputError, not a crash', async () => {
    const error = await buildBriefing(join(root, 'data/no-such.yaml')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingInputError);
    expect((error as BriefingInputError).diagnostics[0]).toMatchObject({ code: 'BR100', file: join(root, 'data/no-such.yaml'), message: 'no such file' });
    expect(writes).toEqual([]);
    expect(exits).toEqual([]);
  });

  it('rejects bad options with a TypeError', async () => {
    await expect(buildBriefing(seed, { formats: ['poster' as never] })).rejects.toThrow('buildBriefing: formats must be some of print, slides, notes, pptx, got ["poster"]');
    await expect(buildBriefing(42 as never)).rejects.toThrow(TypeError);
    await expect(buildBriefing(seed, { locale: 'not a locale' })).rejects.toThrow('buildBriefing: locale must be one of the supported locales (en-GB, en-US, en-AU, en-CA, en-IE, en-IN, en-NZ, en-SG, en-ZA, zh-CN), got "not a locale"');
  });

  it('the manifest hashes the facts file as it was read', async () => {
    const { createHash } = await import('node:crypto');
    const result = await buildBriefing(seed, { formats: ['slides'] });
    expect(result.manifest.input.sha256).toBe(createHash('sha256').update(readFileSync(seed)).digest('hex'));
  }, 180_000);
});

describe('the package entry', () => {
  it('package.json exports point at the bundled library, which exports all the compiled index does', async () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['.'].default).toBe('./dist/bundle/index.mjs');
    expect(pkg.main).toBe('dist/bundle/index.mjs');
    const bundled = (await import(join(root, 'dist/bundle/index.mjs'))) as Record<string, unknown>;
    const compiled = (await import(join(root, 'dist/index.js'))) as Record<string, unknown>;
    expect(Object.keys(bundled).sort()).toEqual(Object.keys(compiled).sort());
    expect(typeof bundled.buildBriefing).toBe('function');
    expect(typeof bundled.BriefingInputError).toBe('function');
    // A build through the bundle finds its templates, fonts and workers from dist/bundle/.
    const result = await (bundled.buildBriefing as (f: string, o: object) => Promise<{ slides?: Uint8Array }>)(seed, { formats: ['slides'] });
    expect(result.slides!.byteLength).toBeGreaterThan(10_000);
  }, 180_000);
});
