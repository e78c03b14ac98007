// The editable PowerPoint deck, read back as what it is: a zip of XML parts (JSZip and an XML
// parser), and opened by LibreOffice, whose PDF rendering must show the same words.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { parse as parseYaml } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative, type Narrative } from '../src/narrative/index.js';
import { renderCharts } from '../src/charts/index.js';
import { layout, type LaidOutDocument, type TextItem } from '../src/layout/index.js';
import { EAST_ASIAN_FAMILY } from '../src/pptx/text.js';
import { typographic } from '../src/layout/text.js';
import { pdftotext, tempDir } from './helpers/pdf.js';
import { runCli } from './helpers/cli.js';

const root = resolve(import.meta.dirname, '..');
const SEED = join(root, 'data/shanghai-uk-2023.yaml');
const date = new Date('2023-08-24T00:00:00Z');
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', preserveOrder: false, isArray: (name) => ['p:sp', 'a:p', 'a:r', 'p:graphicFrame', 'p:pic', 'c:pt', 'Relationship'].includes(name) });

/** All values of `key` anywhere under `node`, depth first. */
function collect(node: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(node)) for (const n of node) collect(n, key, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key) (Array.isArray(v) ? out.push(...v) : out.push(v));
      collect(v, key, out);
    }
  }
  return out;
}
const textOf = (node: unknown): string => collect(node, 'a:t').map((t) => (typeof t === 'object' && t !== null ? String((t as Record<string, unknown>)['#text'] ?? '') : String(t))).join('');

/** A number as Excel shows it under `code` (the forms the writer emits: "lit"#,##0.00"lit"). */
function render(code: string, value: number): string {
  const m = /^(?:"([^"]*)")?(#,##0|0)(?:\.(0+))?(?:"([^"]*)")?$/.exec(code);
  if (!m) return `unsupported format ${code}`;
  const decimals = m[3]?.length ?? 0;
  const number = value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals, useGrouping: m[2] === '#,##0' });
  return `${m[1] ?? ''}${number}${m[4] ?? ''}`;
}

interface Deck {
  zip: JSZip;
  slides: unknown[];
  slideXml: string[];
  notes: string[];
}

async function readDeck(bytes: Uint8Array): Promise<Deck> {
  const zip = await JSZip.loadAsync(bytes);
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]));
  const slideXml = await Promise.all(names.map((n) => zip.file(n)!.async('string')));
  const notes: string[] = [];
  for (const n of names) {
    const rels = parser.parse(await zip.file(n.replace('slides/', 'slides/_rels/') + '.rels')!.async('string'));
    const target = (collect(rels, 'Relationship') as Record<string, string>[]).find((r) => r['@Type'].endsWith('/notesSlide'))?.['@Target'];
    notes.push(target ? textOf(parser.parse(await zip.file(`ppt/${target.replace('../', '')}`)!.async('string'))) : '');
  }
  return { zip, slides: slideXml.map((x) => parser.parse(x)), slideXml, notes };
}

/** Text shapes on a slide (p:sp with a text body), without the slide-number field. */
function textShapes(slide: unknown): Record<string, unknown>[] {
  return (collect(slide, 'p:sp') as Record<string, unknown>[]).filter((sp) => sp['p:txBody'] && !JSON.stringify(sp['p:nvSpPr']).includes('"sldNum"'));
}

/** Text blocks in a laid-out page, counted from the structure: a list is one block, a line of furniture another. */
function expectedBlocks(doc: LaidOutDocument, page: number): number {
  const keys = new Set<string>();
  let lastY = -Infinity;
  let column = 0;
  for (const item of doc.pages[page]!.items) {
    if (item.kind !== 'text' || item.field) continue;
    const s = (item as TextItem).struct;
    // A list in two columns is two blocks: the second starts back at the top.
    if (s.parent?.role === 'L') {
      if (item.y < lastY - 30) column++;
      lastY = item.y;
    }
    keys.add(s.role === 'Artifact' ? `A${item.size}${item.color}${item.face.weight}` : s.parent?.role === 'L' ? `L${s.parent.group}:${column}` : `G${s.group}`);
  }
  return keys.size;
}

function lineCount(doc: LaidOutDocument, page: number): number {
  return new Set(doc.pages[page]!.items.filter((i) => i.kind === 'text').map((i) => `${Math.round((i as TextItem).y)}:${(i as TextItem).struct.group}`)).size;
}

