// Hostile facts files and templates: paths are confined to the facts file's folder, nothing
// remote is fetched, alias bombs and deep nesting are refused quickly, and prototype-
// pollution payloads are inert (printed literally, never executed or merged).
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { loadFacts, factsFromObject, confinedPath } from '../src/facts/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { buildBriefing } from '../src/api/index.js';
import { pdftotext, tempDir, toFile } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const MINIMAL = readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8');

/** A fresh folder with the minimal fixture's source text and a facts file made from `text`. */
function caseFile(text: string, name = 'facts.yaml'): { dir: string; file: string } {
  const dir = tempDir('briefing-sec-');
  cpSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

/** The minimal fixture with its source `document:` replaced. */
const withDocument = (doc: string) => MINIMAL.replace('document: minimal-source.txt', `document: ${JSON.stringify(doc)}`);

/** The diagnostics loadFacts throws; fails the test if it does not throw a BriefingInputError. */
function rejection(file: string): readonly Diagnostic[] {
  try {
    loadFacts(file);
  } catch (e) {
    if (e instanceof BriefingInputError) return e.diagnostics;
    throw e;
  }
  throw new Error(`${file} was accepted`);
}

function expectLocated(list: readonly Diagnostic[], message: RegExp): void {
  const hit = list.find((d) => message.test(d.message));
  expect(hit, list.map((d) => d.message).join('\n')).toBeDefined();
  expect(hit!.severity).toBe('error');
  expect(hit!.file).not.toBe('');
  expect(hit!.line).toBeGreaterThanOrEqual(0);
}

describe('source documents are confined to the facts file’s folder', () => {
  it('the fixture as written loads (the cases below differ only in the path)', () => {
    expect(() => loadFacts(caseFile(MINIMAL).file)).not.toThrow();
  });

  it('refuses ../../etc/passwd, pointing at the document line', () => {
    const list = rejection(caseFile(withDocument('../../etc/passwd')).file);
    expectLocated(list, /leaves the facts file's folder/);
    const d = list.find((x) => /leaves/.test(x.message))!;
    expect(d.path).toBe('sources.sample.document');
    expect(d.line).toBe(MINIMAL.split('\n').findIndex((l) => l.includes('document:')) + 1);
  });

  it('refuses a path that climbs out and back in only on paper (sub/../../x)', () => {
    const { dir, file } = caseFile(withDocument('sub/../../outside.txt'));
    writeFileSync(join(dir, '..', 'outside.txt'), 'The harbour handled 1,200 ships in 2023');
    expectLocated(rejection(file), /leaves the facts file's folder/);
  });

  it('refuses an absolute path, even to a file inside the folder', () => {
    const { dir, file } = caseFile('');
    writeFileSync(file, withDocument(join(dir, 'minimal-source.txt')));
    expectLocated(rejection(file), /absolute paths are not allowed/);
    writeFileSync(file, withDocument('/etc/passwd'));
    expectLocated(rejection(file), /absolute paths are not allowed/);
  });

  it('refuses a symlink inside the folder that points outside it', () => {
    const { dir, file } = caseFile(withDocument('link.txt'));
    const outside = join(tempDir('briefing-sec-outside-'), 'secret.txt');
    writeFileSync(outside, 'The harbour handled 1,200 ships in 2023');
    symlinkSync(outside, join(dir, 'link.txt'));
    expectLocated(rejection(file), /leaves the facts file's folder/);
  });

  it('refuses a file reached through a symlinked folder that points outside', () => {
    const { dir, file } = caseFile(withDocument('linked/secret.txt'));
    const outside = tempDir('briefing-sec-outside-');
    writeFileSync(join(outside, 'secret.txt'), 'x');
    symlinkSync(outside, join(dir, 'linked'));
    expectLocated(rejection(file), /leaves the facts file's folder/);
  });

  it('accepts a symlink that stays inside the folder', () => {
    const { dir, file } = caseFile(withDocument('alias.txt'));
    symlinkSync(join(dir, 'minimal-source.txt'), join(dir, 'alias.txt'));
    expect(() => loadFacts(file)).not.toThrow();
  });

  it('confines in-memory documents to baseDir as well', async () => {
    const { dir } = caseFile(MINIMAL);
    const doc = parse(withDocument('../../etc/passwd')) as object;
    expect(() => factsFromObject(doc, dir)).toThrow(BriefingInputError);
    await expect(buildBriefing(doc, { baseDir: dir })).rejects.toThrow(/leaves the facts file's folder/);
  });

  it('confinedPath: the rule on its own', () => {
    const dir = tempDir('briefing-sec-');
    expect(confinedPath('a/b.txt', dir)).toBe(join(dir, 'a/b.txt'));
    expect(confinedPath('./a/../b.txt', dir)).toBe(join(dir, 'b.txt'));
    for (const bad of ['..', '../x', 'a/../../x', '/etc/passwd', '//server/share/x']) expect(typeof confinedPath(bad, dir), bad).toBe('object');
  });

  it('a NUL byte in the path is an input error, not a crash', () => {
    expectLocated(rejection(caseFile(withDocument('minimal-source.txt\u0000.png')).file), /./);
  });
});

describe('remote documents are refused and never fetched', () => {
  let server: Server;
  let hits = 0;
  let base = '';

  beforeAll(async () => {
    server = createServer((_, res) => {
      hits++;
      res.end('The harbour handled 1,200 ships in 2023');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  for (const url of ['/source.txt', 'https://example.invalid/source.txt', 'file:///etc/passwd', 'ftp://example.invalid/x.txt', 'HTTP://example.invalid/x']) {
    it(`refuses ${url} with a clear message`, async () => {
      const href = url.startsWith('/') ? `${base}${url}` : url;
      const { file } = caseFile(withDocument(href));
      const list = rejection(file);
      expectLocated(list, /remote files are not fetched/);
      expect(list.find((d) => /remote/.test(d.message))!.message).toContain(href);
      await expect(buildBriefing(file)).rejects.toBeInstanceOf(BriefingInputError);
      expect(hits).toBe(0);
    });
  }
});

describe('alias bombs and deep nesting are refused quickly', () => {
  /** Runs `fn`, which must throw a BriefingInputError, within a generous time and memory bound. */
  function refusedQuickly(text: string, message: RegExp): void {
    const { file } = caseFile(text);
    global.gc?.();
    const heap = process.memoryUsage().heapUsed;
    const start = performance.now();
    const list = rejection(file);
    const ms = performance.now() - start;
    // Guards, not benchmarks: an unbounded expansion would take minutes and gigabytes.
    expect(ms).toBeLessThan(2000);
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(200 * 1024 * 1024);
    expectLocated(list, message);
  }

  it('a billion-laughs alias bomb', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    refusedQuickly(`${levels.join('\n')}\n`, /alias/);
  });

  it('an alias bomb hidden under a valid document', () => {
    const bomb = ['  x0: &x0 [1,1,1,1,1,1,1,1,1,1]'];
    for (let i = 1; i < 9; i++) bomb.push(`  x${i}: &x${i} [${Array(10).fill(`*x${i - 1}`).join(',')}]`);
    refusedQuickly(`${MINIMAL}\nextra:\n${bomb.join('\n')}\n`, /alias/);
  });

  it('an alias that refers to itself', () => {
    refusedQuickly('a: &a\n  b: *a\n', /alias|cycle/);
  });

  it('100,000 nested flow sequences', () => {
    refusedQuickly(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, /nests more than/);
  });

  it('50,000 nested flow mappings', () => {
    refusedQuickly(`${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}`, /nests more than/);
  });

  it('2,000 levels of block mappings by indentation', () => {
    refusedQuickly(Array.from({ length: 2000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n', /nests more than/);
  });

  it('40 levels of block mappings, under the rough limit but over the exact one', () => {
    refusedQuickly(Array.from({ length: 40 }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n') + ' 1\n', /nests more than/);
  });

  it('10,000 nested block sequences on one line', () => {
    refusedQuickly(`${'- '.repeat(10_000)}x\n`, /nests more than/);
  });

  it('a facts file over the size limit is refused before parsing', () => {
    refusedQuickly(`a: "${'x'.repeat(3 * 1024 * 1024)}"\n`, /limit is/);
  });
});

describe('prototype-pollution payloads are inert', () => {
  const protoKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
  const before = protoKeys();
  const functionBefore = Object.getOwnPropertyNames(Function.prototype).sort();

  function expectClean(): void {
    expect(protoKeys()).toEqual(before);
    expect(Object.getOwnPropertyNames(Function.prototype).sort()).toEqual(functionBefore);
    const probe = {} as Record<string, unknown>;
    for (const k of ['polluted', 'isAdmin', 'x']) expect(probe[k], k).toBeUndefined();
  }

  const PAYLOADS = ['{{constructor.constructor}}', '__proto__', 'constructor.prototype', '{{#with __proto__}}{{polluted}}{{/with}}', '{{lookup this "constructor"}}'];

  it('payloads as title, labels and names build and print literally', async () => {
    let text = MINIMAL.replace('title: Minimal briefing', `title: ${JSON.stringify(`Briefing ${PAYLOADS[0]} ${PAYLOADS[1]}`)}`);
    text = text.replace('label: Ships handled by the harbour\n    value: 1200', `label: ${JSON.stringify(`Ships ${PAYLOADS[2]} ${PAYLOADS[3]}`)}\n    value: 1200`);
    text = text.replace('name: Ana Example', `name: ${JSON.stringify(`Ana ${PAYLOADS[4]}`)}`);
    const { file } = caseFile(text);
    const r = await buildBriefing(file);
    expectClean();
    const printed = pdftotext(toFile(r.print!)).replace(/\s+/g, ' ');
    const slides = pdftotext(toFile(r.slides!)).replace(/\s+/g, ' ');
    // The title is on the cover of both; the payload must come out as the characters typed.
    expect(printed).toContain('{{constructor.constructor}}');
    expect(slides).toContain('{{constructor.constructor}}');
    expect(printed).toContain('__proto__');
    expect(printed).not.toMatch(/function Function|\[native code\]|\[object Object\]/);
    expect(slides).not.toMatch(/function Function|\[native code\]|\[object Object\]/);
  });

  it('keys named __proto__, constructor and prototype in YAML maps', async () => {
    const hostile = [
      '__proto__: {polluted: yes}',
      'constructor: {prototype: {polluted: yes}}',
      MINIMAL.replace('facts:\n', 'facts:\n  __proto__:\n    polluted: yes\n    isAdmin: true\n'),
      MINIMAL.replace('meta:\n', 'meta:\n  __proto__: {polluted: yes}\n'),
      MINIMAL.replace('facts:\n', 'facts:\n  constructor:\n    prototype: {polluted: yes}\n'),
      MINIMAL.replace('\ncharts:\n', '\ncharts:\n  __proto__: {type: bar, title: x, facts: [ships_2022]}\n'),
      `${MINIMAL}\n__proto__:\n  polluted: yes\n`,
      `<<: {__proto__: {polluted: yes}}\n${MINIMAL}`,
      JSON.stringify({ __proto__: { polluted: 'yes' }, meta: { title: 'x', date: '2024-01-01' } }).replace('"polluted"', '"polluted"'),
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
    ];
    for (const text of hostile) {
      const { file } = caseFile(text, text.startsWith('{') ? 'facts.json' : 'facts.yaml');
      try {
        await buildBriefing(file);
      } catch (e) {
        expect(e, text.slice(0, 80)).toBeInstanceOf(BriefingInputError);
      }
      expectClean();
    }
  });

  it('an in-memory object with an own __proto__ key (as JSON.parse makes it)', async () => {
    const obj = JSON.parse(`{"__proto__": {"polluted": "yes"}, ${JSON.stringify(parse(MINIMAL)).slice(1)}`) as object;
    try {
      await buildBriefing(obj, { baseDir: join(root, 'test/fixtures') });
    } catch (e) {
      expect(e).toBeInstanceOf(BriefingInputError);
    }
    expectClean();
  });

  it('hostile expressions in a template are refused or inert', async () => {
    const templates = tempDir('briefing-sec-templates-');
    mkdirSync(join(templates, 'partials'));
    const { file } = caseFile(MINIMAL);
    const attempts = [
      '{{constructor.constructor "return process"}}',
      '{{#with this.constructor}}{{#with prototype}}{{polluted}}{{/with}}{{/with}}',
      '{{lookup (lookup this "constructor") "prototype"}}',
      '{{#each this}}{{@key}}{{/each}}',
      '{{__proto__}}',
      '{{this.__proto__.polluted}}',
      '{{#with "x" as |s|}}{{s.constructor.name}}{{/with}}',
    ];
    for (const body of attempts) {
      writeFileSync(join(templates, 'partials', 'summary.hbs'), `${body}\n`);
      writeFileSync(join(templates, 'print.hbs'), '{{#summary}}{{> summary}}{{/summary}}\n');
      try {
        const r = await buildBriefing(file, { templatesDir: templates });
        const printed = pdftotext(toFile(r.print!));
        expect(printed, body).not.toMatch(/function|native code|\[object|process/);
      } catch (e) {
        expect(e, body).toBeInstanceOf(BriefingInputError);
      }
      expectClean();
    }
  });
});
