// Messages name the real problem: wide encodings, YAML tags, `__proto__` keys, library
// objects that are not plain data (Date, Map, getters, Proxies, cycles, oversized); numbers
// print honestly at the extremes; user text reaches a terminal escaped.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { factsFromObject, loadFacts } from '../src/facts/index.js';
import { MAX_OBJECT_VALUES } from '../src/facts/plain.js';
import { formatNumber, formatQuantity } from '../src/format/index.js';
import { diagnosticLine, summaryTable, outputLine, progressLine, detectUi } from '../src/cli/report.js';
import { terminalText } from '../src/cli/terminal.js';
import { root, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const minimalText = readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test fixtures are edited freely
const minimalDoc = (): Doc => parse(minimalText) as Doc;
const fixtures = join(root, 'test/fixtures');

function fileCase(bytes: Uint8Array | string): string {
  const dir = tempDir('briefing-input-');
  cpSync(join(fixtures, 'minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, 'facts.yaml');
  writeFileSync(file, bytes);
  return file;
}

function rejection(run: () => unknown): Diagnostic[] {
  try {
    run();
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('accepted');
}

describe('encodings (BR170)', () => {
  const encodings: [string, () => Buffer][] = [
    ['UTF-16 LE with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(minimalText, 'utf16le')])],
    ['UTF-16 LE without BOM', () => Buffer.from(minimalText, 'utf16le')],
    ['UTF-16 BE with BOM', () => Buffer.from(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(minimalText, 'utf16le')]).swap16())],
    ['UTF-16 BE without BOM', () => Buffer.from(Buffer.from(minimalText, 'utf16le')).swap16()],
    ['UTF-32 LE', () => Buffer.from(new Uint32Array([...minimalText].map((c) => c.codePointAt(0)!)).buffer)],
    ['UTF-32 BE', () => Buffer.from(new Uint32Array([...minimalText].map((c) => c.codePointAt(0)!)).buffer).swap32()],
  ];
  for (const [name, bytes] of encodings) {
    it(`${name}: "not supported, save as UTF-8", not "binary"`, () => {
      const list = rejection(() => loadFacts(fileCase(bytes())));
      expect(list.map((d) => d.code)).toEqual(['BR170']);
      expect(list[0]!.message).toMatch(/UTF-(16|32) is not supported, save it as UTF-8/);
      expect(list[0]!.message).not.toMatch(/binary/);
    });
  }
  it('a real binary file is still called binary', () => {
    const list = rejection(() => loadFacts(fileCase(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]))));
    expect(list[0]!.message).toMatch(/binary|UTF-8/);
    expect(list[0]!.code).not.toBe('BR170');
  });
});

describe('YAML tags (BR171)', () => {
  for (const [tag, value] of [['!!binary', 'MTIwMA=='], ['!!timestamp', '2023-01-01'], ['!custom', '1200'], ['!!set', '{ a, b }'], ['!!omap', '[ a: 1 ]'], ['!', '1200']] as const) {
    it(`${tag} is named, at its line`, () => {
      const file = fileCase(minimalText.replace('    value: 1200\n', `    value: ${tag} ${value}\n`));
      const list = rejection(() => loadFacts(file));
      const hit = list.find((d) => d.code === 'BR171');
      expect(hit, list.map((d) => d.message).join('\n')).toBeDefined();
      expect(hit!.message).toContain(`YAML tag ${tag}`);
      expect(hit!.line).toBe(minimalText.split('\n').indexOf('    value: 1200') + 1);
    });
  }
  it('plain core tags (!!str, !!int) are harmless and accepted', () => {
    expect(() => loadFacts(fileCase(minimalText.replace('    value: 1200\n', '    value: !!int 1200\n').replace('  title: Minimal briefing', '  title: !!str Minimal briefing')))).not.toThrow();
  });
});

describe('`__proto__` keys (BR172)', () => {
  it('in a YAML file: located, not dropped', () => {
    for (const [where, text] of [
      ['facts', minimalText.replace('facts:\n', 'facts:\n  __proto__:\n    label: Polluted\n')],
      ['meta', minimalText.replace('meta:\n', 'meta:\n  __proto__: { polluted: true }\n')],
      ['json', JSON.stringify({ ...minimalDoc(), facts: JSON.parse(`{"__proto__": {"label": "x"}, ${JSON.stringify(minimalDoc().facts).slice(1)}`) })],
    ] as const) {
      const list = rejection(() => loadFacts(fileCase(text)));
      const hit = list.find((d) => d.code === 'BR172');
      expect(hit, `${where}: ${list.map((d) => d.message).join('\n')}`).toBeDefined();
      expect(hit!.line, where).toBeGreaterThan(0);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    }
  });
  it('in a library object (own key from JSON.parse)', () => {
    const doc = minimalDoc();
    doc.facts = JSON.parse(`{"__proto__": {"label": "x"}, ${JSON.stringify(doc.facts).slice(1)}`);
    const list = rejection(() => factsFromObject(doc, fixtures));
    expect(list.map((d) => [d.code, d.path])).toEqual([['BR172', 'facts.__proto__']]);
  });
});

describe('library objects that are not plain data (BR173–BR175)', () => {
  const variants: [string, (d: Doc) => void, string, string, RegExp][] = [
    ['a Date', (d) => (d.meta.date = new Date('2024-03-01T00:00:00Z')), 'BR173', 'meta.date', /a Date object: use an ISO date string such as 2024-03-01/],
    ['a Map', (d) => (d.facts = new Map(Object.entries(d.facts))), 'BR173', 'facts', /a Map: use a plain object/],
    ['a Set', (d) => (d.keyFigures = new Set(['ships_2023'])), 'BR173', 'keyFigures', /a Set: use an array/],
    ['a class instance', (d) => (d.meta = Object.assign(new (class Meta {})(), d.meta)), 'BR173', 'meta', /an instance of Meta/],
    ['a function', (d) => (d.meta.title = () => 'Title'), 'BR173', 'meta.title', /a function/],
    ['a bigint', (d) => (d.facts.ships_2023.value = 1200n), 'BR173', 'facts.ships_2023.value', /a bigint: use a number/],
    ['a throwing getter', (d) => Object.defineProperty(d.facts.ships_2023, 'label', { enumerable: true, get: () => { throw new Error('boom'); } }), 'BR174', 'facts.ships_2023.label', /threw: boom/],
    ['a Proxy whose get throws', (d) => (d.sources = new Proxy(d.sources, { get: () => { throw new Error('trap'); } })), 'BR174', 'sources.sample', /threw: trap/],
    ['a Proxy whose ownKeys throws', (d) => (d.entities = new Proxy(d.entities, { ownKeys: () => { throw new Error('keys'); } })), 'BR174', 'entities', /threw: keys/],
    ['a revoked Proxy', (d) => { const p = Proxy.revocable({}, {}); p.revoke(); d.charts = p.proxy; }, 'BR174', 'charts', /threw/],
    ['a cycle', (d) => (d.meta.self = d.meta), 'BR174', 'meta.self', /cycle/],
  ];
  for (const [name, spoil, code, path, message] of variants) {
    it(`${name}: ${code} at ${path}`, async () => {
      const doc = minimalDoc();
      spoil(doc);
      const list = rejection(() => factsFromObject(doc, fixtures));
      const hit = list.find((d) => d.code === code && d.path === path);
      expect(hit, list.map((d) => `${d.code} ${d.path} ${d.message}`).join('\n')).toBeDefined();
      expect(hit!.message).toMatch(message);
      // buildBriefing gives the same BriefingInputError, never a raw error.
      await expect(buildBriefing(doc, { baseDir: fixtures, formats: ['slides'] })).rejects.toBeInstanceOf(BriefingInputError);
    });
  }
  it('an object over the size bound: BR175, fast', () => {
    const doc = minimalDoc();
    doc.meta.extra = Array.from({ length: MAX_OBJECT_VALUES + 5 }, (_, i) => i);
    expect(rejection(() => factsFromObject(doc, fixtures)).map((d) => d.code)).toEqual(['BR175']);
    const wide = minimalDoc();
    wide.meta.extra = Object.fromEntries(Array.from({ length: MAX_OBJECT_VALUES }, (_, i) => [`k${i}`, i]));
    expect(rejection(() => factsFromObject(wide, fixtures)).map((d) => d.code)).toEqual(['BR175']);
    const text = minimalDoc();
    text.meta.extra = ['x'.repeat(1_500_000), 'y'.repeat(1_500_000)];
    expect(rejection(() => factsFromObject(text, fixtures)).map((d) => d.code)).toEqual(['BR175']);
  });
  it('the copy is taken once: a getter that changes its answer cannot change what was checked', () => {
    const doc = minimalDoc();
    let reads = 0;
    Object.defineProperty(doc.meta, 'title', { enumerable: true, get: () => (++reads === 1 ? 'Checked title' : 'x'.repeat(10_000)) });
    const facts = factsFromObject(doc, fixtures);
    expect(facts.doc.meta.title).toBe('Checked title');
    expect(reads).toBe(1);
  });
});

describe('equivalence messages never say "Infinity% off"', () => {
  it('an expected value of zero gives no percentage', () => {
    const doc = minimalDoc();
    doc.facts.fees_eur.value = 0;
    doc.equivalents = [{ facts: ['fees_eur', 'fees_usd'], rate: 'eur_usd', tolerance: 0.05 }];
    const list = rejection(() => factsFromObject(doc, fixtures));
    const msg = list.map((d) => d.message).join('\n');
    expect(msg).toMatch(/fees_usd/);
    expect(msg).not.toMatch(/Infinity|NaN/);
  });
});

describe('numbers at the extremes', () => {
  it('−0 prints as 0; negatives that round to zero print as 0', () => {
    for (const locale of ['en-GB', 'en-US', 'de-DE']) {
      expect(formatNumber(-0, locale)).toBe('0');
      expect(formatNumber(-0.0001, locale, 2)).toMatch(/^0[.,]00$/);
      expect(formatQuantity({ value: -0, unit: 'percent', scale: 'one', qualifier: 'exact' }, locale).text).toMatch(/^0\s?%$/);
      expect(formatQuantity({ value: -0, unit: 'USD', scale: 'one', qualifier: 'exact' }, locale).text).not.toContain('-');
    }
    expect(formatNumber(-5, 'en-GB')).toBe('-5');
  });
  it('tiny and huge values in scientific notation, never a run of zeros or hundreds of digits', () => {
    for (const v of [1e-300, 5e-7, -3.2e-12, 1.7e308, -1.7e308, 4.2e21]) {
      const s = formatNumber(v, 'en-GB');
      expect(s, String(v)).toMatch(/E-?\d+/);
      expect(s.length).toBeLessThan(20);
      expect(s).not.toMatch(/0\.0000/);
    }
    expect(formatQuantity({ value: 1e-300, unit: 'USD', scale: 'one', qualifier: 'exact' }, 'en-GB').text).toBe('US$1E-300');
    expect(formatQuantity({ value: 1e-300, unit: 'percent', scale: 'one', qualifier: 'exact' }, 'en-GB').text).toBe('1E-300%');
    expect(formatNumber(0.000001, 'en-GB')).toBe('0.000001');
  });
  it('a chart with ±1.7e308 is refused with a located message (BR400), not a NaN axis', async () => {
    for (const value of [1.7e308, -1.7e308, 1e16]) {
      const doc = minimalDoc();
      doc.facts.ships_2023.value = value;
      doc.facts.ships_2023.unit = 'ratio';
      doc.facts.ships_2022.unit = 'ratio';
      doc.facts.ships_2023.quote = 'The harbour handled 1,200 ships in 2023';
      doc.charts = { ships: { type: 'bar', title: 'Ships', facts: ['ships_2023', 'ships_2022'] } };
      let caught: unknown;
      try {
        await buildBriefing(doc, { baseDir: fixtures, formats: ['slides'] });
      } catch (e) {
        caught = e;
      }
      expect(caught, String(value)).toBeInstanceOf(BriefingInputError);
      const codes = (caught as BriefingInputError).diagnostics.map((d) => d.code);
      // Refused either by the figure check against its quote or, failing that, by the chart.
      expect(codes.some((c) => c === 'BR400' || (c !== undefined && c < 'BR170')), codes.join()).toBe(true);
    }
  });
});

describe('terminal escapes', () => {
  const hostile = 'key\u001b]0;owned\u0007\u001b[2J\nfake.yaml:1:1 error: forged\r\u202e';
  it('terminalText shows every control character escaped', () => {
    const s = terminalText(hostile);
    expect(s).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    expect(s).toContain('\\u001b]0;owned\\u0007\\u001b[2J\\u000afake.yaml');
    expect(terminalText('Grüße 上海 – fine')).toBe('Grüße 上海 – fine');
  });
  it('diagnostics, progress, outputs and summaries escape user text', () => {
    const ui = detectUi({}, true, {});
    const d: Diagnostic = { severity: 'error', code: 'BR100', file: `a${hostile}.yaml`, line: 1, column: 1, path: `facts.${hostile}`, message: `unknown key ${hostile}`, hint: hostile };
    const line = diagnosticLine(ui, d).replace(/\u001b\[\d+m/g, ''); // the tool's own colour codes
    expect(line).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(line.split('\n')).toHaveLength(2); // the message line and the hint line, nothing forged
    const report = { file: `x${hostile}.yaml`, id: 'x', status: 'ok' as const, outputs: [{ path: `out/${hostile}/briefing.pdf`, bytes: 10, pages: 1, sha256: '' }], warnings: [], errors: [], timings: {}, totalMs: 1 };
    for (const text of [summaryTable([report, report]), outputLine(report.outputs[0]!), progressLine('layout', 1, hostile)]) {
      expect(text.replace(/\n$/, '').replace(/\n(?=\S)/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202e]/);
    }
  });
  it('the CLI escapes a hostile YAML key in its error output', () => {
    const file = fileCase(minimalText.replace('meta:\n', 'meta:\n  "evil\\e]0;owned\\a\\e[2J\\nforged": 1\n'));
    const r = runCli(['validate', file]);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/[\u0007\u001b\r]/);
    expect(r.stderr).toContain('\\u001b');
    expect(r.stderr).not.toMatch(/^forged/m);
  });
});
