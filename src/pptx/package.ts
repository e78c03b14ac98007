// Package: fixes to the zip pptxgenjs writes, so the deck is valid, in the briefing's
// language and byte-for-byte the same for the same input. pptxgenjs stamps the clock into the
// document properties and the zip entries, gives the slide-number shape a fixed id that can
// repeat one on the slide, writes a paragraph's properties again before every run (a schema
// error PowerPoint repairs; pptxgenjs PR #1083) and leaves the East Asian font slot to the
// Latin face. Done with JSZip on the finished package rather than by patching pptxgenjs.
import JSZip from 'jszip';
import { EAST_ASIAN_FAMILY } from './text.js';
import { escapeXml } from './svg.js';
import { addDeflated, ZIP_LEVEL } from './entries.js';

export interface PackageFixes {
  date: Date;
  /** BCP 47 language of the text (dc:language and every run's lang). */
  locale: string;
  /** Slide count, written after the slide-number field ("3 / 11"). */
  total: number;
  /** Per native chart, in the order added: each value's own number format. */
  pointFormats: readonly (readonly string[])[];
  /** Colour of list bullets (#rrggbb), as layout draws them; pptxgenjs has no bullet colour. */
  bulletColor?: string;
}

/** The zip entries' own timestamp: fixed, so nothing of the build time reaches the bytes. */
const ZIP_DATE = new Date(Date.UTC(1980, 0, 1));

export async function normalisePackage(bytes: Uint8Array, fix: PackageFixes): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  // pptxgenjs numbers charts with a counter that runs on across presentations in a process;
  // number them from 1 in each deck, in the order they were added.
  const numbers = Object.keys(zip.files).flatMap((n) => /^ppt\/charts\/chart(\d+)\.xml$/.exec(n)?.[1] ?? []).map(Number).sort((a, b) => a - b);
  const renumber = new Map(numbers.map((n, i) => [n, i + 1]));
  const renameCharts = (s: string) => s.replace(/(chart|Microsoft_Excel_Worksheet)(\d+)\.(xml|xlsx)/g, (m, stem: string, n: string, ext: string) => (renumber.has(Number(n)) ? `${stem}${renumber.get(Number(n))}.${ext}` : m));
  const media = await mediaNames(zip);
  for (const [original, entry] of Object.entries(zip.files)) {
    if (entry.dir || media.dropped.has(original)) continue;
    const name = media.renamed.get(original) ?? renameCharts(original);
    let data: string | Uint8Array;
    if (name.endsWith('.rels')) data = fixXml(name, media.retarget(renameCharts(await entryText(entry))), fix);
    else if (name.endsWith('.xml')) data = fixXml(name, renameCharts(await entryText(entry)), fix);
    else if (name.endsWith('.xlsx')) data = await normaliseWorkbook(await entryBytes(entry), fix.date);
    else data = media.bytes.get(original) ?? (await entryBytes(entry));
    addDeflated(out, name, data, ZIP_DATE);
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: ZIP_LEVEL }, platform: 'UNIX' });
}

/** What a media part's bytes are, by their first bytes; undefined when not an image this deck writes. */
export function imageKind(bytes: Uint8Array): 'png' | 'jpeg' | 'gif' | 'svg' | undefined {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes[0] === 0x47 && bytes[1] === 0x49 && bytes[2] === 0x46 && bytes[3] === 0x38) return 'gif';
  const head = Buffer.from(bytes.subarray(0, 512)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  if (/^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/.test(head)) return 'svg';
  return undefined;
}

/**
 * Media parts named for what their bytes are. Under Node, pptxgenjs has no canvas to draw an
 * SVG picture's PNG preview, so it writes the SVG's bytes a second time under a .png name
 * (with the png content type) as the picture's main blip, beside the real .svg part of its
 * svgBlip. Such a part is dropped and its relationships point at the .svg part with the same
 * bytes (PowerPoint from 2019 and Microsoft 365 draws the svgBlip; LibreOffice reads the main
 * blip, and reads SVG there); one with no such twin is renamed .svg. There is no raster
 * preview to keep: drawing one would take a rasteriser this writer does not have.
 */
