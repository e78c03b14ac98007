// The words the tool itself prints around a briefing's own text (headings it adds, table
// heads, captions, page numbers, source lines), per language. Templates carry the prose; this
// table carries only the chrome, so a Chinese edition has no English left on its pages.
import { isChinese, zhDate } from './zh.js';

export interface Words {
  briefing: string;
  contents: string;
  summary: string;
  sources: string;
  figure(n: number, title: string): string;
  page(n: number, total: number): string;
  slide(n: number): string;
  /** A label before a text, as in a heading: "Slide 3: Title". */
  labelled(label: string, text: string): string;
  slideHeading(n: number, title: string): string;
  continuedFromSlide(n: number): string;
  /** A slide's title on its follow-up pages: "Key figures (continued)". */
  continuedTitle(title: string): string;
  noNotes: string;
  /** The word of a slide template's paragraph that starts its speaker notes ("Notes:"); any colon follows. */
  notesMarker: string;
  /** Names the speaker-notes edition: "speaker notes". */
  speakerNotes: string;
  timelineHead: [string, string, string];
  peopleHead: [string, string, string];
  organisationHead: [string, string, string];
  organisationKinds: Readonly<Record<string, string>>;
  passages: string;
  /** "Source: a; b" / "Sources: …" */
  sourceLine(names: readonly string[]): string;
  /** Joins a source's publisher, title and date. */
  sourceName(publisher: string | undefined, title: string, date: string): string;
  /** A reference source (a gazetteer) on the sources page: used for map coordinates only. */
  referenceTitle(title: string): string;
  /** Appended to a map's source line: the reference sources of its coordinates. */
  coordinatesFrom(names: readonly string[]): string;
  /** A map's credit line: the basemap, and the gazetteers (already joined as a list). */
  mapCredit(gazetteers: string): string;
  /** One group of map stops and its dates: "2–5: 16–21 July 2023". */
  mapStops(range: string, dateText: string): string;
  /** A map's note: the dated groups, and the stops numbered in listed, not visited, order. */
  mapNote(dated: readonly string[], listed: string): string;
  /** Stops a map could not label, listed in its key: "Also: 4 Rivertown". */
  mapAlso(items: readonly string[]): string;
  /** A source as the sources slide lists it: title, publisher and date. */
  sourceEntry(title: string, publisher: string | undefined, date: string): string;
  /** A source as a chart's source line names it: publisher, title and date. */
  chartSourceName(publisher: string | undefined, title: string, date: string): string;
  /** Marks a derived figure: " (derived)". */
  derivedMark: string;
  /** Opening and closing brackets around an equivalent figure or a period. */
  open: string;
  close: string;
  /** Says which text was translated for this edition; empty when nothing was. */
  translated(language: string, editorial: readonly string[]): string;
  noData: string;
  noEvents: string;
  /** The heading of the default briefing's one section of figures, when no fact has a topic. */
  figures: string;
  /** The heading of the default briefing's catch-all section, after the topics. */
  otherFigures: string;
  /**
   * A figure as a sentence of running text. `label`, `figure` and `period` are already-marked
   * text; `periodText` is the period as written, which picks the English preposition.
   */
  figureSentence(label: string, figure: string, period: string, periodText: string): string;
  /** An event as a sentence: its date, title, places (or ''), what happened and a note (or ''). */
  eventSentence(date: string, title: string, places: string, what: string, note: string): string;
  /** The full stop `text` needs to end a sentence ('' when it already ends with one). */
  stop(text: string): string;
  /** What separates two sentences of running text. */
  sentenceGap: string;
  /** A chart's alternative text, for screen readers and the e-mail: sentences from the data. */
  alt: AltWords;
  /** The words of "What changed since the earlier edition" (`--changes-since`). */
  changes: ChangeWords;
  /** The words of `briefing diff`'s report. */
  diff: DiffWords;
}

/**
 * The plain-text report of `briefing diff`. Ids, file names and `meta.` field paths are the
 * facts file's own and stay as written; `date`s are ISO dates from the facts files.
 */
