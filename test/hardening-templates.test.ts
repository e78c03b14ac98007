// Templates are confined and bounded: realpath inside their own folder, no silent fall-back
// for a missing --templates folder or an unknown set, no dynamic partials, bounded partial
// nesting and output, each a located error with its code.
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BriefingInputError, type Diagnostic } from '../src/diagnostics/index.js';
import { loadFacts } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import { MAX_PARTIAL_DEPTH, MAX_TEMPLATE_BYTES, MAX_TEMPLATE_OUTPUT } from '../src/narrative/templates.js';
import { root, runCli } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const minimal = join(root, 'test/fixtures/minimal.yaml');

/** A facts folder with the minimal fixture (optionally changed) and its source. */
function facts(edit: (text: string) => string = (t) => t): string {
  const dir = tempDir('briefing-tpl-');
  cpSync(join(root, 'test/fixtures/minimal-source.txt'), join(dir, 'minimal-source.txt'));
  const file = join(dir, 'facts.yaml');
  writeFileSync(file, edit(readFileSync(minimal, 'utf8')));
  return file;
}

/**
 * A --templates folder with the given files (paths relative to it). When they include partials,
 * a print.hbs (unless given) renders the summary partial, which the tests replace: the default
 * prose is Markdown and uses no partials.
 */
function templates(files: Record<string, string>): string {
  const dir = tempDir('briefing-tpl-dir-');
  const usesPartials = Object.keys(files).some((name) => name.startsWith('partials/'));
  for (const [name, text] of Object.entries({ ...(usesPartials ? { 'print.hbs': '{{#summary}}\n{{> summary}}\n{{/summary}}\n' } : {}), ...files })) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function rejected(file: string, templatesDir?: string): Diagnostic[] {
  try {
    renderNarrative(loadFacts(file), templatesDir ? { templatesDir } : {});
  } catch (e) {
    if (e instanceof BriefingInputError) return [...e.diagnostics];
    throw e;
  }
  throw new Error('accepted');
}

const codes = (list: Diagnostic[]) => list.map((d) => d.code);

describe('confinement', () => {
  it('a partial or main template that links outside its folder is refused (BR250), its text never read', () => {
    for (const target of ['/etc/passwd', '/etc/hostname', join(root, 'package.json')]) {
      const dir = templates({});
      mkdirSync(join(dir, 'partials'));
      symlinkSync(target, join(dir, 'partials', 'summary.hbs'));
      const list = rejected(facts(), dir);
      expect(codes(list), target).toEqual(['BR250']);
      expect(list[0]!.file).toContain('summary.hbs');
      expect(list[0]!.message).not.toContain('root:');
    }
    const dir = templates({});
    symlinkSync('/etc/passwd', join(dir, 'print.hbs'));
    expect(codes(rejected(facts(), dir))).toEqual(['BR250']);
  });

  it('a link that stays inside the folder is fine', () => {
    const dir = templates({ 'partials/real.hbs': 'Summary written for the test.\n' });
    symlinkSync(join(dir, 'partials', 'real.hbs'), join(dir, 'partials', 'summary.hbs'));
    expect(() => renderNarrative(loadFacts(facts()), { templatesDir: dir })).not.toThrow();
  });

  it('a missing --templates folder (or a file given as one) is BR251, not a silent fall-back', () => {
    const file = facts();
    for (const dir of [join(tempDir('briefing-tpl-'), 'missing'), minimal]) expect(codes(rejected(file, dir))).toEqual(['BR251']);
    const r = runCli(['build', file, '--templates', '/nonexistent/templates', '--out', join(tempDir('briefing-tpl-'), 'out')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[BR251]');
  });

  it('an unknown meta.templates set is BR252 at its line, naming the sets there are', () => {
    for (const name of ['no-such-set', 'default-typo', 'shanghai-uk-2024']) {
      const file = facts((t) => t.replace('  date: 2024-03-01\n', `  date: 2024-03-01\n  templates: ${name}\n`));
      const list = rejected(file);
      expect(codes(list), name).toEqual(['BR252']);
      expect(list[0]!.line).toBe(5);
      expect(list[0]!.path).toBe('meta.templates');
      expect(list[0]!.message).toContain('shanghai-uk-2023');
    }
  });
});

describe('render limits', () => {
  it('a partial that includes itself stops at the depth limit (BR253), directly or through another', () => {
    for (const files of [{ 'partials/summary.hbs': 'Again {{> summary}}' }, { 'partials/summary.hbs': 'A {{> other}}', 'partials/other.hbs': 'B {{> summary}}' }]) {
      const list = rejected(facts(), templates(files));
      expect(codes(list)).toEqual(['BR253']);
      expect(list[0]!.message).toContain(String(MAX_PARTIAL_DEPTH));
    }
  });

  it('dynamic partials are refused where they are written (BR254)', () => {
    for (const text of ['Text {{> (lookup . "name")}}', 'Line one\n{{#> (concat "sum" "mary")}}x{{/undefined}}', '{{> (meta.title)}}']) {
      const list = rejected(facts(), templates({ 'partials/summary.hbs': text }));
      expect(codes(list), text).toContain('BR254');
      expect(list.find((d) => d.code === 'BR254')!.line).toBeGreaterThan(0);
    }
  });

  it('a template file over the size limit is BR255', () => {
    const list = rejected(facts(), templates({ 'partials/summary.hbs': 'word '.repeat(MAX_TEMPLATE_BYTES / 5 + 10) }));
    expect(codes(list)).toEqual(['BR255']);
  });

  it('templates producing more text than the limit stop with BR256 (nested repetition)', () => {
    const chunk = 'A sentence of prose repeated to make a very long briefing on purpose. '.repeat(100);
    const files = { 'partials/chunk.hbs': chunk, 'partials/ten.hbs': '{{> chunk}}'.repeat(10), 'partials/hundred.hbs': '{{> ten}}'.repeat(10), 'partials/summary.hbs': '{{> hundred}}'.repeat(Math.ceil(MAX_TEMPLATE_OUTPUT / (chunk.length * 100)) + 1) };
    const list = rejected(facts(), templates(files));
    expect(codes(list)).toEqual(['BR256']);
    expect(list[0]!.file).toMatch(/\.hbs$/);
  });
});
