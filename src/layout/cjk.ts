// Chinese line breaking. Han text has no spaces: its break opportunities come from UAX #14
// (./text.ts segments each paragraph with the `linebreak` package), and the Chinese rules go
// on top as a tailoring (GB/T 15834 and W3C clreq): no line starts with closing or pause
// punctuation, no line ends with opening punctuation. UAX #14 already forbids most of these
// breaks; the rule guarantees them whatever the Unicode data version. A Latin word beside Han
// text is set apart by a space's width, as clreq recommends.

/** Characters that never start a line. */
export const NO_LINE_START = '。，、；：？！）」』》〉】〕〗〙〛｝］’”…‥·・ー々〆ゝゞヽヾ〜～％‰℃.,;:?!)]}';
/** Characters that never end a line. */
export const NO_LINE_END = '（「『《〈【〔〖〘〚｛［‘“';

/**
 * The Chinese rules as a tailoring of UAX #14 (a BreakRule of ./text.ts): no line may start
 * at `i` with closing or pause punctuation, nor start after opening punctuation. Other
 * positions keep UAX #14's answer.
 */
export function chineseBreakRule(text: string, i: number): boolean | undefined {
  if (NO_LINE_START.includes(text[i]!) && HAN_OR_FULLWIDTH.test(text.slice(Math.max(0, i - 1), i + 1))) return false;
  if (NO_LINE_END.includes(text[i - 1]!) && HAN_OR_FULLWIDTH.test(text.slice(i - 1, i + 1))) return false;
  return undefined;
}

const LATIN_LETTER = /\p{Script=Latin}/u;
const HAN = /[\p{Script=Han}\u3040-\u30FF]/u;
// The rules apply where Chinese text or full-width punctuation is involved; English keeps its own.
const HAN_OR_FULLWIDTH = /[\p{Script=Han}\u3000-\u30FF\uFF00-\uFFEF]/u;

/** A Latin letter beside a Han character or kana (either order); digits stay tight to 亿/万/年. */
function mixed(a: string, b: string): boolean {
  return (LATIN_LETTER.test(a) && HAN.test(b)) || (HAN.test(a) && LATIN_LETTER.test(b));
}


/** Whether a Latin letter ends `before` and Han starts `after`, or the reverse. */
export function mixedScripts(before: string, after: string): boolean {
  const a = before[before.length - 1];
  const b = after[0];
  return a !== undefined && b !== undefined && mixed(a, b);
}