export interface DiffWords {
  /** The first line: "old.yaml (2024-03-01) → new.yaml (2024-06-01)". */
  editions(oldFile: string, oldDate: string, newFile: string, newDate: string): string;
  noChanges: string;
  /** "facts: 4 changed, 1 added, 2 removed; events: 3 changed; charts: 2 changed". */
  summary(s: { factsChanged: number; factsAdded: number; factsRemoved: number; eventsChanged: number; chartsChanged: number }): string;
  /** A meta field that one edition lacks. */
  none: string;
  heads: { facts: string; events: string; charts: string; keyFigures: string; sources: string };
  /** Labels before a line's text, set with `labelled`: "source: …", "changed: value, period". */
  source: string;
  was: string;
  now: string;
  changed: string;
  /** A figure and its period: "1,200 (2023)", marked when derived. */
  figure(text: string, period: string, derived: boolean): string;
  /** The relative change after a changed figure: " (+4.2%)". */
  relative(percent: string): string;
  /** A source by title and date; several joined. */
  cite(title: string, date: string): string;
  citeJoin: string;
  /** What changed in a fact, event or chart: its field names in words. */
  fields(names: readonly string[]): string;
  /** An event (or source) and its dates: "New quay opened, 9 May 2023". */
  dated(title: string, when: string): string;
  /** "New quay opened moved from 2 May 2023 to 9 May 2023; also changed: source". */
  moved(title: string, from: string, to: string, also: string): string;
  /** A chart changed through the figures it draws: " (through ships_2023)". */
  through(ids: readonly string[]): string;
  /** What separates a title from what changed in it: "Title; changed: …". */
  then: string;
}

/** The words of a chart's alternative text; items come already joined with `list`. */
export interface AltWords {
  /** One stop of a map: its number, place, country and dates. */
  mapStop(order: number, name: string, country: string, dateText: string): string;
  map(title: string, stops: number, items: string): string;
  /** One event of a timeline: title, date and places (or ''). */
  timelineEvent(title: string, dateText: string, places: string): string;
  timeline(title: string, events: number, items: string): string;
  chartKind: Readonly<Record<'bar' | 'column' | 'multiples', string>>;
  chart(kind: string, title: string, items: string): string;
  noData(kind: string, title: string): string;
  /** One value: its label and figure. */
  item(label: string, text: string): string;
  /** Whether a label already says it is derived (so the mark is not said twice). */
  saysDerived(label: string): boolean;
  /** Joins the items of one chart. */
  list: string;
  /** A note after the chart sentence (the annotation): label and text, as a sentence. */
  note(label: string, text: string): string;
}

export type ChangeKind = 'changed' | 'moved' | 'added' | 'removed';

/**
 * "What changed": the section, its table and slide, and the notes on changed figures. `date`
 * is the earlier edition's date as printed; texts passed in are already in the language.
 */
