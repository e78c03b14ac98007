// Marking what changed since the earlier edition: the change bar in the margin beside a
// changed figure (an artifact: decoration, not content) and the words that say what changed,
// set as hidden text inside the figure's own structure element, read right after the figure.
// Hidden text rather than /Alt or /ActualText: every reader reads a text layer (Acrobat with
// NVDA or JAWS through the structure tree; pdf.js, Chrome, Preview and text extraction by
// content order), while /Alt on a Span and /ActualText replace the figure's own words.
import { measure } from '../fonts/index.js';
import type { RectItem, StructRef, TextItem } from './model.js';
import { COLOR, REGULAR } from './theme.js';

/** Width of a change bar and its distance from the text it marks. */
export const CHANGE_BAR = { w: 2.5, gap: 9 } as const;
const BAR_STRUCT: StructRef = { role: 'Artifact', group: 0, artifact: 'Layout' };

/** The change bar beside `top`–`bottom`, its right edge `CHANGE_BAR.gap` left of `textLeft`. */
export function changeBar(textLeft: number, top: number, bottom: number): RectItem {
  return { kind: 'rect', x: textLeft - CHANGE_BAR.gap - CHANGE_BAR.w, y: top, w: CHANGE_BAR.w, h: bottom - top, fill: COLOR.change, struct: BAR_STRUCT, marker: 'change' };
}

/**
 * What changed, in words, as hidden text in `struct` at `baseline`: set in the margin left of
 * the bar (from `marginLeft`), small enough to stay inside it, so extracted text never runs
 * into the visible words. Its size does not matter to a reader; it is never painted.
 */
export function changeWords(note: string, struct: StructRef, marginLeft: number, barX: number, baseline: number): TextItem {
  const text = ` [${note}] `;
  const room = Math.max(1, barX - marginLeft - 2);
  const size = Math.max(0.1, Math.min(6, room / Math.max(1, measure(text, 1, REGULAR))));
  return { kind: 'text', x: marginLeft, y: baseline, text, face: REGULAR, size, color: COLOR.text, width: measure(text, size, REGULAR), struct, hidden: true };
}
