// The library face: one call runs the whole pipeline, facts -> narrative -> charts ->
// layout -> pdf, and returns bytes. No process exit, no console output, no files written.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { factsFromObject, loadFacts, type Facts } from '../facts/index.js';
import { renderNarrative } from '../narrative/index.js';
import { renderCharts } from '../charts/index.js';
import { layoutPrint } from '../layout/print.js';
import { layoutSlides } from '../layout/slides.js';
import { writePdf } from '../pdf/index.js';
import type { Paper } from '../layout/theme.js';
import type { Diagnostic } from '../diagnostics/index.js';

export type Format = 'print' | 'slides';

export interface BuildOptions {
  formats?: readonly Format[];
  paper?: Paper;
  /** Folder of templates overriding the built-in ones. */
  templatesDir?: string;
  /** Overrides meta.locale (BCP 47). */
  locale?: string;
  pdfa?: boolean;
  /** Fixed document date; defaults to SOURCE_DATE_EPOCH when set, else the briefing date. */
  date?: Date;
  /** Base folder for relative paths when `input` is an object. */
  baseDir?: string;
}

export interface OutputInfo {
  format: Format;
  file: string;
  bytes: number;
  pages: number;
  sha256: string;
}

export interface Manifest {
  id: string;
  input: { file: string; sha256: string };
  outputs: OutputInfo[];
}

export interface BuildResult {
  print?: Uint8Array;
  slides?: Uint8Array;
  manifest: Manifest;
  warnings: Diagnostic[];
  /** Time spent in each stage, in milliseconds. */
  timings: Record<string, number>;
}

export const OUTPUT_FILES: Record<Format, string> = { print: 'briefing.pdf', slides: 'slides.pdf' };

export async function buildBriefing(input: string | object, options: BuildOptions = {}): Promise<BuildResult> {
  const timings: Record<string, number> = {};
  const time = <T>(stage: string, fn: () => T): T => {
    const start = performance.now();
    const result = fn();
    timings[stage] = (timings[stage] ?? 0) + performance.now() - start;
    return result;
  };
  const facts: Facts = time('facts', () => (typeof input === 'string' ? loadFacts(input) : factsFromObject(input, resolve(options.baseDir ?? '.'))));
  if (options.locale) facts.doc.meta.locale = options.locale;
  const { narrative, warnings } = time('narrative', () => renderNarrative(facts, options.templatesDir ? { templatesDir: options.templatesDir } : {}));
  const charts = time('charts', () => renderCharts(narrative.charts));
  const formats = options.formats ?? ['print', 'slides'];
  const date = options.date ?? documentDate(facts.doc.meta.date);
  const result: BuildResult = { manifest: { id: briefingId(facts.file), input: { file: facts.file, sha256: typeof input === 'string' ? sha256(readFileSync(input)) : sha256(JSON.stringify(input)) }, outputs: [] }, warnings: [...facts.warnings, ...warnings], timings };
  for (const format of formats) {
    const laid = time('layout', () => (format === 'print' ? layoutPrint(narrative, charts, options.paper ? { paper: options.paper } : {}) : layoutSlides(narrative, charts)));
    for (const w of laid.warnings) result.warnings.push({ severity: 'warning', file: facts.file, line: 0, column: 0, path: format, message: w });
    const start = performance.now();
    const bytes = await writePdf(laid, charts, { date, ...(options.pdfa ? { pdfa: true } : {}) });
    timings.pdf = (timings.pdf ?? 0) + performance.now() - start;
    result[format] = bytes;
    result.manifest.outputs.push({ format, file: OUTPUT_FILES[format], bytes: bytes.byteLength, pages: laid.pages.length, sha256: sha256(bytes) });
  }
  return result;
}

/** SOURCE_DATE_EPOCH (reproducible-builds convention) wins; else midnight UTC of the briefing date. */
export function documentDate(briefingDate: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${briefingDate}T00:00:00Z`);
}

export function briefingId(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? 'briefing';
  return base.replace(/\.(ya?ml|json)$/i, '') || 'briefing';
}

export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}
