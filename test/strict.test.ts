// --strict (CLI build and validate) and `strict` (library) turn every warning into a failure:
// exit 1, nothing written, the warnings reported as errors with their codes and places.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { buildBriefing } from '../src/api/index.js';
import { BriefingInputError } from '../src/diagnostics/index.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const SEED = join(root, 'data/shanghai-uk-2023.yaml');
const TMP = mkdtempSync(join(tmpdir(), 'briefing-strict-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** A template folder whose print template types a figure into its prose: a BR208 warning. */
function warningTemplates(): string {
  const dir = mkdtempSync(join(TMP, 'templates-'));
  writeFileSync(join(dir, 'print.hbs'), '{{#summary}}\nTrade rose 6.8 per cent to {{fact "uk_shanghai_trade_2022"}}.\n{{/summary}}\n');
  return dir;
}

async function cli(argv: string[]) {
  let out = '';
  let err = '';
  const status = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), env: {}, stderrIsTty: false });
  return { status, out, err };
}

describe('--strict', () => {
  const templates = warningTemplates();

  it('validate: a warning is exit 0 without --strict and exit 1 with it', async () => {
    const plain = await cli(['validate', SEED, '--templates', templates]);
    expect(plain.status).toBe(0);
    expect(plain.err).toContain('warning[BR208]');
    const strict = await cli(['validate', SEED, '--templates', templates, '--strict', '--json']);
    expect(strict.status).toBe(1);
    const doc = JSON.parse(strict.out);
    expect(doc.ok).toBe(false);
    expect(doc.warnings).toEqual([]);
    expect(doc.errors.map((e: { code: string; severity: string; line: number }) => [e.code, e.severity, e.line])).toEqual([['BR208', 'error', 2]]);
  });

  it('build: a warning fails the build, and nothing is written', async () => {
    const out = join(TMP, 'out');
    const r = await cli(['build', SEED, '--templates', templates, '--out', out, '--format', 'print', '--strict']);
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/print\.hbs:2:\d+ error\[BR208\]: figure "6\.8 per cent" is typed into the prose/);
    expect(r.err).toContain('nothing was written');
    expect(existsSync(out)).toBe(false);
  });

  it('the seed passes --strict: it has no warnings', async () => {
    expect((await cli(['validate', SEED, '--strict'])).status).toBe(0);
  });

  it('library: strict throws BriefingInputError carrying the warnings as errors', async () => {
    const error = await buildBriefing(SEED, { templatesDir: templates, formats: ['print'], strict: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BriefingInputError);
    expect((error as BriefingInputError).diagnostics.map((d) => [d.code, d.severity])).toEqual([['BR208', 'error']]);
    const lenient = await buildBriefing(SEED, { templatesDir: templates, formats: ['print'] });
    expect(lenient.warnings.map((d) => d.code)).toEqual(['BR208']);
  });
});
