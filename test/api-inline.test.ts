// The api with facts as text and sources given inline (as the service calls it): located
// messages for the text, no file read for a source, and the same output as from the path.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefing, validateBriefing, type FactsText } from '../src/api/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { root } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const factsPath = join(root, 'data/example-renewables.yaml');
const facts = readFileSync(factsPath, 'utf8');
const document = /document:\s*(\S+)/.exec(facts)![1]!;
const sourceText = readFileSync(join(root, 'data', document), 'utf8');

/** Facts given as text, as standard input and the service give them. */
const text = (t: string, file: string): FactsText => ({ kind: 'text', text: t, file });

const codes = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
  } catch (e) {
    if (e instanceof BriefingInputError) return e.diagnostics.map((d) => [d.code, d.path, d.line]);
    throw e;
  }
  return [];
};

describe('api: facts as text, sources inline', () => {
  it('builds the same PDF as from the path', async () => {
    const fromText = await buildBriefing(text(facts, 'example-renewables.yaml'), { sources: { [document]: sourceText }, formats: ['print'] });
    const fromPath = await buildBriefing(factsPath, { formats: ['print'] });
    expect(Buffer.from(fromText.print!).equals(Buffer.from(fromPath.print!))).toBe(true);
    expect(fromText.manifest.id).toBe('example-renewables');
  });

  it('finds a source by its file name alone, and reads no file for it', async () => {
    // A folder where the document exists on disk with other text: it must not be used.
    const dir = tempDir();
    mkdirSync(join(dir, 'sources'));
    writeFileSync(join(dir, document), 'nothing quoted is in here');
    const name = document.split('/').pop()!;
    const ok = await validateBriefing(text(facts, 'x.yaml'), { baseDir: dir, sources: { [name]: sourceText } });
    expect(ok.facts.sourceTexts.size).toBe(1);
    const line = facts.split('\n').findIndex((l) => l.includes(`document: ${document}`)) + 1;
    const sourceId = /\nsources:\n\s+(\w+):/.exec(facts)![1]!;
    expect(await codes(() => validateBriefing(text(facts, 'x.yaml'), { baseDir: dir, sources: {} }))).toEqual([['BR701', `sources.${sourceId}.document`, line]]);
  });

  it('with schema errors, still checks the valid part against the inline texts only', async () => {
    // The decoy on disk would fail every quote; the inline text is the real one.
    const dir = tempDir();
    mkdirSync(join(dir, 'sources'));
    writeFileSync(join(dir, document), 'nothing quoted is in here');
    const broken = facts.replace('kind: government', 'kind: 42');
    expect(broken).not.toBe(facts);
    const inline = await codes(() => validateBriefing(text(broken, 'x.yaml'), { baseDir: dir, sources: { [document]: sourceText } }));
    // The same text as a file beside the real source: exactly the same problems.
    const real = tempDir();
    mkdirSync(join(real, 'sources'));
    writeFileSync(join(real, document), sourceText);
    writeFileSync(join(real, 'x.yaml'), broken);
    const fromPath = await codes(() => validateBriefing(join(real, 'x.yaml')));
    expect(inline.length).toBeGreaterThan(0);
    expect(inline).toEqual(fromPath.map(([code, path, line]) => [code, path, line]));
    expect(inline.map(([code]) => code)).not.toContain('BR701');
  });

  it('locates a syntax error in the text', async () => {
    const broken = facts.replace('meta:', 'meta:\n  title: [unclosed');
    const found = await codes(() => validateBriefing(text(broken, 'edited.yaml'), { sources: { [document]: sourceText } }));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]![2]).toBeGreaterThan(0);
  });
});
