// The import graph keeps the pipeline's hand-offs honest: writers see only layout's output
// types and shared modules, no one reaches into a stage's internals (only its entry file),
// and shared modules depend on no stage. Read from the sources, so a new file is covered.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../src');

/** Stage folders and the files other folders may import from them. */
const ENTRIES: Record<string, readonly string[]> = {
  // json-schema.ts is loaded on demand by `briefing schema` (zod's JSON Schema emitter).
  facts: ['index.ts', 'json-schema.ts'],
  // email.ts renders the e-mail bodies, a second output of the same stage.
  narrative: ['index.ts', 'email.ts'],
  // png.ts is loaded on demand (raster previews), so it is an entry of its own.
  charts: ['index.ts', 'png.ts'],
  layout: ['index.ts'],
  pdf: ['index.ts'],
  pptx: ['index.ts'],
};
const WRITERS = ['pdf', 'pptx'];
const SHARED = ['fonts', 'format', 'diagnostics', 'digest', 'graphics', 'geo'];

interface Edge {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

function edges(): Edge[] {
  const out: Edge[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, 'utf8');
    const re = /^\s*(import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/gm;
    for (const m of text.matchAll(re)) {
      const spec = m[3] ?? m[4]!;
      const target = resolve(dirname(file), spec).replace(/\.js$/, '.ts');
      out.push({ from: relative(SRC, file), to: relative(SRC, target), typeOnly: m[2] !== undefined });
    }
  }
  return out;
}

const folder = (path: string) => path.split('/')[0]!;
const inFolder = (path: string) => path.split('/').slice(1).join('/');

describe('import graph', () => {
  const all = edges();
  const crossing = all.filter((e) => folder(e.from) !== folder(e.to));

  it('finds the pipeline imports it is meant to check', () => {
    // Guards the parser: if these are missing, the rules below would pass vacuously.
    expect(crossing.some((e) => e.from.startsWith('api/') && e.to === 'layout/index.ts')).toBe(true);
    expect(crossing.some((e) => e.from.startsWith('pdf/') && e.to === 'layout/index.ts')).toBe(true);
    expect(crossing.some((e) => e.from.startsWith('charts/') && e.to.startsWith('graphics/'))).toBe(true);
  });

  it('writers import only layout (its entry) and shared modules', () => {
    const bad = crossing.filter((e) => WRITERS.includes(folder(e.from)) && !(e.to === 'layout/index.ts' || SHARED.includes(folder(e.to))));
    expect(bad).toEqual([]);
  });

  it('no folder reaches into a stage past its entry file', () => {
    const bad = crossing.filter((e) => folder(e.to) in ENTRIES && !ENTRIES[folder(e.to)]!.includes(inFolder(e.to)));
    expect(bad).toEqual([]);
  });

  it('stages hand off forward only: layout never sees facts or writers, charts never sees layout', () => {
    const forbidden: Record<string, string[]> = {
      facts: ['narrative', 'charts', 'layout', 'pdf', 'pptx', 'api'],
      narrative: ['charts', 'layout', 'pdf', 'pptx', 'api'],
      charts: ['facts', 'layout', 'pdf', 'pptx', 'api'],
      layout: ['facts', 'charts', 'pdf', 'pptx', 'api'],
    };
    const bad = crossing.filter((e) => forbidden[folder(e.from)]?.includes(folder(e.to)));
    expect(bad).toEqual([]);
  });

  it('the service is a face over the api: it imports only the api and shared modules', () => {
    const bad = crossing.filter((e) => folder(e.from) === 'service' && folder(e.to) !== 'api' && !SHARED.includes(folder(e.to)));
    expect(crossing.some((e) => e.from.startsWith('service/') && e.to.startsWith('api/'))).toBe(true);
    expect(bad).toEqual([]);
  });

  it('shared modules import no stage or face at run time', () => {
    // Type-only imports vanish from the compiled code; src/format still borrows the unit
    // types from the facts schema that way.
    const bad = crossing.filter((e) => SHARED.includes(folder(e.from)) && !SHARED.includes(folder(e.to)) && !e.typeOnly);
    expect(bad).toEqual([]);
  });
});