export interface ChangeWords {
  /** The section's heading and the slide's title. */
  title: string;
  /** The table's column heads: what, before, now, source of the new figure. */
  head: readonly [string, string, string, string];
  /** The fields that changed, in words: "figure, period, source". */
  fields(names: readonly string[]): string;
  /** A row's kind in the table: "changed", "moved", "new", "removed". */
  kind: Readonly<Record<ChangeKind, string>>;
  /** A chart's title in a row: "Chart: Title". */
  chart(title: string): string;
  /** A row's label, kind and (for a change) the fields: "Label (changed: figure, period)". */
  rowLabel(label: string, kind: string, detail: string): string;
  /** A row's label on the slide, before its phrase: "Label: ". */
  itemLabel(label: string): string;
  /** Before the source of a removed item's old figure: "was: ". */
  was: string;
  /** A figure as printed with its period: "72,500, as of 2023". */
  shown(figure: string, period: string): string;
  /** A source named by title and date; sources joined. */
  source(title: string, date: string | undefined): string;
  sources(names: readonly string[]): string;
  /** An event's dates and places. */
  eventWhere(when: string, places: readonly string[]): string;
  /** The now column of a removed item, and of an added chart. */
  removed: string;
  newChart: string;
  /** A changed chart, and the labels of the figures it draws anew ('' when none changed). */
  redrawn(labels: readonly string[]): string;
  newHere: string;
  goneHere: string;
  /** "facts: 2 changed, 1 added; events: 1 moved"; or that nothing changed. */
  tally(parts: readonly { what: 'facts' | 'events' | 'charts'; counts: readonly (readonly [ChangeKind, number])[] }[]): string;
  /** The section's opening line, with changes and with none. */
  lead(date: string, summary: string): string;
  nothing(date: string, summary: string): string;
  /** The slide's headline, source line and speaker notes. */
  headline(date: string, summary: string): string;
  newFigures(sources: readonly string[]): string;
  notes(date: string, summary: string): string;
  notesSources(sources: readonly string[]): string;
  /** A row as one phrase: "new: 600", "no longer listed (was 260)". */
  phraseAdded(now: string): string;
  phraseRemoved(before: string): string;
  /** What a changed figure, event or chart says about itself (hidden text beside it). */
  factChanged(date: string, was: string): string;
  isNew(date: string): string;
  eventMoved(date: string, was: string): string;
  eventChanged(date: string, fields: string): string;
  chartChanged(date: string, labels: readonly string[], fields: string): string;
  chartNew(date: string): string;
}

/**
 * The words put before a period in running English: "in 2023", "at the end of 2023", "for
 * 2021 to 2026"; nothing before a period that starts with its own ("as of March 2024").
 */
export function periodPreposition(period: string): string {
  const p = period.trim();
  if (/^(as of|as at|at|by|in|during|from|between|over|on|for|since|until|through|throughout|before|after|within|to|up to)\b/i.test(p)) return '';
  if (/^the (end|start|beginning|middle|close) of\b/i.test(p)) return 'at ';
  if (/^(end|start|beginning|middle|close) of\b/i.test(p)) return 'at the ';
  if (/^\d{4}\s*(to|–|-)\s*\d{4}$/.test(p)) return 'for ';
  if (/^the (\d|financial|fiscal|calendar|year|quarter|month|week|first|second|third|fourth|last|past)/i.test(p)) return 'in ';
  if (/^(\d|Q[1-4]\b|H[12]\b|FY|(January|February|March|April|May|June|July|August|September|October|November|December)\b|(first|second|third|fourth|last|this|next|the first|the second|the last) )/i.test(p)) return 'in ';
  return 'for ';
}

const EN_STOP = /[.!?]$/;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
/** Chinese text ends a sentence with a full-width stop; a Latin name or quotation may end with its own. */
const ZH_STOP = /[。！？.!?]$/;

const EN_FIELDS: Readonly<Record<string, string>> = {
  value: 'figure',
  unit: 'unit',
  scale: 'scale',
  qualifier: 'qualifier',
  period: 'period',
  label: 'label',
  source: 'source',
  quote: 'quoted passage',
  formula: 'formula',
  date: 'dates',
  title: 'title',
  what: 'description',
  places: 'places',
  who: 'people',
  planned: 'planned or held',
  type: 'chart type',
  facts: 'charted facts',
  events: 'charted events',
  annotate: 'annotation',
  data: 'data',
};

