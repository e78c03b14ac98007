// Setting wrapped lines as positioned text items: the helper slides and speaker notes share.
import type { Item, Link, StructRef } from './model.js';
import { runsOf, type Line } from './text.js';

/**
 * Sets `lines` from `top` down, one `leading` apart (each baseline a fifth of a line above the
 * line's foot), adding a text item per run; `keepLink` decides which links survive (speaker
 * notes drop jumps into the deck). Returns the foot of the last line.
 */
export function placeLines(lines: readonly Line[], x: number, top: number, leading: number, struct: StructRef, add: (item: Item) => void, keepLink: (link: Link) => boolean = () => true): number {
  let y = top;
  for (const line of lines) {
    y += leading;
    for (const run of runsOf(line, x)) {
      const link = run.piece.link;
      add({ kind: 'text', x: run.x, y: y - leading * 0.22 - run.piece.rise, text: run.text, face: run.piece.face, size: run.piece.size, color: run.piece.color, width: run.width, struct, leading, ...(link && keepLink(link) ? { link } : {}) });
    }
  }
  return y;
}
