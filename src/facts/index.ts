// Facts stage: a facts file (or an in-memory object) -> validated, cross-checked Facts.
// Throws BriefingInputError carrying every located problem; warnings ride on the result.
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { sha256 } from '../digest/index.js';
import { BriefingInputError, error, sortDiagnostics, warning, type Diagnostic } from '../diagnostics/index.js';
import { parseFactsBytes, tooBig, MAX_FACTS_BYTES, type ParsedFile } from './parse.js';
import { salvage, validateDocument } from './validate.js';
import { checkLimits } from './limits.js';
import { plainData } from './plain.js';
import { checkDocument } from './check.js';
import { checkCoverage } from './coverage.js';
import { checkGeography } from './geo-check.js';
import { localise } from './translate.js';
import type { Facts } from './model.js';
import type { BriefingDocument } from './schema.js';

export type { Facts, ResolvedFact } from './model.js';
// The figure reader, for other stages and tools (e.g. drafting facts from a source text).
export { findFigures, FIGURE_SCALE_FACTOR, describeFigure, bindFigure, compareFigure, type Figure, type FigureScale, type StatedFigure, type Mismatch } from './figures.js';
export type { FigureOptOut } from './figures-check.js';
export { absoluteValue } from './model.js';
export { parseFactsBytes } from './parse.js';
export * from './schema.js';
export { closest } from './suggest.js';
/** Largest facts file, or facts text (standard input), in bytes. */
export { MAX_FACTS_BYTES } from './parse.js';

/** Source documents bigger than this are refused; a source article is a few KB to a few MB. */
const MAX_SOURCE_BYTES = 32 * 1024 * 1024;

/**
 * Source documents given as texts instead of files, keyed by the `document` path as written
 * in the facts (or, when no key matches, by its file name alone). With these, no file is
 * ever read for a source: a document without an inline text is an error (BR701).
 */
export type InlineSources = Readonly<Record<string, string>>;

export interface LoadOptions {
  /** The edition's language: printed fields are picked in it (meta.locale by default). */
  locale?: string | undefined;
  /** Source texts by document name; with them no source file is read. */
  sources?: InlineSources | undefined;
}

/** Loads and checks a facts file (YAML or JSON). */
export function loadFacts(path: string, options: LoadOptions = {}): Facts {
  const bytes = readFactsFile(path);
  return { ...unwrap(parseFactsBytes(bytes, path), path, options), inputSha256: sha256(bytes) };
}

/** The bytes of a facts file, refused before reading when it is not a file or too big. */
export function readFactsFile(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new BriefingInputError([error('BR100', { file: path }, 'not a file')]);
    // Refuse before reading, so a huge file costs nothing.
    if (stat.size > MAX_FACTS_BYTES) throw new BriefingInputError([tooBig(path, stat.size)]);
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof BriefingInputError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'no such file' : `cannot read the file (${code ?? (e as Error).message})`;
    throw new BriefingInputError([error('BR100', { file: path }, message)]);
  }
  return bytes;
}

/**
 * Checks a facts document given as text (YAML or JSON: standard input, a request body), with
 * positions for every problem. `file` names it in messages only; source documents come from
 * `options.sources` or, without them, from files confined to `baseDir`.
 */
export function factsFromText(text: string | Uint8Array, file: string, baseDir: string, options: LoadOptions = {}): Facts {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  if (bytes.byteLength > MAX_FACTS_BYTES) throw new BriefingInputError([tooBig(file, bytes.byteLength)]);
  const result = parseFactsBytes(bytes, file);
  if (!result.ok) throw new BriefingInputError(result.diagnostics);
  return { ...checkParsed(result.parsed, resolve(baseDir), options), inputSha256: sha256(bytes) };
}

/** Checks an in-memory facts object, as the library API accepts one. */
export function factsFromObject(data: unknown, baseDir: string, file = '<object>', options: LoadOptions = {}): Facts {
  // Copied into plain data first: a getter, Proxy, Date or Map is a located error, not a raw
  // exception or a confusing "got a map"; and the same size limits as a file apply.
  const plain = plainData(data, file);
  if (!plain.ok) throw new BriefingInputError(plain.diagnostics);
  const parsed: ParsedFile = { file, data: plain.data, locate: () => ({ line: 0, column: 0 }) };
  return { ...checkParsed(parsed, baseDir, options), inputSha256: sha256(JSON.stringify(plain.data) ?? '') };
}

