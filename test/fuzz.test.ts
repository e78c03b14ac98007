// Property-based hardening of the facts loader and the whole build: mutated copies of the
// seed facts file and random documents never crash or hang. Each gives a valid result or a
// BriefingInputError whose diagnostics all have a file, a line ≥ 0 and a message. CI runs a
// modest number of cases; `npm run fuzz` runs 10,000 (bench/fuzz.mjs, same generators).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, it, expect } from 'vitest';
import { loadFacts } from '../src/facts/index.js';
import { parseFactsText } from '../src/facts/parse.js';
import { BriefingInputError } from '../src/diagnostics/index.js';
import { buildBriefing } from '../src/api/index.js';
// Plain ESM shared with bench/fuzz.mjs (typed by bench/fuzz-cases.d.mts).
import { arbitraries, contractProblem, mutate, mutateText, randomDocument, textEdits, type Edit, type TextEdit } from '../bench/fuzz-cases.mjs';
import { tempDir } from './helpers/pdf.js';

const root = resolve(import.meta.dirname, '..');
const seedText = readFileSync(join(root, 'data/shanghai-uk-2023.yaml'), 'utf8');

/** A folder holding the seed's source documents, so mutations that stay valid load fully. */
function caseDir(): string {
  const dir = tempDir('briefing-fuzz-');
  cpSync(join(root, 'data/sources'), join(dir, 'sources'), { recursive: true });
  return dir;
}

/** loadFacts on `text`; returns the contract violation, if any. */
function loaderProblem(file: string, text: string): string | undefined {
  writeFileSync(file, text);
  try {
    loadFacts(file);
    return undefined;
  } catch (e) {
    return contractProblem(e, BriefingInputError);
  }
}

describe('facts loader under mutated and random input', () => {
  const dir = caseDir();
  const file = join(dir, 'case.yaml');
  const { edits } = arbitraries(fc);

  it('the unmutated seed loads in the fuzz folder (so mutations start from a valid file)', () => {
    expect(loaderProblem(file, seedText)).toBeUndefined();
    expect(() => loadFacts(file)).not.toThrow();
  });

  it('mutated seed text: a result or located diagnostics, never a crash (100 cases)', () => {
    fc.assert(
      fc.property(edits, (e: Edit[]) => {
        const text = mutate(seedText, e);
        const problem = loaderProblem(file, text);
        if (problem) throw new Error(`${problem}\n--- input ---\n${text}`);
      }),
      { numRuns: 100 },
    );
  });

  it('random documents: a result or located diagnostics, never a crash (100 cases)', () => {
    fc.assert(
      fc.property(randomDocument(fc), (text: string) => {
        const problem = loaderProblem(file, text);
        if (problem) throw new Error(`${problem}\n--- input ---\n${text}`);
      }),
      { numRuns: 100 },
    );
  });

  it('every diagnostic from the text parser is located inside the text', () => {
    fc.assert(
      fc.property(edits, (e: Edit[]) => {
        const text = mutate(seedText, e);
        const r = parseFactsText(text, 'case.yaml');
        if (r.ok) return;
        const lines = text.split('\n').length;
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThanOrEqual(0);
          expect(d.line).toBeLessThanOrEqual(lines + 1);
          expect(d.message.trim()).not.toBe('');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('a few known-nasty inputs are rejected with located diagnostics', () => {
    const cases = ['', '\uFEFF', '---\n---\n', '- a\n- b\n', 'meta: [', 'meta: {title: "x', '\t meta: 1', '*a', '&a [*a]', 'meta:\n  title: \u0000', '!!js/function "x"', '{{constructor.constructor}}', 'a'.repeat(100_000)];
    for (const text of cases) expect(loaderProblem(file, text), JSON.stringify(text.slice(0, 40))).toBeUndefined();
  });
});

describe('whole build with hostile text in titles and labels', () => {
  const dir = caseDir();
  const file = join(dir, 'case.yaml');

  it('builds both PDFs or reports located diagnostics (10 cases)', async () => {
    await fc.assert(
      fc.asyncProperty(textEdits(fc), async (e: TextEdit[]) => {
        const text = mutateText(seedText, e);
        writeFileSync(file, text);
        try {
          const r = await buildBriefing(file);
          expect(r.print?.byteLength).toBeGreaterThan(1000);
          expect(r.slides?.byteLength).toBeGreaterThan(1000);
          expect(Buffer.from(r.print!.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
        } catch (err) {
          const problem = contractProblem(err, BriefingInputError);
          if (problem) throw new Error(`${problem}\n--- input ---\n${text}`);
        }
      }),
      { numRuns: 10 },
    );
  }, 300_000);
});
