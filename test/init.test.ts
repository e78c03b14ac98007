// `briefing init`: a new briefing folder that validates and builds at once, through the CLI
// as a new user runs it; a non-empty folder is refused by code with nothing written.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { initBriefing } from '../src/api/index.js';
import { loadFacts, TOP_LEVEL_KEYS } from '../src/facts/index.js';
import { renderNarrative } from '../src/narrative/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { pdftotext, tempDir } from './helpers/pdf.js';
import { runCli } from './helpers/cli.js';

describe('briefing init', () => {
  it('writes a folder that builds at once: init, then build, both through the CLI', () => {
    const dir = join(tempDir('briefing-init-'), 'harbour-brief');
    const init = runCli(['init', dir]);
    expect(init.status, init.stderr).toBe(0);
    const facts = join(dir, 'harbour-brief.yaml');
    expect(init.stdout.trim().split('\n').sort()).toEqual(
      [facts, join(dir, 'print.md'), join(dir, 'slides.md'), join(dir, 'sources/sample-release.txt'), join(dir, 'briefing.schema.json')].sort(),
    );
    const out = tempDir('briefing-init-out-');
    const build = runCli(['build', facts, '--out', out, '--json']);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    const report = JSON.parse(build.stdout) as { ok: boolean; warnings: unknown[]; outputs: { path: string; pages: number }[] };
    expect(report.ok).toBe(true);
    expect(report.warnings).toEqual([]);
    expect(report.outputs.map((o) => o.path.split('/').slice(-2).join('/'))).toEqual(['harbour-brief/briefing.pdf', 'harbour-brief/slides.pdf']);
    const text = pdftotext(join(out, 'harbour-brief/briefing.pdf')).replace(/\s+/g, ' ');
    // The Markdown prose beside the facts file, with figures from the facts.
    expect(text).toContain('Cargo rose from 3.5 million tonnes in 2022 to 4.2 million tonnes in 2023');
    expect(text).toContain('Works at the port');
    expect(pdftotext(join(out, 'harbour-brief/slides.pdf'))).toContain('Key figures');
  });

  it('writes a facts file with its schema line and a commented example of every section', () => {
    const dir = join(tempDir('briefing-init-'), 'x');
    const { facts } = initBriefing(dir);
    const source = readFileSync(facts, 'utf8');
    expect(source.split('\n')[0]).toBe('# yaml-language-server: $schema=./briefing.schema.json');
    const schema = JSON.parse(readFileSync(join(dir, 'briefing.schema.json'), 'utf8')) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties).sort()).toEqual([...TOP_LEVEL_KEYS].sort());
    const doc = parseYaml(source) as Record<string, unknown>;
    expect(Object.keys(doc).sort()).toEqual([...TOP_LEVEL_KEYS].sort());
    // Every section is introduced by a comment line naming it.
    for (const key of TOP_LEVEL_KEYS) expect(source, key).toMatch(new RegExp(`^# ── ${key}: .+$`, 'm'));
    // The sample source text says it is a sample.
    expect(readFileSync(join(dir, 'sources/sample-release.txt'), 'utf8').split('\n')[0]).toMatch(/^SAMPLE TEXT/);
    const loaded = loadFacts(facts);
    expect(loaded.warnings).toEqual([]);
    expect(renderNarrative(loaded).warnings).toEqual([]);
  });

  it('refuses a folder that is not empty (BR290) and writes nothing', () => {
    const dir = tempDir('briefing-init-full-');
    writeFileSync(join(dir, 'notes.txt'), 'mine\n');
    const r = runCli(['init', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('BR290');
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    const file = join(dir, 'notes.txt');
    try {
      initBriefing(file);
      expect.unreachable();
    } catch (e) {
      expect((e as BriefingInputError).diagnostics.map((d) => d.code)).toEqual(['BR290']);
    }
    // An empty folder that exists is fine.
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(initBriefing(empty).facts).toBe(join(empty, 'empty.yaml'));
  });
});
