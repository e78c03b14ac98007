// The one formatter for figures, dates and lists. The narrative, the KPI tiles and the chart
// labels all print through it, so a figure reads the same wherever it appears.
import type { Qualifier, Scale, Unit } from '../facts/index.js';
import { isChinese, SCALE_EXPONENT, toMyriads, zhCurrencyName, zhDate, zhDateRange, zhQualifier, zhScaleWord, ZH_SCALE_EXPONENTS } from './zh.js';
import { wordsFor } from './words.js';

export { isChinese } from './zh.js';

export interface Quantity {
  value: number;
  unit: Unit;
  scale: Scale;
  qualifier: Qualifier;
}

export interface FormattedQuantity {
  /** Qualifier, number, scale and unit: "approximately 1 billion yuan". */
  readonly text: string;
  /** Without the qualifier, for tight spaces that show it elsewhere: "1 billion yuan". */
  readonly bare: string;
  /** Only the qualifier words, or '' for exact figures. */
  readonly qualifier: string;
}

// Currencies read better as a word after the number than as Intl's prefixed symbol ("CN¥").
const CURRENCY_WORDS: Record<string, string> = { CNY: 'yuan', JPY: 'yen', KRW: 'won', INR: 'rupees', RUB: 'roubles', CHF: 'Swiss francs', SEK: 'kronor', NOK: 'kroner', DKK: 'kroner' };

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    numberFormats.set(key, f);
  }
  return f;
}

/** Decimal places as written: 3.8 keeps one, 24.21 keeps two, 4300 none. */
export function decimalsOf(value: number): number {
  const s = String(value);
  if (s.includes('e')) return Math.min(6, Math.max(0, -Math.floor(Math.log10(Math.abs(value))) + 2));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : Math.min(6, s.length - dot - 1);
}

export function formatNumber(value: number, locale: string, decimals = decimalsOf(value)): string {
  // Out of the range fixed decimals can show honestly: 1e-300 is not "0.000000", and 1.7e308
  // is not a 309-digit number. Scientific notation ("1E-300") keeps the significant digits.
  if (isExtreme(value)) return numberFormat(locale, { notation: 'scientific', maximumSignificantDigits: 6, signDisplay: 'negative' }).format(value);
  // signDisplay 'negative': -0, and a negative value that rounds to zero, print as 0.
  // Chinese groups digits only from five up (4300, 1657.3, 12,500), as its press writes them.
  const grouping = isChinese(locale) ? { useGrouping: 'min2' as const } : {};
  return numberFormat(locale, { minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: 'negative', ...grouping }).format(value);
}

/** Too small (but not zero) or too large for fixed decimals: printed in scientific notation. */
export function isExtreme(value: number): boolean {
  const a = Math.abs(value);
  return Number.isFinite(value) && a !== 0 && (a < 1e-6 || a >= 1e15);
}

/** Chinese: the qualifier before the number with no space, amounts on the 万/亿 scales: 约10亿元, 242.1亿美元. */
function formatQuantityZh(q: Quantity, locale: string): FormattedQuantity {
  let bare: string;
  if (q.unit === 'percent') {
    bare = numberFormat(locale, { style: 'percent', minimumFractionDigits: decimalsOf(q.value), maximumFractionDigits: decimalsOf(q.value) }).format(q.value / 100);
  } else {
    const m = toMyriads(q.value, q.scale, decimalsOf(q.value));
    const number = `${formatNumber(m.value, locale, m.decimals)}${m.word}`;
    bare = q.unit === 'count' || q.unit === 'ratio' ? number : `${number}${zhCurrencyName(q.unit, locale)}`;
  }
  const qualifier = zhQualifier(q.qualifier);
  return { text: `${qualifier}${bare}`, bare, qualifier };
}

