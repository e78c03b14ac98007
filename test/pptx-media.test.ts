// The editable deck's package: every media part is named and typed for what its bytes are
// (an SVG picture is an .svg part, image/svg+xml, and no SVG hides under a .png name), and
// every picture's relationships resolve.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { imageKind } from '../src/pptx/package.js';
import { measure, type FontFace } from '../src/fonts/index.js';
import { root, SEED } from './print-helpers.js';

const CONTENT_TYPE = { png: 'image/png', jpeg: 'image/jpeg', gif: 'image/gif', svg: 'image/svg+xml' } as const;
const EXTENSIONS = { png: ['png'], jpeg: ['jpeg', 'jpg'], gif: ['gif'], svg: ['svg'] } as const;

/** The content type [Content_Types].xml gives a part: its Override, else its extension's Default. */
function contentType(types: string, part: string): string | undefined {
  const override = new RegExp(`<Override PartName="/${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" ContentType="([^"]+)"`).exec(types);
  if (override) return override[1];
  const ext = part.split('.').pop()!.toLowerCase();
  return new RegExp(`<Default Extension="${ext}" ContentType="([^"]+)"`, 'i').exec(types)?.[1];
}

const DECKS = [
  ['the seed', SEED],
  ['a facts file written for the tests (a timeline chart as a picture)', root('test/fixtures/minimal.yaml')],
  ['the renewables example', root('data/example-renewables.yaml')],
] as const;

describe.each(DECKS)('the PPTX of %s', (_name, file) => {
  const built = buildBriefing(file, { formats: ['pptx'] });

  it('names and types every media part for what its bytes are, and every picture relationship resolves', async () => {
    const { pptx } = await built;
    const zip = await JSZip.loadAsync(pptx!);
    const types = await zip.file('[Content_Types].xml')!.async('string');
    const media = Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/') && !zip.files[n]!.dir);
    for (const part of media) {
      const kind = imageKind(await zip.file(part)!.async('uint8array'));
      expect(kind, part).toBeDefined();
      expect(EXTENSIONS[kind!] as readonly string[], part).toContain(part.split('.').pop());
      expect(contentType(types, part), part).toBe(CONTENT_TYPE[kind!]);
    }
    // Every image relationship of every slide points at a part that is there; a picture's main
    // blip and its svgBlip name parts of the kind their markup says.
    const rels = Object.keys(zip.files).filter((n) => /^ppt\/slides\/_rels\/slide\d+\.xml\.rels$/.test(n));
    let svgPictures = 0;
    for (const relsName of rels) {
      const xml = await zip.file(relsName)!.async('string');
      const targets = new Map([...xml.matchAll(/<Relationship Id="([^"]+)" Type="[^"]*\/image" Target="\.\.\/media\/([^"]+)"/g)].map((m) => [m[1]!, `ppt/media/${m[2]!}`]));
      for (const target of targets.values()) expect(media, `${relsName} → ${target}`).toContain(target);
      const slide = await zip.file(relsName.replace('_rels/', '').replace(/\.rels$/, ''))!.async('string');
      for (const m of slide.matchAll(/<a:blip r:embed="([^"]+)">[\s\S]*?<asvg:svgBlip [^>]*r:embed="([^"]+)"/g)) {
        svgPictures++;
        expect(targets.get(m[2]!), `svgBlip in ${relsName}`).toMatch(/\.svg$/);
        // No raster preview is drawn, so the main blip is the same SVG part, not SVG bytes named .png.
        expect(targets.get(m[1]!), `blip in ${relsName}`).toBe(targets.get(m[2]!));
      }
    }
    if (file !== root('data/example-renewables.yaml')) expect(svgPictures).toBeGreaterThan(0);
  });

  it('gives every label in an SVG picture the width the layout measured, so a substitute font is fitted to it', async () => {
    const { pptx } = await built;
    const zip = await JSZip.loadAsync(pptx!);
    const svgs = Object.keys(zip.files).filter((n) => n.startsWith('ppt/media/') && n.endsWith('.svg'));
    let labels = 0;
    for (const part of svgs) {
      const svg = await zip.file(part)!.async('string');
      for (const m of svg.matchAll(/<text ([^>]*)>([^<]*)<\/text>/g)) {
        const attr = (name: string) => new RegExp(`${name}="([^"]*)"`).exec(m[1]!)?.[1];
        const text = m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
        if (!text.trim()) continue;
        labels++;
        expect(attr('lengthAdjust'), `${part}: ${text}`).toBe('spacingAndGlyphs');
        const weight = attr('font-weight');
        const face: FontFace = { weight: weight === '700' ? 'bold' : weight === '600' ? 'semibold' : 'regular', style: attr('font-style') === 'italic' ? 'italic' : 'normal' };
        // The natural width of the text in its face and size (a run squeezed by scale() keeps it).
        expect(Number(attr('textLength')), `${part}: ${text}`).toBeCloseTo(measure(text, Number(attr('font-size')), face), 1);
      }
    }
    if (svgs.length) expect(labels).toBeGreaterThan(svgs.length);
  });
});

describe('imageKind', () => {
  it('tells pictures by their first bytes, not their names', () => {
    expect(imageKind(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe('png');
    expect(imageKind(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(imageKind(Buffer.from('GIF89a'))).toBe('gif');
    expect(imageKind(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('svg');
    expect(imageKind(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!-- drawn -->\n<svg width="1">'))).toBe('svg');
    expect(imageKind(Buffer.from('<?xml version="1.0"?><Types/>'))).toBeUndefined();
    expect(imageKind(Buffer.from('<svgx/>'))).toBeUndefined();
  });
});
