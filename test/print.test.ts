// The print briefing, read back with real PDF readers: navigation (header, footer, outline,
// contents, links), typography, paper sizes, metadata, tagging and PDF/A.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, afterEach, describe, expect, it } from 'vitest';
import { buildBriefing } from '../src/api/index.js';
import { layout } from '../src/layout/index.js';
import { writePdf } from '../src/pdf/index.js';
import type { TextItem } from '../src/layout/model.js';
import { typographic } from '../src/layout/text.js';
import { pdffonts, pdfinfo, pdftotext, qpdfCheck, tempDir, textPositions, toFile } from './helpers/pdf.js';
import { flatten, markedText, openPdf, outsideMargins, root, SEED, seedStages, squash, structTrees } from './print-helpers.js';

const SEED_FIGURES = ['24.21', '3.8', '4.76', '165.73', '6.8', '4,300', '26', '43', '72,500', '1 billion yuan', 'US$138 million', '155.18'];

async function buildPrint(input: string | object = SEED, options: Parameters<typeof buildBriefing>[1] = {}): Promise<{ bytes: Uint8Array; path: string }> {
  const result = await buildBriefing(input, { formats: ['print'], ...options });
  const bytes = result.print!;
  const path = toFile(bytes, 'briefing.pdf');
  // Every PDF these tests build must be structurally sound.
  expect(qpdfCheck(path).ok, qpdfCheck(path).output).toBe(true);
  return { bytes, path };
}

const pagesOf = (path: string) => pdftotext(path).split('\f').slice(0, -1);

/**
 * Checks that every citation link (a `source-…` named destination) resolves, to the page that
 * holds the Sources list (the last page whose text has that heading); returns how many there are.
 */
async function citationsToSources(doc: Awaited<ReturnType<typeof openPdf>>, pages: readonly string[]): Promise<number> {
  const sourcesPage = pages.findLastIndex((p) => p.split('\n').some((l) => l.trim() === 'Sources'));
  let citations = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    for (const a of await (await doc.getPage(p)).getAnnotations()) {
      if (a.subtype !== 'Link' || typeof a.dest !== 'string' || !a.dest.startsWith('source-')) continue;
      citations += 1;
      const dest = (await doc.getDestination(a.dest)) as unknown[];
      expect(dest, a.dest).not.toBeNull();
      expect(await doc.getPageIndex(dest[0] as { num: number; gen: number }), a.dest).toBe(sourcesPage);
    }
  }
  return citations;
}

