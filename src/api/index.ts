// The library face: one call runs the whole pipeline, facts -> narrative -> charts ->
// layout -> pdf, and returns bytes. No process exit, no console output, no files written:
// invalid input throws BriefingInputError (with every located problem in `.diagnostics`),
// anything else is a bug and propagates as is.
import { sha256 } from '../digest/index.js';
import { isLocale } from '../format/index.js';
import { resolve } from 'node:path';
import { factsFromObject, loadFacts, type Facts } from '../facts/index.js';
import { renderNarrative } from '../narrative/index.js';
import { renderEmail, type EmailBody } from '../narrative/email.js';
import { renderCharts } from '../charts/index.js';
import { layout, type Paper } from '../layout/index.js';
import { writePdf } from '../pdf/index.js';
import type { Diagnostic } from '../diagnostics/index.js';

export type { EmailBody } from '../narrative/email.js';

import { ALL_FORMATS, briefingId, FORMATS, OUTPUT_FILES, type Format } from './formats.js';
export { ALL_FORMATS, briefingId, FORMATS, OUTPUT_FILES, type Format } from './formats.js';

/** Pipeline stages as reported in timings and progress. */
export type Stage = 'facts' | 'narrative' | 'charts' | 'layout' | 'pdf' | 'email';

export interface BuildOptions {
  /** Outputs to build; both by default. */
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
  /**
   * Also render the e-mail bodies (templates email.text.hbs and email.html.hbs) into
   * `result.email`; `attachments` are the file names the body lists.
   */
  email?: boolean | { attachments?: readonly string[] };
  /**
   * Called as each stage finishes (`detail` names the format for layout and pdf), so a
   * caller can show progress. The library itself never prints.
   */
  onStage?: (stage: Stage, ms: number, detail?: string) => void;
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
  /** Speaker notes: one page per slide, the slide drawn small above its notes. */
  notes?: Uint8Array;
  /** Subject, plain-text and HTML bodies, when `options.email` was set. */
  email?: EmailBody;
  manifest: Manifest;
  warnings: Diagnostic[];
  /** Time spent in each stage, in milliseconds. */
  timings: Partial<Record<Stage, number>>;
  /** The briefing date as used for the PDFs' dates (and an e-mail's Date header). */
  date: Date;
}

export async function buildBriefing(input: string | object, options: BuildOptions = {}): Promise<BuildResult> {
  if (typeof input !== 'string' && (typeof input !== 'object' || input === null)) throw new TypeError('buildBriefing: input must be a path or a facts object');
  if (options.locale !== undefined && !isLocale(options.locale)) throw new TypeError(`buildBriefing: locale must be a BCP 47 tag such as en-GB, got ${JSON.stringify(options.locale)}`);
  const formats = options.formats ?? FORMATS;
  const unknown = formats.filter((f) => !ALL_FORMATS.includes(f));
  if (unknown.length || formats.length === 0) throw new TypeError(`buildBriefing: formats must be some of ${ALL_FORMATS.join(', ')}, got ${JSON.stringify(formats)}`);

  const timings: Partial<Record<Stage, number>> = {};
  const record = (stage: Stage, start: number, detail?: string) => {
    const ms = performance.now() - start;
    timings[stage] = (timings[stage] ?? 0) + ms;
    options.onStage?.(stage, ms, detail);
  };
  const time = <T>(stage: Stage, fn: () => T, detail?: string): T => {
    const start = performance.now();
    const result = fn();
    record(stage, start, detail);
    return result;
  };

  const facts: Facts = time('facts', () => (typeof input === 'string' ? loadFacts(input) : factsFromObject(input, resolve(options.baseDir ?? '.'))));
  if (options.locale) facts.doc.meta.locale = options.locale;
  const templates = options.templatesDir ? { templatesDir: options.templatesDir } : {};
  const { narrative, warnings } = time('narrative', () => renderNarrative(facts, templates));
  const charts = time('charts', () => renderCharts(narrative.charts));
  const date = options.date ?? documentDate(facts.doc.meta.date);
  const result: BuildResult = {
    manifest: { id: briefingId(facts.file), input: { file: facts.file, sha256: facts.inputSha256 }, outputs: [] },
    warnings: [...facts.warnings, ...warnings],
    timings,
    date,
  };
  // Rendered before any PDF, so a mistake in an e-mail template costs no PDF time.
  if (options.email) {
    const attachments = typeof options.email === 'object' && options.email.attachments ? options.email.attachments : formats.map((f) => OUTPUT_FILES[f]);
    result.email = time('email', () => renderEmail(facts, narrative, { ...templates, attachments }));
  }
  for (const format of ALL_FORMATS.filter((f) => formats.includes(f))) {
    const paper = options.paper ? { paper: options.paper } : {};
    const laid = time('layout', () => layout(narrative, charts, format, paper), format);
    for (const w of laid.warnings) result.warnings.push({ severity: 'warning', file: facts.file, line: 0, column: 0, path: format, message: w });
    const start = performance.now();
    const bytes = await writePdf(laid, { date, ...(options.pdfa ? { pdfa: true } : {}) });
    record('pdf', start, format);
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

