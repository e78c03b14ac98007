// The registry of diagnostic codes (src/diagnostics/codes.ts) is the single list: every code
// the source uses is registered inside its own block, every registered code is used, and the
// README's table says exactly what the registry says. When one of these fails, its message
// says which lines to add or remove, so an engineer adding codes can fix it by copying them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES } from '../src/diagnostics/codes.js';
import { annotation, jsonDocument } from '../src/cli/report.js';
import { error, formatDiagnostic, warning } from '../src/diagnostics/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const REGISTRY = readFileSync(join(ROOT, 'src/diagnostics/codes.ts'), 'utf8');

/** The README row for a code, exactly as it must read. */
const row = (code: string, meaning: string) => `| ${code} | ${meaning.replace(/\|/g, '\\|')} |`;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('diagnostic codes', () => {
  it('are all of the form BR000 and registered inside the block their number belongs to', () => {
    const misplaced: string[] = [];
    let block: [number, number] | undefined;
    for (const line of REGISTRY.slice(REGISTRY.indexOf('export const CODES')).split('\n')) {
      const head = /^\s*\/\/ BR(\d{3})–BR(\d{3})/.exec(line);
      if (head) block = [Number(head[1]), Number(head[2])];
      const entry = /^\s*(BR\d{3}):/.exec(line);
      if (!entry) continue;
      const n = Number(entry[1]!.slice(2));
      if (!block || n < block[0] || n > block[1]) misplaced.push(`${entry[1]} is registered under the block BR${block?.[0]}–BR${block?.[1]}; move it to its own block's comment`);
    }
    expect(misplaced).toEqual([]);
    for (const code of Object.keys(CODES)) expect(code).toMatch(/^BR\d{3}$/);
  });

  it('used in src/ are registered, and registered codes are used', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'src'))) {
      if (file.endsWith(join('diagnostics', 'codes.ts'))) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/['"`](BR\d{3})['"`]/g)) used.add(m[1]!);
    }
    const unregistered = [...used].filter((c) => !(c in CODES)).sort();
    const unused = Object.keys(CODES).filter((c) => !used.has(c));
    expect(unregistered, 'add these codes to src/diagnostics/codes.ts, each inside its block with a one-line meaning').toEqual([]);
    expect(unused, 'these codes are registered but no diagnostic in src/ uses them').toEqual([]);
  });

  it('are listed in the README table, exactly as registered', () => {
    const start = README.indexOf('<!-- codes:start -->');
    const end = README.indexOf('<!-- codes:end -->');
    expect(start, 'README.md needs its "Diagnostic codes" table between <!-- codes:start --> and <!-- codes:end -->').toBeGreaterThan(0);
    const table = README.slice(start, end).split('\n').filter((l) => /^\| BR\d{3} \|/.test(l));
    const expected = Object.entries(CODES)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([code, meaning]) => row(code, meaning));
    const missing = expected.filter((l) => !table.includes(l));
    const extra = table.filter((l) => !expected.includes(l));
    expect({ 'add these rows to the README table (in code order)': missing, 'remove these rows from the README table': extra }).toEqual({
      'add these rows to the README table (in code order)': [],
      'remove these rows from the README table': [],
    });
    expect(table, 'the README table is in code order').toEqual(expected);
  });

  it('travel with every diagnostic: the text line, the JSON document and the GitHub annotation', () => {
    const e = error('BR132', { file: 'facts.yaml', line: 12, column: 5, path: 'facts.x.quote' }, 'the quote is not found', 'copy the passage exactly');
    const w = warning('BR210', { file: 'facts.yaml', line: 3, column: 1, path: 'facts.y' }, 'not used');
    expect(formatDiagnostic(e)).toBe('facts.yaml:12:5 error[BR132]: facts.x.quote: the quote is not found\n  hint: copy the passage exactly');
    expect(formatDiagnostic(w)).toBe('facts.yaml:3:1 warning[BR210]: facts.y: not used');
    expect(annotation(e)).toBe('::error file=facts.yaml,line=12,col=5,title=BR132::facts.x.quote: the quote is not found');
    expect(annotation(w)).toBe('::warning file=facts.yaml,line=3,col=1,title=BR210::facts.y: not used');
    const doc = jsonDocument([{ file: 'facts.yaml', id: 'facts', status: 'invalid', outputs: [], warnings: [w], errors: [e], timings: {}, totalMs: 1 }]);
    expect(doc.errors).toEqual([{ code: 'BR132', severity: 'error', file: 'facts.yaml', line: 12, column: 5, path: 'facts.x.quote', message: 'the quote is not found', hint: 'copy the passage exactly' }]);
    expect(doc.warnings[0]).toMatchObject({ code: 'BR210', severity: 'warning' });
  });
});
