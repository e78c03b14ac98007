// Nothing is lost or cut without a located message: key-figure tiles continue onto further
// slides, the print cover title shrinks and wraps inside the cover block, a slide's source
// line wraps before it is cut, every cut names its facts-file or template line with a code,
// and `validate` reports exactly the warnings `build` does. Fixture: an invented trade-mission
// release with euro amounts (test/fixtures/layout), varied in title, source and key figures.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefing, validateBriefing } from '../src/api/index.js';
import type { Diagnostic } from '../src/diagnostics/index.js';
import { tempDir, textPositions } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test/fixtures/layout');
const BASE = readFileSync(join(fixtures, 'trade-mission.yaml'), 'utf8');
const EXPECTED = JSON.parse(readFileSync(join(fixtures, 'trade-mission.expected.json'), 'utf8')) as { keyFigures: { id: string; short: string; number: string }[] };
const date = new Date('2024-03-15T00:00:00Z');

/** Exactly `n` characters of release-like words. */
function words(n: number, seed = 'delegation'): string {
  let s = '';
  for (let i = 0; s.length < n; i++) s += `Regional ${seed} ${i + 1} on investment, research and logistics partnerships `;
  return s.slice(0, n).replace(/\s+$/, 'x');
}

interface Variant {
  title?: string;
  sourceTitle?: string;
  publisher?: string;
  keyFigures?: number;
}

/** Writes a variant of the fixture (with its source text) and returns its path. */
function variant(name: string, v: Variant): string {
  const dir = tempDir('layout-trust-');
  let text = BASE;
  if (v.title !== undefined) text = text.replace(/^ {2}title: .*$/m, `  title: ${JSON.stringify(v.title)}`);
  if (v.sourceTitle !== undefined) text = text.replace(/^ {4}title: Kestrel Valley trade mission closes in Hannover$/m, `    title: ${JSON.stringify(v.sourceTitle)}`);
  if (v.publisher !== undefined) text = text.replace(/^ {4}publisher: .*$/m, `    publisher: ${JSON.stringify(v.publisher)}`);
  if (v.keyFigures !== undefined) text = text.replace(/^keyFigures: .*$/m, `keyFigures: [${EXPECTED.keyFigures.slice(0, v.keyFigures).map((k) => k.id).join(', ')}]`);
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  copyFileSync(join(fixtures, 'trade-mission-source.txt'), join(dir, 'trade-mission-source.txt'));
  return file;
}

/** The 1-based line of the first line of `file` matching `pattern`. */
function lineOf(file: string, pattern: RegExp): number {
  return readFileSync(file, 'utf8').split('\n').findIndex((l) => pattern.test(l)) + 1;
}

const layoutWarnings = (ws: readonly Diagnostic[]) => ws.filter((w) => /^BR3[0-4]\d$/.test(w.code ?? ''));

describe('key-figure tiles on slides: none is ever left out', () => {
  for (const count of [6, 9, 12]) {
    it(`shows all ${count} key figures, at most four to a slide, on continued slides`, async () => {
      const file = variant(`kf${count}`, { keyFigures: count });
      const built = await buildBriefing(file, { formats: ['slides'], date });
      expect(layoutWarnings(built.warnings)).toEqual([]);
      const runs = await textPositions(built.slides!);
      const pages = [...new Set(runs.filter((r) => /^Key figures/.test(r.text) && r.top < 100).map((r) => r.page))];
      const slides = Math.ceil(count / 4);
      expect(pages.length).toBe(slides);
      // The follow-ups say so in their title, and come straight after the first.
      expect(pages.map((p) => runs.find((r) => r.page === p && /^Key figures/.test(r.text))!.text)).toEqual(['Key figures', ...Array(slides - 1).fill('Key figures (continued)')]);
      expect(pages).toEqual(pages.map((_, i) => pages[0]! + i));
      const perSlide = Math.ceil(count / slides);
      for (const [i, k] of EXPECTED.keyFigures.slice(0, count).entries()) {
        const page = pages[Math.floor(i / perSlide)]!;
        const onPage = runs.filter((r) => r.page === page);
        // Label and number are both on the slide that holds the tile, inside the page.
        expect(onPage.map((r) => r.text).join(' '), `${k.short} on page ${page}`).toContain(k.short);
        const number = onPage.find((r) => r.text === k.number);
        expect(number, `${k.number} on page ${page}`).toBeDefined();
        expect(number!.right).toBeLessThanOrEqual(number!.pageWidth - 56 + 0.5);
      }
      for (const r of runs) expect(r.right, r.text).toBeLessThanOrEqual(r.pageWidth - 56 + 0.5);
      // Tiles on a slide sit side by side in one row, the same width on every slide.
      const tileLefts = pages.map((p) => EXPECTED.keyFigures.slice(0, count).map((k) => runs.find((r) => r.page === p && r.text === k.number)?.x).filter((x): x is number => x !== undefined));
      const spacing = tileLefts.filter((l) => l.length > 1).map((l) => Math.round(l[1]! - l[0]!));
      expect(new Set(spacing).size).toBe(1);
    });
  }
});