// Quantities as printed, per value, unit, scale, qualifier and locale: a briefing prints each
// figure in the narrative, the tiles, the charts and the coverage check. Shared (frozen)
// results; at most QUANTITY_CACHE_LIMIT are kept, past that the cache starts again.
const printedQuantities = new Map<string, FormattedQuantity>();
const QUANTITY_CACHE_LIMIT = 5_000;

export function formatQuantity(q: Quantity, locale: string): FormattedQuantity {
  // Object.is tells -0 from 0 (String(-0) is "0"), which print differently in some forms.
  const key = `${Object.is(q.value, -0) ? '-0' : q.value}|${q.unit}|${q.scale}|${q.qualifier}|${locale}`;
  let printed = printedQuantities.get(key);
  if (!printed) {
    printed = Object.freeze(printQuantity(q, locale));
    if (printedQuantities.size >= QUANTITY_CACHE_LIMIT) printedQuantities.clear();
    printedQuantities.set(key, printed);
  }
  return printed;
}

function printQuantity(q: Quantity, locale: string): FormattedQuantity {
  if (isChinese(locale)) return formatQuantityZh(q, locale);
  const scaleWord = q.scale === 'one' ? '' : ` ${q.scale}`;
  let bare: string;
  if (q.unit === 'percent' && isExtreme(q.value)) {
    bare = `${formatNumber(q.value, locale)}%`;
  } else if (q.unit === 'percent') {
    bare = numberFormat(locale, { style: 'percent', minimumFractionDigits: decimalsOf(q.value), maximumFractionDigits: decimalsOf(q.value), signDisplay: 'negative' }).format(q.value / 100);
  } else if (q.unit === 'count' || q.unit === 'ratio') {
    bare = `${formatNumber(q.value, locale)}${scaleWord}`;
  } else {
    const word = CURRENCY_WORDS[q.unit];
    if (word) {
      bare = `${formatNumber(q.value, locale)}${scaleWord} ${word}`;
    } else {
      const decimals = decimalsOf(q.value);
      const money = isExtreme(q.value)
        ? numberFormat(locale, { style: 'currency', currency: q.unit, notation: 'scientific', maximumSignificantDigits: 6, signDisplay: 'negative' }).format(q.value)
        : numberFormat(locale, { style: 'currency', currency: q.unit, minimumFractionDigits: decimals, maximumFractionDigits: decimals, signDisplay: 'negative' }).format(q.value);
      bare = `${money}${scaleWord}`;
    }
  }
  const qualifier = q.qualifier === 'exact' ? '' : q.qualifier;
  return { text: qualifier ? `${qualifier} ${bare}` : bare, bare, qualifier };
}

/** A short unit caption for chart axes and titles: "US$ billion", "yuan, billion", "count". */
export function unitCaption(unit: Unit, scale: Scale, locale: string): string {
  if (isChinese(locale)) return unitCaptionZh(unit, SCALE_EXPONENT[scale], locale);
  const scaleWord = scale === 'one' ? '' : scale;
  if (unit === 'percent') return 'per cent';
  if (unit === 'count') return scaleWord ? `${scaleWord}s` : 'number';
  if (unit === 'ratio') return 'ratio';
  const word = CURRENCY_WORDS[unit];
  if (word) return scaleWord ? `${scaleWord} ${word}` : word;
  const symbol = numberFormat(locale, { style: 'currency', currency: unit, currencyDisplay: 'symbol' })
    .formatToParts(0)
    .find((p) => p.type === 'currency')?.value;
  return scaleWord ? `${symbol ?? unit} ${scaleWord}` : (symbol ?? unit);
}

function unitCaptionZh(unit: Unit, exponent: number, locale: string): string {
  const word = zhScaleWord(exponent);
  if (unit === 'percent') return '%';
  if (unit === 'ratio') return '比率';
  if (unit === 'count') return word ? `数量（${word}）` : '数量';
  return `${word}${zhCurrencyName(unit, locale)}`;
}

