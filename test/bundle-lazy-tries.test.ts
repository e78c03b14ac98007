// The bundle builds fontkit's and unicode-properties' Unicode tries on first use instead of as
// their modules load (scripts/bundle.mjs, lazyTries). The rewritten modules are run here
// beside the originals: the same answers for every code point asked, and the same full
// OpenType shaping (which goes through the tries) of Latin, Chinese and mixed text.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as fontkit from 'fontkit';
import * as properties from 'unicode-properties';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without declarations.
import { LAZY_TRIE_MODULES, lazyTries } from '../scripts/bundle.mjs';
import { fontPath } from '../src/fonts/index.js';
import { cjkFontPath } from '../src/fonts/cjk.js';

const root = join(import.meta.dirname, '..');
let dir: string;
let lazyFontkit: typeof fontkit;
let lazyProperties: typeof properties;

/** A module's rewritten source, written where its bare imports resolve (a node_modules link beside it). */
async function rewritten<T>(name: keyof typeof LAZY_TRIE_MODULES & string): Promise<T> {
  const source = readFileSync(join(root, 'node_modules', name), 'utf8');
  const file = join(dir, `${name.split('/')[0]}.mjs`);
  // Without its source-map comment: the map is not copied beside it.
  writeFileSync(file, (lazyTries as (s: string, n: number) => string)(source.replace(/^\/\/# sourceMappingURL=.*$/m, ''), (LAZY_TRIE_MODULES as Record<string, number>)[name]!));
  return (await import(pathToFileURL(file).href)) as T;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'briefing-lazy-tries-'));
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  lazyFontkit = await rewritten<typeof fontkit>('fontkit/dist/module.mjs');
  lazyProperties = await rewritten<typeof properties>('unicode-properties/dist/module.mjs');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Unicode tries built on first use', () => {
  it('unicode-properties answers as the original for every code point of the BMP and a sample beyond', () => {
    const wrong: number[] = [];
    for (let cp = 0; cp < 0x30000; cp += cp < 0x10000 ? 1 : 7) {
      if (lazyProperties.getCategory(cp) !== properties.getCategory(cp) || lazyProperties.getScript(cp) !== properties.getScript(cp) || lazyProperties.getEastAsianWidth(cp) !== properties.getEastAsianWidth(cp) || lazyProperties.getCombiningClass(cp) !== properties.getCombiningClass(cp)) wrong.push(cp);
      if (wrong.length > 5) break;
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['Latin with ligatures and kerning', fontPath({ weight: 'regular', style: 'normal' }), 'Office affluence, AVATAR “Wait” – 1,234.5 ﬁ'],
    ['Chinese with Latin and full-width punctuation', cjkFontPath('regular'), '上海嘉定区：投资，共享未来（2023年）ABC 123'],
    // The complex shapers, whose tries are the rewritten ones (the faces lack these glyphs, but
    // the shapers still classify every character through their tries).
    ['Arabic (the Arabic shaper)', fontPath({ weight: 'regular', style: 'normal' }), 'مرحبا بالعالم والسلام عليكم'],
    ['Devanagari (the Indic shaper)', fontPath({ weight: 'regular', style: 'normal' }), 'नमस्ते दुनिया क्षत्रिय'],
    ['Balinese (the universal shaper)', fontPath({ weight: 'regular', style: 'normal' }), 'ᬩᬮᬶ ᬲ᭄ᬯᬲ᭄ᬢ᭄ᬬᬲ᭄ᬢᬸ'],
  ])('fontkit shapes %s exactly as the original', (_name, path, text) => {
    const shape = (kit: typeof fontkit) => {
      const run = (kit.openSync(path) as unknown as { layout(t: string, f: string[]): { glyphs: { id: number }[]; positions: object[]; script: string } }).layout(text, ['liga', 'kern']);
      return { ids: run.glyphs.map((g) => g.id), positions: run.positions, script: run.script };
    };
    const original = shape(fontkit);
    expect(original.ids.length).toBeGreaterThan(10);
    expect(shape(lazyFontkit)).toEqual(original);
  });

  it('refuses a module whose tries are not the expected number, naming the fix', () => {
    expect(() => (lazyTries as (s: string, n: number) => string)('const x = 1;\n', 1)).toThrow(/expected 1 Unicode tries, found 0/);
  });
});
