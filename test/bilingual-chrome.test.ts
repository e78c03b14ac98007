// The words the tool writes around a bilingual edition's own text: the print footer (date and
// "Page n of N") and the speaker notes (header, "Slide n: title", placeholders), in both
// languages, fitted on A4 and Letter; and the English edition's left as it was.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildBriefing } from '../src/api/index.js';
import { pdftotext, tempDir, textPositions, toFile } from './helpers/pdf.js';
import { markedText, root, SEED, squash } from './print-helpers.js';

const FIXTURE = root('test/fixtures/minimal-zh.yaml');
/** Text with white space taken out: a reader splits a mixed line into runs per font. */
const tight = (s: string) => s.replace(/\s+/g, '');

/** Each page's text, as pdftotext reads it. */
const pagesOf = (bytes: Uint8Array) => pdftotext(toFile(bytes)).split('\f').slice(0, -1);

/** The fixture with `edit` applied, written beside a copy of its source document. */
function fixtureWith(edit: (doc: Record<string, Record<string, unknown>>) => void): string {
  const doc = parseYaml(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<string, unknown>>;
  edit(doc);
  const dir = tempDir();
  copyFileSync(root('test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, 'edited.yaml');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe.each([
  ['a facts file written for the tests', FIXTURE, '1 March 2024 / 2024年3月1日'],
  ['the seed', SEED, '24 August 2023 / 2023年8月24日'],
])('the bilingual edition of %s: footer and speaker notes in both languages', (_name, file, date) => {
  const built = buildBriefing(file, { bilingual: ['en-GB', 'zh-CN'], formats: ['print', 'notes', 'pptx'] });

  it('footers every page but the cover with the date and "Page n of N" in both languages, as artifacts', async () => {
    const { print } = await built;
    const marked = await markedText(print!);
    expect(marked.length).toBeGreaterThan(1);
    expect(squash(marked[0]!.artifact.join(' '))).not.toContain('Page 1');
    for (let i = 1; i < marked.length; i++) {
      const artifact = tight(marked[i]!.artifact.join(''));
      expect(artifact, `page ${i + 1}`).toContain(tight(`Page ${i + 1} of ${marked.length} / 第${i + 1}页，共${marked.length}页`));
      expect(artifact, `page ${i + 1}`).toContain(tight(date));
      expect(tight(marked[i]!.content.join(''))).not.toContain(`第${i + 1}页，`);
    }
  });

  it('heads each notes page "Slide n / 第n张幻灯片: title" and names the notes edition in both languages', async () => {
    const { notes } = await built;
    const pages = pagesOf(notes!);
    pages.forEach((page, i) => {
      const text = squash(page);
      expect(text, `notes page ${i + 1}`).toContain('speaker notes / 演讲者备注');
      expect(text, `notes page ${i + 1}`).toMatch(new RegExp(`Slide ${i + 1} / 第${i + 1}张幻灯片: \\S`));
      // The slide's own title follows, already in both languages: it is not given twice.
      expect(text).not.toContain(`第${i + 1}张幻灯片：`);
    });
  });

  it('gives the placeholder of a slide without notes in both languages, in the notes PDF and the PPTX notes', async () => {
    const { notes, pptx } = await built;
    const pages = pagesOf(notes!).map(squash);
    const bare = pages.filter((p) => p.includes('No speaker notes for this slide.'));
    for (const p of bare) expect(p).toContain('No speaker notes for this slide. / 本张幻灯片没有演讲者备注。');
    const zip = await JSZip.loadAsync(pptx!);
    const named = Object.keys(zip.files).filter((n) => /^ppt\/notesSlides\/notesSlide\d+\.xml$/.test(n));
    expect(named.length).toBe(pages.length);
    for (const name of named) {
      const n = Number(/(\d+)\.xml$/.exec(name)![1]);
      const xml = await zip.file(name)!.async('string');
      // A slide with no notes is named in its notes, in both languages.
      if (bare.some((p) => p.includes(`Slide ${n} /`))) expect(xml).toContain(`Slide ${n} / 第${n}张幻灯片`);
    }
    if (file === FIXTURE) expect(bare.length).toBeGreaterThan(0);
  });
});

describe('the English edition keeps its footer and notes in English', () => {
  it('prints "Page n of N" and "Slide n: title" with no Chinese, for the fixture and the seed', async () => {
    for (const file of [FIXTURE, SEED]) {
      const { print, notes } = await buildBriefing(file, { formats: ['print', 'notes'] });
      const marked = await markedText(print!);
      for (let i = 1; i < marked.length; i++) {
        const artifact = marked[i]!.artifact.join(' ');
        expect(artifact).toContain(`Page ${i + 1} of ${marked.length}`);
        expect(artifact).not.toMatch(/ \/ |第/);
      }
      pagesOf(notes!).forEach((page, i) => {
        expect(squash(page)).toMatch(new RegExp(`Slide ${i + 1}: \\S`));
        expect(squash(page)).toContain(' · speaker notes');
        expect(page).not.toContain('演讲者备注');
      });
    }
  });
});

describe('a long bilingual footer is fitted, never overlapping the page number', () => {
  // A classification as long as real handling caveats get, in both languages (written for the test).
  // It fits the cover's box, but not one footer line beside the date and the page number.
  const LONG = {
    'en-GB': 'Official – for the trade delegation only',
    'zh-CN': '内部资料——仅供贸易代表团使用',
  };
  const TOO_LONG = {
    'en-GB': `${LONG['en-GB']}; not for onward distribution without the written agreement of the issuing office, and never for publication in any form`,
    'zh-CN': `${LONG['zh-CN']}；未经发文单位书面同意不得转发，任何情况下均不得以任何形式公开发表`,
  };

  it.each([['a4'], ['letter']] as const)('on %s: date over classification, both in full, left of the page number', async (paper) => {
    const file = fixtureWith((doc) => (doc.meta!.classification = LONG));
    const { print, warnings } = await buildBriefing(file, { bilingual: ['en-GB', 'zh-CN'], formats: ['print'], paper });
    expect(warnings.filter((w) => w.code === 'BR312')).toEqual([]);
    const runs = await textPositions(print!);
    const pages = Math.max(...runs.map((r) => r.page));
    for (let p = 2; p <= pages; p++) {
      const on = runs.filter((r) => r.page === p);
      const number = on.find((r) => r.text.startsWith(`Page ${p} of`))!;
      expect(number, `page ${p}`).toBeDefined();
      const line = on.filter((r) => Math.abs(r.top - number.top) < 1 && r.x >= number.x);
      expect(tight(line.map((r) => r.text).join(''))).toBe(tight(`Page ${p} of ${pages} / 第${p}页，共${pages}页`));
      const foot = on.filter((r) => r.top > number.top - 2 && !line.includes(r));
      const text = tight(foot.map((r) => r.text).join(''));
      expect(text).toContain(tight('1 March 2024 / 2024年3月1日'));
      expect(text).toContain(tight(`${LONG['en-GB']} / ${LONG['zh-CN']}`));
      for (const r of foot) {
        // Left of the page number where they share its baseline; inside the page everywhere.
        if (r.top < number.bottom) expect(r.right, r.text).toBeLessThan(number.x - 10);
        expect(r.bottom).toBeLessThan(r.pageHeight - 12);
        expect(r.right).toBeLessThanOrEqual(r.pageWidth - 62 + 0.5);
      }
      // The classification on a line of its own, below the date.
      const cls = foot.find((r) => r.text.startsWith('Official'))!;
      const dated = foot.find((r) => r.text.startsWith('1 March 2024'))!;
      expect(cls.top).toBeGreaterThan(dated.bottom - 1);
      expect(number.right).toBeLessThanOrEqual(number.pageWidth - 62 + 0.5);
    }
  });

  it.each([['a4'], ['letter']] as const)('on %s: a classification too long for its line is cut and reported by BR312 at its line', async (paper) => {
    const file = fixtureWith((doc) => (doc.meta!.classification = TOO_LONG));
    const { print, warnings } = await buildBriefing(file, { bilingual: ['en-GB', 'zh-CN'], formats: ['print'], paper });
    const footer = warnings.filter((w) => w.code === 'BR312' && w.message.includes('page footer'));
    expect(footer).toHaveLength(1);
    expect(footer[0]!.file).toBe(file);
    const runs = (await textPositions(print!)).filter((r) => r.page === 2);
    const number = runs.find((r) => r.text.startsWith('Page 2 of'))!;
    // The classification's line: the cut is marked, and stops short of the page number.
    const start = runs.find((r) => r.text.startsWith('Official'))!;
    const line = runs.filter((r) => Math.abs(r.top - start.top) < 1).sort((a, b) => a.x - b.x);
    expect(line.at(-1)!.text.endsWith('…')).toBe(true);
    expect(Math.max(...line.map((r) => r.right))).toBeLessThan(number.x - 10);
    expect(tight(line.map((r) => r.text).join(''))).toContain(tight(TOO_LONG['en-GB'].slice(0, 40)));
  });
});
