// Line breaking keeps a figure's words together and never lets a line overrun its width.
import { describe, expect, it } from 'vitest';
import { breakLines, piecesOf } from '../src/layout/text.js';
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
