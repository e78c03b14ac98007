// Figures in running text: "over €7.5billion", "US$138 million", "242.1 billion yuan",
// "between 3 and 4 per cent", "6.8 percent", "more than 4,300". Each figure is read into a
// number as written, its scale, its unit(s) and its qualifier, so a fact can be checked
// against the figure its quote states, and an authoring tool can propose facts from a text.
//
// Hand-written because no maintained library reads figures out of news-release prose with
// their qualifiers and glued scale suffixes: number parsers (Intl, numeral, globalize) read one
// bare number in one locale, and money extractors know neither "more than" nor "7.5bn".
// Dates, times, years, ordinals and codes such as "G20" are recognised and left out.
import type { Qualifier, Scale } from './schema.js';

/** Scales a text may use; the facts file stores one..billion, others are compared by size. */
export type FigureScale = Scale | 'trillion' | 'lakh' | 'crore' | 'wan' | 'yi';

/** Chinese writes amounts on myriads: 万 (wan, 10⁴) and 亿 (yi, 10⁸); 万亿 is a trillion. */
export const FIGURE_SCALE_FACTOR: Record<FigureScale, number> = { one: 1, thousand: 1e3, wan: 1e4, lakh: 1e5, million: 1e6, crore: 1e7, yi: 1e8, billion: 1e9, trillion: 1e12 };

/** A qualifier as a text states it; `exact` when none is written. */
export type FigureQualifier = Qualifier;

export interface Figure {
  /** The figure as it stands in the text, from its qualifier to its unit: "over €7.5billion". */
  text: string;
  /** Offsets of `text` in the text searched (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  /** The number as written, in its own scale (7.5 for "€7.5billion"); a range's lower end. */
  value: number;
  /** A range's upper end ("between 3 and 4 per cent" has value 3 and high 4). */
  high?: number;
  scale: FigureScale;
  /**
   * ISO 4217 codes the unit may stand for (one for "€", several for "$" or "¥"), ['percent'],
   * or [] for a bare number (a count or a ratio).
   */
  units: string[];
  qualifier: FigureQualifier;
  /** The figure is the size of a fall ("fell 3.2 per cent"), so a negative fact may match it. */
  falling?: boolean;
}

export interface FindOptions {
  /** BCP 47 locale whose digit grouping and decimal mark the text uses; en by default. */
  locale?: string;
}

// ---------------------------------------------------------------------------------------
// Vocabulary

const DOLLARS = ['USD', 'AUD', 'CAD', 'NZD', 'SGD', 'HKD', 'TWD'];

/** Symbols and prefixes written before the number ("US$138", "€ 7.5", "RMB1"). */
const PREFIXES: [string, string[]][] = [
  ['US$', ['USD']],
  ['U.S.$', ['USD']],
  ['HK$', ['HKD']],
  ['AU$', ['AUD']],
  ['A$', ['AUD']],
  ['CA$', ['CAD']],
  ['C$', ['CAD']],
  ['NZ$', ['NZD']],
  ['S$', ['SGD']],
  ['NT$', ['TWD']],
  ['R$', ['BRL']],
  ['MX$', ['MXN']],
  ['CN¥', ['CNY']],
  ['JP¥', ['JPY']],
  ['$', DOLLARS],
  ['€', ['EUR']],
  ['£', ['GBP']],
  ['¥', ['JPY', 'CNY']],
  ['￥', ['JPY', 'CNY']],
  ['₹', ['INR']],
  ['₩', ['KRW']],
  ['₽', ['RUB']],
  ['₺', ['TRY']],
  ['₪', ['ILS']],
  ['₫', ['VND']],
  ['฿', ['THB']],
  ['₱', ['PHP']],
  ['Rs.', ['INR', 'PKR', 'LKR', 'NPR']],
  ['Rs', ['INR', 'PKR', 'LKR', 'NPR']],
  ['RMB', ['CNY']],
  ['Rmb', ['CNY']],
  ['RM', ['MYR']],
  ['Rp', ['IDR']],
  ['Fr.', ['CHF']],
];

