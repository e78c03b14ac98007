// What buildBriefing accepts as its facts: a path, an in-memory document, or a document given
// as text (standard input, a request body) whose source documents may come inline instead of
// from files (the service's case).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { confinedPath, factsFromObject, factsFromText, loadFacts, parseFactsBytes, readFactsFile, type Facts, type InlineSources } from '../facts/index.js';

export type { InlineSources } from '../facts/index.js';

/**
 * The text of a facts file (YAML or JSON) read elsewhere, e.g. standard input or a request
 * body, with the name messages use for it (default `<stdin>`). Relative source paths start at
 * `options.baseDir`, unless `options.sources` gives the source texts inline.
 */
export interface FactsText {
  kind: 'text';
  text: string | Uint8Array;
  file?: string;
}

export type BriefingInput = string | object | FactsText;

export function isFactsText(input: object): input is FactsText {
  return (input as { kind?: unknown }).kind === 'text' && 'text' in input;
}

export interface InputOptions {
  /** Base folder for relative paths when `input` is an object or text. */
  baseDir?: string;
  /** Source texts by document name; with them no source file is read (see InlineSources). */
  sources?: InlineSources | undefined;
  /** The edition's language: printed fields are picked in it (meta.locale by default). */
  locale?: string | undefined;
}

export function checkInput(fn: string, input: unknown): void {
  if (typeof input !== 'string' && (typeof input !== 'object' || input === null)) throw new TypeError(`${fn}: input must be a path, a facts object or a FactsText`);
}

/** Reads and checks the facts; throws BriefingInputError with every located problem. */
export function loadInput(input: BriefingInput, options: InputOptions): Facts {
  const baseDir = resolve(options.baseDir ?? '.');
  const load = { sources: options.sources, locale: options.locale };
  if (typeof input === 'string') return loadFacts(input, load);
  if (isFactsText(input)) return factsFromText(input.text, input.file ?? '<stdin>', baseDir, load);
  return factsFromObject(input, baseDir, '<object>', load);
}

/** A local facts file and its source documents as texts, for a caller that serves them (preview). */
export interface LocalInputs {
  facts: string;
  file: string;
  sources: Record<string, string>;
  /** Files that make up the briefing (facts, readable sources), for watching. */
  files: string[];
  /** Why a source could not be read (its path left the folder, is missing, ...). */
  problems: string[];
}

/**
 * Reads a facts file and the source documents it names, confined to its folder exactly as
 * a build from the path would be. An unreadable facts file throws BriefingInputError.
 */
export function readLocalInputs(path: string): LocalInputs {
  const facts = readFactsFile(path);
  const dir = dirname(resolve(path));
  const out: LocalInputs = { facts: new TextDecoder().decode(facts), file: path, sources: {}, files: [resolve(path)], problems: [] };
  const parsed = parseFactsBytes(facts, path);
  const sources = parsed.ok ? (parsed.parsed.data as { sources?: Record<string, { document?: unknown }> }).sources : undefined;
  for (const source of Object.values(sources && typeof sources === 'object' ? sources : {})) {
    const written = source && typeof source === 'object' ? source.document : undefined;
    if (typeof written !== 'string') continue;
    const full = confinedPath(written, dir);
    if (typeof full !== 'string') {
      out.problems.push(full.error);
      continue;
    }
    try {
      out.sources[written] = readFileSync(full, 'utf8');
      out.files.push(full);
    } catch (e) {
      out.problems.push(`cannot read the source document ${JSON.stringify(written)} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  return out;
}

/** The folder of built-in templates, for a caller that watches them. */
export { BUILTIN_TEMPLATES } from '../narrative/index.js';