describe('the print cover title shrinks, then wraps, and never leaves the cover block', () => {
  for (const paper of ['a4', 'letter'] as const) {
    it(`keeps a 300-character title whole and inside the cover band on ${paper}`, async () => {
      const title = words(300);
      const file = variant(`title-${paper}`, { title });
      const built = await buildBriefing(file, { formats: ['print'], paper, date });
      expect(layoutWarnings(built.warnings).filter((w) => w.code === 'BR311')).toEqual([]);
      const runs = (await textPositions(built.print!)).filter((r) => r.page === 1);
      const band = Math.round(runs[0]!.pageHeight * 0.42);
      const brief = runs.find((r) => r.text === 'BRIEFING')!;
      const subtitle = runs.find((r) => r.text.startsWith('What the regional delegation'))!;
      const titleRuns = runs.filter((r) => r.top > brief.bottom && r.bottom < band && r !== brief);
      expect(titleRuns.map((r) => r.text).join(' ')).toBe(title);
      for (const r of titleRuns) {
        expect(r.bottom, r.text).toBeLessThan(band - 4); // above the accent bar
        expect(r.x).toBeGreaterThanOrEqual(62 - 0.5);
        expect(r.right).toBeLessThanOrEqual(r.pageWidth - 62 + 0.5);
      }
      // Shrunk below the 30 pt of a short title, and the subtitle stays below the band.
      const size = (titleRuns[0]!.bottom - titleRuns[0]!.top) / 1.05;
      expect(size).toBeLessThan(30);
      expect(size).toBeGreaterThanOrEqual(18 - 0.01);
      expect(subtitle.top).toBeGreaterThan(band);
    });
  }

  it('cuts a title too long even at the smallest size, and says where it is', async () => {
    const file = variant('title-1000', { title: words(1000) });
    for (const paper of ['a4', 'letter'] as const) {
      const built = await buildBriefing(file, { formats: ['print'], paper, date });
      const cut = built.warnings.filter((w) => w.code === 'BR311');
      expect(cut.map((w) => [w.file, w.line, w.column, w.path])).toEqual([[file, lineOf(file, /^ {2}title:/), 10, 'meta.title']]);
      const runs = (await textPositions(built.print!)).filter((r) => r.page === 1);
      const band = Math.round(runs[0]!.pageHeight * 0.42);
      const titleRuns = runs.filter((r) => r.bottom < band && r.text !== 'BRIEFING');
      expect(titleRuns[titleRuns.length - 1]!.text.endsWith('…')).toBe(true);
      for (const r of titleRuns) expect(r.bottom).toBeLessThan(band - 4);
    }
  });
});

