// The facts stage on good input: the shipped facts files validate cleanly, derived figures
// come out exactly, and every quote is really in the shipped source text.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, it, expect } from 'vitest';
import { loadFacts, factsFromObject } from '../src/facts/index.js';
import { BriefingInputError, formatDiagnostic } from '../src/diagnostics/index.js';
import { normalise } from '../src/facts/check.js';

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const SEED = root('data/shanghai-uk-2023.yaml');
const EXAMPLE = root('data/example-renewables.yaml');
const MINIMAL = root('test/fixtures/minimal.yaml');

/** loadFacts, with any input error shown in the failure message. */
function load(path: string) {
  try {
    return loadFacts(path);
  } catch (e) {
    if (e instanceof BriefingInputError) throw new Error(e.diagnostics.map(formatDiagnostic).join('\n'));
    throw e;
  }
}


/** Every quote in a facts document: sources' quoted passages and each item's `quote`. */
function allQuotes(doc: Record<string, any>): string[] {
  const quotes: string[] = [];
  // The report's quotes only: a reference source (the gazetteer) is checked against its own text.
  for (const s of Object.values<any>(doc.sources)) if (s.kind !== 'reference') quotes.push(...s.quotes);
  const items = [
    ...Object.values<any>(doc.facts),
    ...Object.values<any>(doc.entities?.people ?? {}),
    ...Object.values<any>(doc.entities?.organisations ?? {}),
    ...Object.values<any>(doc.entities?.places ?? {}),
    ...Object.values<any>(doc.events ?? {}),
  ];
  for (const item of items) quotes.push(item.quote);
  return quotes;
}

describe('the seed facts file (data/shanghai-uk-2023.yaml)', () => {
  const facts = load(SEED);

  it('validates with no errors and no warnings', () => {
    expect(facts.warnings.map(formatDiagnostic)).toEqual([]);
  });

  it('computes the derived figures exactly', () => {
    expect(facts.facts.get('jiading_trade_2021')?.value).toBe(155.18);
    expect(facts.facts.get('cny_usd_rate')?.value).toBe(0.138);
    expect(facts.facts.get('investment_balance')?.value).toBe(0.96);
    expect(facts.facts.get('jiading_trade_2021')?.derived?.inputs).toEqual(['jiading_trade_2022', 'jiading_trade_growth_2022']);
    expect(facts.facts.get('investment_balance')?.sources).toEqual(['article']);
  });

  it('has every quote in the shipped source text', () => {
    const text = normalise(readFileSync(root('data/sources/000_73b3208adfbec09d.txt'), 'utf8'));
    const quotes = allQuotes(parse(readFileSync(SEED, 'utf8')));
    expect(quotes.length).toBeGreaterThan(30);
    for (const q of quotes) expect(text.includes(normalise(q)), q).toBe(true);
  });

  it('reads the source text it names', () => {
    expect(facts.sourceTexts.get('article')).toBe(readFileSync(root('data/sources/000_73b3208adfbec09d.txt'), 'utf8'));
  });

  it('is accepted as an in-memory object by factsFromObject, with the same result', () => {
    const fromObject = factsFromObject(parse(readFileSync(SEED, 'utf8')), dirname(SEED));
    expect(fromObject.file).toBe('<object>');
    expect(fromObject.warnings).toEqual([]);
    expect(fromObject.doc).toEqual(facts.doc);
    expect([...fromObject.facts.entries()]).toEqual([...facts.facts.entries()]);
  });

  it('factsFromObject reports problems without positions', () => {
    const data = parse(readFileSync(SEED, 'utf8'));
    data.facts.uk_shanghai_trade_2022.value = '24.21bn';
    try {
      factsFromObject(data, dirname(SEED));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BriefingInputError);
      expect((e as BriefingInputError).diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic)).toEqual(['<object> error[BR118]: facts.uk_shanghai_trade_2022.value: expected a number, got "24.21bn"']);
    }
  });
});

describe('the sample facts file (data/example-renewables.yaml)', () => {
  const facts = load(EXAMPLE);

  it('validates with no errors and no warnings', () => {
    expect(facts.warnings.map(formatDiagnostic)).toEqual([]);
  });

  it('uses the default templates and is labelled as sample data', () => {
    expect(facts.doc.meta.templates).toBeUndefined();
    expect(facts.doc.meta.title).toMatch(/sample/i);
    expect(facts.sourceTexts.get('sample_report')).toMatch(/^Sample text for testing the briefing engine\n/);
  });

  it('mixes units and derives the grant share', () => {
    const units = new Set([...facts.facts.values()].map((f) => f.unit));
    expect(units).toEqual(new Set(['count', 'percent', 'EUR']));
    expect(facts.facts.get('grant_share')?.value).toBe(20.2);
    expect(Object.keys(facts.doc.events)).toHaveLength(2);
    expect(Object.values(facts.doc.charts).map((c) => c.type)).toEqual(['column', 'multiples', 'timeline']);
  });

  it('has every quote in its source text', () => {
    const text = normalise(readFileSync(root('data/sources/example-renewables.txt'), 'utf8'));
    for (const q of allQuotes(parse(readFileSync(EXAMPLE, 'utf8')))) expect(text.includes(normalise(q)), q).toBe(true);
  });
});

describe('the minimal fixture (test/fixtures/minimal.yaml)', () => {
  it('validates cleanly, with its source document read so quotes are checked', () => {
    const facts = load(MINIMAL);
    expect(facts.warnings).toEqual([]);
    expect(facts.sourceTexts.get('sample')).toContain('The harbour handled 1,200 ships in 2023');
    expect(facts.facts.get('ships_added')?.value).toBe(200);
  });

  it('has the same source text as the copy beside the bad fixtures', () => {
    expect(readFileSync(root('test/fixtures/bad/minimal-source.txt'), 'utf8')).toBe(readFileSync(root('test/fixtures/minimal-source.txt'), 'utf8'));
  });
});