/** Currency words written after the number or its scale ("242.1 billion yuan"). */
const WORDS: [RegExp, string[]][] = [
  [/^(?:US|U\.S\.|American) dollars?\b/i, ['USD']],
  [/^Hong Kong dollars?\b/i, ['HKD']],
  [/^Australian dollars?\b/i, ['AUD']],
  [/^Canadian dollars?\b/i, ['CAD']],
  [/^New Zealand dollars?\b/i, ['NZD']],
  [/^Singapore dollars?\b/i, ['SGD']],
  [/^(?:New )?Taiwan dollars?\b/i, ['TWD']],
  [/^dollars?\b/i, DOLLARS],
  [/^(?:yuan|renminbi)\b/i, ['CNY']],
  [/^euros?\b/i, ['EUR']],
  [/^pounds? sterling\b/i, ['GBP']],
  [/^(?:pounds?|sterling)\b/i, ['GBP']],
  [/^yen\b/i, ['JPY']],
  [/^won\b/i, ['KRW']],
  [/^rupees?\b/i, ['INR', 'PKR', 'LKR', 'NPR']],
  [/^(?:roubles?|rubles?)\b/i, ['RUB']],
  [/^(?:reais|real)\b/i, ['BRL']],
  [/^rand\b/i, ['ZAR']],
  [/^Swiss francs?\b/i, ['CHF']],
  [/^(?:kronor|krona)\b/i, ['SEK']],
  [/^(?:kroner|krone)\b/i, ['NOK', 'DKK']],
  [/^(?:zlotys?|złoty|zł)(?![\p{L}])/iu, ['PLN']],
  [/^(?:lira|liras)\b/i, ['TRY']],
  [/^pesos?\b/i, ['MXN', 'ARS', 'CLP', 'COP', 'PHP']],
  [/^ringgit\b/i, ['MYR']],
  [/^rupiah\b/i, ['IDR']],
  [/^baht\b/i, ['THB']],
  [/^dong\b/i, ['VND']],
  [/^dirhams?\b/i, ['AED', 'MAD']],
  [/^riyals?\b/i, ['SAR', 'QAR']],
  [/^shekels?\b/i, ['ILS']],
  [/^€/, ['EUR']],
  [/^£/, ['GBP']],
  // Chinese releases: the currency after the number and its scale (242.1亿美元, 1657.3亿元).
  [/^美元/, ['USD']],
  [/^欧元/, ['EUR']],
  [/^英镑/, ['GBP']],
  [/^日元/, ['JPY']],
  [/^港元/, ['HKD']],
  [/^(?:元人民币|人民币|元)/, ['CNY']],
];

const ISO_CODES = new Set(Intl.supportedValuesOf('currency'));

/** Scale words, spaced or glued ("7.5 billion", "7.5billion", "7.5bn", "3m"). */
const SCALES: [RegExp, FigureScale, 'glued' | 'any'][] = [
  [/^trillions?\b/i, 'trillion', 'any'],
  [/^(?:tn|trn)\b/i, 'trillion', 'any'],
  [/^billions?\b/i, 'billion', 'any'],
  [/^(?:bn|bln)\b/i, 'billion', 'any'],
  [/^b\b/, 'billion', 'glued'],
  [/^millions?\b/i, 'million', 'any'],
  [/^(?:mn|mln)\b/i, 'million', 'any'],
  [/^m\b/, 'million', 'glued'],
  [/^thousands?\b/i, 'thousand', 'any'],
  [/^k\b/i, 'thousand', 'glued'],
  [/^lakhs?\b/i, 'lakh', 'any'],
  [/^crores?\b/i, 'crore', 'any'],
  // German and French releases.
  [/^(?:Mrd\.?|Milliarden?|milliards?)(?![\p{L}])/u, 'billion', 'any'],
  [/^(?:Mio\.?|Millionen?)(?![\p{L}])/u, 'million', 'any'],
  [/^(?:Tsd\.?|Tausend)(?![\p{L}])/u, 'thousand', 'any'],
  // Chinese myriads.
  [/^万亿/, 'trillion', 'any'],
  [/^亿/, 'yi', 'any'],
  [/^万/, 'wan', 'any'],
];

const PERCENT = /^(?:%|per ?cent\b|pct\b|percentage points?\b|pp\b)/i;

