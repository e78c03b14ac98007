// Finding templates: each file is looked up in the --templates folder, then in the briefing's
// named template set (templates/<meta.templates>/), then in templates/default/. Partials are
// every partials/*.hbs visible through the same lookup. An edition in another language looks
// first in each folder's subfolder named by its locale (zh-CN/) or language (zh/).
//
// Confinement and limits: every file is resolved with realpath and must stay inside its own
// template folder (a partial that is a symlink to /etc/passwd is an error, not a page of the
// briefing); a --templates folder that does not exist, or a meta.templates set that is not
// there, is a located error rather than a silent fall-back to the defaults; template files
// are size-bounded, dynamic partials (`{{> (expr)}}`) are refused where they are written,
// and at render time partial nesting and the text produced are bounded (guardPartials).
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { BriefingInputError, error, type Diagnostic, type Location } from '../diagnostics/index.js';
import { sanitise } from './inline.js';
import { TemplateError } from './helpers.js';

/** The built-in templates folder, found from this module in src/ or dist/. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

/** Largest template file read; real ones are a few KB. */
export const MAX_TEMPLATE_BYTES = 256 * 1024;
/** Deepest nesting of partials inside partials at render time. */
export const MAX_PARTIAL_DEPTH = 32;
/** Most text (in characters) all templates may produce for one briefing. */
export const MAX_TEMPLATE_OUTPUT = 2_000_000;

export interface TemplateFile {
  name: string;
  /** Path for messages, relative to the working directory when possible. */
  file: string;
  /** The template text, without private-use characters (those are the narrative's tokens). */
  source: string;
  /** The locale subfolder it was found in (zh-CN), when it came from one. */
  locale?: string;
}

export interface TemplateSet {
  folders: string[];
  main(name: string): TemplateFile | undefined;
  partials(): TemplateFile[];
}

/**
 * A limit a template hits while rendering, with its code. A TemplateError, so the helpers'
 * error handling passes it through unchanged to the renderer, which reports it as is.
 */
export class TemplateLimitError extends TemplateError {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = 'TemplateLimitError';
  }
}