function unwrap(result: ReturnType<typeof parseFactsBytes>, path: string, options: LoadOptions): Omit<Facts, 'inputSha256'> {
  if (!result.ok) throw new BriefingInputError(result.diagnostics);
  return checkParsed(result.parsed, dirname(resolve(path)), options);
}

function checkParsed(parsed: ParsedFile, dir: string, options: LoadOptions = {}): Omit<Facts, 'inputSha256'> {
  const validated = validateDocument(parsed);
  const locale = (doc: { meta: { locale: string } }) => options.locale ?? doc.meta.locale;
  if (!validated.ok) throw new BriefingInputError(sortDiagnostics([...validated.diagnostics, ...checkValidPart(parsed, dir, validated.diagnostics, locale, options.sources)]));
  // The edition's language is picked first; every missing translation (BR620) is reported
  // together with the cross-checks, which run on the picked texts.
  const localised = localise(validated.doc, locale(validated.doc), parsed.file, parsed.locate);
  const doc = localised.doc;
  // Limits before any cross-check: a 1 MB label or a 100,000-term formula stops here.
  const limits = checkLimits(doc, parsed.file, parsed.locate);
  if (limits.length) throw new BriefingInputError(sortDiagnostics(limits));
  const { texts, diagnostics: docDiagnostics } = sourceTexts(doc, dir, parsed, options.sources);
  const { facts, diagnostics, figureOptOuts } = checkDocument(doc, { file: parsed.file, locate: parsed.locate, sourceTexts: texts });
  // Country names are matched against Natural Earth's (English) names as the file writes them,
  // whichever language the edition prints.
  const own = validated.doc.meta.locale === doc.meta.locale ? doc : localise(validated.doc, validated.doc.meta.locale, parsed.file, parsed.locate).doc;
  const geography = checkGeography(own, { file: parsed.file, locate: parsed.locate, sourceTexts: texts });
  const all = sortDiagnostics([...localised.diagnostics, ...docDiagnostics, ...diagnostics, ...geography, ...checkCoverage(doc, parsed.file, parsed.locate)]);
  if (all.some((d) => d.severity === 'error')) throw new BriefingInputError(all);
  return { file: parsed.file, dir, doc, facts, sourceTexts: texts, warnings: all, figureOptOuts, locate: parsed.locate, ...(localised.translated ? { translated: localised.translated } : {}), ...(own !== doc ? { ownDoc: own } : {}) };
}

/**
 * All problems at once: after schema errors, the entries that are valid on their own are still
 * cross-checked, and a BR149 notice says which entries (or which checks) were skipped.
 */
function checkValidPart(parsed: ParsedFile, dir: string, schemaErrors: readonly Diagnostic[], locale: (doc: { meta: { locale: string } }) => string, inline?: InlineSources): Diagnostic[] {
  const first = schemaErrors[0];
  const at = { file: parsed.file, line: first?.line ?? 1, column: first?.column ?? 1 };
  const part = salvage(parsed.data);
  if (!part) {
    return [warning('BR149', at, 'the references, quotes, figures, formulas and glyphs were not checked, because the top level or meta has errors', 'fix these errors and validate again to run the remaining checks')];
  }
  const localised = localise(part.doc, locale(part.doc), parsed.file, parsed.locate);
  const doc = localised.doc;
  // The same limits as a valid document: a 1 MB quote beside a schema error is not cross-checked.
  const limits = checkLimits(doc, parsed.file, parsed.locate);
  if (limits.length) return limits;
  const { texts, diagnostics: docDiagnostics } = sourceTexts(doc, dir, parsed, inline);
  const { diagnostics } = checkDocument(doc, { file: parsed.file, locate: parsed.locate, sourceTexts: texts, invalidIds: part.invalidIds, citedBySkipped: part.citedBySkipped });
  const shown = part.skipped.slice(0, 6).join(', ') + (part.skipped.length > 6 ? ` and ${part.skipped.length - 6} more` : '');
  const notice = warning('BR149', at, `${part.skipped.length} entr${part.skipped.length === 1 ? 'y has' : 'ies have'} errors and ${part.skipped.length === 1 ? 'was' : 'were'} left out of the other checks (${shown}); everything else was checked`, 'references to these entries, their quotes, figures and formulas are checked once their errors are fixed');
  return [...localised.diagnostics, ...docDiagnostics, ...diagnostics, ...checkCoverage(doc, parsed.file, parsed.locate), ...(part.skipped.length ? [notice] : [])];
}

