// The figure reader: every phrasing in test/fixtures/figures/catalogue.yaml yields exactly the
// figures written beside it (and nothing for years, dates, times, ordinals and codes).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { bindFigure, compareFigure, describeFigure, findFigures, type Figure } from '../src/facts/figures.js';

interface Expected {
  text: string;
  value: number;
  high?: number;
  scale: string;
  units: string[];
  qualifier?: string;
  falling?: boolean;
}
interface Entry {
  quote: string;
  locale?: string;
  figures: Expected[];
}

const CATALOGUE = parse(readFileSync(fileURLToPath(new URL('./fixtures/figures/catalogue.yaml', import.meta.url)), 'utf8')) as Entry[];

const shape = (f: Figure) => ({
  text: f.text,
  value: f.value,
  ...(f.high !== undefined ? { high: f.high } : {}),
  scale: f.scale,
  units: f.units,
  qualifier: f.qualifier,
  falling: f.falling === true,
});

describe('figure catalogue', () => {
  it('holds at least 60 phrasings', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(60);
  });

  it.each(CATALOGUE.map((e) => [e.quote, e] as const))('%s', (_quote, entry) => {
    const found = findFigures(entry.quote, entry.locale ? { locale: entry.locale } : {});
    const expected = entry.figures.map((f) => ({ ...f, qualifier: f.qualifier ?? 'exact', falling: f.falling === true }));
    expect(found.map(shape)).toEqual(expected);
    for (const f of found) expect(entry.quote.slice(f.start, f.end)).toBe(f.text);
  });

  it('covers every currency form, scale word, qualifier and glued form the check promises', () => {
    const all = CATALOGUE.flatMap((e) => e.figures);
    const texts = all.map((f) => f.text).join(' | ');
    for (const form of ['US$', '$', '€', '£', '¥', 'yuan', 'RMB', 'euro', 'pounds', 'yen', 'won', 'EUR', 'HK$']) expect(texts).toContain(form);
    for (const scale of ['thousand', 'million', 'billion', 'trillion']) expect(all.some((f) => f.scale === scale)).toBe(true);
    for (const glued of ['€7.5billion', '7.5bn', '3m', '1.2tn', '850k']) expect(texts).toContain(glued);
    for (const q of ['more than', 'nearly', 'about', 'approximately', 'at least', 'up to', 'less than']) expect(all.some((f) => f.qualifier === q)).toBe(true);
    for (const word of ['over', 'More than', 'Nearly', 'Almost', 'About', 'Around', 'approximately', 'Some', 'At least', 'Up to', 'Less than']) expect(texts).toContain(word);
    for (const pct of ['per cent', 'percent', '%']) expect(texts).toContain(pct);
    expect(all.some((f) => f.high !== undefined)).toBe(true);
    // Chinese releases: myriad scales, currency names after the number, glued qualifiers.
    for (const scale of ['wan', 'yi']) expect(all.some((f) => f.scale === scale)).toBe(true);
    for (const form of ['亿美元', '亿元人民币', '亿欧元', '万亿元', '超过', '约', '近', '逾', '不到', '多']) expect(texts).toContain(form);
  });

  it('reads a Chinese figure on the 万/亿 scales as the same amount as its English form', () => {
    const [yi] = findFigures('进出口总额为242.1亿美元', { locale: 'zh-CN' });
    expect(compareFigure({ value: 24.21, unit: 'USD', scale: 'billion', qualifier: 'exact' }, yi!)).toEqual([]);
    expect(compareFigure({ value: 24.31, unit: 'USD', scale: 'billion', qualifier: 'exact' }, yi!)).toEqual(['value', 'scale']);
    const [wan] = findFigures('汽车专业人才7.25万名', { locale: 'zh-CN' });
    expect(compareFigure({ value: 72500, unit: 'count', scale: 'one', qualifier: 'exact' }, wan!)).toEqual([]);
    const [more] = findFigures('企业超过4300家', { locale: 'zh-CN' });
    expect(compareFigure({ value: 4300, unit: 'count', scale: 'one', qualifier: 'exact' }, more!)).toEqual(['qualifier']);
    expect(describeFigure(yi!)).toBe('242.1亿 USD');
  });
});

describe('binding a fact to a figure of its quote', () => {
  const quote = 'The project involves approximately 1 billion yuan (US$138 million).';
  const figures = findFigures(quote);

  it('binds each of two figures in one quote to its own fact', () => {
    expect(bindFigure({ value: 1, unit: 'CNY', scale: 'billion', qualifier: 'approximately' }, figures)).toMatchObject({ figure: { text: 'approximately 1 billion yuan' }, mismatches: [] });
    expect(bindFigure({ value: 138, unit: 'USD', scale: 'million', qualifier: 'approximately' }, figures)).toMatchObject({ figure: { text: 'US$138 million' }, mismatches: [] });
    expect(bindFigure({ value: 138, unit: 'USD', scale: 'million', qualifier: 'exact' }, figures)).toMatchObject({ figure: { text: 'US$138 million' }, mismatches: ['qualifier'] });
  });

  it('names what differs: value, unit, scale, qualifier', () => {
    const [over] = findFigures('valued at over €7.5billion');
    expect(describeFigure(over!)).toBe('more than 7.5 billion EUR');
    expect(compareFigure({ value: 7.6, unit: 'EUR', scale: 'billion', qualifier: 'more than' }, over!)).toEqual(['value']);
    expect(compareFigure({ value: 7.5, unit: 'USD', scale: 'million', qualifier: 'exact' }, over!)).toEqual(['unit', 'scale', 'qualifier']);
    expect(compareFigure({ value: 7500, unit: 'EUR', scale: 'million', qualifier: 'more than' }, over!)).toEqual([]);
    expect(compareFigure({ value: 7.5, unit: 'EUR', scale: 'billion', qualifier: 'about' }, over!)).toEqual(['qualifier']);
  });

  it('accepts a value within the rounding the fact declares, and no further', () => {
    const [f] = findFigures('worth US$24.21 billion');
    expect(compareFigure({ value: 24.2, unit: 'USD', scale: 'billion', qualifier: 'exact', round: 1 }, f!)).toEqual([]);
    expect(compareFigure({ value: 24.2, unit: 'USD', scale: 'billion', qualifier: 'exact' }, f!)).toEqual(['value']);
    expect(compareFigure({ value: 24, unit: 'USD', scale: 'billion', qualifier: 'exact', round: 1 }, f!)).toEqual(['value']);
  });

  it('states a range honestly only by its lower end as "at least" or its upper end as "up to"', () => {
    const [r] = findFigures('between 3 and 4 per cent');
    expect(compareFigure({ value: 3, unit: 'percent', scale: 'one', qualifier: 'at least' }, r!)).toEqual([]);
    expect(compareFigure({ value: 4, unit: 'percent', scale: 'one', qualifier: 'up to' }, r!)).toEqual([]);
    expect(compareFigure({ value: 3, unit: 'percent', scale: 'one', qualifier: 'exact' }, r!)).toEqual(['qualifier']);
  });

  it('lets a negative fact match the size of a fall', () => {
    const [f] = findFigures('imports fell 4.2 per cent');
    expect(compareFigure({ value: -4.2, unit: 'percent', scale: 'one', qualifier: 'exact' }, f!)).toEqual([]);
    expect(compareFigure({ value: 4.2, unit: 'percent', scale: 'one', qualifier: 'exact' }, f!)).toEqual([]);
  });
});