// Links are resolved with the native realpath: one system call, where the JavaScript one lstats
// every component of the path, and a build resolves a dozen template paths.
function realFolder(path: string): string | undefined {
  try {
    // A missing folder is the usual case (no partials/, no zh-CN/): answered without an exception.
    return statSync(path, { throwIfNoEntry: false })?.isDirectory() ? realpathSync.native(path) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The template folders for a briefing. `where` locates meta.templates in the facts file for
 * messages. Throws BriefingInputError for a missing --templates folder or an unknown set.
 */
export function templateSet(setName: string | undefined, overrideDir: string | undefined, where: Location = { file: 'meta.templates' }, locale?: string): TemplateSet {
  const problems: Diagnostic[] = [];
  const bases: string[] = [];
  if (overrideDir !== undefined) {
    const real = realFolder(overrideDir);
    if (real) bases.push(real);
    else problems.push(error('BR251', { file: overrideDir }, `the templates folder ${JSON.stringify(overrideDir)} does not exist or is not a folder`, 'check --templates; without it the built-in templates are used'));
  }
  if (setName !== undefined) {
    const builtins = realFolder(BUILTIN_TEMPLATES);
    // The named set is looked for among the folder's entries (so its name matches exactly);
    // the others are only stat'ed to list them when it is not there.
    const names = builtins ? readdirSync(builtins) : [];
    const chosen = setName !== 'default' && names.includes(setName) ? realFolder(join(builtins!, setName)) : undefined;
    if (chosen === undefined) {
      const known = names.filter((n) => realFolder(join(builtins!, n)) !== undefined && n !== 'default');
      problems.push(error('BR252', where, `there is no template set ${JSON.stringify(setName)}${known.length ? `; the sets are ${known.map((k) => JSON.stringify(k)).join(', ')}` : ''}`, 'remove meta.templates to use the default templates, or give --templates a folder'));
    } else {
      bases.push(chosen);
    }
  }
  if (problems.length) throw new BriefingInputError(problems);
  const fallback = realFolder(join(BUILTIN_TEMPLATES, 'default'));
  if (fallback) bases.push(fallback);

  const subfolders = locale ? [...new Set([locale, locale.split('-')[0]!])] : [];
  const localeOf = new Map<string, string>();
  // Every folder's locale subfolder comes before any folder's own files, so an edition never
  // mixes a set's English prose with Chinese chrome while a Chinese template exists. A locale
  // subfolder is confined like its folder (resolved with realpath, files must stay inside it).
  const localeFolders = bases.flatMap((b) =>
    subfolders.flatMap((l) => {
      const f = realFolder(join(b, l));
      if (f === undefined || relative(b, f).startsWith('..')) return [];
      localeOf.set(f, l);
      return [f];
    }),
  );
  const folders = [...localeFolders, ...bases];
  const cache = new Map<string, TemplateFile | undefined>();
  const find = (rel: string): TemplateFile | undefined => {
    if (cache.has(rel)) return cache.get(rel);
    let found: TemplateFile | undefined;
    for (const folder of folders) {
      const path = join(folder, rel);
      let real: string;
      try {
        real = realpathSync.native(path);
      } catch {
        continue; // not in this folder (or a dangling link): look in the next one
      }
      const inside = relative(folder, real);
      if (inside.startsWith('..') || isAbsolute(inside)) {
        throw new BriefingInputError([error('BR250', { file: display(path) }, `the template ${JSON.stringify(rel)} is a link to ${JSON.stringify(real)}, outside its templates folder ${JSON.stringify(display(folder))}`, 'copy the file into the templates folder instead of linking to it')]);
      }
      const stat = statSync(real);
      if (!stat.isFile()) throw new BriefingInputError([error('BR250', { file: display(path) }, `the template ${JSON.stringify(rel)} is not a file`)]);
      if (stat.size > MAX_TEMPLATE_BYTES) throw new BriefingInputError([error('BR255', { file: display(path) }, `the template is ${stat.size.toLocaleString('en')} bytes; the limit is ${MAX_TEMPLATE_BYTES.toLocaleString('en')}`)]);
      found = { name: rel, file: display(path), source: sanitise(readFileSync(real, 'utf8')), ...(localeOf.has(folder) ? { locale: localeOf.get(folder)! } : {}) };
      refuseDynamicPartials(found);
      break;
    }
    cache.set(rel, found);
    return found;
  };
  return {
    folders,
    main(name) {
      // Markdown prose (print.md) is taken before a template (print.hbs) of the same folder;
      // the first folder holding either wins.
      for (const folder of folders) {
        for (const rel of [`${name}.md`, `${name}.hbs`]) if (existsSync(join(folder, rel))) return find(rel);
      }
      return undefined;
    },
    partials() {
      const names = new Set<string>();
      for (const folder of folders) {
        const dir = join(folder, 'partials');
        if (!realFolder(dir)) continue;
        for (const f of readdirSync(dir).sort()) if (f.endsWith('.hbs')) names.add(basename(f, '.hbs'));
      }
      return [...names]
        .sort()
        .map((n) => find(join('partials', `${n}.hbs`)))
        .filter((t): t is TemplateFile => t !== undefined);
    },
  };
}

/**
 * `{{> (lookup . "x")}}` picks a partial by a value computed at render time, which no static
 * check can follow (it ends as "The partial undefined could not be found"). Refused where it
 * is written.
 */
// Sources already found free of dynamic partials: parsing a template is most of this check's
// cost, and a rebuild reads the same templates again. Keyed by the source itself; bounded.
const withoutDynamicPartials = new Set<string>();

function refuseDynamicPartials(t: TemplateFile): void {
  if (withoutDynamicPartials.has(t.source)) return;
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(t.source);
  } catch {
    return; // a syntax error is reported, located, by the template check
  }
  const found: Diagnostic[] = [];
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: string; name?: { type?: string }; loc?: { start: { line: number; column: number } } };
    if ((n.type === 'PartialStatement' || n.type === 'PartialBlockStatement') && n.name?.type === 'SubExpression') {
      found.push(error('BR254', { file: t.file, line: n.loc?.start.line ?? 0, column: (n.loc?.start.column ?? 0) + 1 }, 'a dynamic partial `{{> (…)}}` is not allowed: name the partial, e.g. {{> figures}}'));
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) value.forEach(visit);
      else if (value && typeof value === 'object' && value !== n.loc) visit(value);
    }
  };
  visit(ast);
  if (found.length) throw new BriefingInputError(found);
  if (withoutDynamicPartials.size >= 500) withoutDynamicPartials.clear();
  withoutDynamicPartials.add(t.source);
}

/**
 * Wraps partials so a render is bounded: partials nested deeper than MAX_PARTIAL_DEPTH (a
 * partial that includes itself) and more than MAX_TEMPLATE_OUTPUT characters of output in
 * all stop with a TemplateLimitError naming the partial, instead of a stack overflow or
 * thousands of pages. `budget` is shared by one build's templates.
 */
export function guardPartials<F extends (context: unknown, options?: Handlebars.RuntimeOptions) => string>(partials: Record<string, F>, files: Record<string, string>, budget = { depth: 0, output: 0 }): { partials: Record<string, F>; count(text: string, file: string): void } {
  const count = (text: string, file: string) => {
    budget.output += text.length;
    if (budget.output > MAX_TEMPLATE_OUTPUT) {
      throw new TemplateLimitError(error('BR256', { file }, `the templates produce more than ${MAX_TEMPLATE_OUTPUT.toLocaleString('en')} characters of text; the limit keeps a briefing to a few hundred pages`, 'look for a loop or a partial repeated more than intended'));
    }
  };
  const guarded: Record<string, F> = {};
  for (const [name, fn] of Object.entries(partials)) {
    guarded[name] = ((context: unknown, options?: Handlebars.RuntimeOptions) => {
      if (budget.depth >= MAX_PARTIAL_DEPTH) {
        throw new TemplateLimitError(error('BR253', { file: files[name] ?? name }, `partials are nested more than ${MAX_PARTIAL_DEPTH} deep here (does "${name}" include itself?)`, 'a partial must not include itself, directly or through others'));
      }
      budget.depth++;
      try {
        const text = fn(context, options);
        count(text, files[name] ?? name);
        return text;
      } finally {
        budget.depth--;
      }
    }) as F;
  }
  return { partials: guarded, count };
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
