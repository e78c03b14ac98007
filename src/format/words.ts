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
  /** Stops a map could not label, listed in its key: "Also: 4 Hannover". */
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
}

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
};

/** The tool's own words for `locale`: Chinese for zh locales, English otherwise. */
export function wordsFor(locale: string): Words {
  return isChinese(locale) ? ZH : EN;
}
