// Every PDF the tool makes is a valid file for three independent readers: qpdf's structural
// check, pdf.js (as browsers use it) and poppler's pdftotext. Built through the library for
// the seed (print A4, print Letter, slides, PDF/A) and the generic sample briefing.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, it, expect } from 'vitest';
import { ALL_FORMATS, buildBriefing, type BuildOptions, type Format } from '../src/api/index.js';
import { pdfinfo, pdftotext, qpdfCheck, toFile } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const SEED = join(root, 'data/shanghai-uk-2023.yaml');
const EXAMPLE = join(root, 'data/example-renewables.yaml');

interface Case {
  name: string;
  facts: string;
  options: BuildOptions;
  format: Format;
  /** Words that must come out of the text layer. */
  words: string[];
}

const cases: Case[] = [
  { name: 'seed print, A4', facts: SEED, options: { paper: 'a4' }, format: 'print', words: ['Shanghai', '24.21'] },
  { name: 'seed print, Letter', facts: SEED, options: { paper: 'letter' }, format: 'print', words: ['Shanghai', '24.21'] },
  { name: 'seed slides', facts: SEED, options: {}, format: 'slides', words: ['Shanghai'] },
  { name: 'seed print, PDF/A', facts: SEED, options: { pdfa: true }, format: 'print', words: ['Shanghai', '24.21'] },
  { name: 'seed slides, PDF/A', facts: SEED, options: { pdfa: true }, format: 'slides', words: ['Shanghai'] },
];
// Any further PDF output (e.g. speaker notes) is checked the same way; slides.pptx is a zip of
// XML parts, checked in test/pptx.test.ts.
for (const format of ALL_FORMATS.filter((f) => f !== 'print' && f !== 'slides' && f !== 'pptx')) cases.push({ name: `seed ${format}`, facts: SEED, options: {}, format, words: ['Shanghai'] });
if (existsSync(EXAMPLE)) {
  cases.push({ name: 'sample print (example-renewables)', facts: EXAMPLE, options: {}, format: 'print', words: ['Kestrel Bay'] });
  cases.push({ name: 'sample slides (example-renewables)', facts: EXAMPLE, options: {}, format: 'slides', words: ['Kestrel Bay'] });
}

describe.each(cases)('$name', (c) => {
  let bytes: Uint8Array;
  let path: string;

  beforeAll(async () => {
    const r = await buildBriefing(c.facts, { ...c.options, formats: [c.format] });
    bytes = r[c.format]!;
    path = toFile(bytes, `${c.format}.pdf`);
  });

  it('passes qpdf --check with no warnings', () => {
    const r = qpdfCheck(path);
    expect(r.ok, r.output).toBe(true);
    expect(r.output).toMatch(/No syntax or stream encoding errors found/);
    expect(r.output, r.output).not.toMatch(/WARNING/i);
  });

  it('parses with pdf.js, every page with text content', async () => {
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0, stopAtErrors: true }).promise;
    try {
      expect(doc.numPages).toBe(pdfinfo(path).pages);
      let chars = 0;
      for (let p = 1; p <= doc.numPages; p++) {
        const page = await doc.getPage(p);
        // Parsing the operator list walks every content stream, font and XObject on the page.
        const ops = await page.getOperatorList();
        expect(ops.fnArray.length).toBeGreaterThan(0);
        const text = await page.getTextContent();
        chars += text.items.reduce((n, item) => n + ('str' in item ? item.str.length : 0), 0);
      }
      expect(chars).toBeGreaterThan(200);
      const meta = await doc.getMetadata();
      expect((meta.info as Record<string, unknown>).Title).toBeTruthy();
    } finally {
      await doc.destroy();
    }
  });

  it('yields its text with pdftotext', () => {
    const text = pdftotext(path).replace(/\s+/g, ' ');
    for (const w of c.words) expect(text).toContain(w);
    // No replacement characters or unmapped glyphs: every glyph maps back to Unicode.
    expect(text).not.toMatch(/\uFFFD/);
  });
});