/** Qualifiers written before a figure, longest first, with what each means. */
const QUALIFIERS: [string, FigureQualifier][] = (
  [
    ['more than', 'more than'],
    ['just over', 'more than'],
    ['over', 'more than'],
    ['above', 'more than'],
    ['exceeding', 'more than'],
    ['exceeded', 'more than'],
    ['topped', 'more than'],
    ['surpassed', 'more than'],
    ['in excess of', 'more than'],
    ['upwards of', 'more than'],
    ['greater than', 'more than'],
    ['north of', 'more than'],
    ['at least', 'at least'],
    ['no less than', 'at least'],
    ['not less than', 'at least'],
    ['no fewer than', 'at least'],
    ['not fewer than', 'at least'],
    ['a minimum of', 'at least'],
    ['approximately', 'approximately'],
    ['approx.', 'approximately'],
    ['about', 'about'],
    ['around', 'about'],
    ['roughly', 'about'],
    ['some', 'about'],
    ['circa', 'about'],
    ['an estimated', 'approximately'],
    ['estimated at', 'approximately'],
    ['nearly', 'nearly'],
    ['almost', 'nearly'],
    ['close to', 'nearly'],
    ['just under', 'nearly'],
    ['just below', 'nearly'],
    ['just shy of', 'nearly'],
    ['less than', 'less than'],
    ['fewer than', 'less than'],
    ['under', 'less than'],
    ['below', 'less than'],
    ['lower than', 'less than'],
    ['up to', 'up to'],
    ['as much as', 'up to'],
    ['as many as', 'up to'],
    ['a maximum of', 'up to'],
    ['no more than', 'up to'],
    ['not more than', 'up to'],
    ['at most', 'up to'],
    // Chinese, written before the number with no space: 超过4300家, 约10亿元.
    ['超过', 'more than'],
    ['突破', 'more than'],
    ['逾', 'more than'],
    ['多于', 'more than'],
    ['大约', 'about'],
    ['约', 'approximately'],
    ['将近', 'nearly'],
    ['接近', 'nearly'],
    ['近', 'nearly'],
    ['至少', 'at least'],
    ['不少于', 'at least'],
    ['不到', 'less than'],
    ['不足', 'less than'],
    ['少于', 'less than'],
    ['最多', 'up to'],
    ['多达', 'up to'],
  ] as [string, FigureQualifier][]
).sort((a, b) => b[0].length - a[0].length);

/** Qualifiers written after a figure and its unit: "7.5 billion or more". */
const TRAILING_QUALIFIERS: [RegExp, FigureQualifier][] = [
  [/^\s*or more\b/i, 'at least'],
  [/^\s*or so\b/i, 'about'],
  [/^\s*or less\b/i, 'up to'],
];

/** "4,300-plus", "4,300+", 4300多家, 10余亿: glued to the number, before any scale. */
const PLUS = /^(?:\+|-plus\b|多|余)/i;

/** Words that make the figure right after them the size of a fall: "fell by 3 per cent". */
const FALLING = /\b(?:fell|falls?|falling|dropped|drops?|declined?|declines|declining|decreased?|decreases|down|shrank|shrunk|contracted|slipped|slid|plunged|plummeted|lost|cut|reduced|reduction|loss)\s+(?:by\s+|of\s+)?$/i;

/** Qualifier words that are also prepositions: "over 2022" is a year, "over 2,022" a figure. */
const PREPOSITIONS = new Set(['over', 'under', 'above', 'below', 'around', 'about', 'some']);

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const DAYS = `${DAY}(?:\\s*(?:-|–|—|to|through|until|and)\\s*${DAY})?`;
/** Dates and times whose digits are not figures. */
const NOT_FIGURES: RegExp[] = [
  /\b\d{4}-\d{2}-\d{2}\b/g, // 2023-08-24
  /\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b/g, // 24/08/2023, 24.08.2023
  new RegExp(`\\b${MONTH}\\s+${DAYS}(?:,?\\s+\\d{4})?(?![\\d\\p{L}])`, 'gu'), // July 16 through 21, 2023
  new RegExp(`\\b${DAYS}\\s+(?:of\\s+)?${MONTH}(?:,?\\s+\\d{4})?(?![\\p{L}])`, 'gu'), // 16–21 July 2023
  new RegExp(`\\b${MONTH}\\s+\\d{4}\\b`, 'gu'), // August 2023
  /\b\d{1,2}[:.]\d{2}\s*(?:a\.?m\.?|p\.?m\.?)(?![\p{L}])/giu, // 10.30am
  /\b\d{1,2}:\d{2}(?::\d{2})?\b/g, // 14:30
  /\b\d{1,2}\s*(?:a\.m\.|p\.m\.|am|pm)(?![\p{L}])/giu, // 9 am
  /\b(?:1[89]|2[01])\d{2}\s*[-–/]\s*\d{2,4}\b/g, // 2022-23, 2022/2023
];

