// Finding templates: each file is looked up in the --templates folder, then in the briefing's
// named template set (templates/<meta.templates>/), then in templates/default/. Partials are
// every partials/*.hbs visible through the same lookup. An edition in another language looks
// first in each folder's subfolder named by its locale (zh-CN/) or language (zh/).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sanitise } from './inline.js';

/** The built-in templates folder, found from this module in src/ or dist/. */
export const BUILTIN_TEMPLATES = fileURLToPath(new URL('../../templates/', import.meta.url));

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

export function templateSet(setName: string | undefined, overrideDir: string | undefined, locale?: string): TemplateSet {
  const bases = [overrideDir, setName ? join(BUILTIN_TEMPLATES, setName) : undefined, join(BUILTIN_TEMPLATES, 'default')];
  const subfolders = locale ? [...new Set([locale, locale.split('-')[0]!])] : [];
  const localeOf = new Map<string, string>();
  // Every folder's locale subfolder comes before any folder's own files, so an edition never
  // mixes a set's English prose with Chinese chrome while a Chinese template exists.
  const localeFolders = bases.flatMap((b) => (b === undefined ? [] : subfolders.map((l) => { const f = join(b, l); localeOf.set(f, l); return f; })));
  const folders = [...localeFolders, ...bases].filter((f): f is string => f !== undefined && existsSync(f));
  const cache = new Map<string, TemplateFile | undefined>();
  const find = (rel: string): TemplateFile | undefined => {
    if (cache.has(rel)) return cache.get(rel);
    let found: TemplateFile | undefined;
    for (const folder of folders) {
      const path = join(folder, rel);
      if (existsSync(path)) {
        found = { name: rel, file: display(path), source: sanitise(readFileSync(path, 'utf8')), ...(localeOf.has(folder) ? { locale: localeOf.get(folder)! } : {}) };
        break;
      }
    }
    cache.set(rel, found);
    return found;
  };
  return {
    folders,
    main: (name) => find(`${name}.hbs`),
    partials() {
      const names = new Set<string>();
      for (const folder of folders) {
        const dir = join(folder, 'partials');
        if (!existsSync(dir)) continue;
        for (const f of readdirSync(dir).sort()) if (f.endsWith('.hbs')) names.add(basename(f, '.hbs'));
      }
      return [...names].sort().map((n) => find(join('partials', `${n}.hbs`))!);
    },
  };
}

function display(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
