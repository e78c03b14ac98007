// Shared by the print tests: the seed pipeline up to layout, and pdfjs readers for what the
// print briefing promises (outline, links, structure tree, artifacts).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import { renderCharts } from '../src/charts/index.js';
import type { Narrative } from '../src/narrative/model.js';
import type { ChartGraphics } from '../src/graphics/index.js';
import type { LaidOutDocument } from '../src/layout/model.js';
import { verticalMetrics } from '../src/fonts/index.js';

export const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url));
export const SEED = root('data/shanghai-uk-2023.yaml');

export function seedStages(): { narrative: Narrative; charts: ChartGraphics } {
  const { narrative } = renderNarrative(loadFacts(SEED), {});
  return { narrative, charts: renderCharts(narrative.charts) };
}

/** White space runs to one space, so words broken over lines still match. */
export const squash = (s: string) => s.replace(/\s+/g, ' ');

// pdfjs is loaded lazily (it is an ES module with a worker set-up of its own).
type PdfjsDoc = Awaited<ReturnType<(typeof import('pdfjs-dist/legacy/build/pdf.mjs'))['getDocument']>['promise']>;
export async function openPdf(bytes: Uint8Array): Promise<PdfjsDoc> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs.getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
}

export interface StructNode {
  role: string;
  alt?: string;
  children: StructNode[];
}

/** The structure tree of every page, as plain role trees (content leaves dropped). */
export async function structTrees(bytes: Uint8Array): Promise<StructNode[]> {
  const doc = await openPdf(bytes);
  const trees: StructNode[] = [];
  const convert = (n: { role?: string; alt?: string; children?: unknown[] }): StructNode => ({
    role: n.role ?? '',
    ...(n.alt ? { alt: n.alt } : {}),
    children: (n.children ?? []).filter((c): c is { role: string } => typeof c === 'object' && c !== null && 'role' in c).map(convert),
  });
  for (let p = 1; p <= doc.numPages; p++) {
    const tree = await (await doc.getPage(p)).getStructTree();
    if (tree) trees.push(convert(tree as unknown as { role?: string; children?: unknown[] }));
  }
  await doc.destroy();
  return trees;
}

export function flatten(nodes: readonly StructNode[]): StructNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** Text of each page, split into text drawn as artifact and text drawn as tagged content. */
export async function markedText(bytes: Uint8Array): Promise<{ artifact: string[]; content: string[] }[]> {
  const doc = await openPdf(bytes);
  const pages: { artifact: string[]; content: string[] }[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true });
    const stack: string[] = [];
    const page = { artifact: [] as string[], content: [] as string[] };
    for (const item of content.items) {
      if ('type' in item && (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps')) stack.push(item.tag ?? '');
      else if ('type' in item && item.type === 'endMarkedContent') stack.pop();
      else if ('str' in item && item.str.trim()) (stack.includes('Artifact') ? page.artifact : page.content).push(item.str);
    }
    pages.push(page);
  }
  await doc.destroy();
  return pages;
}

/** Every placed item that is not page furniture, checked against the margin box. */
export function outsideMargins(laid: LaidOutDocument): string[] {
  const problems: string[] = [];
  const m = laid.margins;
  laid.pages.forEach((page, i) => {
    const right = page.width - m.right;
    const bottom = page.height - m.bottom;
    for (const item of page.items) {
      // The hidden words saying what changed sit in the left margin by design, and a change
      // bar beside its figure: in the margin, or in the gap before a key-figure tile.
      if (item.kind === 'text' && item.hidden) {
        if (item.x < 0 || item.x + item.width > m.left) problems.push(`page ${i + 1}: hidden words at x ${item.x.toFixed(1)} outside the left margin`);
        continue;
      }
      if (item.kind === 'rect' && item.marker === 'change') {
        if (item.x < 0 || item.x + item.w > right) problems.push(`page ${i + 1}: a change bar at x ${item.x.toFixed(1)} off the page's text block`);
        continue;
      }
      if (item.struct.role === 'Artifact' && item.kind !== 'chart') {
        // Rules and tiles are artifacts but still belong inside the text block on body pages.
        if (i === 0 || item.struct.artifact === 'Header' || item.struct.artifact === 'Footer') continue;
      }
      if (i === 0) {
        if (item.kind === 'text' && (item.x < m.left - 0.01 || item.x + item.width > right + 0.01)) problems.push(`cover: ${item.text}`);
        continue;
      }
      const box =
        item.kind === 'text'
          ? { x0: item.x, x1: item.x + item.width, y0: item.y - verticalMetrics(item.size, item.face).ascent * 0.8, y1: item.y + verticalMetrics(item.size, item.face).descent * 0.5, what: item.text }
          : { x0: item.x, x1: item.x + item.w, y0: item.y, y1: item.y + item.h, what: item.kind === 'chart' ? `chart ${item.chart.id}` : 'rect' };
      if (box.x0 < m.left - 0.01 || box.x1 > right + 0.01 || box.y0 < m.top - 0.01 || box.y1 > bottom + 0.01) {
        problems.push(`page ${i + 1}: ${box.what} at ${box.x0.toFixed(1)},${box.y0.toFixed(1)}–${box.x1.toFixed(1)},${box.y1.toFixed(1)}`);
      }
    }
  });
  return problems;
}

export function readBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(path));
}