const EN_CHANGES: ChangeWords = {
  title: 'What changed',
  head: ['What', 'Before', 'Now', 'Source of the new figure'],
  fields: (names) => names.map((f) => EN_FIELDS[f] ?? f).join(', '),
  kind: { changed: 'changed', moved: 'moved', added: 'new', removed: 'removed' },
  chart: (title) => `Chart: ${title}`,
  rowLabel: (label, kind, detail) => `${label} (${kind}${detail ? `: ${detail}` : ''})`,
  itemLabel: (label) => `${label}: `,
  was: 'was: ',
  shown: (figure, period) => `${figure}, ${period}`,
  source: (title, date) => [title, date].filter(Boolean).join(', '),
  sources: (names) => names.join('; '),
  eventWhere: (when, places) => `${when}${places.length ? `, ${places.join(', ')}` : ''}`,
  removed: 'removed',
  newChart: 'new chart',
  redrawn: (labels) => `redrawn${labels.length ? ` with the new figure${labels.length > 1 ? 's' : ''} for ${labels.join('; ')}` : ''}`,
  newHere: 'new in this edition',
  goneHere: 'no longer in this edition',
  tally: (parts) => (parts.length ? parts.map((p) => `${p.what}: ${p.counts.map(([k, n]) => `${n} ${k}`).join(', ')}`).join('; ') : 'no facts, events or charts changed'),
  lead: (date, summary) => `Since the edition of ${date}: ${summary}. A bar in the margin marks each changed figure, row and chart in this edition.`,
  nothing: (date, summary) => `Nothing changed since the edition of ${date}: ${summary}.`,
  headline: (date, summary) => `Since the edition of ${date}: ${summary}`,
  newFigures: (sources) => `New figures: ${sources.join('; ')}`,
  notes: (date, summary) => `Changes since the edition of ${date}: ${summary}.`,
  notesSources: (sources) => `The new figures come from ${sources.join('; ')}.`,
  phraseAdded: (now) => `new: ${now}`,
  phraseRemoved: (before) => `no longer listed (was ${before || 'in the earlier edition'})`,
  factChanged: (date, was) => `changed since the edition of ${date}: was ${was}`,
  isNew: (date) => `new since the edition of ${date}`,
  eventMoved: (date, was) => `moved since the edition of ${date}: was ${was}`,
  eventChanged: (date, fields) => `changed since the edition of ${date} (${fields})`,
  chartChanged: (date, labels, fields) => `chart changed since the edition of ${date}${labels.length ? `: new figure${labels.length > 1 ? 's' : ''} for ${labels.join('; ')}` : ` (${fields})`}`,
  chartNew: (date) => `chart new since the edition of ${date}`,
};

const ZH_FIELDS: Readonly<Record<string, string>> = {
  value: '数值',
  unit: '单位',
  scale: '数量级',
  qualifier: '限定语',
  period: '时期',
  label: '标签',
  source: '来源',
  quote: '引文',
  formula: '公式',
  date: '日期',
  title: '标题',
  what: '描述',
  places: '地点',
  who: '人物',
  planned: '计划或已举行',
  type: '图表类型',
  facts: '图表数据',
  events: '图表事件',
  annotate: '标注',
  data: '数据',
};
const ZH_WHAT = { facts: '数据', events: '事件', charts: '图表' } as const;
const ZH_KIND: Readonly<Record<ChangeKind, string>> = { changed: '变更', moved: '改期', added: '新增', removed: '删除' };

