// The Simplified Chinese fallback face: Noto Sans SC (SIL OFL 1.1), static TrueType files
// shipped by the `@expo-google-fonts/noto-sans-sc` npm package. Latin text stays in Source
// Sans 3; a character the Latin face should not set (Han, kana, CJK punctuation, full-width
// forms, or anything the Latin face has no glyph for) falls back to this face, run by run.
// The files are opened only when a build sets such a character, so an English build never
// reads them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FontWeight } from './index.js';

/** The fallback face's family name, for writers that name an East Asian font slot (PPTX `ea`). */
export const CJK_FAMILY = 'Noto Sans SC';

const FILES: Record<FontWeight, string> = {
  regular: '400Regular/NotoSansSC_400Regular.ttf',
  semibold: '600SemiBold/NotoSansSC_600SemiBold.ttf',
  bold: '700Bold/NotoSansSC_700Bold.ttf',
};

let dir: string | undefined;
export function cjkFontPath(weight: FontWeight): string {
  dir ??= dirname(createRequire(import.meta.url).resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return join(dir, FILES[weight]);
}

export const CJK_WEIGHTS = Object.keys(FILES) as FontWeight[];

// Unicode blocks that are set in the CJK face whatever the Latin face holds: CJK radicals,
// symbols and punctuation, kana, bopomofo, Hangul compatibility jamo, enclosed and compatibility
// CJK, the unified ideographs and their extensions, CJK compatibility forms, and the
// half-width/full-width forms block (full-width punctuation belongs with the Han text).
const CJK_BLOCKS = /[\u2E80-\u2FDF\u2FF0-\u2FFF\u3000-\u303F\u3040-\u30FF\u3100-\u312F\u3130-\u318F\u3190-\u31FF\u3200-\u32FF\u3300-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFE10-\uFE1F\uFE30-\uFE4F\uFF00-\uFFEF\u{20000}-\u{3134F}]/u;

/** Whether `text` has a character from the CJK blocks (a cheap test before any splitting). */
export function hasCjk(text: string): boolean {
  return CJK_BLOCKS.test(text);
}

/** Whether the code point belongs to the CJK blocks. */
export function isCjkCodePoint(cp: number): boolean {
  return CJK_BLOCKS.test(String.fromCodePoint(cp));
}
