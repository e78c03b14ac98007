// Line breaking keeps a figure's words together and never lets a line overrun its width.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { measure } from '../src/fonts/index.js';
import { BREAK_RULES, breakLines, breakOpportunities, fitWidth, lineText, piecesOf, type BreakRule } from '../src/layout/text.js';
import type { Inline } from '../src/narrative/model.js';

const style = { size: 10.5, face: { weight: 'regular' as const, style: 'normal' as const }, color: '#000' };
const palette = { link: '#00f', derived: '#840' };
const fact = (text: string): Inline => ({ type: 'fact', factId: 'f', text, derived: false });

function lineTexts(inlines: Inline[], width: number): string[] {
  return breakLines(piecesOf(inlines, style, palette), width).map((l) => l.pieces.map((p, i) => (i > 0 && l.pieces[i - 1]!.space > 0 ? ' ' : '') + p.text).join(''));
}

describe('breakLines', () => {
  it('never splits a figure between its number and its scale or unit', () => {
    // Try every width from narrow to wide: the figure always lands whole on one line.
    for (let width = 120; width <= 400; width += 3) {
      const lines = lineTexts([{ type: 'text', text: 'Investment by Shanghai enterprises in the UK totalled ' }, fact('US$4.76 billion'), { type: 'text', text: ' at the end of the year.' }], width);
      expect(lines.some((l) => l.includes('US$4.76 billion')), `width ${width}: ${JSON.stringify(lines)}`).toBe(true);
    }
  });

  it('may break a figure only before its bracketed equivalent', () => {
    const lines = lineTexts([{ type: 'text', text: 'The project involves ' }, fact('approximately 1 billion yuan (US$138 million)'), { type: 'text', text: '.' }], 200);
    expect(lines).toEqual(['The project involves', 'approximately 1 billion yuan', '(US$138 million).']);
  });

  it('breaks a figure wider than the line between its words rather than overrun', () => {
    const pieces = piecesOf([fact('approximately 1 billion yuan')], style, palette);
    const lines = breakLines(pieces, 60);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(60);
  });
});

