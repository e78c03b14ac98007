// The library face: one call runs the whole pipeline, facts -> narrative -> charts ->
// layout -> pdf, and returns bytes. No process exit, no console output, no files written:
// invalid input throws BriefingInputError (with every located problem in `.diagnostics`),
// anything else is a bug and propagates as is.
import { sha256 } from '../digest/index.js';
import { isSupportedLocale, SUPPORTED_LOCALES } from '../format/index.js';
import type { Facts } from '../facts/index.js';
import { checkInput, isFactsText, loadInput, type BriefingInput } from './input.js';
import { mergeEditions, renderNarrative } from '../narrative/index.js';
import { renderEmail, type EmailBody } from '../narrative/email.js';
import { ChartSpecError, pngSupport, renderCharts } from '../charts/index.js';
import { layout, type LaidOutDocument, type Paper } from '../layout/index.js';
import { writePdf } from '../pdf/index.js';
import { BriefingInputError, error, promoted, type Diagnostic } from '../diagnostics/index.js';
import { diffFacts } from '../diff/index.js';

export type { EmailBody, EmailImage } from '../narrative/email.js';

import { ALL_FORMATS, briefingId, FORMATS, OUTPUT_FILES, type Format } from './formats.js';
export { ALL_FORMATS, briefingId, FORMATS, OUTPUT_FILES, type Format } from './formats.js';
export type { FactsText, BriefingInput, InlineSources } from './input.js';
export { initBriefing, type InitResult } from './init.js';
export { draftFacts, readDraft, type Draft, type DraftOptions } from './draft.js';

/** Pipeline stages as reported in timings and progress. */
export type Stage = 'facts' | 'narrative' | 'charts' | 'layout' | 'pdf' | 'pptx' | 'email';

export interface BuildOptions {
  /** Outputs to build; both by default. */
  formats?: readonly Format[];
  paper?: Paper;
  /** Folder of templates overriding the built-in ones. */
  templatesDir?: string;
  /** Overrides meta.locale (BCP 47). */
  locale?: string;
  /**
   * Two locales (e.g. ['en-GB', 'zh-CN']): one parallel edition, each section in the first
   * language then the second, slide headlines in both. Overrides `locale`.
   */
  bilingual?: readonly [string, string];
  pdfa?: boolean;
  /** Fail on any warning: the build throws BriefingInputError with the warnings as errors. */
  strict?: boolean;
  /** Fixed document date; defaults to SOURCE_DATE_EPOCH when set, else the briefing date. */
  date?: Date;
  /** Base folder for relative paths when `input` is an object or a FactsText. */
  baseDir?: string;
  /**
   * Source documents as texts, keyed by the `document` path as written in the facts (or by
   * its file name alone). When set, no source file is read: a document without a text here
   * is an error (BR701). The service builds this way.
   */
  sources?: Readonly<Record<string, string>>;
  /**
   * The earlier edition (a facts file path, object or FactsText) to compare with: the print
   * briefing gets a "What changed" section after the summary and a change bar beside every
   * changed figure, the deck a "What changed" slide after the opening slides. An earlier
   * edition that cannot be read or is not valid throws BriefingInputError (BR820 first, then
   * its own problems); one sharing no fact id with this briefing throws BR821.
   */
  changesSince?: BriefingInput;
  /**
   * Also render the e-mail bodies (templates email.text.hbs and email.html.hbs) into
   * `result.email`; `attachments` are the file names the body lists. The HTML body shows
   * the first chart as an inline PNG (`email.images`) when the optional canvas package is
   * installed, else in words with a BR575 warning; `preview: false` leaves it out.
   * `preview: 'deferred'` (for a build on a worker thread, where the native canvas must not
   * load) lays the picture out undrawn, for `drawEmailImages(result.email)` to draw on the
   * main thread; the caller checks `pngSupport()` there first.
   */
  email?: boolean | { attachments?: readonly string[]; preview?: boolean | 'deferred' };
  /**
   * Called as each stage finishes (`detail` names the format for layout and pdf), so a
   * caller can show progress. The library itself never prints.
   */
  onStage?: (stage: Stage, ms: number, detail?: string) => void;
  /** Most pages any one output may have; more is a BR350 error. Default MAX_PAGES (500). */
  maxPages?: number;
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
  /** What the checks let through: facts whose figure is not checked against its quote. */
  checks: { figureOptOuts: number };
}

