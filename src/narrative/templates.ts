// Finding templates: each file is looked up in the --templates folder, then in the briefing's
// named template set (templates/<meta.templates>/), then in templates/default/. Partials are
// every partials/*.hbs visible through the same lookup.
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
}

export interface TemplateSet {
  folders: string[];
  main(name: string): TemplateFile | undefined;
  partials(): TemplateFile[];
}

export function templateSet(setName: string | undefined, overrideDir: string | undefined): TemplateSet {
  const folders = [overrideDir, setName ? join(BUILTIN_TEMPLATES, setName) : undefined, join(BUILTIN_TEMPLATES, 'default')].filter(
    (f): f is string => f !== undefined && existsSync(f),
  );
  const cache = new Map<string, TemplateFile | undefined>();
  const find = (rel: string): TemplateFile | undefined => {
    if (cache.has(rel)) return cache.get(rel);
    let found: TemplateFile | undefined;
    for (const folder of folders) {
      const path = join(folder, rel);
      if (existsSync(path)) {
        found = { name: rel, file: display(path), source: sanitise(readFileSync(path, 'utf8')) };
        break;
      }
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
