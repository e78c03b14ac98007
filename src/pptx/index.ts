// PPTX writer: the laid-out slides -> an editable PowerPoint deck (pptxgenjs). The same
// pages, positions, colours and words as slides.pdf, but as things a person can edit: one
// text box per text block, titles in the layout's title placeholder, bar and column charts
// as native charts with their data, speaker notes, document properties, and bytes that are
// the same for the same input (package.ts).
import pptxgenjs from 'pptxgenjs';
import { anchorName, type LaidOutDocument, type Page, type RectItem } from '../layout/index.js';
import { headingsOf } from '../format/index.js';
import { addChart } from './charts.js';
import { normalisePackage } from './package.js';
import { textBoxes, typeface, type Paragraph, type Run, type TextBox } from './text.js';

export interface PptxOptions {
  /** Fixed creation and modification date, so identical input gives identical bytes. */
  date: Date;
  subject?: string;
}

// pptxgenjs' typings are ESM syntax in a package without "type": "module", so NodeNext reads
// their default export as the module namespace; at run time it is the class itself.
const PptxGenJS = pptxgenjs as unknown as typeof pptxgenjs.default;
type Presentation = InstanceType<typeof PptxGenJS>;

/** The layout every slide uses: it holds the title placeholder outline view reads. */
const MASTER = 'Briefing';
const inches = (pt: number): number => Math.round((pt / 72) * 10000) / 10000;
const hex = (color: string): string => color.replace(/^#/, '').toUpperCase();

// pptxgenjs' slide methods as used here; its own typings declare them as bare `Function`.
interface Slide {
  addText(text: unknown[], options: Record<string, unknown>): unknown;
  addShape(shape: string, options: Record<string, unknown>): unknown;
  addChart(type: string, data: unknown[], options: Record<string, unknown>): unknown;
  addImage(options: Record<string, unknown>): unknown;
  addNotes(notes: string): unknown;
  slideNumber?: Record<string, unknown>;
}

export async function writePptx(laid: LaidOutDocument, options: PptxOptions): Promise<Uint8Array> {
  const first = laid.pages[0];
  const pres = new PptxGenJS();
  pres.defineLayout({ name: 'BRIEFING', width: inches(first?.width ?? 960), height: inches(first?.height ?? 540) });
  pres.layout = 'BRIEFING';
  const meta = laid.meta;
  pres.title = meta.title;
  pres.subject = options.subject ?? meta.subtitle ?? meta.title;
  pres.author = meta.author ?? meta.organisation ?? '';
  pres.company = meta.organisation ?? '';
  pres.theme = { headFontFace: typeface({ weight: 'bold', style: 'normal' }), bodyFontFace: typeface({ weight: 'regular', style: 'normal' }) };
  pres.defineSlideMaster({ title: MASTER, objects: [{ placeholder: { options: { name: 'title', type: 'title' }, text: '' } }] });

  // Slide jumps (citation markers to the sources slide) by anchor.
  const slideOf = new Map(laid.destinations.map((d) => [anchorName(d.anchor), d.page + 1]));
  const total = laid.pages.length;
  const pointFormats: string[][] = [];
  // A slide without notes is named in its notes, in both languages of a bilingual edition.
  const words = headingsOf(meta);
  laid.pages.forEach((page, i) => pointFormats.push(...writeSlide(pres, pres.addSlide({ masterName: MASTER }) as unknown as Slide, page, meta.locale, slideOf, total, words.slide(i + 1))));

  // Stored, not deflated: package.ts rewrites the zip and compresses it once.
  const bytes = (await pres.write({ outputType: 'nodebuffer', compression: false })) as Uint8Array;
  const bullet = laid.pages.flatMap((p) => p.items).find((i): i is RectItem => i.kind === 'rect' && i.marker === 'bullet');
  return normalisePackage(bytes, { date: options.date, locale: meta.locale, total, pointFormats, ...(bullet?.fill ? { bulletColor: bullet.fill } : {}) });
}

/** Writes one page as a slide; returns the number formats of its native charts' values. */
function writeSlide(pres: Presentation, slide: Slide, page: Page, lang: string, slideOf: ReadonlyMap<string, number>, total: number, noNotes: string): string[][] {
  const formats: string[][] = [];
  const boxes = textBoxes(page);
  // Shapes and charts first, in the layout's order, so text sits on top of its tiles.
  for (const item of page.items) {
    if (item.kind === 'rect' && item.marker !== 'bullet') addRect(pres, slide, item);
    if (item.kind === 'chart') {
      const native = addChart(slide, item, pres.ChartType.bar);
      if (native) formats.push(native);
    }
  }
  for (const box of boxes) {
    if (box.pageNumber) addSlideNumber(slide, box, total);
    else addTextBox(slide, box, lang, slideOf);
  }
  const notes = page.notes ?? [];
  slide.addNotes(notes.length ? notes.join('\n') : noNotes);
  return formats;
}

function addRect(pres: Presentation, slide: Slide, item: RectItem): void {
  slide.addShape(pres.ShapeType.rect, {
    x: inches(item.x),
    y: inches(item.y),
    w: inches(item.w),
    h: inches(Math.max(item.h, 0.01)),
    ...(item.fill ? { fill: { color: hex(item.fill) } } : { fill: { type: 'none' } }),
    line: item.stroke ? { color: hex(item.stroke), width: item.lineWidth ?? 1 } : { type: 'none' },
  });
}

function runProps(run: Run, lang: string, slideOf: ReadonlyMap<string, number>): Record<string, unknown> {
  const link = run.link;
  const target = link?.kind === 'url' ? { url: link.url } : link ? { slide: slideOf.get(anchorName(link.anchor)) } : undefined;
  return {
    fontFace: typeface(run.face),
    fontSize: Math.round(run.size * 100) / 100,
    color: hex(run.color),
    bold: run.face.weight === 'bold',
    italic: run.face.style === 'italic',
    lang: run.lang ?? lang,
    ...(run.superscript ? { superscript: true } : {}),
    ...(target && (target.url || target.slide) ? { hyperlink: { ...target, tooltip: link?.kind === 'url' ? link.url : run.text } } : {}),
  };
}

function paragraphRuns(p: Paragraph, lang: string, slideOf: ReadonlyMap<string, number>, last: boolean): unknown[] {
  const runs: Run[] = p.marker ? [{ ...p.marker, text: `${p.marker.text}\t` }, ...p.runs] : p.runs;
  const para: Record<string, unknown> = {
    lineSpacing: Math.round(p.leading * 100) / 100,
    ...(p.spaceBefore ? { paraSpaceBefore: Math.round(p.spaceBefore * 100) / 100 } : {}),
    ...(p.bullet ? { bullet: { characterCode: '25A0', indent: Math.round(p.indent * 100) / 100 } } : {}),
    ...(p.marker ? { tabStops: [{ position: inches(p.indent), alignment: 'l' }] } : {}),
  };
  // pptxgenjs starts a paragraph at every run carrying a bullet, so paragraph options go on
  // the first run only (package.ts removes the paragraph properties it repeats on the others).
  return runs.map((run, k) => ({
    text: run.text,
    options: { ...runProps(run, lang, slideOf), ...(k === 0 ? para : { lineSpacing: para.lineSpacing }), ...(k === runs.length - 1 && !last ? { breakLine: true } : {}) },
  }));
}

function addTextBox(slide: Slide, box: TextBox, lang: string, slideOf: ReadonlyMap<string, number>): void {
  const runs = box.paragraphs.flatMap((p, i) => paragraphRuns(p, lang, slideOf, i === box.paragraphs.length - 1));
  slide.addText(runs, {
    x: inches(box.x),
    y: inches(box.y),
    w: inches(box.w),
    h: inches(box.h),
    margin: 0,
    valign: 'top',
    wrap: true,
    lang,
    objectName: box.title ? 'Title' : box.artifact ? 'Footer' : 'Text',
    align: box.alignRight ? 'right' : 'left',
    fit: 'shrink',
    ...(box.title ? { placeholder: 'title' } : {}),
  });
}

/** The slide number as a live field: "n / N", where n follows the slide's position. */
function addSlideNumber(slide: Slide, box: TextBox, total: number): void {
  const run = box.paragraphs[0]?.runs[0];
  if (!run) return;
  // Wide enough for the field and " / N"; right-aligned to the layout's right edge.
  const width = box.w * 1.5;
  slide.slideNumber = {
    x: inches(box.x + box.w - width),
    y: inches(box.y),
    w: inches(width),
    h: inches(box.h),
    fontFace: typeface(run.face),
    fontSize: run.size,
    color: hex(run.color),
    align: 'right',
    margin: 0,
    valign: 'top',
    // package.ts adds " / N" after the field (pptxgenjs writes the field alone).
    total,
  };
}
