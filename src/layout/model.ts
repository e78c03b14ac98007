// The layout stage's output: pages of positioned, styled items, self-contained. A writer (pdf,
// pptx) draws these and nothing else, so every position decision (and every overflow check)
// happens here; charts travel inside their items, links carry typed targets.
import type { Diagnostic } from '../diagnostics/index.js';
import type { FontFace } from '../fonts/index.js';
import type { ChartGraphic } from '../graphics/index.js';
import type { DocumentMeta } from '../narrative/index.js';

export type { DocumentMeta } from '../narrative/index.js';
export type * from '../graphics/index.js';

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
  /** The element's language (BCP 47) when it is not the document's: quotes, a bilingual edition's second language. */
  lang?: string;
}

/**
 * A place in the document a link or outline entry can point at. A writer turns it into its
 * own kind of target (a PDF named destination, a PowerPoint slide jump) by `anchorName`.
 */
export type Anchor =
  /** The entry of source note `number` in the sources list. */
  | { kind: 'source'; number: number }
  /** A heading, contents page, slide or notes page, by its id. */
  | { kind: 'heading'; id: string };

/** Where a link goes: a web address, or a position in this document. */
export type Link = { kind: 'url'; url: string } | { kind: 'anchor'; anchor: Anchor };

/** The one name of an anchor, unique in its document (PDF named destinations use it). */
export function anchorName(anchor: Anchor): string {
  return anchor.kind === 'source' ? `source-${anchor.number}` : anchor.id;
}

/** A link target's description for assistive technology ("Source 3", or the address). */
export function linkDescription(link: Link, text: string): string {
  if (link.kind === 'url') return link.url;
  return link.anchor.kind === 'source' ? `Source ${link.anchor.number}` : `Go to ${text}`;
}

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
  /** Line pitch of the block the run was set in (writers that re-flow text use it). */
  leading?: number;
  /** The run shows the page number ("3 / 11"), which an editable format keeps as a field. */
  field?: 'pageNumber';
  /**
   * Set in the text layer but never painted (PDF text render mode 3): words for screen
   * readers and text extraction only, such as what changed beside a change bar. It is part
   * of its structure element, read right after the run before it.
   */
  hidden?: boolean;
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
  /**
   * 'bullet': a list item's bullet (an editable format uses its own bullets); 'change': a
   * change bar in the margin beside a figure that changed since the earlier edition.
   */
  marker?: 'bullet' | 'change';
}

export interface ChartItem {
  kind: 'chart';
  /** The drawing itself, with its words (title, source line, alt text). */
  chart: ChartGraphic;
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
  /** Speaker notes for a slide, one plain-text paragraph each. */
  notes?: string[];
}

export interface OutlineEntry {
  title: string;
  page: number;
  y: number;
  level: number;
  anchor: Anchor;
}

/** Where an anchor landed: a page and the y of its top. */
export interface Destination {
  anchor: Anchor;
  page: number;
  y: number;
}

/** The formats layout lays out: the print briefing, the 16:9 deck, speaker notes. */
export type LayoutKind = 'print' | 'slides' | 'notes';

export interface LaidOutDocument {
  kind: LayoutKind;
  meta: DocumentMeta;
  pages: Page[];
  outline: OutlineEntry[];
  destinations: Destination[];
  /**
   * Layout problems that were handled (text cut, lists continued), each located at the facts
   * file or template line that holds the text, with a code from BR300–BR349.
   */
  warnings: Diagnostic[];
  /**
   * The margin box every page's content must stay inside (checked by tests); only change
   * bars and their hidden words (what changed since an earlier edition) sit in the left margin.
   */
  margins: { top: number; right: number; bottom: number; left: number };
}