const ZH_CHANGES: ChangeWords = {
  title: '本版变化',
  head: ['项目', '此前', '现在', '新数据来源'],
  fields: (names) => names.map((f) => ZH_FIELDS[f] ?? f).join('、'),
  kind: ZH_KIND,
  chart: (title) => `图表“${title}”`,
  rowLabel: (label, kind, detail) => `${label}（${kind}${detail ? `：${detail}` : ''}）`,
  itemLabel: (label) => `${label}：`,
  was: '原：',
  // "截至2023年为7.25万": the period leads, as in the sentences (a period may have its own brackets).
  shown: (figure, period) => `${period}为${figure}`,
  source: (title, date) => `${title}${date ? `（${date}）` : ''}`,
  sources: (names) => names.join('；'),
  eventWhere: (when, places) => `${when}${places.length ? `，${places.join('、')}` : ''}`,
  removed: '已删除',
  newChart: '新增图表',
  redrawn: (labels) => (labels.length ? `按${labels.join('；')}的新数据重绘` : '已重绘'),
  newHere: '本版新增',
  goneHere: '本版已删除',
  // "数据变更2项、新增1项；事件改期1项"
  tally: (parts) => (parts.length ? parts.map((p) => `${ZH_WHAT[p.what]}${p.counts.map(([k, n]) => `${ZH_KIND[k]}${n}项`).join('、')}`).join('；') : '数据、事件和图表均无变化'),
  lead: (date, summary) => `自${date}版以来：${summary}。本版中每一处有变化的数据、表格行和图表，均在页边以竖条标出。`,
  nothing: (date, summary) => `自${date}版以来没有变化：${summary}。`,
  headline: (date, summary) => `自${date}版以来：${summary}`,
  newFigures: (sources) => `新数据来源：${sources.join('；')}`,
  notes: (date, summary) => `自${date}版以来的变化：${summary}。`,
  notesSources: (sources) => `新数据出自${sources.join('；')}。`,
  phraseAdded: (now) => `新增：${now}`,
  phraseRemoved: (before) => `不再列出（原数据：${before || '见上一版'}）`,
  factChanged: (date, was) => `自${date}版以来有变化，原数据：${was}`,
  isNew: (date) => `自${date}版以来新增`,
  eventMoved: (date, was) => `自${date}版以来改期：原为${was}`,
  eventChanged: (date, fields) => `自${date}版以来有变化（${fields}）`,
  chartChanged: (date, labels, fields) => `图表自${date}版以来有变化${labels.length ? `：${labels.join('；')}为新数据` : `（${fields}）`}`,
  chartNew: (date) => `图表自${date}版以来新增`,
};

const EN_DIFF: DiffWords = {
  editions: (oldFile, oldDate, newFile, newDate) => `${oldFile} (${oldDate}) → ${newFile} (${newDate})`,
  noChanges: 'no changes',
  summary: (s) => `facts: ${s.factsChanged} changed, ${s.factsAdded} added, ${s.factsRemoved} removed; events: ${s.eventsChanged} changed; charts: ${s.chartsChanged} changed`,
  none: '(none)',
  heads: { facts: 'Facts', events: 'Events', charts: 'Charts', keyFigures: 'Key figures', sources: 'Sources' },
  source: 'source',
  was: 'was',
  now: 'now',
  changed: 'changed',
  figure: (text, period, derived) => `${text} (${period})${derived ? ' [derived]' : ''}`,
  relative: (percent) => ` (${percent})`,
  cite: (title, date) => `${title}, ${date}`,
  citeJoin: '; ',
  // The report names fields by their keys in the facts file (value, period, source).
  fields: (names) => names.join(', '),
  dated: (title, when) => `${title}, ${when}`,
  moved: (title, from, to, also) => `${title} moved from ${from} to ${to}${also ? `; also changed: ${also}` : ''}`,
  through: (ids) => ` (through ${ids.join(', ')})`,
  then: '; ',
};

const ZH_DIFF: DiffWords = {
  editions: (oldFile, oldDate, newFile, newDate) => `${oldFile}（${zhDate(oldDate)}）→ ${newFile}（${zhDate(newDate)}）`,
  noChanges: '没有变化',
  summary: (s) => `数据：变更${s.factsChanged}项、新增${s.factsAdded}项、删除${s.factsRemoved}项；事件：变更${s.eventsChanged}项；图表：变更${s.chartsChanged}项`,
  none: '（无）',
  heads: { facts: '数据', events: '事件', charts: '图表', keyFigures: '关键数据', sources: '资料来源' },
  source: '来源',
  was: '原为',
  now: '现为',
  changed: '变更',
  figure: (text, period, derived) => `${text}（${period}）${derived ? '（推算）' : ''}`,
  relative: (percent) => `（${percent}）`,
  cite: (title, date) => (date ? `${title}（${zhDate(date)}）` : title),
  citeJoin: '；',
  fields: (names) => ZH_CHANGES.fields(names),
  dated: (title, when) => `${title}，${when}`,
  moved: (title, from, to, also) => `“${title}”由${from}改期至${to}${also ? `；另有变更：${also}` : ''}`,
  through: (ids) => `（经由${ids.join('、')}）`,
  then: '；',
};