// ---------------------------------------------------------------------------------------
// Reading

interface Separators {
  group: string[];
  decimal: string;
}

const separatorCache = new Map<string, Separators>();

function separators(locale: string): Separators {
  let s = separatorCache.get(locale);
  if (!s) {
    const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
    const group = parts.find((p) => p.type === 'group')?.value ?? ',';
    const decimal = parts.find((p) => p.type === 'decimal')?.value ?? '.';
    // Where the group mark is a space of any width, writers use any of them.
    const groups = /\s/.test(group) ? [' ', '\u00A0', '\u202F', '\u2009'] : group === '’' ? ["'", '’'] : [group];
    s = { group: groups, decimal };
    separatorCache.set(locale, s);
  }
  return s;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined) => c !== undefined && /\p{L}/u.test(c);
const isHan = (c: string | undefined) => c !== undefined && /\p{Script=Han}/u.test(c);
/** Han characters that make the number before them a date, time, age or duration: 2023年, 7月, 16日. */
const HAN_NOT_FIGURE = /^[年月日号时点分秒岁周天]/;
/** Letters glued before a number that make it a code (G20, FY2023); Chinese text runs into figures. */
const gluedBefore = (c: string | undefined) => isLetter(c) && !isHan(c);

interface NumberToken {
  start: number;
  end: number;
  value: number;
  /** Written with a group mark or a decimal part: never a year. */
  formatted: boolean;
}

/** Reads the number starting at `i` (a digit) by the locale's marks. */
function readNumber(text: string, i: number, sep: Separators): NumberToken {
  let j = i;
  while (isDigit(text[j])) j++;
  let digits = text.slice(i, j);
  let formatted = false;
  // Groups: a group mark followed by exactly three digits.
  for (;;) {
    const mark = text[j];
    if (mark !== undefined && sep.group.includes(mark) && isDigit(text[j + 1]) && isDigit(text[j + 2]) && isDigit(text[j + 3]) && !isDigit(text[j + 4])) {
      digits += text.slice(j + 1, j + 4);
      j += 4;
      formatted = true;
    } else break;
  }
  if (text[j] === sep.decimal && isDigit(text[j + 1])) {
    let k = j + 1;
    while (isDigit(text[k])) k++;
    digits += `.${text.slice(j + 1, k)}`;
    j = k;
    formatted = true;
  }
  return { start: i, end: j, value: Number(digits), formatted };
}

/** The currency prefix ending at `end` (just before the number, maybe after one space). */
function prefixBefore(text: string, end: number): { start: number; units: string[] } | undefined {
  let e = end;
  if (text[e - 1] === ' ' || text[e - 1] === '\u00A0') e--;
  for (const [symbol, units] of PREFIXES) {
    if (text.slice(e - symbol.length, e) !== symbol) continue;
    const start = e - symbol.length;
    // A letter prefix (RMB, Rs) must start a word: "FORM1" is not RM1.
    if (/^\p{L}/u.test(symbol) && isLetter(text[start - 1])) continue;
    return { start, units };
  }
  const code = /(?<![\p{L}])([A-Z]{3})$/u.exec(text.slice(Math.max(0, e - 4), e));
  if (code && ISO_CODES.has(code[1]!)) return { start: e - 3, units: [code[1]!] };
  return undefined;
}

/** The qualifier phrase ending just before `end` (spaces allowed between), if any. */
function qualifierBefore(text: string, end: number): { start: number; qualifier: FigureQualifier; phrase: string } | undefined {
  const before = text.slice(Math.max(0, end - 24), end).replace(/\s+$/, '');
  const at = end - (text.slice(Math.max(0, end - 24), end).length - before.length);
  const lower = before.toLowerCase();
  for (const [phrase, qualifier] of QUALIFIERS) {
    if (!lower.endsWith(phrase)) continue;
    const start = at - phrase.length;
    if (!isHan(phrase[0]) && isLetter(text[start - 1])) continue; // "moreover" is not "over"
    return { start, qualifier, phrase };
  }
  return undefined;
}

