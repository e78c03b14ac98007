// zod issues -> located diagnostics with messages an analyst can act on:
// "expected a number, got \"24.21bn\"", "unknown key `fatcs` (did you mean `facts`?)".
import type { z } from 'zod';
import { BriefingDocument, type BriefingSourceDocument, Chart, Derived, Equivalence, Event, Fact, Id, Meta, Organisation, Person, Place, Source } from './schema.js';
import { error, type Diagnostic } from '../diagnostics/index.js';
import type { ParsedFile, PathKey } from './parse.js';
import { closest } from './suggest.js';

export type ValidationResult = { ok: true; doc: BriefingSourceDocument } | { ok: false; diagnostics: Diagnostic[] };

export function validateDocument(parsed: ParsedFile): ValidationResult {
  const data = parsed.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      diagnostics: [error('BR115', { file: parsed.file, ...parsed.locate([]) }, `expected a map with meta, sources and facts at the top level, got ${describe(data)}`)],
    };
  }
  const result = BriefingDocument.safeParse(data, { reportInput: true });
  if (result.success) return { ok: true, doc: result.data };
  const issues = result.error.issues;

  // A misspelt key reads better as one "did you mean" than as that plus "missing `facts`".
  const suggested = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const path = cleanPath(issue.path);
    const known = knownKeys(path);
    for (const key of issue.keys) {
      const hint = closest(key, known);
      if (hint) suggested.add(JSON.stringify([...path, hint]));
    }
  }

  const diagnostics: Diagnostic[] = [];
  for (const issue of issues) {
    if (isMissing(issue) && suggested.has(JSON.stringify(cleanPath(issue.path)))) continue;
    diagnostics.push(...toDiagnostics(issue, parsed));
  }
  return { ok: false, diagnostics };
}

function cleanPath(path: readonly PropertyKey[]): PathKey[] {
  return path.filter((k): k is PathKey => typeof k !== 'symbol');
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return (issue.code === 'invalid_type' || issue.code === 'invalid_union') && issue.input === undefined;
}

function toDiagnostics(issue: z.core.$ZodIssue, parsed: ParsedFile): Diagnostic[] {
  const path = cleanPath(issue.path);
  const make = (p: readonly PathKey[], message: string, at: 'key' | 'value' = 'value', code = codeFor(issue)): Diagnostic =>
    error(code, { file: parsed.file, ...parsed.locate(p, at), path: p.join('.') }, message);

  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(path);
    return issue.keys.map((key) => {
      const hint = closest(key, known);
      const suggestion = hint ? ` (did you mean \`${hint}\`?)` : known.length ? ` (expected one of: ${known.join(', ')})` : '';
      return make([...path, key], `unknown key \`${key}\`${suggestion}`, 'key', 'BR116');
    });
  }
  if (isMissing(issue)) {
    const field = path[path.length - 1];
    const parent = path.slice(0, -1);
    // A missing list item (a short tuple) is reported on the list; a missing key on its map's key.
    if (typeof field === 'number') return [make(parent, `expected ${field + 1} or more items, got ${field}`, 'value', 'BR122')];
    return [make(parent, `missing required key \`${String(field)}\``, 'key', 'BR117')];
  }
  if (issue.code === 'invalid_key') {
    // A record key (an id) that breaks the id rule: point at the key itself.
    const inner = issue.issues[0];
    const rule = inner?.message.startsWith('expected') ? inner.message : 'expected an id';
    return [make(path, `${rule}, got ${describe(issue.input)}`, 'key', 'BR120')];
  }
  if (issue.code === 'custom' && typeof issue.input === 'object' && issue.input !== null) {
    // A rule over a whole map (e.g. an event's dates): point at the map's key.
    return [make(path, messageFor(issue), 'key', 'BR123')];
  }
  return [make(path, messageFor(issue))];
}

/** The stable code of a schema problem, by the kind of zod issue. */
function codeFor(issue: z.core.$ZodIssue): string {
  // The briefing's locale is a fonts-and-locales matter: only supported locales print right.
  if (issue.path.length === 2 && issue.path[0] === 'meta' && issue.path[1] === 'locale' && issue.code === 'custom') return 'BR601';
  switch (issue.code) {
    case 'unrecognized_keys':
      return 'BR116';
    case 'invalid_type':
      return 'BR118';
    case 'invalid_value':
      return 'BR119';
    case 'invalid_key':
      return 'BR120';
    case 'too_small':
    case 'too_big':
      return 'BR122';
    case 'invalid_union':
      // Printed text (text, or one text per language) given a number or yes/no: the wrong type.
      if ('input' in issue && issue.input !== null && typeof issue.input !== 'object' && issue.errors.flat().some((i) => i.code === 'invalid_type' && i.expected === 'string')) return 'BR118';
      return 'BR121';
    default:
      // Formats (dates, ids, URLs), unions of formats (a unit), custom rules on a value.
      return 'BR121';
  }
}

