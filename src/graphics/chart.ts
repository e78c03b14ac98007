// The charts stage's output: each chart drawn once, as a vector display list, with the
// words that travel with it (title, unit, source line, alt text). Print and slides both
// place these same graphics.
import type { DisplayList } from './display-list.js';

export interface ChartGraphic {
  id: string;
  title: string;
  unitCaption: string;
  sourceLine: string;
  /** One or two sentences generated from the data, for the tagged PDF's Figure /Alt. */
  alt: string;
  /** Shown under the chart when it includes derived values. */
  note?: string;
  list: DisplayList;
}

export type ChartGraphics = ReadonlyMap<string, ChartGraphic>;
