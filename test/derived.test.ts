// Derived facts carry units and bounds honestly: sums and differences stay in one unit, the
// result is in the declared unit (a currency conversion needs a sourced rate fact), the value
// survives its scale and rounding, and qualifiers travel by interval arithmetic.
import { describe, expect, it } from 'vitest';
import { factsFromObject, type Facts } from '../src/facts/index.js';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';

/** A small briefing about an invented shipyard; each test adds derived facts to it. */
function doc(derived: Record<string, object>, extraFacts: Record<string, object> = {}) {
  const fact = (value: number, unit: string, scale: string, qualifier: string, quote: string) => ({ label: quote, value, unit, scale, qualifier, period: '2024', source: 'yard', quote });
  return {
    meta: { title: 'Shipyard orders', date: '2024-05-01' },
    sources: { yard: { title: 'Yard statement', date: '2024-04-30', quotes: ['The yard reported its orders.'] } },
    facts: {
      orders: fact(7.5, 'EUR', 'billion', 'more than', 'orders valued at over €7.5billion'),
      repairs: fact(1.03, 'EUR', 'billion', 'exact', 'repairs worth €1.03bn'),
      refits: fact(2.1, 'EUR', 'billion', 'at least', 'refits of at least €2.1 billion'),
      exports_usd: fact(12, 'USD', 'million', 'exact', 'exports of US$12 million'),
      eur_usd: fact(1.08, 'ratio', 'one', 'exact', 'a rate of 1.08 US dollars per euro'),
      workers: fact(4300, 'count', 'one', 'up to', 'up to 4,300 workers'),
      ...extraFacts,
    },
    derived,
  };
}
const derived = (formula: string, unit: string, scale = 'one', round = 2) => ({ label: formula, formula, unit, scale, round, period: '2024', note: 'Computed for the test.' });

function load(d: object): Facts {
  return factsFromObject(d, '/tmp');
}
function failure(d: object): Diagnostic[] {
  try {
    load(d);
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('accepted');
}

describe('derived units', () => {
  it('refuses a sum of two currencies (BR160)', () => {
    const [d] = failure(doc({ total: derived('orders + exports_usd', 'EUR', 'billion') }));
    expect(d).toMatchObject({ code: 'BR160', path: 'derived.total.formula', severity: 'error' });
    expect(d!.message).toContain('`orders` (EUR) plus `exports_usd` (USD) mixes units');
  });

  it('refuses a result in another unit than the one declared (BR161)', () => {
    const [d] = failure(doc({ per_worker: derived('repairs / workers', 'count') }));
    expect(d).toMatchObject({ code: 'BR161', path: 'derived.per_worker.unit' });
    expect(d!.message).toBe('the formula gives EUR, but the fact is declared in count');
  });

  it('refuses a US dollar fact declared in euros: a conversion needs a sourced rate (BR162)', () => {
    const [d] = failure(doc({ exports_eur: derived('exports_usd / 1000', 'EUR', 'billion') }));
    expect(d).toMatchObject({ code: 'BR162', path: 'derived.exports_eur.unit' });
    expect(d!.message).toContain('gives an amount in USD, but the fact is declared in EUR');
  });

  it('accepts the conversion through a sourced rate fact', () => {
    const f = load(doc({ exports_eur: derived('exports_usd / eur_usd', 'EUR', 'million') })).facts.get('exports_eur')!;
    expect(f).toMatchObject({ value: 11.11, unit: 'EUR', qualifier: 'approximately' });
  });

  it('refuses a value its scale and rounding would lose (BR163)', () => {
    const [d] = failure(doc({ exports_bn: derived('exports_usd', 'USD', 'billion', 2) }));
    expect(d).toMatchObject({ code: 'BR163', path: 'derived.exports_bn.round' });
  });

  it('keeps the seed-style rate: a ratio of two currencies is a ratio', () => {
    expect(load(doc({ implied: derived('exports_usd / repairs', 'ratio', 'one', 4) })).facts.get('implied')!.value).toBe(0.0117);
  });
});

describe('derived bounds', () => {
  it('"more than A" minus an exact B is "more than A−B", rounded down so it stays true', () => {
    const f = load(doc({ net: derived('orders - repairs', 'EUR', 'billion') })).facts.get('net')!;
    expect(f).toMatchObject({ value: 6.47, qualifier: 'more than' });
  });

  it('"at least" stays "at least"; a negated lower bound becomes an upper bound', () => {
    const facts = load(doc({ sum: derived('refits + repairs', 'EUR', 'billion'), gap: derived('repairs - orders', 'EUR', 'billion') })).facts;
    expect(facts.get('sum')).toMatchObject({ value: 3.13, qualifier: 'at least' });
    expect(facts.get('gap')).toMatchObject({ value: -6.47, qualifier: 'less than' });
  });

  it('an exact amount divided by "up to" a count is "at least" per head', () => {
    const f = load(doc({ per_worker: derived('repairs / workers', 'EUR', 'thousand') })).facts.get('per_worker')!;
    expect(f).toMatchObject({ value: 239.53, qualifier: 'at least' });
  });

  it('two lower bounds subtracted have no bound: approximately, a BR164 warning, and the note says why', () => {
    const facts = load(doc({ spread: derived('orders - refits', 'EUR', 'billion') }));
    const f = facts.facts.get('spread')!;
    expect(f.qualifier).toBe('approximately');
    expect(f.derived!.note).toContain('Printed as approximately: `orders` (more than) and `refits` (at least) give no bound for orders - refits.');
    expect(facts.warnings.map((w) => [w.code, w.path])).toEqual([['BR164', 'derived.spread.formula']]);
  });

  it('an approximate input makes the result approximate without a warning', () => {
    const facts = load(doc({ conv: derived('repairs * eur_usd', 'USD', 'billion') }, { eur_usd: { label: 'rate', value: 1.08, unit: 'ratio', qualifier: 'about', period: '2024', source: 'yard', quote: 'about 1.08 US dollars per euro' } }));
    expect(facts.facts.get('conv')).toMatchObject({ value: 1.11, qualifier: 'approximately' });
    expect(facts.warnings).toEqual([]);
  });
});