const EN: Words = {
  briefing: 'Briefing',
  contents: 'Contents',
  summary: 'Summary',
  sources: 'Sources',
  figure: (n, title) => `Figure ${n}. ${title}`,
  page: (n, total) => `Page ${n} of ${total}`,
  slide: (n) => `Slide ${n}`,
  labelled: (label, text) => `${label}: ${text}`,
  slideHeading: (n, title) => EN.labelled(EN.slide(n), title),
  continuedFromSlide: (n) => `Continued from slide ${n}.`,
  continuedTitle: (title) => `${title} (continued)`,
  noNotes: 'No speaker notes for this slide.',
  notesMarker: 'Notes',
  speakerNotes: 'speaker notes',
  timelineHead: ['Date', 'Event', 'Places'],
  peopleHead: ['Name', 'Role', 'Organisation'],
  organisationHead: ['Organisation', 'Type', 'Description'],
  organisationKinds: { government: 'government', company: 'company', other: 'other' },
  passages: 'Passages relied on:',
  sourceLine: (names) => `Source${names.length > 1 ? 's' : ''}: ${names.join('; ')}`,
  sourceName: (publisher, title, date) => `${publisher ? `${publisher}, ` : ''}${title} (${date})`,
  chartSourceName: (publisher, title, date) => `${publisher ? `${publisher}, ` : ''}${title}, ${date}`,
  sourceEntry: (title, publisher, date) => `${title}${publisher ? `, ${publisher}` : ''}, ${date}`,
  referenceTitle: (title) => `${title} (reference for map coordinates only; not a source of the briefing’s figures)`,
  coordinatesFrom: (names) => `; coordinates: ${names.join('; ')}`,
  mapCredit: (gazetteers) => `Basemap: Natural Earth${gazetteers ? ` · coordinates: ${gazetteers}` : ''}`,
  mapStops: (range, dateText) => `${range}: ${dateText}`,
  mapNote: (dated, listed) => `${dated.join('; ')}.${listed ? ` Stops ${listed} are numbered in the order the source lists them; it gives no day-by-day order.` : ''}`,
  mapAlso: (items) => `Also: ${items.join('; ')}`,
  derivedMark: ' (derived)',
  open: ' (',
  close: ')',
  translated: (language, editorial) =>
    `Translations: titles, labels, names, roles and event descriptions in ${language} were translated for this briefing from the facts file's text; quoted passages stay in the language of their source.${editorial.length ? ` Editorial renderings of names not given in the source: ${editorial.join('; ')}.` : ''}`,
  noData: 'No data to chart',
  noEvents: 'No events to show',
  figures: 'Figures',
  otherFigures: 'Other figures',
  // "Label stood at more than 4,300 in 2023." The verb fits any subject, singular or plural.
  figureSentence: (label, figure, period, periodText) => `${label} stood at ${figure} ${periodPreposition(periodText)}${period}.`,
  // "3–5 May 2024: Title (Place A and Place B). What happened. A note."
  eventSentence: (date, title, places, what, note) => `${date}: ${title}${places ? ` (${places})` : ''}. ${what}${note ? ` ${note}` : ''}`,
  stop: (text) => (EN_STOP.test(text) ? '' : '.'),
  sentenceGap: ' ',
  alt: {
    mapStop: (order, name, country, dateText) => `${order} ${name}, ${country} (${dateText})`,
    map: (title, stops, items) => `Map of ${lowerFirst(title)}: ${stops} stop${stops === 1 ? '' : 's'} in date order, joined by a route line: ${items}.`,
    timelineEvent: (title, dateText, places) => `${title} (${dateText}${places ? `, ${places}` : ''})`,
    timeline: (title, events, items) => (events === 0 ? `Timeline of ${lowerFirst(title)}: no events.` : `Timeline of ${events} event${events === 1 ? '' : 's'}: ${items}.`),
    chartKind: { bar: 'Bar chart', column: 'Column chart', multiples: 'Panels, each on its own scale,' },
    chart: (kind, title, items) => `${kind} showing ${lowerFirst(title)}: ${items}.`,
    noData: (kind, title) => `${kind} showing ${lowerFirst(title)}: no data.`,
    item: (label, text) => `${label}: ${text}`,
    saysDerived: (label) => /\bderived\b/i.test(label),
    list: '; ',
    note: (label, text) => ` ${label}: ${text}.`,
  },
  changes: EN_CHANGES,
  diff: EN_DIFF,
};