describe('print briefing of the seed (A4)', () => {
  let bytes: Uint8Array;
  let path: string;
  let pages: string[];
  const { narrative, charts } = seedStages();
  const laid = layout(narrative, charts, 'print');

  beforeAll(async () => {
    ({ bytes, path } = await buildPrint());
    pages = pagesOf(path);
  });

  it('is A4 portrait on every page, with a cover and more than four pages', () => {
    const info = pdfinfo(path);
    expect(info.pages).toBe(laid.pages.length);
    expect(info.pages).toBeGreaterThan(4);
    for (const size of info.pageSizes) expect(size).toEqual({ width: 595.28, height: 841.89 });
  });

  it('finds every seed figure in the text', () => {
    const text = squash(pdftotext(path));
    for (const figure of SEED_FIGURES) expect(text, figure).toContain(figure);
    expect(text).toContain('155.18 billion yuan');
  });

  it('runs a header (title) and a footer (date, classification, Page n of N) on every page but the cover, as artifacts', async () => {
    const title = typographic(narrative.meta.title);
    const marked = await markedText(bytes);
    expect(marked[0]!.artifact.join(' ')).not.toContain('Page 1');
    expect(pages[0]).not.toMatch(/Page \d+ of/);
    for (let i = 1; i < marked.length; i++) {
      const artifact = squash(marked[i]!.artifact.join(' '));
      expect(artifact, `page ${i + 1}`).toContain(title);
      expect(artifact).toContain(`Page ${i + 1} of ${marked.length}`);
      expect(artifact).toContain(narrative.meta.dateText);
      expect(artifact).toContain(narrative.meta.classification!);
      // …and none of it is tagged content.
      const content = squash(marked[i]!.content.join(' '));
      expect(content).not.toContain(`Page ${i + 1} of`);
    }
  });

  it('has an outline entry per section: Contents, Summary, each section, Sources', async () => {
    const doc = await openPdf(bytes);
    const outline = await doc.getOutline();
    expect(outline.map((o) => o.title)).toEqual(['Contents', 'Summary', ...narrative.sections.map((s) => typographic(s.title)), 'Sources']);
    // Each entry lands on the page where that heading is printed.
    for (const entry of outline) {
      const dest = entry.dest as unknown[];
      const page = await doc.getPageIndex(dest[0] as { num: number; gen: number });
      expect(squash(pages[page]!), entry.title).toContain(entry.title);
    }
    await doc.destroy();
  });

  it('prints a contents page whose page numbers are where pdftotext finds each heading', () => {
    const contents = pages[1]!;
    expect(contents).toContain('Contents');
    const titles = ['Summary', ...narrative.sections.map((s) => typographic(s.title)), 'Sources'];
    const lines = pdftotext(path, true).split('\f')[1]!.split('\n');
    for (const title of titles) {
      const line = lines.find((l) => l.trim().startsWith(title));
      expect(line, title).toBeDefined();
      const number = Number(/(\d+)\s*$/.exec(line!)![1]);
      const headingLines = pages[number - 1]!.split('\n').map((l) => l.trim());
      expect(headingLines, `${title} on page ${number}`).toContain(title);
    }
  });

  it('links every citation marker to its source entry (named destinations)', async () => {
    const doc = await openPdf(bytes);
    // The seed cites its source in the summary, every section and the key-figure tiles.
    expect(await citationsToSources(doc, pages)).toBeGreaterThan(15);
    await doc.destroy();
  });

  it('embeds only the bundled font, subset, with no base-14 fonts', () => {
    const fonts = pdffonts(path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f.name).toMatch(/^[A-Z]{6}\+SourceSans3-/);
      expect(f.embedded).toBe(true);
      expect(f.subset).toBe(true);
    }
    expect(fonts.some((f) => /Helvetica|Times|Courier|Symbol|ZapfDingbats/.test(f.name))).toBe(false);
  });

  it('sets real Unicode: curly quotes, en dash and ü survive to the text layer', () => {
    const text = squash(pdftotext(path));
    expect(text).toContain('“Invest in Shanghai, Share the Future”');
    expect(text).toContain('Shanghai and the UK – investment');
    expect(text).toContain('Lüdenscheid');
    expect(text).toContain('16–21 July');
    expect(text).not.toMatch(/District's/);
  });

  it('keeps headings with what follows and leaves no lone line of a paragraph on either side of a break', () => {
    laid.pages.forEach((page, i) => {
      const content = page.items.filter((it): it is TextItem => it.kind === 'text' && it.struct.role !== 'Artifact');
      const last = content.reduce<TextItem | undefined>((a, b) => (!a || b.y >= a.y ? b : a), undefined);
      if (last && i < laid.pages.length - 1) expect(['H1', 'H2'], `page ${i + 1} ends with a heading: ${last.text}`).not.toContain(last.struct.role);
    });
    // Lines of each paragraph per page: a paragraph that breaks has at least two on each side.
    const linesOf = new Map<number, Map<number, Set<number>>>();
    laid.pages.forEach((page, i) => {
      for (const it of page.items) {
        if (it.kind !== 'text' || it.struct.role !== 'P') continue;
        const perPage = linesOf.get(it.struct.group) ?? new Map<number, Set<number>>();
        linesOf.set(it.struct.group, perPage);
        const baselines = perPage.get(i) ?? new Set<number>();
        baselines.add(Math.round(it.y));
        perPage.set(i, baselines);
      }
    });
    for (const [group, perPage] of linesOf) {
      if (perPage.size < 2) continue;
      for (const [page, baselines] of perPage) expect(baselines.size, `paragraph ${group} on page ${page + 1}`).toBeGreaterThanOrEqual(2);
    }
  });

  it('never splits a figure from its caption and source line, nor a tile row', () => {
    for (const page of laid.pages) {
      for (const chart of page.items.filter((it) => it.kind === 'chart')) {
        expect(chart.y + chart.h).toBeLessThanOrEqual(page.height - laid.margins.bottom);
      }
    }
    const captionPages = new Map<number, Set<number>>();
    laid.pages.forEach((page, i) => {
      for (const it of page.items) if (it.struct.role === 'Caption') captionPages.set(it.struct.group, (captionPages.get(it.struct.group) ?? new Set()).add(i));
    });
    expect(captionPages.size).toBe(narrative.charts.length);
    for (const [group, on] of captionPages) expect(on.size, `figure caption ${group}`).toBe(1);
  });

  it('draws nothing outside the margin box but the running header, footer and cover', async () => {
    expect(outsideMargins(laid)).toEqual([]);
    const m = laid.margins;
    const isFurniture = (text: string) => text === narrative.meta.title || text.startsWith(narrative.meta.dateText) || /^Page \d+ of \d+$/.test(text);
    for (const run of await textPositions(bytes)) {
      if (run.page === 1 || isFurniture(run.text)) continue;
      const where = `${run.text} on page ${run.page}`;
      expect(run.x, where).toBeGreaterThanOrEqual(m.left - 1);
      expect(run.right, where).toBeLessThanOrEqual(run.pageWidth - m.right + 1);
      expect(run.top, where).toBeGreaterThanOrEqual(m.top - 1);
      expect(run.bottom, where).toBeLessThanOrEqual(run.pageHeight - m.bottom + 1);
    }
  });

  it('carries title, author, subject, keywords and language in its metadata', async () => {
    const info = pdfinfo(path).fields;
    expect(info.Title).toBe(narrative.meta.title);
    expect(info.Author).toBe(narrative.meta.organisation);
    expect(info.Subject).toBe('The “Invest in Shanghai, Share the Future” campaign in London and Jiading District’s visit to European industry');
    expect(info.Keywords).toBe(narrative.meta.keywords.join(', '));
    const doc = await openPdf(bytes);
    const meta = await doc.getMetadata();
    expect((meta.info as Record<string, unknown>).Language).toBe('en-GB');
    expect((meta.info as Record<string, unknown>).CreationDate).toBe('D:20230824000000Z');
    expect((meta.info as Record<string, unknown>).ModDate).toBe('D:20230824000000Z');
    await doc.destroy();
  });

  it('is a tagged PDF with headings, paragraphs, lists, figures with alt text, tables with header cells and links', async () => {
    expect(pdfinfo(path).tagged).toBe(true);
    const nodes = flatten(await structTrees(bytes));
    const roles = new Set(nodes.map((n) => n.role));
    for (const role of ['Document', 'Sect', 'H1', 'P', 'L', 'LI', 'Lbl', 'LBody', 'BlockQuote', 'Figure', 'Caption', 'Table', 'TR', 'TH', 'TD', 'Link']) expect(roles, role).toContain(role);
    const figures = nodes.filter((n) => n.role === 'Figure');
    expect(figures.length).toBe(narrative.charts.length);
    for (const f of figures) expect(f.alt, 'Figure /Alt').toMatch(/\w{3,}/);
    for (const table of nodes.filter((n) => n.role === 'Table')) {
      expect(table.children.every((r) => r.role === 'TR')).toBe(true);
      expect(table.children[0]!.children.every((c) => c.role === 'TH'), 'first row is header cells').toBe(true);
      expect(table.children.slice(1).every((r) => r.children.every((c) => c.role === 'TD'))).toBe(true);
    }
    for (const list of nodes.filter((n) => n.role === 'L')) expect(list.children.every((c) => c.role === 'LI')).toBe(true);
  });
});

