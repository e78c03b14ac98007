// Layout stage: Narrative + drawn charts -> one self-contained LaidOutDocument per format.
// Writers (pdf, pptx) take that document and nothing else: the chart drawings travel inside
// their items, links carry typed targets, structure roles and alt text sit on every item.
import type { ChartGraphics } from '../graphics/index.js';
import type { Narrative } from '../narrative/index.js';
import type { LaidOutDocument, LayoutKind } from './model.js';
import { layoutNotes } from './notes.js';
import { layoutPrint } from './print.js';
import { layoutSlides } from './slides.js';
import type { Paper } from './theme.js';
import { settleWording } from './wording.js';

export type * from './model.js';
export { anchorName, linkDescription } from './model.js';
export { PAPER, SLIDE, type Paper } from './theme.js';
export { settleWording } from './wording.js';

export interface LayoutOptions {
  /** Paper of the print briefing and the speaker notes (A4 by default). */
  paper?: Paper;
}

type LayoutFn = (narrative: Narrative, charts: ChartGraphics, options: LayoutOptions) => LaidOutDocument;

const LAYOUTS: Record<LayoutKind, LayoutFn> = {
  print: layoutPrint,
  slides: (narrative, charts) => layoutSlides(narrative, charts),
  notes: layoutNotes,
};

/**
 * Lays the narrative out as `kind`: pages of positioned text, rectangles and charts. The
 * wording is settled first (wording.ts), the same way for every kind.
 */
export function layout(narrative: Narrative, charts: ChartGraphics, kind: LayoutKind, options: LayoutOptions = {}): LaidOutDocument {
  const settled = settleWording(narrative, charts);
  return LAYOUTS[kind](settled.narrative, settled.charts, options);
}