const ZH: Words = {
  briefing: '简报',
  contents: '目录',
  summary: '摘要',
  sources: '资料来源',
  figure: (n, title) => `图${n}　${title}`,
  page: (n, total) => `第${n}页，共${total}页`,
  slide: (n) => `第${n}张幻灯片`,
  labelled: (label, text) => `${label}：${text}`,
  slideHeading: (n, title) => ZH.labelled(ZH.slide(n), title),
  continuedFromSlide: (n) => `接第${n}张幻灯片。`,
  continuedTitle: (title) => `${title}（续）`,
  noNotes: '本张幻灯片没有演讲者备注。',
  notesMarker: '备注',
  speakerNotes: '演讲者备注',
  timelineHead: ['日期', '事件', '地点'],
  peopleHead: ['姓名', '职务', '机构'],
  organisationHead: ['机构', '类型', '简介'],
  organisationKinds: { government: '政府', company: '企业', other: '其他' },
  passages: '所依据的原文段落：',
  sourceLine: (names) => `资料来源：${names.join('；')}`,
  sourceName: (publisher, title, date) => `${publisher ? `${publisher}，` : ''}${title}（${date}）`,
  chartSourceName: (publisher, title, date) => `${publisher ? `${publisher}，` : ''}${title}（${date}）`,
  sourceEntry: (title, publisher, date) => `${title}${publisher ? `，${publisher}` : ''}，${date}`,
  referenceTitle: (title) => `${title}（仅为地图坐标的参考资料，并非本简报数据的来源）`,
  coordinatesFrom: (names) => `；坐标：${names.join('；')}`,
  mapCredit: (gazetteers) => `底图：Natural Earth${gazetteers ? ` · 坐标：${gazetteers}` : ''}`,
  mapStops: (range, dateText) => `${range}：${dateText}`,
  mapNote: (dated, listed) => `${dated.join('；')}。${listed ? `第${listed}站按来源列出的顺序编号，来源未给出逐日顺序。` : ''}`,
  mapAlso: (items) => `另有：${items.join('；')}`,
  derivedMark: '（推算）',
  open: '（',
  close: '）',
  translated: (_language, editorial) =>
    `翻译说明：本简报的中文标题、标签、名称、职务和事件描述由简报编辑根据事实文件译出；引用的原文段落保留其来源语言。${editorial.length ? `以下人名的中文写法为编辑译名，来源未给出：${editorial.join('；')}。` : ''}`,
  noData: '无可绘制的数据',
  noEvents: '无可显示的事件',
  figures: '数据',
  otherFigures: '其他数据',
  // "2023年，港口船舶吞吐量为1200。" The period leads, as in Chinese press copy; in brackets
  // after the figure it would nest with a period that has its own ("目前（2023年）").
  figureSentence: (label, figure, period) => `${period}，${label}为${figure}。`,
  // "2024年5月3日至5日：标题（甲地和乙地）。经过。说明。"
  eventSentence: (date, title, places, what, note) => `${date}：${title}${places ? `（${places}）` : ''}。${what}${note}`,
  stop: (text) => (ZH_STOP.test(text) ? '' : '。'),
  sentenceGap: '',
  alt: {
    mapStop: (order, name, country, dateText) => `${order} ${name}，${country}（${dateText}）`,
    map: (title, stops, items) => `${title}地图：共${stops}站，按日期顺序以路线相连：${items}。`,
    timelineEvent: (title, dateText, places) => `${title}（${dateText}${places ? `，${places}` : ''}）`,
    timeline: (title, events, items) => (events === 0 ? `${title}时间线：无事件。` : `时间线，共${events}个事件：${items}。`),
    chartKind: { bar: '条形图', column: '柱状图', multiples: '分面图（各面板刻度不同）' },
    chart: (kind, title, items) => `${kind}，显示${title}：${items}。`,
    noData: (kind, title) => `${kind}，显示${title}：无数据。`,
    item: (label, text) => `${label}：${text}`,
    saysDerived: (label) => label.includes('推算'),
    list: '；',
    note: (label, text) => `${label}：${text}。`,
  },
  changes: ZH_CHANGES,
  diff: ZH_DIFF,
};

