// The layout stage's output: pages of positioned, styled items. The PDF writer draws these
// and nothing else, so every position decision (and every overflow check) happens here.
import type { FontFace } from '../fonts/index.js';
import type { DocumentMeta } from '../narrative/model.js';

/** Structure roles for the tagged PDF; 'Artifact' marks running headers, footers, rules. */
export type Role = 'H1' | 'H2' | 'H3' | 'P' | 'LI' | 'Lbl' | 'BlockQuote' | 'Caption' | 'Figure' | 'TH' | 'TD' | 'Note' | 'Title' | 'Artifact';

export interface StructRef {
  role: Role;
  /** Items with the same group id form one structure element (one paragraph, one heading). */
  group: number;
  /** Table row / list grouping: items sharing a parent group nest under one Table/L element;
   *  'LBody' nests a block inside the body of list item `group` (e.g. quotes under a source). */
  parent?: { role: 'L' | 'Table' | 'TR' | 'Sect' | 'LBody'; group: number };
  /** Alternative text for figures. */
  alt?: string;
  /** For table rows (parent role 'TR'): the Table element the row belongs to. */
  table?: number;
  /** For artifacts: running header/footer (pagination) or page decoration (layout). */
  artifact?: 'Header' | 'Footer' | 'Layout';
  /** For TH cells: what the header cell labels. */
  scope?: 'Column' | 'Row';
  /** Section (Sect element) the item belongs to, so readers can navigate by section. */
  section?: number;
}

export type Link = { url: string } | { dest: string };

export interface TextItem {
  kind: 'text';
  x: number;
  /** Baseline of the text. */
  y: number;
  text: string;
  face: FontFace;
  size: number;
  color: string;
  width: number;
  link?: Link;
  struct: StructRef;
}

export interface RectItem {
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  fill?: string;
  stroke?: string;
  lineWidth?: number;
  struct: StructRef;
}

export interface ChartItem {
  kind: 'chart';
  chartId: string;
  x: number;
  y: number;
  w: number;
  h: number;
  struct: StructRef;
}

export type Item = TextItem | RectItem | ChartItem;

export interface Page {
  width: number;
  height: number;
  items: Item[];
}

export interface OutlineEntry {
  title: string;
  page: number;
  y: number;
  level: number;
  dest: string;
}

export interface Destination {
  name: string;
  page: number;
  y: number;
}

export interface LaidOutDocument {
  kind: 'print' | 'slides' | 'notes';
  meta: DocumentMeta;
  pages: Page[];
  outline: OutlineEntry[];
  destinations: Destination[];
  /** Layout problems that were handled (text shrunk or cut); reported as warnings. */
  warnings: string[];
  /** The margin box every page's content must stay inside (checked by tests). */
  margins: { top: number; right: number; bottom: number; left: number };
}
