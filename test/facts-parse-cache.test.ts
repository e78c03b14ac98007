// Facts files are parsed once per content (src/facts/parse.ts keeps them under the sha256 of
// their bytes): a second read of the same bytes gets the same frozen data under its own file
// name and positions, and a file with errors is reported under the name it was read as.
import { describe, expect, it } from 'vitest';
import { parseFactsBytes } from '../src/facts/index.js';

const text = `meta:\n  title: "Harbour freight, first quarter"\n  date: 2024-04-02\nfacts:\n  tonnage:\n    value: 1250000\n    unit: t\n    label: "Freight handled"\n`;
const bytes = (s: string) => new TextEncoder().encode(s);

describe('facts parse cache', () => {
  it('gives a second read of the same bytes the same data, frozen, under its own name', () => {
    const first = parseFactsBytes(bytes(text), 'first.yaml');
    const second = parseFactsBytes(bytes(text), 'second.yaml');
    if (!first.ok || !second.ok) throw new Error('expected both to parse');
    expect(second.parsed.file).toBe('second.yaml');
    expect(first.parsed.file).toBe('first.yaml');
    expect(second.parsed.data).toEqual({ meta: { title: 'Harbour freight, first quarter', date: '2024-04-02' }, facts: { tonnage: { value: 1250000, unit: 't', label: 'Freight handled' } } });
    expect(second.parsed.data).toBe(first.parsed.data);
    expect(Object.isFrozen(second.parsed.data)).toBe(true);
    expect(Object.isFrozen((second.parsed.data as { facts: { tonnage: object } }).facts.tonnage)).toBe(true);
    expect(second.parsed.locate(['facts', 'tonnage', 'unit'])).toEqual({ line: 7, column: 11 });
  });

  it('parses changed bytes afresh', () => {
    const changed = parseFactsBytes(bytes(text.replace('1250000', '1300000')), 'first.yaml');
    if (!changed.ok) throw new Error('expected a parse');
    expect((changed.parsed.data as { facts: { tonnage: { value: number } } }).facts.tonnage.value).toBe(1300000);
  });

  it('reports a file with errors under the name it was read as, each time', () => {
    const broken = bytes('meta:\n  title: [unclosed\n');
    for (const file of ['a.yaml', 'b.yaml']) {
      const r = parseFactsBytes(broken, file);
      if (r.ok) throw new Error('expected an error');
      expect(r.diagnostics[0]!.code).toBe('BR105');
      expect(r.diagnostics[0]!.file).toBe(file);
    }
  });
});
