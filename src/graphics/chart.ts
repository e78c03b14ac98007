// The charts stage's output: each chart drawn once, as a vector display list, with the
// words that travel with it (title, unit, source line, alt text). Print and slides both
// place these same graphics.
import type { DisplayList } from './display-list.js';

/** One plotted value, as the drawing shows it: its label (with any derived mark), value and colour. */
export interface ChartPoint {
  label: string;
  value: number;
  /** The value as printed (the shared formatter's text). */
  text: string;
  derived: boolean;
  /** Bar fill, #rrggbb. */
  color: string;
}

export interface ChartGraphic {
  id: string;
  /** bar: horizontal bars; column: vertical; multiples: one small panel per value; timeline. */
  kind: 'bar' | 'column' | 'multiples' | 'timeline' | 'map';
  /** The values drawn (none for a timeline), so a writer can rebuild the chart natively. */
  points: ChartPoint[];
  title: string;
  unitCaption: string;
  sourceLine: string;
  /** One or two sentences generated from the data, for the tagged PDF's Figure /Alt. */
  alt: string;
  /** The change labelled above a column chart ("6.8% year-on-year change"), if any. */
  annotation?: string;
  /** Shown under the chart when it includes derived values. */
  note?: string;
  list: DisplayList;
}

export type ChartGraphics = ReadonlyMap<string, ChartGraphic>;