/** The source texts: from `inline` when given (no file is then read), else from files. */
function sourceTexts(doc: BriefingDocument, dir: string, parsed: ParsedFile, inline?: InlineSources): { texts: Map<string, string>; diagnostics: Diagnostic[] } {
  return inline ? inlineSourceTexts(doc, inline, parsed) : readSourceTexts(doc, dir, parsed);
}

/** Reads each source's `document`, confined to the facts file's folder. */
function readSourceTexts(doc: BriefingDocument, dir: string, parsed: ParsedFile): { texts: Map<string, string>; diagnostics: Diagnostic[] } {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  let realDir: string | undefined;
  for (const [id, source] of Object.entries(doc.sources)) {
    if (!source.document) continue;
    const path = ['sources', id, 'document'];
    const problem = (message: string, code = 'BR126') => diagnostics.push(error(code, { file: parsed.file, ...parsed.locate(path), path: path.join('.') }, message));
    realDir ??= realOr(dir);
    const resolved = confinedPath(source.document, dir, realDir);
    if (typeof resolved !== 'string') {
      problem(resolved.error, 'BR125');
      continue;
    }
    try {
      // Check before reading: a folder or a pipe cannot be read as text, and a huge file is a mistake.
      const stat = statSync(resolved);
      if (!stat.isFile()) {
        problem(`expected a text file as the source document, got ${stat.isDirectory() ? 'a folder' : 'something else'}: ${JSON.stringify(source.document)}`);
        continue;
      }
      if (stat.size > MAX_SOURCE_BYTES) {
        problem(`the source document ${JSON.stringify(source.document)} is ${(stat.size / (1024 * 1024)).toFixed(1)} MB; the limit is ${MAX_SOURCE_BYTES / (1024 * 1024)} MB`);
        continue;
      }
      texts.set(id, readFileSync(resolved, 'utf8'));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problem(code === 'ENOENT' ? `no such source document: ${JSON.stringify(source.document)}` : `cannot read the source document ${JSON.stringify(source.document)} (${code ?? (e as Error).message})`);
    }
  }
  return { texts, diagnostics };
}

/** Takes each source's `document` from the inline texts; never touches the file system. */
function inlineSourceTexts(doc: BriefingDocument, inline: InlineSources, parsed: ParsedFile): { texts: Map<string, string>; diagnostics: Diagnostic[] } {
  const texts = new Map<string, string>();
  const diagnostics: Diagnostic[] = [];
  const names = Object.keys(inline);
  const baseName = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const plain = (p: string) => p.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  for (const [id, source] of Object.entries(doc.sources)) {
    if (!source.document) continue;
    const path = ['sources', id, 'document'];
    const written = plain(source.document);
    let key = names.find((n) => plain(n) === written);
    if (key === undefined) {
      const byName = names.filter((n) => baseName(plain(n)) === baseName(written));
      if (byName.length === 1) key = byName[0];
    }
    if (key === undefined) {
      diagnostics.push(
        error('BR701', { file: parsed.file, ...parsed.locate(path), path: path.join('.') }, `no text was given for the source document ${JSON.stringify(source.document)}`, `send its text with the facts (as sources[${JSON.stringify(source.document)}] or an uploaded file of that name); files are not read`),
      );
      continue;
    }
    texts.set(id, inline[key]!);
  }
  return { texts, diagnostics };
}

/**
 * Resolves a path written in a facts file; it must stay inside the facts file's folder.
 * `realDir` is `dir` with its links resolved, when the caller already has it (one realpath
 * per build rather than one per file).
 */
export function confinedPath(written: string, dir: string, realDir?: string): string | { error: string } {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(written)) return { error: `remote files are not fetched: ${JSON.stringify(written)}; ship the file beside the facts file` };
  if (isAbsolute(written)) return { error: `absolute paths are not allowed: ${JSON.stringify(written)}; write a path relative to the facts file` };
  const full = resolve(dir, written);
  // A missing file is reported by the reader; confinement is judged on the written path.
  const real = realOr(full);
  // The folder of an in-memory document may not exist.
  const base = realDir ?? realOr(dir);
  for (const p of [relative(dir, full), relative(base, real)]) {
    if (p.startsWith('..') || isAbsolute(p)) return { error: `the path ${JSON.stringify(written)} leaves the facts file's folder` };
  }
  return full;
}

/**
 * `path` with every link resolved, or `path` itself when it cannot be (it does not exist).
 * The native realpath is one system call, where the JavaScript one lstats every component.
 */
function realOr(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}
