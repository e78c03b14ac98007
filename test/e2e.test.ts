// End to end: the README's build of the default briefing, read back with real PDF readers.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { pdffonts, pdfinfo, pdftotext, qpdfCheck, tempDir, textPositions } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const SEED_FIGURES = ['24.21', '3.8', '4.76', '165.73', '72,500'];

describe('briefing build data/shanghai-uk-2023.yaml', () => {
  let out: string;
  let print: string;
  let slides: string;

  beforeAll(() => {
    out = tempDir();
    execFileSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', join(root, 'data/shanghai-uk-2023.yaml'), '--out', out], { cwd: root, encoding: 'utf8' });
    print = join(out, 'shanghai-uk-2023', 'briefing.pdf');
    slides = join(out, 'shanghai-uk-2023', 'slides.pdf');
  });

  it('writes both PDFs and a manifest under <out>/<id>/', () => {
    expect(existsSync(print)).toBe(true);
    expect(existsSync(slides)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'shanghai-uk-2023', 'manifest.json'), 'utf8'));
    expect(manifest.outputs.map((o: { file: string }) => o.file)).toEqual(['briefing.pdf', 'slides.pdf']);
  });

  it('prints on A4 portrait, every page', () => {
    const info = pdfinfo(print);
    expect(info.pages).toBeGreaterThanOrEqual(5);
    expect(info.pages).toBeLessThanOrEqual(10);
    for (const size of info.pageSizes) expect(size).toEqual({ width: 595.28, height: 841.89 });
  });

  it('makes a 16:9 deck of one page per slide, the six key figures on two', () => {
    const info = pdfinfo(slides);
    expect(info.pages).toBe(12);
    for (const size of info.pageSizes) {
      expect(size.width / size.height).toBeCloseTo(16 / 9, 3);
      expect(size.width).toBe(960);
    }
  });

  it('contains the seed’s headline figures in the text of both PDFs', () => {
    for (const file of [print, slides]) {
      const text = pdftotext(file);
      for (const figure of SEED_FIGURES) expect(text, `${figure} in ${file}`).toContain(figure);
    }
  });

  it('passes qpdf --check, is tagged, and embeds only the bundled font', () => {
    for (const file of [print, slides]) {
      expect(qpdfCheck(file).ok).toBe(true);
      expect(pdfinfo(file).tagged).toBe(true);
      const fonts = pdffonts(file);
      expect(fonts.length).toBeGreaterThan(0);
      for (const f of fonts) {
        expect(f.embedded, f.name).toBe(true);
        expect(f.subset, f.name).toBe(true);
        expect(f.name).toMatch(/\+SourceSans3-/);
      }
    }
  });

  it('keeps every text run inside the page', async () => {
    for (const file of [print, slides]) {
      const runs = await textPositions(new Uint8Array(readFileSync(file)));
      expect(runs.length).toBeGreaterThan(100);
      for (const r of runs) {
        expect(r.x, `${r.text} on page ${r.page}`).toBeGreaterThanOrEqual(0);
        expect(r.right, `${r.text} on page ${r.page}`).toBeLessThanOrEqual(r.pageWidth + 0.5);
        expect(r.top, `${r.text} on page ${r.page}`).toBeGreaterThanOrEqual(0);
        expect(r.bottom, `${r.text} on page ${r.page}`).toBeLessThanOrEqual(r.pageHeight);
      }
    }
  });

  it('is byte-identical when built twice', () => {
    const again = tempDir();
    execFileSync(process.execPath, [join(root, 'bin/briefing.js'), 'build', join(root, 'data/shanghai-uk-2023.yaml'), '--out', again], { cwd: root });
    expect(readFileSync(join(again, 'shanghai-uk-2023', 'briefing.pdf')).equals(readFileSync(print))).toBe(true);
    expect(readFileSync(join(again, 'shanghai-uk-2023', 'slides.pdf')).equals(readFileSync(slides))).toBe(true);
  });
});