interface Tail {
  end: number;
  scale: FigureScale;
  units: string[];
  qualifier?: FigureQualifier;
  /** Letters glued to the number that are no scale: an ordinal, a code ("5G"), a unit ("3km"). */
  glued: boolean;
}

/** Scale, percent sign or currency after the number ending at `end`. */
function tailAfter(text: string, end: number): Tail {
  let j = end;
  let scale: FigureScale = 'one';
  let units: string[] = [];
  let qualifier: FigureQualifier | undefined;
  const rest = () => text.slice(j, j + 40);

  const plus = PLUS.exec(rest());
  if (plus) {
    qualifier = 'more than';
    j += plus[0].length;
  }
  // A Han character after the number is a measure word (家, 名) unless it dates it (年, 月, 日).
  const glued = isLetter(text[j]) && (!isHan(text[j]) || HAN_NOT_FIGURE.test(text.slice(j)));
  for (const [re, s, mode] of SCALES) {
    const spaced = /^[ \u00A0]/.test(rest()) ? 1 : 0;
    if (mode === 'glued' && spaced) continue;
    const m = re.exec(text.slice(j + spaced, j + spaced + 20));
    if (m) {
      scale = s;
      j += spaced + m[0].length;
      break;
    }
  }
  if (glued && j === end) {
    // Glued letters that are not a scale: a percent sign is not a letter, so this is an
    // ordinal (21st), a code (5G, 3D), a unit (3km) or a plural year (1990s).
    const pct = PERCENT.exec(rest());
    if (!pct) return { end, scale, units, glued: true };
  }
  const spaced = /^[ \u00A0]/.test(rest()) ? 1 : 0;
  const pct = PERCENT.exec(text.slice(j + spaced, j + spaced + 24));
  if (pct) {
    units = ['percent'];
    j += spaced + pct[0].length;
  } else {
    for (const [re, u] of WORDS) {
      const m = re.exec(text.slice(j + spaced, j + spaced + 30));
      if (m) {
        units = u;
        j += spaced + m[0].length;
        break;
      }
    }
    if (units.length === 0) {
      const code = /^([A-Z]{3})(?![\p{L}])/u.exec(text.slice(j + spaced, j + spaced + 4));
      if (code && ISO_CODES.has(code[1]!)) {
        units = [code[1]!];
        j += spaced + 3;
      }
    }
  }
  for (const [re, q] of TRAILING_QUALIFIERS) {
    const m = re.exec(rest());
    if (m) {
      qualifier = q;
      j += m[0].length;
      break;
    }
  }
  return { end: j, scale, units, ...(qualifier ? { qualifier } : {}), glued: false };
}

/** Spans of `text` that are dates or times, whose digits are not figures. */
function maskedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const re of NOT_FIGURES) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  }
  return spans;
}

interface Reading extends Figure {
  /** A bare whole number 1800–2199 with nothing around it: a year unless proven otherwise. */
  yearLike: boolean;
}