describe('slides.pptx of data/shanghai-uk-2023.yaml', () => {
  let narrative: Narrative;
  let laid: LaidOutDocument;
  let bytes: Uint8Array;
  let deck: Deck;

  beforeAll(async () => {
    narrative = renderNarrative(loadFacts(SEED)).narrative;
    laid = layout(narrative, renderCharts(narrative.charts), 'slides');
    const result = await buildBriefing(SEED, { formats: ['pptx'], date });
    bytes = result.pptx!;
    deck = await readDeck(bytes);
  });

  it('has one slide per page of the PDF deck, with speaker notes on each', () => {
    // The deck's 11 slides; the six key figures take two slides of tiles.
    expect(laid.pages.length).toBeGreaterThanOrEqual(11);
    expect(deck.slides).toHaveLength(laid.pages.length);
    deck.notes.forEach((text, i) => {
      expect(text.length, `notes of slide ${i + 1}`).toBeGreaterThan(10);
      for (const paragraph of laid.pages[i]!.notes!) expect(squash(text)).toContain(squash(paragraph).slice(0, 40));
    });
  });

  it('puts every title in the title placeholder, with the slide title as its text', () => {
    deck.slides.forEach((slide, i) => {
      const titles = (collect(slide, 'p:sp') as Record<string, unknown>[]).filter((sp) => JSON.stringify(sp['p:nvSpPr']).includes('"@type":"title"'));
      expect(titles, `slide ${i + 1}`).toHaveLength(1);
      const title = laid.outline[i]!.title;
      expect(squash(textOf(titles[0]))).toBe(squash(title));
    });
  });

  it('makes one text box per text block, never one per line', () => {
    deck.slides.forEach((slide, i) => {
      const boxes = textShapes(slide).length;
      expect(boxes, `slide ${i + 1}`).toBe(expectedBlocks(laid, i));
      expect(boxes).toBeLessThanOrEqual(lineCount(laid, i));
    });
    // The title slide: title, subtitle, date line and the source line (the number is a field).
    expect(textShapes(deck.slides[0])).toHaveLength(4);
    // Each key-figure tile is one box holding its number and its label.
    const all = deck.slides.flatMap((slide) => textShapes(slide).map(textOf));
    // (Compared without spaces: the parser trims each run, and a wrapped label is two runs.)
    const tight = (s: string) => s.replace(/\s+/g, '');
    for (const tile of narrative.keyFigures) expect(all.filter((t) => tight(t).includes(tight(tile.value.split(' ')[0]!)) && tight(t).includes(tight(typographic(tile.label)))), tile.label).toHaveLength(1);
    // A bulleted list is one box with one paragraph per item.
    const bullets = narrative.slides.findIndex((s) => s.kind === 'bullets' && s.bullets.length >= 3);
    const page = laid.outline.findIndex((o) => o.title === typographic(narrative.slides[bullets]!.title));
    const list = textShapes(deck.slides[page]).find((sp) => JSON.stringify(sp).includes('"a:buChar"'))!;
    expect(collect(list, 'a:p')).toHaveLength(narrative.slides[bullets]!.bullets.length);
  });

  it('shows the key figures as text in the slide XML', () => {
    const all = deck.slides.map(textOf).join(' ');
    for (const tile of narrative.keyFigures) {
      const number = tile.value.split(' ').find((w) => /\d/.test(w))!;
      expect(all).toContain(number);
    }
  });

  it('draws bar and column charts as native charts with the data, colours and printed values', async () => {
    const parts = Object.keys(deck.zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n));
    const natives = narrative.charts.filter((c) => c.type === 'bar' || c.type === 'column');
    expect(parts.length).toBeGreaterThanOrEqual(2);
    expect(parts).toHaveLength(natives.length);
    const found = await Promise.all(parts.map(async (p) => parser.parse(await deck.zip.file(p)!.async('string'))));
    for (const spec of natives) {
      const chart = found.find((c) => collect(c, 'c:v').map(String).includes(String(spec.data[0]!.value)));
      expect(chart, spec.id).toBeDefined();
      const values = (collect(collect(chart, 'c:val'), 'c:v') as unknown[]).map(Number);
      const order = spec.type === 'bar' ? [...spec.data].reverse() : spec.data;
      expect(values).toEqual(order.map((d) => d.value));
      const labels = (collect(collect(chart, 'c:cat'), 'c:v') as unknown[]).map(String);
      expect(labels.map((l) => l.replace(/\u00a0†$/, ''))).toEqual(order.map((d) => d.label));
      // The printed form of each value comes back through its label's number format.
      const labelsXml = collect(collect(chart, 'c:dLbls'), 'c:dLbl') as Record<string, unknown>[];
      expect(labelsXml).toHaveLength(order.length);
      order.forEach((d, i) => {
        const code = String((labelsXml[i]!['c:numFmt'] as Record<string, string>)['@formatCode']);
        expect(render(code, d.value), d.text).toBe(d.text.replace(/[\u00a0\u202f]/g, ' '));
      });
      const colours = collect(collect(chart, 'c:dPt'), 'a:srgbClr').map((c) => (c as Record<string, string>)['@val']);
      expect(colours.length).toBe(order.length);
    }
  });

  it('gives every chart its alt text, and draws the other kinds as vector pictures, never bitmaps alone', async () => {
    const alts = deck.slideXml.flatMap((x) => [...x.matchAll(/<p:cNvPr [^>]*descr="([^"]*)"/g)].map((m) => m[1]!));
    const charts = laid.pages.flatMap((p) => p.items).filter((i) => i.kind === 'chart');
    expect(alts.length).toBe(charts.length);
    const unescape = (a: string) => a.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    for (const c of charts) expect(alts.map(unescape)).toContain(c.struct.alt);
    const svgs = Object.keys(deck.zip.files).filter((n) => n.endsWith('.svg'));
    expect(svgs.length).toBe(narrative.charts.filter((c) => c.type === 'multiples' || c.type === 'timeline').length);
    const svg = await deck.zip.file(svgs[0]!)!.async('string');
    expect(svg).toMatch(/^<svg [^>]*viewBox/);
    expect(svg).toContain('<text');
  });

  it('names the Latin font on every run and fills the East Asian slot', () => {
    for (const xml of deck.slideXml) {
      for (const m of xml.matchAll(/<a:latin typeface="([^"]+)"/g)) expect(m[1]).toMatch(/^Source Sans 3( Semibold)?$/);
      const ea = [...xml.matchAll(/<a:ea typeface="([^"]*)"/g)].map((m) => m[1]);
      expect(ea.length).toBeGreaterThan(0);
      expect(new Set(ea)).toEqual(new Set([EAST_ASIAN_FAMILY]));
      expect(xml).not.toContain('lang="en-US"');
    }
  });

  it('lets every text box shrink its text rather than spill over the next when a reader lacks the font', () => {
    // The boxes are sized for Source Sans 3; a viewer that substitutes a wider face would wrap
    // more lines than fit. normAutofit makes LibreOffice shrink the text to its box (and
    // PowerPoint when the text is edited); with the font installed nothing changes.
    let boxes = 0;
    deck.slideXml.forEach((xml, i) => {
      for (const m of xml.matchAll(/<p:txBody><a:bodyPr[^>]*>(.*?)<\/a:bodyPr>/g)) {
        boxes++;
        expect(m[1], `slide ${i + 1}`).toContain('<a:normAutofit/>');
      }
    });
    expect(boxes).toBeGreaterThanOrEqual(deck.slides.length * 3);
  });

  it('carries the document properties: title, author, subject, language, the fixed date', async () => {
    const core = await deck.zip.file('docProps/core.xml')!.async('string');
    expect(core).toContain(`<dc:title>${narrative.meta.title}</dc:title>`);
    expect(core).toContain(`<dc:language>${narrative.meta.locale}</dc:language>`);
    expect(core).toMatch(new RegExp(`<dc:creator>${narrative.meta.author ?? narrative.meta.organisation}</dc:creator>`));
    expect(core).toContain(`<dc:subject>${narrative.meta.subtitle ?? narrative.meta.title}</dc:subject>`.replace(/"/g, '&quot;'));
    expect(core).toContain('2023-08-24T00:00:00Z</dcterms:created>');
  });

  it('is valid where pptxgenjs is not: one pPr per paragraph, unique shape ids, a live slide number', () => {
    deck.slideXml.forEach((xml, i) => {
      for (const p of xml.match(/<a:p>[\s\S]*?<\/a:p>/g) ?? []) expect((p.match(/<a:pPr\b/g) ?? []).length).toBeLessThanOrEqual(1);
      const ids = [...xml.matchAll(/<p:cNvPr id="(\d+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size).toBe(ids.length);
      expect(xml).toMatch(new RegExp(`type="slidenum">.*?<a:t>${i + 1}</a:t></a:fld><a:r><a:rPr[^>]*/><a:t> / ${deck.slides.length}</a:t>`));
    });
  });

  it('is byte-for-byte the same for the same input, and the zip carries no clock', async () => {
    const again = await buildBriefing(SEED, { formats: ['pptx'], date });
    expect(Buffer.from(again.pptx!).equals(Buffer.from(bytes))).toBe(true);
    for (const f of Object.values(deck.zip.files)) expect(f.date.getUTCFullYear()).toBe(1980);
  });
});

describe('LibreOffice opens the decks and shows the same words', () => {
  const out = tempDir('briefing-pptx-');
  // LibreOffice renders with the bundled faces, as a user with Source Sans 3 installed would.
  const fontsDir = join(dirname(createRequire(import.meta.url).resolve('source-sans/package.json')), 'TTF');
  const env = () => {
    const conf = join(out, 'fonts.conf');
    writeFileSync(conf, `<?xml version="1.0"?><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${fontsDir}</dir><cachedir>${join(out, 'fc-cache')}</cachedir></fontconfig>`);
    return { ...process.env, HOME: join(out, 'home'), FONTCONFIG_FILE: conf };
  };
  const convert = (file: string): string => {
    const dir = join(out, 'pdf');
    mkdirSync(dir, { recursive: true });
    execFileSync('soffice', ['--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file], { env: env(), stdio: 'pipe', timeout: 300_000 });
    const pdf = join(dir, file.split('/').pop()!.replace(/\.pptx$/, '.pdf'));
    expect(existsSync(pdf)).toBe(true);
    return pdf;
  };

  const longTitle = (() => {
    const doc = parseYaml(readFileSync(SEED, 'utf8')) as { meta: { title: string } };
    doc.meta.title = 'A very long briefing title that runs on well past one line of the title slide, to test wrapping in an editable deck';
    return doc;
  })();

  const cases: [string, () => Promise<{ pptx: Uint8Array; slides: Uint8Array }>][] = [
    ['the seed', async () => (await buildBriefing(SEED, { formats: ['slides', 'pptx'], date })) as { pptx: Uint8Array; slides: Uint8Array }],
    ['a second briefing', async () => (await buildBriefing(join(root, 'data/example-renewables.yaml'), { formats: ['slides', 'pptx'], date })) as { pptx: Uint8Array; slides: Uint8Array }],
    ['six key figures and a long title', async () => (await buildBriefing(longTitle, { formats: ['slides', 'pptx'], date, baseDir: join(root, 'data') })) as { pptx: Uint8Array; slides: Uint8Array }],
  ];

  it.each(cases)('%s: the converted pages show the slide deck’s words', async (name, build) => {
    const result = await build();
    const file = join(out, `${name.replace(/\W+/g, '-')}.pptx`);
    writeFileSync(file, result.pptx);
    const pdf = convert(file);
    writeFileSync(file.replace(/\.pptx$/, '-deck.pdf'), result.slides);
    const words = (s: string) => squash(s).replace(/[“”]/g, '"').replace(/[‘’]/g, "'").split(' ').filter((w) => /\w/.test(w));
    const converted = new Set(words(pdftotext(pdf)));
    const deckWords = words(pdftotext(file.replace(/\.pptx$/, '-deck.pdf')));
    const missing = deckWords.filter((w) => !converted.has(w));
    // Chart labels inside SVG pictures are drawn as text by LibreOffice too; allow a handful
    // of words split differently by the two extractors (hyphenation, "/ 11").
    expect(missing.length, missing.join(' ')).toBeLessThanOrEqual(Math.ceil(deckWords.length * 0.02));
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }))![1]);
    const deckPages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file.replace(/\.pptx$/, '-deck.pdf')], { encoding: 'utf8' }))![1]);
    expect(pages).toBe(deckPages);
  }, 600_000);
});

describe('briefing build --format pptx', () => {
  it('writes slides.pptx and lists it in the manifest', async () => {
    const out = tempDir();
    const r = runCli(['build', SEED, '--format', 'pptx', '--out', out]);
    expect(r.status).toBe(0);
    const dir = join(out, 'shanghai-uk-2023');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { outputs: { format: string; file: string; pages: number; bytes: number }[] };
    expect(manifest.outputs).toEqual([expect.objectContaining({ format: 'pptx', file: 'slides.pptx' })]);
    const zip = await JSZip.loadAsync(readFileSync(join(dir, 'slides.pptx')));
    const slides = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).length;
    expect(slides).toBeGreaterThanOrEqual(11);
    expect(manifest.outputs[0]!.pages).toBe(slides);
    expect(existsSync(join(dir, 'slides.pdf'))).toBe(false);
  });
});
