// Chinese (zh) rules for what Intl does not do: amounts on the 万/亿 scales, qualifiers
// before the number with no space, currency names after the number (亿美元, 亿元), and date
// ranges written 2023年7月16日至21日 (Node's ICU formats a zh range as "2023/7/16 – 2023/7/21").
// Numbers, percentages, single dates and lists still go through Intl.
import type { Scale, Unit } from '../facts/index.js';

/** Whether `locale` is a Chinese locale (zh, zh-CN, zh-Hans-CN, zh-TW…). */
export function isChinese(locale: string): boolean {
  return /^zh(?:-|$)/i.test(locale);
}

const SCALE_EXPONENT: Record<Scale, number> = { one: 0, thousand: 3, million: 6, billion: 9 };

/** The Chinese myriad scales: each name covers the powers of ten from its exponent up. */
const MYRIADS: readonly { exponent: number; word: string }[] = [
  { exponent: 12, word: '万亿' },
  { exponent: 8, word: '亿' },
  { exponent: 4, word: '万' },
  { exponent: 0, word: '' },
];

// Currency names as Chinese writes them after an amount. Yuan amounts are written 元
// (1657.3亿元), not 人民币; other currencies take Intl's Chinese display name (美元, 欧元, 英镑…).
const CURRENCY_NAMES: Record<string, string> = { CNY: '元' };

// Qualifiers stand before the number: 超过4300, 约10亿元.
const QUALIFIERS: Record<string, string> = {
  'more than': '超过',
  approximately: '约',
  about: '约',
  nearly: '近',
  almost: '近',
  'at least': '至少',
  'up to': '最多',
  'less than': '不到',
  'fewer than': '不到',
};

export function zhQualifier(qualifier: string): string {
  return qualifier === 'exact' ? '' : (QUALIFIERS[qualifier] ?? qualifier);
}

const displayNames = new Map<string, Intl.DisplayNames>();
export function zhCurrencyName(unit: string, locale: string): string {
  if (CURRENCY_NAMES[unit]) return CURRENCY_NAMES[unit]!;
  let names = displayNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames(locale, { type: 'currency' });
    displayNames.set(locale, names);
  }
  return names.of(unit) ?? unit;
}

/**
 * `value` (in `scale`, with `decimals` written decimals) moved onto the largest myriad scale
 * it reaches: 24.21 billion -> 242.1 亿; 72500 -> 7.25 万; 4300 -> 4300. Decimal places follow
 * from the written ones, so no precision is added or lost: digits are shifted, not rounded.
 */
export function toMyriads(value: number, scale: Scale, decimals: number): { value: number; decimals: number; word: string } {
  const e = SCALE_EXPONENT[scale];
  const magnitude = Math.abs(value) * 10 ** e;
  const target = MYRIADS.find((m) => magnitude >= 10 ** m.exponent) ?? MYRIADS[MYRIADS.length - 1]!;
  const shift = e - target.exponent;
  // Shift through the decimal string so 24.21e9 / 1e8 is exactly 242.1, with no float residue.
  const shifted = Number(`${value.toFixed(decimals)}e${shift}`);
  // Written decimals move with the shift; zeros that only filled a larger scale (72,500 ->
  // 7.2500万) are not significant and are dropped.
  const written = Math.max(0, decimals - shift);
  const significant = (String(shifted).split('.')[1] ?? '').length;
  const places = Math.min(written, significant);
  return { value: Number(shifted.toFixed(places)), decimals: places, word: target.word };
}

/** The scale word for a unit caption: 亿美元, 万, 亿元. */
export function zhScaleWord(exponent: number): string {
  return MYRIADS.find((m) => m.exponent === exponent)?.word ?? '';
}

export const ZH_SCALE_EXPONENTS = MYRIADS.map((m) => m.exponent);
export { SCALE_EXPONENT };

export type { Unit };

interface Ymd {
  y: number;
  m: number;
  d: number;
}
function ymd(iso: string): Ymd {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** 2023年8月24日 (with the year) or 8月24日. */
export function zhDate(iso: string, withYear = true): string {
  const { y, m, d } = ymd(iso);
  return `${withYear ? `${y}年` : ''}${m}月${d}日`;
}

/**
 * 2023年7月16日至21日; 2023年7月16日至8月2日; 2023年12月30日至2024年1月2日. The end repeats
 * only what changed, as Chinese writes a range; `withYear: false` drops a shared year
 * (7月16日至21日) for labels whose year is given elsewhere.
 */
export function zhDateRange(start: string, end: string, withYear = true): string {
  if (start === end) return zhDate(start, withYear);
  const a = ymd(start);
  const b = ymd(end);
  if (a.y !== b.y) return `${zhDate(start)}至${zhDate(end)}`;
  const head = zhDate(start, withYear);
  return a.m === b.m ? `${head}至${b.d}日` : `${head}至${b.m}月${b.d}日`;
}