/** Every figure written with digits in `text`, in order. */
export function findFigures(text: string, options: FindOptions = {}): Figure[] {
  const sep = separators(options.locale ?? 'en');
  const masked = maskedSpans(text);
  const inMask = (i: number) => masked.some(([a, b]) => i >= a && i < b);
  const readings: Reading[] = [];

  let i = 0;
  while (i < text.length) {
    if (!isDigit(text[i]) || inMask(i)) {
      i++;
      continue;
    }
    const num = readNumber(text, i, sep);
    i = num.end;
    const prev = text[num.start - 1];
    // Part of a code or a longer token: G20, CO2, A4, 3.2.1, 1/3.
    if (prev !== undefined && (isDigit(prev) || prev === '/' || prev === '_')) continue;
    if (prev === '.' && isDigit(text[num.start - 2])) continue;
    if ((text[num.end] === '.' || text[num.end] === sep.decimal) && isDigit(text[num.end + 1])) {
      // A version or a dotted code such as 3.2.1.
      while (i < text.length && (isDigit(text[i]) || text[i] === '.')) i++;
      continue;
    }
    if (text[num.end] === '/' && isDigit(text[num.end + 1])) continue; // a fraction or a date
    let prefix = prefixBefore(text, num.start);
    if (!prefix && gluedBefore(prev)) continue; // letters glued before: G20, FY2023, H1
    const tail = tailAfter(text, num.end);
    if (tail.glued) continue;
    // A number in a hyphenated compound ("a 5-year plan") is no figure; "4,300-plus" is.
    if (text[tail.end] === '-' && isLetter(text[tail.end + 1]) && tail.end === num.end) continue;
    let start = prefix?.start ?? num.start;
    let negative = false;
    const sign = text[start - 1];
    if ((sign === '-' || sign === '−') && !isDigit(text[start - 2]) && !isLetter(text[start - 2])) {
      negative = true;
      start--;
    }
    const qualifier = qualifierBefore(text, start);
    if (qualifier) start = qualifier.start;
    const units = tail.units.length ? tail.units : (prefix?.units ?? []);
    if (prefix && tail.units.length && tail.units.some((u) => prefix!.units.includes(u))) prefix = undefined;
    const value = negative ? -num.value : num.value;
    readings.push({
      text: text.slice(start, tail.end),
      start,
      end: tail.end,
      value,
      scale: tail.scale,
      units,
      qualifier: qualifier?.qualifier ?? tail.qualifier ?? 'exact',
      ...(FALLING.test(text.slice(Math.max(0, start - 60), start)) ? { falling: true } : {}),
      yearLike:
        !num.formatted && !negative && num.value >= 1800 && num.value <= 2199 && Number.isInteger(num.value) && tail.scale === 'one' && units.length === 0 && (!qualifier || PREPOSITIONS.has(qualifier.phrase)) && !tail.qualifier,
    });
    i = Math.max(i, tail.end);
  }

  return bracketedEquivalents(text, joinRanges(text, readings).filter((r) => !r.yearLike)).map(({ yearLike: _, ...f }) => f);
}

/**
 * "approximately 1 billion yuan (US$138 million)": an amount restated in brackets right after
 * a qualified figure is the same amount in another unit, so it carries the same qualifier.
 */
