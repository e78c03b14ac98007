// Picking one language's text: a document whose printed fields may hold one value per
// language becomes the plain document of one edition. Plain strings are in the file's own
// language (meta.locale); a build in another language needs a translation for each printed
// field it would print, and every missing one is reported at once, located at its field.
// A person's plain name serves every edition (a name given in pinyin stays so), and a
// per-language name must say whether it is sourced or an editorial rendering.
import { error, type Diagnostic, type Location } from '../diagnostics/index.js';
import type { BriefingDocument, BriefingSourceDocument, Translations } from './schema.js';
import type { PathKey } from './parse.js';

/** The fields that are printed, as paths with * for any id. */
const PRINTED: readonly (readonly string[])[] = [
  ['meta', 'title'],
  ['meta', 'subtitle'],
  ['meta', 'organisation'],
  ['meta', 'classification'],
  ['entities', 'people', '*', 'name'],
  ['entities', 'people', '*', 'role'],
  ['entities', 'organisations', '*', 'name'],
  ['entities', 'organisations', '*', 'description'],
  ['entities', 'places', '*', 'name'],
  ['entities', 'places', '*', 'country'],
  ['facts', '*', 'label'],
  ['facts', '*', 'short'],
  ['facts', '*', 'period'],
  ['derived', '*', 'label'],
  ['derived', '*', 'short'],
  ['derived', '*', 'period'],
  ['derived', '*', 'note'],
  ['events', '*', 'title'],
  ['events', '*', 'what'],
  ['events', '*', 'note'],
  ['charts', '*', 'title'],
];

/** The primary language subtag, lower-cased: zh-CN -> zh. */
export function languageOf(locale: string): string {
  return locale.split('-')[0]!.toLowerCase();
}

/** The value for `locale`: the exact tag, else one of the same language (zh-CN finds zh or zh-Hans). */
export function pick(t: Translations, locale: string): string | undefined {
  if (t[locale] !== undefined) return t[locale];
  const lower = locale.toLowerCase();
  for (const [k, v] of Object.entries(t)) if (k.toLowerCase() === lower) return v;
  const lang = languageOf(locale);
  for (const [k, v] of Object.entries(t)) if (languageOf(k) === lang) return v;
  return undefined;
}

export interface Localisation {
  doc: BriefingDocument;
  diagnostics: Diagnostic[];
  /** Set when the edition's language differs from the file's: what the sources page declares. */
  translated?: { language: string; editorial: string[]; from: string };
}

/**
 * The document in `locale`. `locate` places a diagnostic at a document path. The input is not
 * changed; the result is a copy with every printed field a string.
 */
export function localise(source: BriefingSourceDocument, locale: string, file: string, locate: (path: readonly PathKey[]) => { line: number; column: number }): Localisation {
  const doc = clonePlain(source) as Record<string, unknown>;
  const base = source.meta.locale;
  const sameLanguage = languageOf(base) === languageOf(locale);
  const diagnostics: Diagnostic[] = [];
  const editorial: string[] = [];
  const at = (path: PathKey[]) => ({ file, ...locate(path), path: path.join('.') });

  const visit = (node: unknown, pattern: readonly string[], path: PathKey[], parent: Record<string, unknown> | undefined): void => {
    if (pattern.length === 0) {
      if (node === undefined || !parent) return;
      const key = path[path.length - 1] as string;
      const isPersonName = path[0] === 'entities' && path[1] === 'people' && key === 'name';
      if (typeof node === 'string') {
        if (!sameLanguage && !isPersonName) diagnostics.push(missing(at(path), locale, base, node));
        return;
      }
      const chosen = pick(node as Translations, locale);
      if (chosen === undefined) {
        const shown = Object.values(node as Translations)[0] ?? '';
        diagnostics.push(missing(at(path), locale, base, shown));
        // The document stays one of plain strings, so the other checks still run and report.
        parent[key] = shown;
        return;
      }
      parent[key] = chosen;
      if (isPersonName) {
        const forms = node as Translations;
        const rendering = (parent.rendering as Record<string, string> | undefined) ?? {};
        for (const tag of Object.keys(forms)) {
          if (languageOf(tag) === languageOf(base)) continue;
          const kind = pick(rendering, tag);
          if (kind === undefined) {
            diagnostics.push(error('BR621', at([...path, tag]), `the ${tag} form of a person's name must say where it comes from`, `add rendering: { ${tag}: sourced } when a source gives "${forms[tag]}", or editorial when it was rendered for this briefing; or keep one plain name for every edition`));
          } else if (kind === 'editorial' && !sameLanguage && languageOf(tag) === languageOf(locale)) {
            editorial.push(`${forms[tag]} (${pick(forms, base) ?? Object.values(forms)[0]})`);
          }
        }
      }
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const [head, ...rest] = pattern;
    const obj = node as Record<string, unknown>;
    const keys = head === '*' ? Object.keys(obj) : [head!];
    for (const k of keys) visit(obj[k], rest, [...path, k], obj);
  };
  for (const pattern of PRINTED) visit(doc, pattern, [], undefined);
  // A topic is a heading, not a fact: one without text in this language is dropped from this
  // edition's copy (the default briefing then titles its section from translated fields and
  // says so), while the grouping reads the file's own language, so every edition groups alike.
  for (const group of ['facts', 'derived'] as const) {
    for (const entry of Object.values(doc[group] as Record<string, { topic?: unknown }>)) {
      if (entry.topic === undefined) continue;
      const shown = typeof entry.topic === 'string' ? (sameLanguage ? entry.topic : undefined) : pick(entry.topic as Translations, locale);
      if (shown === undefined) delete entry.topic;
      else entry.topic = shown;
    }
  }
  (doc.meta as Record<string, unknown>).locale = locale;
  const result: Localisation = { doc: doc as unknown as BriefingDocument, diagnostics };
  if (!sameLanguage) result.translated = { language: locale, editorial, from: base };
  return result;
}

/**
 * A deep copy of plain data (what the schema returns: objects, arrays, strings, numbers,
 * booleans, null), as structuredClone makes it but several times faster, since nothing is
 * serialised. Anything else (a Date, a Map) is copied by structuredClone itself.
 */
function clonePlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = clonePlain(value[i]);
    return out;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const copy = clonePlain((value as Record<string, unknown>)[key]);
    // A key named __proto__ is data here: defined as an own property, never the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: copy, enumerable: true, writable: true, configurable: true });
    else out[key] = copy;
  }
  return out;
}

function missing(where: Location, locale: string, base: string, text: string): Diagnostic {
  const shown = text.length > 60 ? `${text.slice(0, 57)}…` : text;
  return error('BR620', where, `no ${locale} text for "${shown}"`, `write it as { ${base}: …, ${locale}: … }; a ${locale} edition prints every title, label, name and period in ${locale}`);
}