describe('print briefing of four pages or fewer', () => {
  // The contents page is kept after the cover while the body is laid out, then taken out when
  // the briefing is short: every outline entry and link must still land on its own page.
  const SHORT = root('data/example-ferries.yaml');

  it('has no contents page, and its outline entries and source links land on the pages that print them', async () => {
    const { bytes, path } = await buildPrint(SHORT);
    const pages = pagesOf(path);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.length).toBeLessThanOrEqual(4);
    for (const page of pages) expect(page.split('\n').map((l) => l.trim())).not.toContain('Contents');
    const doc = await openPdf(bytes);
    const outline = await doc.getOutline();
    expect(outline.map((o) => o.title)).not.toContain('Contents');
    expect(outline.map((o) => o.title)).toEqual(expect.arrayContaining(['Summary', 'Sources']));
    for (const entry of outline) {
      const page = await doc.getPageIndex((entry.dest as unknown[])[0] as { num: number; gen: number });
      expect(squash(pages[page]!), entry.title).toContain(entry.title);
    }
    expect(await citationsToSources(doc, pages)).toBeGreaterThan(0);
    await doc.destroy();
  });
});

describe('print briefing options', () => {
  const saved = process.env.SOURCE_DATE_EPOCH;
  afterEach(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it('--paper letter gives 612×792 pages with the same content inside the margins', async () => {
    const { narrative, charts } = seedStages();
    const laid = layout(narrative, charts, 'print', { paper: 'letter' });
    expect(outsideMargins(laid)).toEqual([]);
    const { path } = await buildPrint(SEED, { paper: 'letter' });
    const info = pdfinfo(path);
    for (const size of info.pageSizes) expect(size).toEqual({ width: 612, height: 792 });
    const text = squash(pdftotext(path));
    for (const figure of SEED_FIGURES) expect(text, figure).toContain(figure);
    expect(text).toContain(`Page ${info.pages} of ${info.pages}`);
  });

  it('the CLI writes a Letter briefing with --paper letter', () => {
    const out = tempDir();
    execFileSync(process.execPath, [root('bin/briefing.js'), 'build', SEED, '--out', out, '--format', 'print', '--paper', 'letter'], { encoding: 'utf8' });
    const file = join(out, 'shanghai-uk-2023', 'briefing.pdf');
    expect(qpdfCheck(file).ok).toBe(true);
    expect(pdfinfo(file).pageSizes[0]).toEqual({ width: 612, height: 792 });
  });

  it('is byte-identical across builds, dated by the briefing date without SOURCE_DATE_EPOCH', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    const a = await buildPrint();
    const b = await buildPrint();
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(pdfinfo(a.path).fields.CreationDate).toMatch(/2023/);
    const doc = await openPdf(a.bytes);
    expect(((await doc.getMetadata()).info as Record<string, unknown>).CreationDate).toBe('D:20230824000000Z');
    await doc.destroy();
  });

  it('gives the same bytes in a fresh process (CLI) as a warm in-process rebuild (font caches change nothing)', async () => {
    delete process.env.SOURCE_DATE_EPOCH;
    await buildPrint();
    const warm = await buildPrint();
    const out = tempDir();
    execFileSync(process.execPath, [root('bin/briefing.js'), 'build', SEED, '--out', out, '--format', 'print'], { encoding: 'utf8', env: { ...process.env, SOURCE_DATE_EPOCH: '' } });
    expect(readFileSync(join(out, 'shanghai-uk-2023', 'briefing.pdf')).equals(Buffer.from(warm.bytes))).toBe(true);
  });

  it('is byte-identical across builds and dated by SOURCE_DATE_EPOCH when it is set', async () => {
    process.env.SOURCE_DATE_EPOCH = '1700000000'; // 2023-11-14T22:13:20Z
    const a = await buildPrint();
    const b = await buildPrint();
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    const doc = await openPdf(a.bytes);
    const info = (await doc.getMetadata()).info as Record<string, unknown>;
    expect(info.CreationDate).toBe('D:20231114221320Z');
    expect(info.ModDate).toBe('D:20231114221320Z');
    await doc.destroy();
  });

  it('--pdfa gives PDF/A-2b: pdfaid part 2, conformance B, an sRGB output intent and XMP matching the Info dictionary', async () => {
    const { path } = await buildPrint(SEED, { pdfa: true });
    const plain = join(tempDir(), 'qdf.pdf');
    execFileSync('qpdf', ['--qdf', '--object-streams=disable', path, plain]);
    const raw = readFileSync(plain, 'latin1');
    expect(raw).toMatch(/<pdfaid:part>2<\/pdfaid:part>/);
    expect(raw).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    expect(raw).toMatch(/\/OutputIntents \[/);
    expect(raw).toMatch(/\/S \/GTS_PDFA1/);
    expect(raw).toContain('/OutputConditionIdentifier (sRGB IEC61966-2.1)');
    expect(raw).toMatch(/\/DestOutputProfile \d+ 0 R/);
    expect(raw).toContain('<xmp:CreateDate>2023-08-24T00:00:00Z</xmp:CreateDate>');
    expect(raw).toContain('<xmp:ModifyDate>2023-08-24T00:00:00Z</xmp:ModifyDate>');
    expect(raw).toContain('<dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>');
    // The XMP packet is XML: the subtitle's quotes and apostrophe come through intact.
    expect(Buffer.from(raw, 'latin1').toString('utf8')).toContain('Jiading District’s visit');
  });

  it('makes source URLs clickable (URI link annotations)', async () => {
    const facts = parse(readFileSync(SEED, 'utf8')) as { sources: Record<string, { url?: string }> };
    const url = 'https://example.org/report/shanghai-uk-2023';
    facts.sources.article!.url = url;
    const { bytes, path } = await buildPrint(facts, { baseDir: root('data') });
    expect(squash(pdftotext(path))).toContain(url);
    const doc = await openPdf(bytes);
    const uris: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) for (const a of await (await doc.getPage(p)).getAnnotations()) if (a.subtype === 'Link' && a.url) uris.push(a.url as string);
    expect(uris).toContain(url);
    await doc.destroy();
  });
});