async function mediaNames(zip: JSZip): Promise<{ bytes: ReadonlyMap<string, Uint8Array>; dropped: ReadonlySet<string>; renamed: ReadonlyMap<string, string>; retarget: (s: string) => string }> {
  const parts = await Promise.all(Object.entries(zip.files).filter(([n, e]) => !e.dir && n.startsWith('ppt/media/')).map(async ([n, e]) => ({ name: n, bytes: await entryBytes(e) })));
  const svgs = parts.filter((p) => p.name.endsWith('.svg') && imageKind(p.bytes) === 'svg');
  const moved = new Map<string, string>();
  for (const p of parts) {
    if (p.name.endsWith('.svg') || imageKind(p.bytes) !== 'svg') continue;
    const twin = svgs.find((q) => Buffer.compare(q.bytes, p.bytes) === 0);
    moved.set(p.name, twin?.name ?? p.name.replace(/\.[^./]+$/, '.svg'));
  }
  const base = (n: string) => n.slice('ppt/media/'.length);
  return {
    // Read once here, written from here: the package loop does not decompress them again.
    bytes: new Map(parts.map((p) => [p.name, p.bytes])),
    dropped: new Set([...moved].filter(([from, to]) => from !== to && parts.some((p) => p.name === to)).map(([from]) => from)),
    renamed: moved,
    // Relationship targets are relative ("../media/image-3-1.png"), always quoted.
    retarget: (s) => [...moved].reduce((text, [from, to]) => text.split(`media/${base(from)}"`).join(`media/${base(to)}"`), s),
  };
}

// What JSZip keeps of an entry it read (lib/zipEntry.js): its bytes as stored in the zip.
interface ReadEntry {
  _data?: { compression?: { magic?: string }; compressedContent?: unknown; uncompressedSize?: number };
}

/**
 * An entry's bytes. pptxgenjs writes its zip stored (uncompressed), so the bytes JSZip read
 * are the entry's own, and are taken as they are: JSZip's async() would pass each through a
 * chain of stream workers, which cost more than the rest of this pass. Anything else (a
 * deflated entry) goes through async().
 */
async function entryBytes(entry: JSZip.JSZipObject): Promise<Uint8Array> {
  const read = (entry as unknown as ReadEntry)._data;
  const stored = read?.compression?.magic === '\x00\x00' ? read.compressedContent : undefined;
  if (stored instanceof Uint8Array && stored.byteLength === read!.uncompressedSize) return stored;
  return entry.async('uint8array');
}

