// Long content: the seed narrative with every text doubled (each paragraph, list item, quote
// and note twice as long, and every block repeated) still lays out inside the margin box on
// every page, with no text lost and no figure or heading stranded.
import { describe, expect, it } from 'vitest';
import { layout } from '../src/layout/index.js';
import { typographic } from '../src/layout/text.js';
import { writePdf } from '../src/pdf/index.js';
import type { Block, Inline, Narrative } from '../src/narrative/model.js';
import type { TextItem } from '../src/layout/model.js';
import { pdfinfo, pdftotext, qpdfCheck, textPositions, toFile } from './helpers/pdf.js';
import { outsideMargins, seedStages, squash } from './print-helpers.js';

const twice = (inlines: Inline[]): Inline[] => [...inlines, { type: 'text', text: ' ' }, ...inlines];

function doubleBlock(b: Block): Block {
  switch (b.type) {
    case 'paragraph':
    case 'note':
      return { ...b, inlines: twice(b.inlines) };
    case 'quote':
      return { ...b, inlines: twice(b.inlines) };
    case 'list':
      return { ...b, items: [...b.items, ...b.items].map(twice) };
    default:
      return b;
  }
}

function doubled(n: Narrative): Narrative {
  const blocks = (list: Block[]) => list.flatMap((b) => [doubleBlock(b), doubleBlock(b)]);
  return {
    ...n,
    summary: blocks(n.summary),
    sections: n.sections.map((s) => ({ ...s, blocks: blocks(s.blocks) })),
    timeline: [...n.timeline, ...n.timeline],
    people: [...n.people, ...n.people],
    organisations: [...n.organisations, ...n.organisations],
    sources: n.sources.map((s) => ({ ...s, quotes: [...s.quotes, ...s.quotes] })),
  };
}

/** The last three words of some inline text, as the reader sees them (typographic quotes). */
function lastWords(inlines: Inline[]): string {
  const text = inlines.map((i) => (i.type === 'cite' ? '' : i.text)).join('');
  return squash(typographic(text)).trim().split(' ').slice(-3).join(' ');
}

describe('print layout of doubled content', () => {
  const { narrative, charts } = seedStages();
  const long = doubled(narrative);

  for (const paper of ['a4', 'letter'] as const) {
    it(`keeps everything inside the margin box on ${paper}`, async () => {
      const laid = layout(long, charts, 'print', { paper });
      const base = layout(narrative, charts, 'print', { paper });
      expect(laid.pages.length).toBeGreaterThan(base.pages.length);
      expect(outsideMargins(laid)).toEqual([]);

      const bytes = await writePdf(laid, { date: new Date('2023-08-24T00:00:00Z') });
      const path = toFile(bytes);
      expect(qpdfCheck(path).ok).toBe(true);
      expect(pdfinfo(path).pages).toBe(laid.pages.length);
      const m = laid.margins;
      for (const run of await textPositions(bytes)) {
        expect(run.x, `${run.text} p${run.page}`).toBeGreaterThanOrEqual(0);
        expect(run.right, `${run.text} p${run.page}`).toBeLessThanOrEqual(run.pageWidth - m.right + 1);
        expect(run.bottom, `${run.text} p${run.page}`).toBeLessThanOrEqual(run.pageHeight);
      }

      // No text lost: the end of every paragraph, list item, quote and note is in the PDF.
      const text = squash(pdftotext(path));
      const blocks = [...long.summary, ...long.sections.flatMap((s) => s.blocks)];
      let checked = 0;
      for (const b of blocks) {
        const ends = b.type === 'paragraph' || b.type === 'note' || b.type === 'quote' ? [b.inlines] : b.type === 'list' ? b.items : [];
        for (const inlines of ends) {
          expect(text, `${b.type} ending “${lastWords(inlines)}”`).toContain(lastWords(inlines));
          checked += 1;
        }
      }
      expect(checked).toBeGreaterThan(40);
      expect(text).toContain(`Page ${laid.pages.length} of ${laid.pages.length}`);

      // Headings are never the last thing on a page; no paragraph leaves a lone line behind.
      laid.pages.forEach((page, i) => {
        const content = page.items.filter((it): it is TextItem => it.kind === 'text' && it.struct.role !== 'Artifact');
        const last = content.reduce<TextItem | undefined>((a, b) => (!a || b.y >= a.y ? b : a), undefined);
        if (last && i < laid.pages.length - 1) expect(['H1', 'H2'], `page ${i + 1}`).not.toContain(last.struct.role);
      });
      const perGroup = new Map<number, Map<number, Set<number>>>();
      laid.pages.forEach((page, i) => {
        for (const it of page.items) {
          if (it.kind !== 'text' || it.struct.role !== 'P') continue;
          const pages = perGroup.get(it.struct.group) ?? new Map<number, Set<number>>();
          perGroup.set(it.struct.group, pages);
          pages.set(i, (pages.get(i) ?? new Set<number>()).add(Math.round(it.y)));
        }
      });
      for (const pages of perGroup.values()) if (pages.size > 1) for (const lines of pages.values()) expect(lines.size).toBeGreaterThanOrEqual(2);
    });
  }
});
