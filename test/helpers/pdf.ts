// Reading PDFs back with real readers: poppler's command-line tools and pdfjs-dist.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'briefing-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes bytes to a temporary file so the command-line tools can read them. */
export function toFile(bytes: Uint8Array, name = 'doc.pdf'): string {
  const path = join(tempDir(), name);
  writeFileSync(path, bytes);
  return path;
}

export function pdftotext(path: string, layout = false): string {
  return execFileSync('pdftotext', [...(layout ? ['-layout'] : []), path, '-'], { encoding: 'utf8' });
}

export interface PdfInfo {
  pages: number;
  tagged: boolean;
  pageSizes: { width: number; height: number }[];
  fields: Record<string, string>;
}

export function pdfinfo(path: string): PdfInfo {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '9999', path], { encoding: 'utf8' });
  const fields: Record<string, string> = {};
  const pageSizes: { width: number; height: number }[] = [];
  for (const line of out.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    fields[m[1]!.trim()] = m[2]!.trim();
    const size = /^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/.exec(line);
    if (size) pageSizes.push({ width: Number(size[1]), height: Number(size[2]) });
  }
  return { pages: Number(fields.Pages), tagged: fields.Tagged === 'yes', pageSizes, fields };
}

export function qpdfCheck(path: string): { ok: boolean; output: string } {
  const r = spawnSync('qpdf', ['--check', path], { encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

export interface FontRow {
  name: string;
  type: string;
  embedded: boolean;
  subset: boolean;
}

export function pdffonts(path: string): FontRow[] {
  const out = execFileSync('pdffonts', [path], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const cols = l.trim().split(/\s+/);
      // name, type (1-2 words), encoding, emb, sub, uni, object, id
      const emb = cols[cols.length - 5]!;
      const sub = cols[cols.length - 4]!;
      return { name: cols[0]!, type: cols.slice(1, cols.length - 6).join(' '), embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

export interface PositionedText {
  page: number;
  text: string;
  x: number;
  /** Top of the glyph box, measured from the top of the page. */
  top: number;
  bottom: number;
  right: number;
  pageWidth: number;
  pageHeight: number;
}

/** Every text run with its box, read with pdfjs-dist (positions in points, origin top-left). */
export async function textPositions(bytes: Uint8Array): Promise<PositionedText[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: PositionedText[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const [, , pageWidth, pageHeight] = page.view as [number, number, number, number];
    const content = await page.getTextContent();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const [a, b, , d, e, f] = item.transform as number[];
      const size = Math.hypot(a!, b!) || Math.abs(d!);
      out.push({ page: p, text: item.str, x: e!, right: e! + item.width, top: pageHeight - f! - size * 0.8, bottom: pageHeight - f! + size * 0.25, pageWidth, pageHeight });
    }
  }
  await doc.destroy();
  return out;
}

/** The text of one page (1-based), as pdftotext extracts it. */
export function pdftotextPage(path: string, page: number): string {
  return execFileSync('pdftotext', ['-f', String(page), '-l', String(page), path, '-'], { encoding: 'utf8' });
}

export interface OutlineNode {
  title: string;
  items: OutlineNode[];
}

/** The document outline (bookmarks) as pdfjs reads it; [] when there is none. */
export async function outlineOf(bytes: Uint8Array): Promise<OutlineNode[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const outline = (await doc.getOutline()) ?? [];
  await doc.destroy();
  const map = (items: { title: string; items: unknown[] }[]): OutlineNode[] => items.map((i) => ({ title: i.title, items: map(i.items as { title: string; items: unknown[] }[]) }));
  return map(outline);
}

export interface StructNode {
  role: string;
  alt?: string;
  children: StructNode[];
}

/** Each page's structure tree (tagged PDF) as pdfjs reads it, content leaves left out. */
export async function structTrees(bytes: Uint8Array): Promise<StructNode[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  type Raw = { role?: string; alt?: string; children?: Raw[] };
  const convert = (node: Raw): StructNode => ({ role: node.role ?? '', ...(node.alt ? { alt: node.alt } : {}), children: (node.children ?? []).filter((c) => c.role !== undefined).map(convert) });
  const out: StructNode[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    out.push(convert(((await page.getStructTree()) ?? {}) as Raw));
  }
  await doc.destroy();
  return out;
}