/** The tool's own words for `locale`: Chinese for zh locales, English otherwise. */
export function wordsFor(locale: string): Words {
  return isChinese(locale) ? ZH : EN;
}

/** What joins a bilingual edition's two languages in one text. */
export const LANGUAGE_JOIN = ' / ';

/** How a bilingual edition gives one text in both languages: "Summary / 摘要". */
export function inBoth(first: string, second: string): string {
  return first === second ? first : `${first}${LANGUAGE_JOIN}${second}`;
}

/**
 * The words the tool adds itself (not the templates'), in every language of the edition: its
 * headings, the page footer, and the speaker notes' headings and placeholders. A text the
 * edition already gives in both languages (a slide's title) is not repeated: only the tool's
 * own label around it is ("Slide 3 / 第3张幻灯片: Title / 标题").
 */
export interface EditionHeadings {
  briefing: string;
  contents: string;
  summary: string;
  sources: string;
  passages: string;
  changes: string;
  changesHead: readonly string[];
  timelineHead: readonly string[];
  peopleHead: readonly string[];
  organisationHead: readonly string[];
  /** Names the speaker-notes edition. */
  speakerNotes: string;
  noNotes: string;
  /** The print footer's page number: "Page 2 of 9 / 第2页，共9页". */
  page(n: number, total: number): string;
  slide(n: number): string;
  /** A notes page's heading: the slide's label in every language, then its (already joined) title. */
  slideHeading(n: number, title: string): string;
  continuedFromSlide(n: number): string;
}

/** The tool's headings for an edition in `locales` (one, or a bilingual edition's two, main first). */
export function headingsFor(locales: readonly [string, ...string[]]): EditionHeadings {
  const all = locales.map(wordsFor);
  const join = (pick: (w: Words) => string) => all.map(pick).reduce(inBoth);
  const joinHead = (pick: (w: Words) => readonly string[]) => pick(all[0]!).map((_, i) => join((w) => pick(w)[i]!));
  return {
    briefing: join((w) => w.briefing),
    contents: join((w) => w.contents),
    summary: join((w) => w.summary),
    sources: join((w) => w.sources),
    passages: join((w) => w.passages),
    changes: join((w) => w.changes.title),
    changesHead: joinHead((w) => w.changes.head),
    timelineHead: joinHead((w) => w.timelineHead),
    peopleHead: joinHead((w) => w.peopleHead),
    organisationHead: joinHead((w) => w.organisationHead),
    speakerNotes: join((w) => w.speakerNotes),
    noNotes: join((w) => w.noNotes),
    page: (n, total) => join((w) => w.page(n, total)),
    slide: (n) => join((w) => w.slide(n)),
    slideHeading: (n, title) => all[0]!.labelled(join((w) => w.slide(n)), title),
    continuedFromSlide: (n) => join((w) => w.continuedFromSlide(n)),
  };
}

/** The tool's words for an edition: its locale, and a bilingual edition's second locale after it. */
export function headingsOf(edition: { readonly locale: string; readonly secondLocale?: string | undefined }): EditionHeadings {
  return headingsFor(edition.secondLocale ? [edition.locale, edition.secondLocale] : [edition.locale]);
}
