// The narrative stage's output: a typed document model. Layout consumes only this (plus the
// rendered charts); no stage after this one sees templates, YAML or raw facts.

/**
 * Where a run of text from the facts file came from: a date or period, a name, a label. Such
 * runs stay separate inlines so every word taken from data can be traced to its item (and a
 * check can tell a sourced "2022" from a figure typed into a template).
 */
export interface DataRef {
  kind: 'date' | 'period' | 'label' | 'name' | 'role' | 'places' | 'meta' | 'note' | 'topic' | 'event';
  /** The fact, event, entity or meta field id the text was read from. */
  id: string;
}

/**
 * Where printed text came from, so a later stage that has to shrink, cut or move it can say
 * where to fix it: a template position (the call that made a slide) or a facts-file item (a
 * key figure, a source, the title). Line and column are 1-based; 0 when the input had no
 * positions (a facts object passed to the library).
 */
export interface Origin {
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the facts file (facts.x.short, sources.y.title); empty for templates. */
  path: string;
}

export type Inline =
  | { type: 'text'; text: string; bold?: boolean; italic?: boolean; ref?: DataRef }
  /**
   * A figure printed from a fact. A derived figure's text ends with " (derived)", so the mark
   * survives wherever the text goes (tiles say "(derived)" too; charts use "†").
   */
  | {
      type: 'fact';
      factId: string;
      text: string;
      derived: boolean;
      bold?: boolean;
      italic?: boolean;
      /** Set when the figure changed since the earlier edition: what changed, in words. */
      change?: string;
    }
  /** A numbered citation marker; links to the sources list entry `number`. */
  | { type: 'cite'; number: number; sourceId: string }
  | { type: 'link'; text: string; url: string };

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; text: string }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'list'; items: Inline[][] }
  /** `lang`: the quote's own language when it is not the edition's (quotes stay in their source's). */
  | { type: 'quote'; inlines: Inline[]; attribution?: Inline[]; lang?: string }
  | { type: 'chart'; chartId: string }
  | { type: 'keyFigures' }
  | { type: 'timeline' }
  | { type: 'people' }
  | { type: 'note'; inlines: Inline[] };

/** A block in another language than the document's (a bilingual edition's second language). */
export type Tagged<T> = T & { lang?: string };

export interface Section {
  id: string;
  title: string;
  blocks: Block[];
}

export const SLIDE_KINDS = ['title', 'agenda', 'keyFigures', 'chart', 'bullets', 'timeline', 'sources'] as const;
/** 'changes' is made by the narrative stage itself (a build with changes since an edition), never by a template. */
export type SlideKind = (typeof SLIDE_KINDS)[number] | 'changes';

export interface Slide {
  kind: SlideKind;
  title: string;
  /** One-line takeaway shown above a chart or as the slide's lead. */
  headline?: Inline[];
  bullets: Inline[][];
  chartId?: string;
  /** Source line printed at the foot of the slide. */
  sourceLine: string;
  notes: Inline[][];
  /** The template call that made the slide ({{#slide}}). */
  origin?: Origin;
  /** Where the sources named in the source line are, in the order named. */
  sourceOrigins?: Origin[];
}

export interface Tile {
  factId: string;
  /** What the figure is; a derived figure's label ends with the edition's derived mark. */
  label: string;
  value: string;
  qualifier: string;
  period: string;
  derived: boolean;
  citations: number[];
  /** The fact's label in the facts file (what to shorten when the tile has to cut it). */
  origin?: Origin;
  /** Set when the figure changed since the earlier edition: what changed, in words. */
  change?: string;
}

export interface TimelineEntry {
  eventId: string;
  dateText: string;
  start: string;
  end: string;
  title: string;
  what: string;
  placesText: string;
  note?: string;
  citations: number[];
  /** Set when the event moved or changed since the earlier edition: what changed, in words. */
  change?: string;
}

export interface PersonEntry {
  name: string;
  role: string;
  organisation?: string;
}

