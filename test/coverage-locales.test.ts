// Every character is checked before it is drawn, and only locales the tool prints correctly
// are accepted: the font list answers which characters it covers; an uncovered character in
// the facts or a template is a located BR600; an unsupported locale is a usage error (CLI),
// a TypeError (library) or a located BR601 (facts file), each naming the supported ones.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codePointName, coveringFamily, FONT_LIST, uncoveredCharacters } from '../src/fonts/index.js';
import { formatDate, formatDateRange, formatQuantity, joinList, SUPPORTED_LOCALES, supportedLocale } from '../src/format/index.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import { buildBriefing } from '../src/api/index.js';
import { main } from '../src/cli/main.js';
import { BriefingInputError } from '../src/diagnostics/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(root, 'data/shanghai-uk-2023.yaml');
const TMP = mkdtempSync(join(tmpdir(), 'briefing-coverage-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), env: {}, stderrIsTty: false });
  return { status, out, err };
}

describe('font coverage', () => {
  it('asks the font list which family draws a character', () => {
    expect(coveringFamily('A'.codePointAt(0)!)).toBe('Source Sans 3');
    expect(coveringFamily('ü'.codePointAt(0)!)).toBe('Source Sans 3');
    // Han, kana, CJK punctuation and full-width forms fall back to the Chinese face.
    expect(FONT_LIST.map((f) => f.family)).toEqual(['Source Sans 3', 'Noto Sans SC']);
    for (const ch of ['上', '嘉', 'あ', '。', '，', '％', '（']) expect(coveringFamily(ch.codePointAt(0)!), ch).toBe('Noto Sans SC');
    expect(uncoveredCharacters('Shanghai 上海，嘉定区（2023年）')).toEqual([]);
    // What neither face has still fails: Hangul, a CJK Extension B ideograph (in the CJK blocks,
    // so it would be sent to the Chinese face, which lacks it), a private-use character.
    expect(uncoveredCharacters('上海 한강, 𠀀港 \u{E000} again 한\n')).toEqual([
      { char: '한', codePoint: 0xd55c, index: 3 },
      { char: '강', codePoint: 0xac15, index: 4 },
      { char: '𠀀', codePoint: 0x20000, index: 7 },
      { char: '\u{E000}', codePoint: 0xe000, index: 11 },
    ]);
    expect(codePointName(0x4e0a)).toBe('U+4E0A');
    expect(codePointName(0x20000)).toBe('U+20000');
  });

  it('widens as a family joins the font list', () => {
    const fallback = { family: 'Test Hangul', covers: (cp: number) => cp >= 0xac00 && cp <= 0xd7a3 };
    FONT_LIST.push(fallback);
    try {
      expect(coveringFamily(0xb098)).toBe('Test Hangul');
      expect(uncoveredCharacters('나라')).toEqual([]);
    } finally {
      FONT_LIST.pop();
    }
  });

  it('covers the dates, figures and lists of every supported locale', () => {
    for (const locale of SUPPORTED_LOCALES) {
      const samples = [
        formatDate('2023-08-24', locale),
        formatDateRange('2023-07-16', '2023-08-02', locale),
        joinList(['Paris', 'Lüdenscheid', 'Hannover'], locale),
        ...['USD', 'EUR', 'GBP', 'CNY', 'JPY', 'INR', 'AUD', 'CAD', 'percent', 'count'].map((unit) => formatQuantity({ value: 1234567.25, unit, scale: 'million', qualifier: 'more than' }, locale).text),
      ];
      for (const s of samples) expect(uncoveredCharacters(s), `${locale}: ${s}`).toEqual([]);
    }
  });

  it('a template character the fonts lack fails at its line and column', () => {
    const dir = mkdtempSync(join(TMP, 'templates-'));
    writeFileSync(join(dir, 'print.hbs'), '{{#summary}}\nThe city (上海 한강) is a window.\n{{/summary}}\n');
    try {
      renderNarrative(loadFacts(SEED), { templatesDir: dir });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BriefingInputError);
      const d = (e as BriefingInputError).diagnostics.find((x) => x.code === 'BR600')!;
      expect(d).toMatchObject({ file: join(dir, 'print.hbs'), line: 2, column: 14 });
      expect(d.message).toContain('"한" (U+D55C)');
      expect(d.message).not.toContain('U+4E0A');
    }
  });
});

describe('supported locales', () => {
  // zh-TW: Traditional Chinese has other glyph forms and words than the bundled Simplified face and words.
  const refused = ['xx-INVALID', 'ar-EG', 'en-US-u-nu-arab', 'de-DE', 'zh-TW', 'ja-JP'];

  it('are a checked list; other tags are not supported', () => {
    expect(SUPPORTED_LOCALES).toContain('en-GB');
    expect(SUPPORTED_LOCALES).toContain('zh-CN');
    expect(supportedLocale('en-us')).toBe('en-US');
    expect(supportedLocale('zh-cn')).toBe('zh-CN');
    for (const tag of refused) expect(supportedLocale(tag), tag).toBeUndefined();
  });

  it.each(refused)('the CLI refuses --locale %s as a usage error (exit 2) listing the supported ones, writing nothing', async (tag) => {
    const out = join(TMP, `out-${tag}`);
    const r = await cli(['build', SEED, '--locale', tag, '--out', out]);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`--locale takes one of the supported locales: ${SUPPORTED_LOCALES.join(', ')}; got ${JSON.stringify(tag)}`);
    expect(existsSync(out)).toBe(false);
  });

  it.each(refused)('the library refuses locale %s with a TypeError naming the supported ones', async (tag) => {
    await expect(buildBriefing(SEED, { locale: tag })).rejects.toThrow(new TypeError(`buildBriefing: locale must be one of the supported locales (${SUPPORTED_LOCALES.join(', ')}), got ${JSON.stringify(tag)}`));
  });

  it('a facts file in an unsupported locale fails at meta.locale with BR601', () => {
    const dir = mkdtempSync(join(TMP, 'facts-'));
    copyFileSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
    const file = join(dir, 'de.yaml');
    writeFileSync(file, readFileSync(join(root, 'test/fixtures/minimal.yaml'), 'utf8').replace('  date: 2024-03-01\n', '  date: 2024-03-01\n  locale: de-DE\n'));
    try {
      loadFacts(file);
      expect.unreachable();
    } catch (e) {
      // Meta is broken, so the other checks are skipped, which a BR149 notice says.
      expect((e as BriefingInputError).diagnostics.map((d) => [d.code, d.severity, d.path, d.line])).toEqual([
        ['BR601', 'error', 'meta.locale', 5],
        ['BR149', 'warning', '', 5],
      ]);
      expect((e as BriefingInputError).diagnostics[0]!.message).toContain(SUPPORTED_LOCALES.join(', '));
    }
  });
});
