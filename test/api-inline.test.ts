// The api with facts as text and sources given inline (as the service calls it): located
// messages for the text, no file read for a source, and the same output as from the path.
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBriefing, FactsText, validateBriefing } from '../src/api/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { root } from './helpers/cli.js';
import { tempDir } from './helpers/pdf.js';

const factsPath = join(root, 'data/example-renewables.yaml');
const facts = readFileSync(factsPath, 'utf8');
const document = /document:\s*(\S+)/.exec(facts)![1]!;
const sourceText = readFileSync(join(root, 'data', document), 'utf8');

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
    const fromText = await buildBriefing(new FactsText(facts, 'example-renewables.yaml'), { sources: { [document]: sourceText }, formats: ['print'] });
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
    const ok = await validateBriefing(new FactsText(facts, 'x.yaml'), { baseDir: dir, sources: { [name]: sourceText } });
    expect(ok.facts.sourceTexts.size).toBe(1);
    const line = facts.split('\n').findIndex((l) => l.includes(`document: ${document}`)) + 1;
    const sourceId = /\nsources:\n\s+(\w+):/.exec(facts)![1]!;
    expect(await codes(() => validateBriefing(new FactsText(facts, 'x.yaml'), { baseDir: dir, sources: {} }))).toEqual([['BR701', `sources.${sourceId}.document`, line]]);
  });

  it('locates a syntax error in the text', async () => {
    const broken = facts.replace('meta:', 'meta:\n  title: [unclosed');
    const found = await codes(() => validateBriefing(new FactsText(broken, 'edited.yaml'), { sources: { [document]: sourceText } }));
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]![2]).toBeGreaterThan(0);
  });
});