describe('line breaking per UAX #14', () => {
  const plainLines = (text: string, width: number) => lineTexts([{ type: 'text', text }], width);
  const SENTENCE = 'The delegation’s roadshow continued by train on the Munich–Hannover line, then to a well-known trade/investment fair.';

  it('never breaks inside a word, at any width where the word fits', () => {
    for (let width = 70; width <= 420; width += 2) {
      const lines = plainLines(SENTENCE, width);
      expect(lines.some((l) => /(^|\s)roadshow(\s|$)/.test(l)), `width ${width}: ${JSON.stringify(lines)}`).toBe(true);
      expect(lines.join(' ').replace(/- /g, '-').replace(/\/ /g, '/').replace(/– /g, '–')).toBe(SENTENCE);
    }
  });

  it('never starts a line with a dash, spaced or joined', () => {
    // Down to the narrowest line that holds the longest word with its dash.
    const narrowest = measure('Hannover –', style.size, style.face) + 1;
    for (const text of [SENTENCE, 'Trains ran between Munich – Hannover – Berlin twice a day during the fair.']) {
      for (let width = narrowest; width <= 400; width += 1) {
        for (const l of plainLines(text, width)) expect(l, `width ${width}`).not.toMatch(/^[–—]/);
      }
    }
  });

  it('breaks after a hyphen and after a slash where UAX #14 allows, without adding a space', () => {
    const widthOf = (s: string) => measure(s, style.size, style.face);
    // Room for "a well-" but not "a well-known": the break comes after the hyphen.
    expect(plainLines('an exceptionally well-known fair', widthOf('an exceptionally well-') + 1)).toEqual(['an exceptionally well-', 'known fair']);
    expect(plainLines('exhibitors at the trade/investment fair', widthOf('exhibitors at the trade/') + 1)).toEqual(['exhibitors at the trade/', 'investment fair']);
    const url = 'https://www.example.org/releases/trade-mission-results/2024';
    const lines = plainLines(url, widthOf('https://www.example.org/releases/') + 1);
    expect(lines.join('')).toBe(url);
    expect(lines[0]).toBe('https://www.example.org/releases/');
  });

  it('keeps a numeric range together but lets a hyphen between words break', () => {
    const widthOf = (s: string) => measure(s, style.size, style.face);
    expect(plainLines('open on 16–21 July', widthOf('open on 16–') + 1)).toEqual(['open on', '16–21 July']);
    expect(plainLines('open in 2022-2023 only', widthOf('open in 2022-') + 1)).toEqual(['open in', '2022-2023', 'only']);
  });

  it('breaks Chinese text between ideographs and never before closing punctuation', () => {
    const text = '上海市嘉定区举办了投资推介会。欢迎各方参与。';
    const opportunities = breakOpportunities(text);
    expect(opportunities.has(1)).toBe(true); // 上|海
    expect(opportunities.has(text.indexOf('。'))).toBe(false); // never before 。
    // From two ideographs and a stop per line up: narrower, a cluster must be split and no rule can hold.
    for (let width = 25; width <= 200; width += 5) for (const l of plainLines(text, width)) expect(l).not.toMatch(/^[。，、]/);
  });

  it('takes extra rules in front of UAX #14 (how a script adds its own)', () => {
    const text = 'alpha beta gamma';
    expect(breakOpportunities(text).has(6)).toBe(true);
    const rule: BreakRule = (t, i) => (t.slice(i, i + 4) === 'beta' ? false : undefined);
    BREAK_RULES.unshift(rule);
    try {
      // A fresh string, so the cached answer for `text` is not reused.
      expect(breakOpportunities(`${text} `).has(6)).toBe(false);
    } finally {
      BREAK_RULES.splice(BREAK_RULES.indexOf(rule), 1);
    }
  });

  it('splits a word wider than the line between grapheme clusters only', () => {
    const word = 'x\u0301q\u0301'.repeat(40); // combining accents with no precomposed form
    const lines = breakLines(piecesOf([{ type: 'text', text: word }], style, palette), 50);
    expect(lines.length).toBeGreaterThan(2);
    for (const l of lines) {
      expect(l.width).toBeLessThanOrEqual(50);
      expect(lineText(l)).not.toMatch(/^\u0301/);
    }
    expect(lines.map(lineText).join('')).toBe(word);
  });

  it('a long word split across lines: each part fits on its own, kerning at the cut included', () => {
    // Found by the property below: the prefix widths counted the kern between "o" and "a",
    // which the part "ad" set on its own line does not get, so a part ran 0.07 pt over.
    for (const text of ['()road\u00a0Hannover16', 'AVAVAVAVAVAVAVAVAVAV', 'To\u00a0Wo\u00a0To\u00a0Wo']) {
      for (const width of [12, 20, 31]) {
        const lines = breakLines(piecesOf([{ type: 'text', text }], style, palette), width);
        for (const l of lines) expect(l.width, `${JSON.stringify(text)} at ${width}: ${lineText(l)}`).toBeLessThanOrEqual(width + 1e-9);
        expect(lines.map(lineText).join('').replace(/ /g, '')).toBe(text.replace(/\u00a0/g, '\u00a0').replace(/ /g, ''));
      }
    }
  });

  it('never overruns the line, whatever the text (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('road', 'show', ' ', '-', '/', '–', '16', '(', ')', '€7.5bn', 'Hannover', '上海', '。', '\u00a0', 'x\u0301'), { maxLength: 60 }), fc.integer({ min: 20, max: 300 }), (parts, width) => {
        const text = parts.join('');
        const lines = breakLines(piecesOf([{ type: 'text', text }], style, palette), width);
        for (const l of lines) expect(l.width).toBeLessThanOrEqual(width + 1e-9);
        // Nothing is lost: the lines hold every non-space character in order.
        expect(lines.map(lineText).join('').replace(/ /g, '')).toBe(text.replace(/ /g, ''));
      }),
      { numRuns: 300 },
    );
  });
});

describe('fitWidth: the cut with an ellipsis', () => {
  /** The obvious algorithm (trim one grapheme at a time and measure again), as the reference. */
  function naive(text: string, size: number, width: number): string {
    if (measure(text, size, style.face) <= width) return text;
    const g = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.normalize('NFC'))].map((s) => s.segment);
    while (g.length > 1 && measure(`${g.join('').trimEnd()}…`, size, style.face) > width) g.pop();
    return `${g.join('').trimEnd()}…`;
  }

  it('finds the same cut as trimming one character at a time (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'AVWaTo. ,’1€'.split(''), 'ff', 'Wo', 'x\u0301'), maxLength: 80 }), fc.integer({ min: 8, max: 200 }), (text, width) => {
        const fitted = fitWidth(text, 10, style.face, width);
        expect(fitted.text).toBe(naive(text, 10, width));
        expect(fitted.cut).toBe(fitted.text !== text);
      }),
      { numRuns: 400 },
    );
  });

  it('fits a megabyte of text from one measuring pass', () => {
    const huge = 'Trade mission to Hannover and Munich with €7.5 billion in agreements. '.repeat(15_000);
    expect(huge.length).toBeGreaterThan(1_000_000);
    const fitted = fitWidth(huge, 10, style.face, 300);
    expect(fitted.cut).toBe(true);
    expect(fitted.text.endsWith('…')).toBe(true);
    expect(measure(fitted.text, 10, style.face)).toBeLessThanOrEqual(300);
    expect(fitted.text).toBe(naive(huge.slice(0, 200), 10, 300));
  });
});
