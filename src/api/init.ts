// `briefing init`: a new briefing folder that builds at once. The files come from starter/ (a
// facts file with one commented example of each section, Markdown prose and a sample source
// text); the JSON Schema the facts file's first line points at is written beside it, so an
// editor checks the file wherever the folder lives.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BriefingInputError, error } from '../diagnostics/index.js';
import { briefingJsonSchema } from '../facts/json-schema.js';

/** The starter briefing shipped with the tool, found from this module in src/ or dist/. */
const STARTER = fileURLToPath(new URL('../../starter/', import.meta.url));
const STARTER_FACTS = 'briefing.yaml';

export interface InitResult {
  /** The facts file to build, e.g. my-briefing/my-briefing.yaml. */
  facts: string;
  /** Every file written, in order. */
  files: string[];
}

/**
 * Writes a new briefing into `dir` (created if missing; an existing folder must be empty).
 * The facts file is named after the folder, so `briefing build` writes to out/<folder>/.
 * Refuses with BR290 (nothing written) when the folder is not empty or is a file.
 */
export function initBriefing(dir: string): InitResult {
  const target = resolve(dir);
  if (existsSync(target)) {
    const stat = statSync(target);
    if (!stat.isDirectory()) throw new BriefingInputError([error('BR290', { file: dir }, 'a file of that name exists; init writes a new folder', 'name a new folder')]);
    if (readdirSync(target).length > 0) throw new BriefingInputError([error('BR290', { file: dir }, 'the folder is not empty; init writes only into a new or empty folder', 'name a new folder')]);
  }
  const id = factsName(target);
  const files: [string, string][] = [];
  const walk = (rel: string) => {
    for (const entry of readdirSync(join(STARTER, rel), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(rel, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push([path === STARTER_FACTS ? `${id}.yaml` : path, readFileSync(join(STARTER, path), 'utf8')]);
    }
  };
  walk('');
  files.push(['briefing.schema.json', `${JSON.stringify(briefingJsonSchema(), null, 2)}\n`]);
  const written: string[] = [];
  for (const [rel, text] of files) {
    const path = join(target, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text, { flag: 'wx' });
    written.push(join(dir, rel));
  }
  return { facts: join(dir, `${id}.yaml`), files: written };
}

/** The facts file's base name: the folder's name as a plain id, or "briefing". */
function factsName(target: string): string {
  const name = basename(target)
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return name || 'briefing';
}

/** Where the starter files live (for messages and tests). */
export function starterFolder(): string {
  return relative(process.cwd(), STARTER) || '.';
}