/**
 * How a chart shows values of one unit and scale: the factor to multiply them by and the
 * axis caption. Unchanged for most locales; Chinese moves the values onto the myriad scale
 * that the largest reaches, so a chart reads 47.6 亿美元, not 4.76 billion.
 */
export function chartScale(unit: Unit, scale: Scale, values: readonly number[], locale: string): { factor: number; caption: string } {
  if (!isChinese(locale) || unit === 'percent' || unit === 'ratio') return { factor: 1, caption: unitCaption(unit, scale, locale) };
  const e = SCALE_EXPONENT[scale];
  const largest = Math.max(0, ...values.map((v) => Math.abs(v) * 10 ** e));
  const target = ZH_SCALE_EXPONENTS.find((x) => largest >= 10 ** x) ?? 0;
  return { factor: Number(`1e${e - target}`), caption: unitCaptionZh(unit, target, locale) };
}

// Canonical form of each tag asked about (null when Intl refuses it): the schema asks for every
// translation's key, so the same few tags come up many times a build. At most LOCALE_CACHE_LIMIT
// tags are kept; past that the cache starts again, so odd tags cannot grow it without bound.
const canonicalTags = new Map<string, string | null>();
const LOCALE_CACHE_LIMIT = 1_000;

function canonicalTag(tag: string): string | null {
  let canonical = canonicalTags.get(tag);
  if (canonical === undefined) {
    try {
      const all = Intl.getCanonicalLocales(tag);
      canonical = all.length === 1 ? all[0]! : null;
    } catch {
      canonical = null;
    }
    if (canonicalTags.size >= LOCALE_CACHE_LIMIT) canonicalTags.clear();
    canonicalTags.set(tag, canonical);
  }
  return canonical;
}

/** Whether Intl knows `tag` as one BCP 47 locale (en-GB, en-US, de-DE…). */
export function isLocale(tag: string): boolean {
  return canonicalTag(tag) !== null;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(locale: string): Intl.DateTimeFormat {
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    dateFormats.set(locale, f);
  }
  return f;
}

// Dates as printed, per kind, locale and ISO dates: a briefing prints the same few dates in
// every format, and Intl's range formatting is slow. At most DATE_CACHE_LIMIT are kept; past
// that the cache starts again.
const printedDates = new Map<string, string>();
const DATE_CACHE_LIMIT = 5_000;

function memoDate(kind: string, start: string, end: string, locale: string, print: () => string): string {
  const key = `${kind}|${locale}|${start}|${end}`;
  let text = printedDates.get(key);
  if (text === undefined) {
    text = print();
    if (printedDates.size >= DATE_CACHE_LIMIT) printedDates.clear();
    printedDates.set(key, text);
  }
  return text;
}

function utc(iso: string): Date {
  return new Date(`${iso}T00:00:00Z`);
}

/** "24 August 2023" (en-GB), "August 24, 2023" (en-US). */
export function formatDate(iso: string, locale: string): string {
  if (isChinese(locale)) return zhDate(iso);
  return memoDate('d', iso, '', locale, () => dateFormat(locale).format(utc(iso)));
}

/**
 * "16–21 July 2023" (en-GB), "July 16–21, 2023" (en-US): when only the day changes, the dash
 * joins the two numbers unspaced, as house style writes a range of numbers. Ranges across
 * months or years keep Intl's spaced dash ("16 July – 2 August 2023"), since each side is
 * then more than one word.
 */
export function formatDateRange(start: string, end: string, locale: string): string {
  if (start === end) return formatDate(start, locale);
  if (isChinese(locale)) return zhDateRange(start, end);
  return memoDate('r', start, end, locale, () => englishRange(start, end, locale));
}

function englishRange(start: string, end: string, locale: string): string {
  const parts = dateFormat(locale).formatRangeToParts(utc(start), utc(end));
  const startParts = parts.filter((p) => p.source === 'startRange');
  const endParts = parts.filter((p) => p.source === 'endRange');
  const single = (ps: typeof parts) => ps.length === 1 && ps[0]!.type === 'day';
  // Intl sets thin spaces around the dash; plain spaces break and copy predictably.
  if (!single(startParts) || !single(endParts)) return parts.map((p) => p.value).join('').replace(/[\u2009\u202f]/g, ' ');
  return parts.map((p) => (p.type === 'literal' && p.source === 'shared' && p.value.includes('–') ? '–' : p.value)).join('');
}

