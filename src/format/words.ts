// The words the tool itself prints around a briefing's own text (headings it adds, table
// heads, captions, page numbers, source lines), per language. Templates carry the prose; this
// table carries only the chrome, so a Chinese edition has no English left on its pages.
import { isChinese } from './zh.js';

export interface Words {
  briefing: string;
  contents: string;
  summary: string;
  sources: string;
  figure(n: number, title: string): string;
  page(n: number, total: number): string;
  slide(n: number): string;
  slideHeading(n: number, title: string): string;
  continuedFromSlide(n: number): string;
  /** A slide's title on its follow-up pages: "Key figures (continued)". */
  continuedTitle(title: string): string;
  noNotes: string;
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

const EN: Words = {
  briefing: 'Briefing',
  contents: 'Contents',
  summary: 'Summary',
  sources: 'Sources',
  figure: (n, title) => `Figure ${n}. ${title}`,
  page: (n, total) => `Page ${n} of ${total}`,
  slide: (n) => `Slide ${n}`,
  slideHeading: (n, title) => `Slide ${n}: ${title}`,
  continuedFromSlide: (n) => `Continued from slide ${n}.`,
  continuedTitle: (title) => `${title} (continued)`,
  noNotes: 'No speaker notes for this slide.',
  speakerNotes: 'speaker notes',
  timelineHead: ['Date', 'Event', 'Places'],
  peopleHead: ['Name', 'Role', 'Organisation'],
  organisationHead: ['Organisation', 'Type', 'Description'],
  organisationKinds: { government: 'government', company: 'company', other: 'other' },
  passages: 'Passages relied on:',
  sourceLine: (names) => `Source${names.length > 1 ? 's' : ''}: ${names.join('; ')}`,
  sourceName: (publisher, title, date) => `${publisher ? `${publisher}, ` : ''}${title} (${date})`,
  chartSourceName: (publisher, title, date) => `${publisher ? `${publisher}, ` : ''}${title}, ${date}`,
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
};

const ZH: Words = {
  briefing: '简报',
  contents: '目录',
  summary: '摘要',
  sources: '资料来源',
  figure: (n, title) => `图${n}　${title}`,
  page: (n, total) => `第${n}页，共${total}页`,
  slide: (n) => `第${n}张幻灯片`,
  slideHeading: (n, title) => `第${n}张幻灯片：${title}`,
  continuedFromSlide: (n) => `接第${n}张幻灯片。`,
  continuedTitle: (title) => `${title}（续）`,
  noNotes: '本张幻灯片没有演讲者备注。',
  speakerNotes: '演讲者备注',
  timelineHead: ['日期', '事件', '地点'],
  peopleHead: ['姓名', '职务', '机构'],
  organisationHead: ['机构', '类型', '简介'],
  organisationKinds: { government: '政府', company: '企业', other: '其他' },
  passages: '所依据的原文段落：',
  sourceLine: (names) => `资料来源：${names.join('；')}`,
  sourceName: (publisher, title, date) => `${publisher ? `${publisher}，` : ''}${title}（${date}）`,
  chartSourceName: (publisher, title, date) => `${publisher ? `${publisher}，` : ''}${title}（${date}）`,
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
};

/** The tool's own words for `locale`: Chinese for zh locales, English otherwise. */
export function wordsFor(locale: string): Words {
  return isChinese(locale) ? ZH : EN;
}