describe('print stage errors', () => {
  it('layout refuses a chart block whose chart was not rendered, naming it', () => {
    const { narrative, charts } = seedStages();
    const broken = { ...narrative, sections: [{ id: 'x', title: 'X', blocks: [{ type: 'chart' as const, chartId: 'no-such-chart' }] }] };
    expect(() => layout(broken, charts, 'print')).toThrow(new Error('chart no-such-chart was not rendered'));
  });

  it('a laid-out chart carries its own drawing (no join by id in the writer), and the CLI writes nothing for bad input', async () => {
    const { narrative, charts } = seedStages();
    const laid = layout(narrative, charts, 'print');
    const placed = laid.pages.flatMap((p) => p.items).filter((i) => i.kind === 'chart');
    expect(placed.length).toBeGreaterThan(0);
    // The drawing itself (its wording settled: typographic quotes in its title and alt text).
    for (const item of placed) expect(item.chart.list).toBe(charts.get(item.chart.id)!.list);
    // With the charts map gone, the document still writes: it is self-contained.
    expect((await writePdf(laid, { date: new Date(0) })).byteLength).toBeGreaterThan(1000);
    const out = tempDir();
    let status = 0;
    try {
      execFileSync(process.execPath, [root('bin/briefing.js'), 'build', SEED, '--out', out, '--paper', 'a5'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      status = (e as { status: number }).status;
      expect((e as { stderr: string }).stderr).toContain("error: option '--paper <size>' argument 'a5' is invalid. Allowed choices are a4, letter.");
    }
    expect(status).toBe(2);
    expect(existsSync(join(out, 'shanghai-uk-2023')) ? readdirSync(join(out, 'shanghai-uk-2023')) : []).toEqual([]);
  });
});
