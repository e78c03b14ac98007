// Simple ruled tables with a header row: cells wrap, rows never split across pages (unless a
// single row is taller than a page), and the header repeats after a page break. Tagged as
// Table > TR > TH/TD; a repeated header is an artifact so screen readers hear it once.
import { Flow } from './flow.js';
import type { StructRef } from './model.js';
import { COLOR, REGULAR, SEMIBOLD } from './theme.js';
import { wrapPlain, runsOf, type Line, type TextStyle } from './text.js';

const CELL: TextStyle = { size: 9.5, face: REGULAR, color: COLOR.text };
const HEAD: TextStyle = { size: 9.5, face: SEMIBOLD, color: COLOR.navy };
const LEADING = 12.5;
const PAD = 5;
const SPACE_BEFORE = 4;

/** Height of the header plus the first row: what must stay with a heading above the table. */
export function tableLeadHeight(width: number, header: readonly string[], rows: string[][], fractions: number[]): number {
  const widths = fractions.map((f) => f * width);
  const h = (cells: readonly string[], style: TextStyle) => Math.max(...cells.map((c, i) => wrapPlain(c, style, widths[i]! - PAD * 2).length)) * LEADING + PAD * 2;
  return SPACE_BEFORE + h(header, HEAD) + (rows[0] ? h(rows[0], CELL) : 0);
}

/**
 * `marks[i]`, when set, says what changed in row `i` since the earlier edition: the row gets a
 * change bar in the margin and those words, hidden, after its first cell's text.
 */
export function tableBlock(flow: Flow, header: readonly string[], rows: string[][], fractions: number[], marks: readonly (string | undefined)[] = []): void {
  const x0 = flow.frame.left;
  const width = flow.contentWidth;
  const widths = fractions.map((f) => f * width);
  const table = flow.nextGroup();
  const wrap = (cells: readonly string[], style: TextStyle) => cells.map((c, i) => wrapPlain(c, style, widths[i]! - PAD * 2));
  const heightOf = (wrapped: Line[][]) => Math.max(...wrapped.map((l) => l.length)) * LEADING + PAD * 2;
  const pageHeight = flow.bottomLimit - flow.frame.top;

  const drawRow = (wrapped: Line[][], role: 'TH' | 'TD', repeated: boolean, mark?: string): void => {
    const row = flow.nextGroup();
    const structs = wrapped.map((): StructRef =>
      repeated
        ? { role: 'Artifact', group: 0, artifact: 'Layout' }
        : { role, group: flow.nextGroup(), parent: { role: 'TR', group: row }, table, ...(role === 'TH' ? { scope: 'Column' as const } : {}) },
    );
    // Rows normally fit where they start (the caller breaks the page first); only a row
    // taller than a page is cut into slices, continuing the same cells under a repeated header.
    const total = Math.max(...wrapped.map((l) => l.length));
    let from = 0;
    while (from < total) {
      const fit = Math.max(1, Math.floor((flow.remaining - PAD * 2 + 0.01) / LEADING));
      const to = Math.min(total, from + fit);
      const sliceHeight = (to - from) * LEADING + PAD * 2;
      let x = x0;
      wrapped.forEach((lines, i) => {
        lines.slice(from, to).forEach((line, k) => {
          for (const run of runsOf(line, x + PAD)) {
            flow.add({ kind: 'text', x: run.x, y: flow.y + PAD + LEADING * (k + 0.75), text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct: structs[i]! });
          }
        });
        // The bar beside the whole row, on each page the row is on; the words once, after the first cell.
        if (mark && i === 0) flow.markChange(flow.y, flow.y + sliceHeight, flow.y + PAD + LEADING * 0.75, mark, structs[0]!, true);
        x += widths[i]!;
      });
      const rule = role === 'TH' ? 1 : 0.5;
      flow.add({ kind: 'rect', x: x0, y: flow.y + sliceHeight - rule, w: width, h: rule, fill: role === 'TH' ? COLOR.navy : COLOR.rule, struct: { role: 'Artifact', group: 0, artifact: 'Layout' } });
      flow.y += sliceHeight;
      from = to;
      if (from < total) {
        flow.newPage();
        drawRow(head, 'TH', true);
      }
    }
  };

  const head = wrap(header, HEAD);
  const body = rows.map((r) => wrap(r, CELL));
  flow.need(SPACE_BEFORE + heightOf(head) + (body[0] ? Math.min(heightOf(body[0]), pageHeight / 2) : 0));
  flow.gap(SPACE_BEFORE);
  drawRow(head, 'TH', false);
  body.forEach((cells, r) => {
    const h = heightOf(cells);
    if (h > flow.remaining && (h <= pageHeight - heightOf(head) || flow.remaining < pageHeight / 3)) {
      flow.newPage();
      drawRow(head, 'TH', true);
    }
    drawRow(cells, 'TD', false, marks[r]);
  });
  flow.y += 10;
}
