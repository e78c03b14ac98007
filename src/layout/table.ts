// Simple ruled tables with a header row: cells wrap, rows never split across pages, and the
// header repeats after a page break. Tagged as Table > TR > TH/TD.
import { Flow } from './flow.js';
import { COLOR, REGULAR, SEMIBOLD } from './theme.js';
import { wrapPlain, runsOf, type TextStyle } from './text.js';

const CELL: TextStyle = { size: 9.5, face: REGULAR, color: COLOR.text };
const HEAD: TextStyle = { size: 9.5, face: SEMIBOLD, color: COLOR.navy };
const LEADING = 12.5;
const PAD = 5;

export function tableBlock(flow: Flow, header: string[], rows: string[][], fractions: number[]): void {
  const x0 = flow.frame.left;
  const width = flow.contentWidth;
  const widths = fractions.map((f) => f * width);

  const drawRow = (cells: string[], style: TextStyle, role: 'TH' | 'TD') => {
    const wrapped = cells.map((c, i) => wrapPlain(c, style, widths[i]! - PAD * 2));
    const height = Math.max(...wrapped.map((l) => l.length)) * LEADING + PAD * 2;
    const row = flow.nextGroup();
    let x = x0;
    wrapped.forEach((lines, i) => {
      const cell = flow.nextGroup();
      lines.forEach((line, k) => {
        for (const run of runsOf(line, x + PAD)) {
          flow.add({ kind: 'text', x: run.x, y: flow.y + PAD + LEADING * (k + 0.75), text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct: { role, group: cell, parent: { role: 'TR', group: row } } });
        }
      });
      x += widths[i]!;
    });
    flow.add({ kind: 'rect', x: x0, y: flow.y + height, w: width, h: role === 'TH' ? 1 : 0.5, fill: role === 'TH' ? COLOR.navy : COLOR.rule, struct: { role: 'Artifact', group: 0 } });
    flow.y += height;
    return height;
  };
  const rowHeight = (cells: string[], style: TextStyle) => Math.max(...cells.map((c, i) => wrapPlain(c, style, widths[i]! - PAD * 2).length)) * LEADING + PAD * 2;

  flow.need(rowHeight(header, HEAD) + (rows[0] ? rowHeight(rows[0], CELL) : 0));
  flow.gap(4);
  drawRow(header, HEAD, 'TH');
  for (const r of rows) {
    const h = rowHeight(r, CELL);
    if (h > flow.remaining) {
      flow.newPage();
      drawRow(header, HEAD, 'TH');
    }
    drawRow(r, CELL, 'TD');
  }
  flow.y += 10;
}