export interface BuildResult {
  print?: Uint8Array;
  slides?: Uint8Array;
  /** Speaker notes: one page per slide, the slide drawn small above its notes. */
  notes?: Uint8Array;
  /** The slides as an editable PowerPoint deck. */
  pptx?: Uint8Array;
  /** Subject, plain-text and HTML bodies, when `options.email` was set. */
  email?: EmailBody;
  manifest: Manifest;
  warnings: Diagnostic[];
  /** Time spent in each stage, in milliseconds. */
  timings: Partial<Record<Stage, number>>;
  /** The briefing date as used for the PDFs' dates (and an e-mail's Date header). */
  date: Date;
}

function checkOptions(fn: string, input: unknown, options: BuildOptions): readonly Format[] {
  checkInput(fn, input);
  if (options.changesSince !== undefined) checkInput(`${fn}: changesSince`, options.changesSince);
  if (options.locale !== undefined && !isSupportedLocale(options.locale)) throw new TypeError(`${fn}: locale must be one of the supported locales (${SUPPORTED_LOCALES.join(', ')}), got ${JSON.stringify(options.locale)}`);
  const b = options.bilingual;
  if (b !== undefined && (!Array.isArray(b) || b.length !== 2 || !b.every((l) => typeof l === 'string' && isSupportedLocale(l)) || b[0] === b[1])) throw new TypeError(`${fn}: bilingual must be two different supported locales such as ['en-GB', 'zh-CN'] (from ${SUPPORTED_LOCALES.join(', ')}), got ${JSON.stringify(b)}`);
  if (b !== undefined && options.locale !== undefined) throw new TypeError(`${fn}: bilingual and locale cannot be combined (the first locale of bilingual is the edition's main language)`);
  const formats = options.formats ?? FORMATS;
  const unknown = formats.filter((f) => !ALL_FORMATS.includes(f));
  if (unknown.length || formats.length === 0) throw new TypeError(`${fn}: formats must be some of ${ALL_FORMATS.join(', ')}, got ${JSON.stringify(formats)}`);
  return formats;
}

type Timer = <T>(stage: Stage, fn: () => T, detail?: string) => T;

/** One laid-out format, ready for its writer. */
interface Laid {
  format: Format;
  document: LaidOutDocument;
}

/**
 * Everything up to the writers, shared by build and validate so that both see exactly the
 * same warnings: facts, narrative, charts, the e-mail bodies when asked, and the layout of
 * every requested format. Layout warnings of the speaker notes repeat the slides' (the notes
 * are laid out from the same deck), so a warning is reported once however many formats show it.
 */
/** How an earlier edition is named in messages: its path, its FactsText name, or "<object>". */
function editionName(input: BriefingInput): string {
  return typeof input === 'string' ? input : isFactsText(input) ? (input.file ?? '<stdin>') : '<object>';
}

/**
 * The earlier edition, checked exactly as a build checks a facts file. Its problems are
 * reported under BR820 (so a caller can tell them from the new edition's); an edition of
 * another briefing (no fact id in common) is BR821.
 */
function earlierEdition(input: BriefingInput, current: Facts, options: BuildOptions): Facts {
  const name = editionName(input);
  let before: Facts;
  try {
    before = loadInput(input, options);
  } catch (e) {
    if (!(e instanceof BriefingInputError)) throw e;
    throw new BriefingInputError([error('BR820', { file: name }, `the earlier edition to compare with cannot be used: ${e.diagnostics.length} problem${e.diagnostics.length === 1 ? '' : 's'} below`, 'give --changes-since a valid facts file of an earlier edition of this briefing'), ...e.diagnostics]);
  }
  const shared = [...current.facts.keys()].filter((id) => before.facts.has(id));
  if (shared.length === 0) {
    throw new BriefingInputError([error('BR821', { file: name }, `the earlier edition shares no fact id with ${current.file}: it is not an edition of the same briefing`, 'facts are matched by id across editions; compare two editions of one briefing')]);
  }
  return before;
}