function messageFor(issue: z.core.$ZodIssue): string {
  const input = 'input' in issue ? issue.input : undefined;
  const got = 'input' in issue ? `, got ${describe(input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (issue.expected === 'number' && typeof input === 'number') return `expected a finite number${got}`;
      if (issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
        return `expected text${got} (YAML reads it as a ${typeof input}; put it in quotes: "${String(input)}")`;
      }
      return `expected ${article(issue.expected)}${got}`;
    case 'invalid_value': {
      const hint = typeof input === 'string' ? closest(input, issue.values.map(String)) : undefined;
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ''}`;
    }
    case 'invalid_union': {
      // Printed text is text or one text per language: a number or a yes/no where text is
      // expected reads as the text branch's message, with its hint to quote it.
      const textBranch = issue.errors.flat().find((i) => i.code === 'invalid_type' && i.expected === 'string');
      if (textBranch && (input === null || typeof input !== 'object')) return messageFor({ ...textBranch, input } as z.core.$ZodIssue);
      // Report the branch that got furthest: for a unit "EURO" that is the currency-code rule.
      const branchIssues = issue.errors.flat().filter((i) => i.code !== 'invalid_type' && i.code !== 'invalid_value');
      const best = branchIssues[branchIssues.length - 1];
      return best ? `${best.message}${got}` : `${issue.message}${got}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}, got ${Array.isArray(input) ? input.length : describe(input)}`;
      if (issue.origin === 'string') return `${issue.message.startsWith('expected') ? issue.message : `expected at least ${issue.minimum} characters`}${got}`;
      return `expected ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} items, got ${Array.isArray(input) ? input.length : describe(input)}`;
      return `expected ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}${got}`;
    default:
      // Custom rules may already say what they got.
      return issue.message.includes(', got ') ? issue.message : `${issue.message}${got}`;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = { number: 'a number', string: 'text', object: 'a map', record: 'a map', array: 'a list', tuple: 'a list', boolean: 'true or false', int: 'a whole number' };
  return names[expected] ?? expected;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Map) return 'a Map';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  return String(value);
}

/** The keys the schema allows at `path`, for "did you mean" suggestions. */
function knownKeys(path: readonly PathKey[]): string[] {
  // zod's internal definitions are untyped across schema kinds; we only read `type`,
  // `shape`, `valueType`, `element` and `innerType`, which every zod 4 schema of those kinds has.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let schema: any = BriefingDocument;
  const unwrap = () => {
    while (schema?._zod?.def && ['optional', 'default', 'pipe', 'nullable', 'prefault'].includes(schema._zod.def.type)) {
      schema = schema._zod.def.innerType ?? schema._zod.def.in;
    }
  };
  unwrap();
  for (const key of path) {
    const def = schema?._zod?.def;
    if (!def) return [];
    if (def.type === 'object') schema = def.shape[key as string];
    else if (def.type === 'record') schema = def.valueType;
    else if (def.type === 'array') schema = def.element;
    else return [];
    unwrap();
  }
  const def = schema?._zod?.def;
  return def?.type === 'object' ? Object.keys(def.shape) : [];
}

/** The valid part of a document that failed the schema, for the checks that can still run. */
export interface Salvaged {
  /** As written, translations included (the facts stage picks the edition's language). */
  doc: BriefingSourceDocument;
  /** Dotted paths of the entries left out because they have errors. */
  skipped: string[];
  /** Ids of entries left out: references to them are not reported as unknown. */
  invalidIds: Set<string>;
  /** Sources cited by entries left out, so they are not reported as never cited. */
  citedBySkipped: Set<string>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Keeps every entry that is valid on its own, so that references, quotes, figures and
 * formulas can be checked in the same run as the schema errors. Undefined when the top level
 * or meta (whose date and locale the checks need) is broken.
 */
export function salvage(data: unknown): Salvaged | undefined {
  if (!isRecord(data) || !Meta.safeParse(data.meta).success) return undefined;
  // A missing or misspelt section (`fatcs`) would make every reference to it look unknown.
  if (!isRecord(data.sources) || !isRecord(data.facts) || Object.keys(data).some((k) => !(k in BriefingDocument.shape))) return undefined;
  const skipped: string[] = [];
  const invalidIds = new Set<string>();
  const citedBySkipped = new Set<string>();
  const keep = (path: string[], schema: z.ZodType, value: unknown): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    if (value === undefined) return out;
    if (!isRecord(value)) {
      skipped.push(path.join('.'));
      return out;
    }
    for (const [id, entry] of Object.entries(value)) {
      if (Id.safeParse(id).success && schema.safeParse(entry).success) out[id] = entry;
      else {
        skipped.push([...path, id].join('.'));
        invalidIds.add(id);
        if (isRecord(entry) && typeof entry.source === 'string') citedBySkipped.add(entry.source);
      }
    }
    return out;
  };
  const keepList = (path: string, schema: z.ZodType, value: unknown): unknown[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      skipped.push(path);
      return [];
    }
    return value.filter((v, i) => schema.safeParse(v).success || (skipped.push(`${path}.${i}`), false));
  };
  const entities = isRecord(data.entities) ? data.entities : {};
  if (data.entities !== undefined && !isRecord(data.entities)) skipped.push('entities');
  const partial = {
    meta: data.meta,
    sources: keep(['sources'], Source, data.sources),
    entities: {
      people: keep(['entities', 'people'], Person, entities.people),
      organisations: keep(['entities', 'organisations'], Organisation, entities.organisations),
      places: keep(['entities', 'places'], Place, entities.places),
    },
    facts: keep(['facts'], Fact, data.facts),
    derived: keep(['derived'], Derived, data.derived),
    equivalents: keepList('equivalents', Equivalence, data.equivalents),
    events: keep(['events'], Event, data.events),
    charts: keep(['charts'], Chart, data.charts),
    keyFigures: keepList('keyFigures', Id, data.keyFigures),
  };
  const result = BriefingDocument.safeParse(partial);
  return result.success ? { doc: result.data, skipped, invalidIds, citedBySkipped } : undefined;
}