/**
 * A date or range as a phrase for running text: "on 11 July 2023"; "from 16 to 21 July 2023"
 * (en-GB), "from July 16 to 21, 2023" (en-US); "from 16 July to 2 August 2023". The
 * prepositions are English, as the templates are. Chinese needs none: 2023年7月16日至21日.
 */
export function formatDatePhrase(start: string, end: string, locale: string): string {
  if (isChinese(locale)) return zhDateRange(start, end);
  if (start === end) return `on ${formatDate(start, locale)}`;
  return memoDate('p', start, end, locale, () => {
    const parts = dateFormat(locale).formatRangeToParts(utc(start), utc(end));
    return `from ${parts.map((p) => (p.type === 'literal' && p.source === 'shared' && p.value.includes('–') ? ' to ' : p.value)).join('')}`;
  });
}

// One list formatter per locale, at most LOCALE_CACHE_LIMIT of them.
const listFormats = new Map<string, Intl.ListFormat>();

/** "Paris, Bonn, Köln and Kiel" (en-GB); "巴黎、波恩、科隆和基尔" (zh-CN). */
export function joinList(items: readonly string[], locale: string): string {
  let f = listFormats.get(locale);
  if (!f) {
    f = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
    if (listFormats.size >= LOCALE_CACHE_LIMIT) listFormats.clear();
    listFormats.set(locale, f);
  }
  return f.format(items);
}


const dayMonthFormats = new Map<string, Intl.DateTimeFormat>();

/** "15 Jul" (en-GB), "Jul 15" (en-US): short date labels for chart axes. */
export function formatDayMonth(date: Date, locale: string): string {
  let f = dayMonthFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
    dayMonthFormats.set(locale, f);
  }
  return f.format(date);
}

/**
 * Locales whose dates, numbers and words the tool prints correctly: English locales, each
 * with its own date order, digit grouping and currency symbols ("24 August 2023", "August
 * 24, 2023", "12,34,567" in en-IN), and Simplified Chinese (zh-CN: 2023年8月24日, 242.1亿美元,
 * the tool's own words from ./words.ts, templates from a zh-CN set). A locale is added here
 * once its output has been checked and a test covers it; e.g. de-DE would print German dates
 * beside English words ("138 $ million").
 */
export const SUPPORTED_LOCALES: readonly string[] = ['en-GB', 'en-US', 'en-AU', 'en-CA', 'en-IE', 'en-IN', 'en-NZ', 'en-SG', 'en-ZA', 'zh-CN'];

/**
 * The words that start a slide's speaker notes, one per language of the supported locales (the
 * first locale's first), each with the colon its language writes ("Notes:", "备注："): a
 * template in any language may use any of them, with either colon.
 */
export const NOTES_MARKERS: readonly { word: string; written: string }[] = [...new Set(SUPPORTED_LOCALES.map(wordsFor))].map((w) => ({ word: w.notesMarker, written: w.labelled(w.notesMarker, '').trim() }));

/** The supported locale `tag` names (case and form as BCP 47 allows), or undefined. */
export function supportedLocale(tag: string): string | undefined {
  const canonical = canonicalTag(tag);
  if (canonical === null) return undefined;
  return SUPPORTED_LOCALES.find((l) => l === canonical);
}

export function isSupportedLocale(tag: string): boolean {
  return supportedLocale(tag) !== undefined;
}

export { headingsFor, headingsOf, inBoth, LANGUAGE_JOIN, wordsFor, type ChangeKind, type ChangeWords, type DiffWords, type EditionHeadings, type Words } from './words.js';