/** An entry's text (UTF-8), as JSZip's async('string') decodes it. */
async function entryText(entry: JSZip.JSZipObject): Promise<string> {
  const bytes = await entryBytes(entry);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

function fixXml(name: string, xml: string, fix: PackageFixes): string {
  const iso = fix.date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  let s = xml;
  const chart = /^ppt\/charts\/chart(\d+)\.xml$/.exec(name);
  if (chart) s = pointLabels(s, fix.pointFormats[Number(chart[1]) - 1] ?? []);
  if (name === 'docProps/core.xml') {
    s = s.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
    if (!s.includes('<dc:language>')) s = s.replace('</cp:coreProperties>', `<dc:language>${escapeXml(fix.locale)}</dc:language></cp:coreProperties>`);
  }
  if (name.startsWith('ppt/theme/')) s = s.replace(/<a:ea typeface=""\/>/g, `<a:ea typeface="${EAST_ASIAN_FAMILY}"/>`);
  if (/^ppt\/(slides|notesSlides|slideLayouts|slideMasters)\/[^/]+\.xml$/.test(name) || name.startsWith('ppt/charts/')) {
    s = s.replace(/lang="en-US"/g, `lang="${escapeXml(fix.locale)}"`);
    s = s.replace(/<a:ea typeface="[^"]*"( pitchFamily="\d+")?( charset="-?\d+")?\/>/g, `<a:ea typeface="${EAST_ASIAN_FAMILY}"/>`);
  }
  if (/^ppt\/(slides|slideLayouts)\/[^/]+\.xml$/.test(name)) {
    s = s.replace(/<a:p>([\s\S]*?)<\/a:p>/g, (_m, body: string) => `<a:p>${hanging(onePPr(body))}</a:p>`);
    // Bullets as layout draws them: a small square in the accent colour.
    const bullet = fix.bulletColor ? `<a:buClr><a:srgbClr val="${fix.bulletColor.replace('#', '').toUpperCase()}"/></a:buClr>` : '';
    s = s.replace(/<a:buSzPct val="100000"\/><a:buChar char="&#x25A0;"\/>/g, `${bullet}<a:buSzPct val="60000"/><a:buChar char="&#x25A0;"/>`);
    let id = 1;
    s = s.replace(/<p:cNvPr id="\d+"/g, () => `<p:cNvPr id="${id++}"`);
    s = s.replace(/(type="slidenum"><a:rPr [^>]*\/><a:t>\d+<\/a:t><\/a:fld>)/g, `$1<a:r><a:rPr lang="${escapeXml(fix.locale)}"/><a:t> / ${fix.total}</a:t></a:r>`);
  }
  return s;
}

/**
 * Gives each value's data label its own number format, so every label reads as the briefing
 * prints that value ("approximately 155.18 billion yuan" beside "165.73 billion yuan");
 * pptxgenjs has one format per series. The labels keep the series' text properties.
 */
function pointLabels(xml: string, formats: readonly string[]): string {
  if (!formats.length) return xml;
  return xml.replace(/<c:dLbls>([\s\S]*?)<\/c:dLbls>/, (whole, body: string) => {
    const txPr = /<c:txPr>[\s\S]*?<\/c:txPr>/.exec(body)?.[0] ?? '';
    const pos = /<c:dLblPos val="[^"]*"\/>/.exec(body)?.[0] ?? '';
    const labels = formats
      .map((code, i) => `<c:dLbl><c:idx val="${i}"/><c:numFmt formatCode="${escapeXml(code)}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>${txPr}${pos}<c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbl>`)
      .join('');
    return `<c:dLbls>${labels}${body}</c:dLbls>`;
  });
}

/**
 * A numbered item ("[1]" and a tab before its text) hangs its marker: the tab stop the
 * writer set becomes the paragraph's left margin, so wrapped lines align with the text.
 */
function hanging(body: string): string {
  return body.replace(/<a:pPr([^>]*?) indent="0" marL="0">([\s\S]*?)<a:tabLst><a:tab pos="(\d+)" algn="l"\/><\/a:tabLst>/, (_m, attrs: string, inner: string, pos: string) => `<a:pPr${attrs} marL="${pos}" indent="-${pos}">${inner}`);
}

/** A paragraph's body with its first pPr kept and the repeats pptxgenjs writes before later runs removed. */
function onePPr(body: string): string {
  let seen = false;
  return body.replace(/<a:pPr\b[^>]*\/>|<a:pPr\b[^>]*>[\s\S]*?<\/a:pPr>/g, (m) => {
    if (seen) return '';
    seen = true;
    return m;
  });
}

/** The chart's embedded workbook, with its dates and zip entries fixed the same way. */
async function normaliseWorkbook(bytes: Uint8Array, date: Date): Promise<Uint8Array> {
  const iso = date.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const zip = await JSZip.loadAsync(bytes);
  const out = new JSZip();
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    let data: string | Uint8Array = name.endsWith('.xml') ? await entryText(entry) : await entryBytes(entry);
    if (name === 'docProps/core.xml' && typeof data === 'string') data = data.replace(/(<dcterms:(?:created|modified)[^>]*>)[^<]*(<\/dcterms:(?:created|modified)>)/g, `$1${iso}$2`);
    addDeflated(out, name, data, ZIP_DATE);
  }
  return out.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: ZIP_LEVEL }, platform: 'UNIX' });
}