describe("a slide's source line wraps to a second line before anything is cut", () => {
  it('sets a long source title and URL on two lines in the footer, with no warning', async () => {
    const sourceTitle = `Kestrel Valley trade mission closes in Hannover after four days of meetings, agreements and a roadshow across Munich and Hannover`;
    const file = variant('long-source', { sourceTitle, publisher: 'Kestrel Valley Development Agency, Office for External Trade and Investment' });
    const built = await buildBriefing(file, { formats: ['slides'], date });
    expect(layoutWarnings(built.warnings)).toEqual([]);
    const runs = await textPositions(built.slides!);
    const pageHeight = runs[0]!.pageHeight;
    // Footer text: below the rule 46 pt above the foot of the page.
    const feet = runs.filter((r) => r.top > pageHeight - 46 && !/^\d+ \/ \d+$/.test(r.text));
    const page2 = feet.filter((r) => r.page === 2);
    expect(new Set(page2.map((r) => Math.round(r.top))).size).toBe(2);
    expect(page2.map((r) => r.text).join(' ')).toContain('Office for External Trade and Investment');
    expect(page2.map((r) => r.text).join(' ')).not.toContain('…');
    for (const r of feet) expect(r.bottom).toBeLessThanOrEqual(pageHeight - 10);
  });

  it('cuts a source line too long for two lines, naming the source title in the facts file', async () => {
    const file = variant('huge-source', { sourceTitle: words(600, 'report') });
    const built = await buildBriefing(file, { formats: ['slides'], date });
    const cut = built.warnings.filter((w) => w.code === 'BR306');
    expect(cut.length).toBeGreaterThan(0);
    for (const w of cut) expect([w.file, w.line, w.column, w.path]).toEqual([file, lineOf(file, /^ {4}title: "Regional report/), 12, 'sources.release.title']);
  });
});

describe('validate runs the layout and reports exactly the warnings build does', () => {
  const briefings = () => [
    join(root, 'data/shanghai-uk-2023.yaml'),
    join(root, 'data/example-renewables.yaml'),
    variant('v-title', { title: words(1000) }),
    variant('v-source', { sourceTitle: words(600, 'report') }),
    variant('v-kf', { keyFigures: 12, title: words(300) }),
  ];

  it('for several briefings, A4 and Letter, every format', async () => {
    for (const file of briefings()) {
      for (const paper of ['a4', 'letter'] as const) {
        const options = { formats: ['print', 'slides', 'notes'] as const, paper };
        const built = await buildBriefing(file, { ...options, date });
        const validated = await validateBriefing(file, options);
        expect(validated.warnings, `${file} ${paper}`).toEqual(built.warnings);
        for (const w of validated.warnings) {
          expect(w.code, w.message).toMatch(/^BR\d{3}$/);
          expect(w.file, w.message).not.toBe('');
          expect(w.line, `${w.code} ${w.message}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it('the seed validates with no warnings, its layout included', async () => {
    const v = await validateBriefing(join(root, 'data/shanghai-uk-2023.yaml'), { formats: ['print', 'slides', 'notes'] });
    expect(v.warnings).toEqual([]);
    expect(v.pages.print).toBeGreaterThan(1);
  });

  it('the command line validate prints the layout warnings at their line and writes nothing', () => {
    const file = variant('cli', { title: words(1000) });
    const out = join(tempDir(), 'out');
    const validate = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'validate', file, '--json'], { encoding: 'utf8' });
    expect(validate.status).toBe(0);
    const build = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', file, '--json', '--out', out], { encoding: 'utf8' });
    expect(build.status).toBe(0);
    const v = JSON.parse(validate.stdout) as { warnings: Diagnostic[] };
    const b = JSON.parse(build.stdout) as { warnings: Diagnostic[] };
    expect(v.warnings).toEqual(b.warnings);
    expect(v.warnings.some((w) => w.path === 'meta.title' && w.line === lineOf(file, /^ {2}title:/) && w.message.includes('cover title'))).toBe(true);
    const text = spawnSync(process.execPath, [join(root, 'bin/briefing.js'), 'validate', file], { encoding: 'utf8' });
    expect(text.stderr).toContain(`${file}:${lineOf(file, /^ {2}title:/)}:10 warning[BR311]: meta.title:`);
    expect(existsSync(join(tempDir(), 'out'))).toBe(false);
  });
});