function bracketedEquivalents(text: string, readings: Reading[]): Reading[] {
  return readings.map((r, k) => {
    const before = readings[k - 1];
    if (!before || r.qualifier !== 'exact' || before.qualifier === 'exact') return r;
    if (!/^\s*\(\s*$/.test(text.slice(before.end, r.start))) return r;
    return { ...r, qualifier: before.qualifier };
  });
}

/**
 * "between 3 and 4 per cent", "3–4%", "€3-4bn", "3 to 4 per cent": one figure with a low and
 * a high end, taking the unit and scale written once for both. "from 3 to 4 per cent" is two
 * figures (a change), each taking the unit written after the second.
 */
function joinRanges(text: string, readings: Reading[]): Reading[] {
  const out: Reading[] = [];
  for (let k = 0; k < readings.length; k++) {
    const a = readings[k]!;
    const b = readings[k + 1];
    if (!b || (b.qualifier !== 'exact' && !/^\s*(?:,|and|,\s*and)\s+$/i.test(text.slice(a.end, b.start)))) {
      out.push(a);
      continue;
    }
    const gap = text.slice(a.end, b.start);
    const between = /\bbetween\s+$/i.exec(text.slice(Math.max(0, a.start - 12), a.start)) && /^\s+and\s+$/i.test(gap);
    const dash = /^\s*[-–—]\s*$/.test(gap) || /^\s+to\s+$/i.test(gap);
    const from = /\bfrom\s+$/i.test(text.slice(Math.max(0, a.start - 8), a.start)) && /^\s+to\s+$/i.test(gap);
    const inherit = (x: Reading): Reading => ({
      ...x,
      scale: x.scale === 'one' ? b.scale : x.scale,
      units: x.units.length ? x.units : b.units,
      yearLike: x.yearLike && b.yearLike,
    });
    // "from 3 to 4 per cent" is a change; "5.5 and 4 per cent (respectively)" a list: separate
    // figures, the first taking the unit and scale written once after the second.
    const list = !between && /^\s*(?:,|and|,\s*and)\s+$/i.test(gap) && a.units.length === 0 && a.scale === 'one' && b.units.length > 0;
    if (from || list) {
      out.push(inherit(a));
      continue;
    }
    if ((between || dash) && (a.units.length === 0 || b.units.length === 0 || a.units.join() === b.units.join())) {
      const low = inherit(a);
      let start = a.start;
      if (between) start = text.lastIndexOf('between', a.start);
      out.push({ ...low, text: text.slice(start, b.end), start, end: b.end, high: b.value, yearLike: a.yearLike && b.yearLike, ...(b.falling || a.falling ? { falling: true } : {}) });
      k++;
      continue;
    }
    out.push(a);
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Describing and matching

const UNIT_WORDS: Record<string, string> = { percent: 'per cent' };

/** "more than 7.5 billion EUR", "3 to 4 per cent", "about 1 billion CNY or JPY". */
export function describeFigure(f: Figure): string {
  const q = f.qualifier === 'exact' ? '' : `${f.qualifier} `;
  const n = f.high !== undefined ? `${f.value} to ${f.high}` : String(f.value);
  const scale = f.scale === 'one' ? '' : f.scale === 'wan' ? '万' : f.scale === 'yi' ? '亿' : ` ${f.scale}`;
  const unit = f.units.length === 0 ? '' : ` ${f.units.map((u) => UNIT_WORDS[u] ?? u).join(' or ')}`;
  return `${q}${n}${scale}${unit}${f.falling ? ' (a fall)' : ''}`;
}

/** What a fact states about its figure, as the facts file gives it. */
export interface StatedFigure {
  value: number;
  unit: string;
  scale: Scale;
  qualifier: Qualifier;
  /** Decimal places the value was rounded to; without it the value must be as written. */
  round?: number;
}

export type Mismatch = 'value' | 'unit' | 'scale' | 'qualifier';

/** Qualifiers that say the same thing: "about" and "approximately". */
function qualifierClass(q: Qualifier): string {
  return q === 'about' ? 'approximately' : q;
}

function unitFits(stated: StatedFigure, f: Figure): boolean {
  if (stated.unit === 'count') return f.units.length === 0;
  // A rate is written bare ("a rate of 7.24") or as money per unit ("1.09 US dollars").
  if (stated.unit === 'ratio') return !f.units.includes('percent');
  return f.units.includes(stated.unit);
}

/** What differs between a fact and one figure of its quote; empty when they agree. */
export function compareFigure(stated: StatedFigure, f: Figure): Mismatch[] {
  const out: Mismatch[] = [];
  if (!unitFits(stated, f)) out.push('unit');
  // A range is stated honestly by its lower end as "at least" or its upper end as "up to".
  let written = f.value;
  let qualifierAgrees = qualifierClass(stated.qualifier) === qualifierClass(f.qualifier);
  if (f.high !== undefined) {
    if (stated.qualifier === 'up to') written = f.high;
    qualifierAgrees = stated.qualifier === 'at least' || stated.qualifier === 'up to';
  }
  const value = stated.value < 0 && f.falling && written > 0 ? -stated.value : stated.value;
  const tolerance = stated.round !== undefined ? 0.5 * 10 ** -stated.round + 1e-12 : Math.max(Math.abs(written), 1) * 1e-9;
  const digitsAgree = Math.abs(value - written) <= tolerance;
  const amountAgrees = Math.abs(value * FIGURE_SCALE_FACTOR[stated.scale] - written * FIGURE_SCALE_FACTOR[f.scale]) <= tolerance * FIGURE_SCALE_FACTOR[stated.scale];
  if (!amountAgrees) {
    if (!digitsAgree) out.push('value');
    if (stated.scale !== f.scale) out.push('scale');
  }
  if (!qualifierAgrees) out.push('qualifier');
  return out;
}

const WEIGHT: Record<Mismatch, number> = { value: 8, unit: 4, scale: 2, qualifier: 1 };

/**
 * The figure of `figures` that the stated figure binds to: one that agrees in full if there
 * is one, else the nearest (fewest and least serious differences), with what differs.
 */
export function bindFigure(stated: StatedFigure, figures: readonly Figure[]): { figure: Figure; mismatches: Mismatch[] } | undefined {
  let best: { figure: Figure; mismatches: Mismatch[]; score: number; distance: number } | undefined;
  for (const figure of figures) {
    const mismatches = compareFigure(stated, figure);
    const score = mismatches.reduce((s, m) => s + WEIGHT[m], 0);
    const distance = Math.abs(Math.log(Math.abs(stated.value) + 1e-9) - Math.log(Math.abs(figure.value) + 1e-9));
    if (!best || score < best.score || (score === best.score && distance < best.distance)) best = { figure, mismatches, score, distance };
  }
  return best && { figure: best.figure, mismatches: best.mismatches };
}