function prepare(input: BriefingInput, options: BuildOptions, formats: readonly Format[], time: Timer, email: BuildOptions['email']) {
  // The edition's language is picked in the facts stage: every missing translation is reported there.
  const locale = options.bilingual?.[0] ?? options.locale;
  const readFacts = (l: string | undefined): Facts => loadInput(input, { ...options, locale: l });
  const facts: Facts = time('facts', () => readFacts(locale));
  const since = options.changesSince;
  // The earlier edition is read in the same language as this one, so that only real changes differ.
  const diffWith = (current: Facts, l: string | undefined) => (since === undefined ? undefined : time('facts', () => diffFacts(earlierEdition(since, current, { ...options, locale: l }), current)));
  const changes = diffWith(facts, locale);
  const templates = options.templatesDir ? { templatesDir: options.templatesDir } : {};
  const rendered = time('narrative', () => renderNarrative(facts, { ...templates, ...(changes ? { changes } : {}) }));
  let narrative = rendered.narrative;
  const warnings: Diagnostic[] = [...facts.warnings, ...rendered.warnings];
  if (options.bilingual) {
    // The second language is the same facts file picked in that language, through its own
    // templates; a warning both editions raise is reported once. What changed is listed once,
    // in the first language; each language's figures carry their own what-changed notes.
    const second = time('facts', () => readFacts(options.bilingual![1]));
    const secondChanges = diffWith(second, options.bilingual[1]);
    const other = time('narrative', () => renderNarrative(second, { ...templates, ...(secondChanges ? { changes: secondChanges } : {}) }));
    const seen = new Set(warnings.map((w) => `${w.code}\u0000${w.file}:${w.line}:${w.column}\u0000${w.message}`));
    warnings.push(...[...second.warnings, ...other.warnings].filter((w) => !seen.has(`${w.code}\u0000${w.file}:${w.line}:${w.column}\u0000${w.message}`)));
    narrative = mergeEditions(narrative, other.narrative, facts.file);
  }
  const charts = time('charts', () => {
    try {
      return renderCharts(narrative.charts);
    } catch (e) {
      // A chart that cannot be drawn honestly is the input's problem, at the chart's line.
      if (!(e instanceof ChartSpecError)) throw e;
      const path = ['charts', e.chartId];
      throw new BriefingInputError([error('BR400', { file: facts.file, ...facts.locate(path), path: path.join('.') }, e.message.replace(/^chart "[^"]*": /, ''))]);
    }
  });
  // Rendered before any PDF, so a mistake in an e-mail template costs no PDF time.
  let emailBody: EmailBody | undefined;
  if (email) {
    const attachments = typeof email === 'object' && email.attachments ? email.attachments : formats.map((f) => OUTPUT_FILES[f]);
    emailBody = time('email', () => renderEmail(facts, narrative, { ...templates, attachments }));
  }
  const seen = new Set<string>();
  const laid: Laid[] = [];
  // The editable deck is laid out as the slides are: when both are built, the slides' layout
  // is written twice (writers only read it) rather than laid out again.
  const byKind = new Map<string, LaidOutDocument>();
  for (const format of ALL_FORMATS.filter((f) => formats.includes(f))) {
    const paper = options.paper ? { paper: options.paper } : {};
    const kind = format === 'pptx' ? 'slides' : format;
    const document = byKind.get(kind) ?? time('layout', () => layout(narrative, charts, kind, paper), format);
    byKind.set(kind, document);
    const maxPages = options.maxPages ?? MAX_PAGES;
    if (document.pages.length > maxPages) {
      throw new BriefingInputError([error('BR350', { file: facts.file, path: format }, `the ${format} document has ${document.pages.length.toLocaleString('en')} pages; the limit is ${maxPages.toLocaleString('en')}`, 'look for a template loop or repeated partial, or split the briefing')]);
    }
    for (const w of document.warnings) {
      const key = `${w.code}\u0000${w.file}:${w.line}:${w.column}\u0000${w.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      warnings.push(w);
    }
    laid.push({ format, document });
  }
  return { facts, narrative, charts, warnings, laid, emailBody };
}

function timer(options: BuildOptions, timings: Partial<Record<Stage, number>>) {
  const record = (stage: Stage, start: number, detail?: string) => {
    const ms = performance.now() - start;
    timings[stage] = (timings[stage] ?? 0) + ms;
    options.onStage?.(stage, ms, detail);
  };
  const time: Timer = (stage, fn, detail) => {
    const start = performance.now();
    const result = fn();
    record(stage, start, detail);
    return result;
  };
  return { record, time };
}

export async function buildBriefing(input: BriefingInput, options: BuildOptions = {}): Promise<BuildResult> {
  const formats = checkOptions('buildBriefing', input, options);
  const timings: Partial<Record<Stage, number>> = {};
  const { record, time } = timer(options, timings);
  const { facts, narrative, warnings, laid } = prepare(input, options, formats, time, undefined);
  const templates = options.templatesDir ? { templatesDir: options.templatesDir } : {};
  if (options.date !== undefined && (!(options.date instanceof Date) || !(options.date.getUTCFullYear() >= 1000 && options.date.getUTCFullYear() <= 9999))) {
    throw new TypeError('buildBriefing: date must be a valid Date in the years 1000–9999');
  }
  const date = options.date ?? documentDate(facts.doc.meta.date);
  const result: BuildResult = {
    manifest: { id: briefingId(facts.file), input: { file: facts.file, sha256: facts.inputSha256 }, outputs: [], checks: { figureOptOuts: facts.figureOptOuts.length } },
    warnings,
    timings,
    date,
  };
  // Rendered before any PDF, so a mistake in an e-mail template costs no PDF time; here
  // rather than in prepare() because the chart preview (PNG) is drawn asynchronously.
  if (options.email) {
    const asked = typeof options.email === 'object' ? options.email : {};
    const attachments = asked.attachments ?? formats.map((f) => OUTPUT_FILES[f]);
    const start = performance.now();
    const preview = asked.preview === false ? undefined : await (await import('./email-preview.js')).emailPreview(narrative.charts, result.manifest.id, facts.file, result.warnings, asked.preview === 'deferred');
    result.email = renderEmail(facts, narrative, { ...templates, attachments, ...(preview ? { preview } : {}) });
    record('email', start);
  }
  for (const { format, document } of laid) {
    const start = performance.now();
    // The PPTX writer (pptxgenjs, JSZip) is loaded only by a build that asks for the deck.
    const bytes = format === 'pptx' ? await (await import('../pptx/index.js')).writePptx(document, { date }) : await writePdf(document, { date, ...(options.pdfa ? { pdfa: true } : {}) });
    record(format === 'pptx' ? 'pptx' : 'pdf', start, format);
    result[format] = bytes;
    result.manifest.outputs.push({ format, file: OUTPUT_FILES[format], bytes: bytes.byteLength, pages: document.pages.length, sha256: sha256(bytes) });
  }
  if (options.strict && result.warnings.length > 0) throw new BriefingInputError(result.warnings.map(promoted));
  return result;
}

export type ValidateOptions = Pick<BuildOptions, 'formats' | 'paper' | 'templatesDir' | 'locale' | 'baseDir' | 'sources' | 'onStage' | 'changesSince'>;

export interface ValidateResult {
  /** The validated facts (ids, counts, locations). */
  facts: Facts;
  /** Exactly the warnings `buildBriefing` reports for the same input and options. */
  warnings: Diagnostic[];
  /** How many charts the briefing draws. */
  charts: number;
  /** Pages each requested format would have. */
  pages: Partial<Record<Format, number>>;
  timings: Partial<Record<Stage, number>>;
}

/**
 * Checks a briefing as `buildBriefing` would build it, without writing any PDF: the facts,
 * every template (the e-mail bodies too), the charts and the layout of each format, so what
 * layout would cut or continue is reported here, located, with the same warnings as a build.
 * Invalid input throws BriefingInputError, as build does.
 */
export async function validateBriefing(input: BriefingInput, options: ValidateOptions = {}): Promise<ValidateResult> {
  const formats = checkOptions('validateBriefing', input, options);
  const timings: Partial<Record<Stage, number>> = {};
  const { time } = timer(options, timings);
  const { facts, narrative, warnings, laid } = prepare(input, options, formats, time, true);
  return { facts, warnings, charts: narrative.charts.length, pages: Object.fromEntries(laid.map((l) => [l.format, l.document.pages.length])), timings };
}

/**
 * Loads the optional native `canvas` package (PNG charts, the e-mail's chart preview) in the
 * calling thread when it is installed; true when it is. A face that builds on worker threads
 * calls this on its main thread before starting them: node-canvas is not safe to unload, and
 * when a worker thread is the first to load it, that worker's exit (a pool closing, a build
 * stopped by its timeout) brings the whole process down with SIGSEGV. Loaded on the main
 * thread first, it stays loaded and workers come and go safely.
 */
export async function keepPngLoaded(): Promise<boolean> {
  return pngSupport();
}

/** Most pages one output may have (the library's `maxPages` default). */
export const MAX_PAGES = 500;
/** Latest SOURCE_DATE_EPOCH: 9999-12-31T23:59:59Z (a PDF date has a four-digit year). */
const MAX_EPOCH = 253_402_300_799;

/**
 * SOURCE_DATE_EPOCH (reproducible-builds convention) wins; else midnight UTC of the briefing
 * date. A SOURCE_DATE_EPOCH that is not a whole number of seconds up to the year 9999 is
 * refused (BR518), as the convention asks, instead of being ignored or wrapping around.
 */
export function documentDate(briefingDate: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') {
    if (!/^\d+$/.test(epoch) || Number(epoch) > MAX_EPOCH) {
      throw new BriefingInputError([error('BR518', { file: 'SOURCE_DATE_EPOCH' }, `SOURCE_DATE_EPOCH is ${JSON.stringify(epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch)}; it must be a whole number of seconds since 1970 up to ${MAX_EPOCH} (the end of the year 9999)`, 'unset it to date the PDFs by the briefing date')]);
    }
    return new Date(Number(epoch) * 1000);
  }
  return new Date(`${briefingDate}T00:00:00Z`);
}