export interface OrganisationEntry {
  name: string;
  kind: string;
  description?: string;
}

export interface SourceEntry {
  number: number;
  id: string;
  /** report: quoted for the briefing's statements; reference: a gazetteer, for coordinates only. */
  kind: 'report' | 'reference';
  title: string;
  publisher?: string;
  dateText: string;
  url?: string;
  quotes: string[];
  /** The source's title in the facts file. */
  origin?: Origin;
  /** The language of the quoted passages, when it is not the edition's. */
  lang?: string;
}

export interface ChartDatum {
  factId: string;
  label: string;
  value: number;
  /** The value as the narrative prints it, from the shared formatter. */
  text: string;
  unitCaption: string;
  derived: boolean;
}

/** One stop of an itinerary map: a place of an event, numbered in date order. */
export interface MapStop {
  order: number;
  placeId: string;
  name: string;
  country: string;
  lat: number;
  lon: number;
  dateText: string;
  eventTitle: string;
}

export interface ChartSpec {
  id: string;
  locale: string;
  type: 'bar' | 'column' | 'multiples' | 'timeline' | 'map';
  title: string;
  unitCaption: string;
  data: ChartDatum[];
  timeline: TimelineEntry[];
  /** For maps: the events' places in date order, with coordinates. */
  stops?: MapStop[];
  /** For maps: what the numbering does not say (stops of one event listed, not ordered). */
  mapNote?: string;
  /** For maps: the credit drawn on the map itself (basemap and coordinates' sources). */
  mapCredit?: string;
  annotation?: { text: string; label: string };
  sourceLine: string;
  derivedNote?: string;
}

export interface DocumentMeta {
  title: string;
  subtitle?: string;
  date: string;
  dateText: string;
  locale: string;
  /** A bilingual edition's second language: the headings the tool adds are given in both. */
  secondLocale?: string;
  author?: string;
  organisation?: string;
  classification?: string;
  keywords: string[];
  /** Where each meta field printed on covers and title slides is in the facts file. */
  origins?: Partial<Record<'title' | 'subtitle' | 'organisation' | 'author' | 'classification', Origin>>;
}

/** One row of the "What changed" section and slide: a fact, event or chart, before and now. */
export interface ChangeRow {
  what: 'fact' | 'event' | 'chart';
  kind: 'changed' | 'moved' | 'added' | 'removed';
  id: string;
  /** The fact's label, the event's or the chart's title (the new edition's, else the old). */
  label: string;
  /** As the earlier edition printed it, qualifier and period included; empty when added. */
  before: string;
  /** As this edition prints it, with the relative change of a figure; "removed" when removed. */
  now: string;
  /** What differs, in words: "figure, period, source". */
  detail: string;
  /** The change in one phrase, as slides and speaker notes say it: "72,500 → 75,000", "new: 600", "no longer listed (was 260)". */
  phrase: string;
  /** Where the new figure comes from ("Title, date"); for a removed item, where the old one came from. */
  source: string;
  /** Citation numbers of the new figure's sources in this briefing's source list. */
  citations: number[];
}

/** What changed since an earlier edition, made from the diff stage's result (src/diff). */
export interface Changes {
  /** The earlier edition's date as printed. */
  sinceText: string;
  /** One line: "2 facts changed, 1 added; 1 event moved; 1 chart changed", or "no changes". */
  summaryText: string;
  rows: ChangeRow[];
  /** Charts whose drawn data or definition changed: chart id → what changed, in words. */
  charts: Record<string, string>;
}

export interface Narrative {
  /** Present when the build compares with an earlier edition (`changesSince`). */
  changes?: Changes;
  meta: DocumentMeta;
  summary: Block[];
  sections: Section[];
  slides: Slide[];
  keyFigures: Tile[];
  timeline: TimelineEntry[];
  people: PersonEntry[];
  organisations: OrganisationEntry[];
  sources: SourceEntry[];
  charts: ChartSpec[];
  /** Set for an edition in another language than the facts file's: says what was translated. */
  translationNote?: string;
}
