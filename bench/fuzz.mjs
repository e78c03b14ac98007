#!/usr/bin/env node
// The long fuzz run: `npm run fuzz` (set-up, then this). Feeds the compiled facts loader
// (dist/) mutated copies of the seed facts file and random documents, and checks each gives
// Facts or a BriefingInputError whose diagnostics all have a file, line ≥ 0 and a message.
// Also flags slow cases (a guard against hangs: each case should take milliseconds).
// Prints the count, the failures (with the seed that replays them), and exits 1
// when any case failed.
//
//   node bench/fuzz.mjs [--runs 10000] [--builds 0] [--seed N]
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { arbitraries, contractProblem, mutate, mutateText, randomDocument, textEdits } from './fuzz-cases.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '10000' }, builds: { type: 'string', default: '0' }, seed: { type: 'string' } } });
const runs = Number(values.runs);
const builds = Number(values.builds);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
const SLOW_MS = 2000;

const { loadFacts } = await import(join(root, 'dist/facts/index.js'));
const { BriefingInputError } = await import(join(root, 'dist/diagnostics/index.js'));
const { buildBriefing } = await import(join(root, 'dist/index.js'));
const { readFileSync } = await import('node:fs');
const seedText = readFileSync(join(root, 'data/shanghai-uk-2023.yaml'), 'utf8');

// The seed's source documents beside each case, so valid mutations stay valid.
const dir = mkdtempSync(join(tmpdir(), 'briefing-fuzz-'));
cpSync(join(root, 'data/sources'), join(dir, 'sources'), { recursive: true });
const file = join(dir, 'case.yaml');

const stats = { cases: 0, valid: 0, rejected: 0, failures: [], slowest: { ms: 0, text: '' } };

function check(text) {
  writeFileSync(file, text);
  const t = performance.now();
  let problem;
  try {
    loadFacts(file);
    stats.valid++;
  } catch (e) {
    problem = contractProblem(e, BriefingInputError);
    if (!problem) stats.rejected++;
  }
  const ms = performance.now() - t;
  stats.cases++;
  if (ms > stats.slowest.ms) stats.slowest = { ms, text: text.slice(0, 200) };
  if (!problem && ms > SLOW_MS) problem = `took ${ms.toFixed(0)} ms`;
  return problem;
}

const { edits } = arbitraries(fc);
const text = fc.oneof({ weight: 4, arbitrary: edits.map((e) => mutate(seedText, e)) }, { weight: 1, arbitrary: randomDocument(fc) });

const started = performance.now();
const report = fc.check(
  // The property records failures and always holds, so the run goes on after a failure and
  // reports every kind of problem rather than stopping (and shrinking) at the first.
  fc.property(text, (t) => {
    const problem = check(t);
    if (problem) stats.failures.push({ problem, text: t.length > 2000 ? `${t.slice(0, 2000)}…` : t });
    return true;
  }),
  { numRuns: runs, seed },
);

let buildFailures = 0;
if (builds > 0) {
  await fc.assert(
    fc.asyncProperty(textEdits(fc), async (e) => {
      writeFileSync(file, mutateText(seedText, e));
      try {
        const r = await buildBriefing(file);
        if (!(r.print?.byteLength > 0 && r.slides?.byteLength > 0)) throw new Error('no PDFs');
      } catch (err) {
        const problem = contractProblem(err, BriefingInputError);
        if (problem) {
          buildFailures++;
          stats.failures.push({ problem: `whole build: ${problem}`, text: mutateText(seedText, e) });
        }
      }
    }),
    { numRuns: builds, seed },
  );
}
rmSync(dir, { recursive: true, force: true });

const seconds = (performance.now() - started) / 1000;
console.log(`fuzz: ${stats.cases} loader cases in ${seconds.toFixed(1)} s (seed ${seed}): ${stats.valid} valid, ${stats.rejected} rejected with located diagnostics, ${stats.failures.length - buildFailures} failures`);
if (builds > 0) console.log(`fuzz: ${builds} whole builds with hostile text: ${buildFailures} failures`);
console.log(`fuzz: slowest case ${stats.slowest.ms.toFixed(1)} ms`);
const seen = new Set();
for (const f of stats.failures) {
  const kind = f.problem.split('\n')[0].slice(0, 160);
  if (seen.has(kind)) continue;
  seen.add(kind);
  console.log(`\nFAIL ${f.problem.split('\n').slice(0, 6).join('\n     ')}\n---- input ----\n${f.text}\n---------------`);
}
if (stats.failures.length > 0) console.log(`\nreplay: node bench/fuzz.mjs --runs ${runs} --builds ${builds} --seed ${seed}`);
if (report.failed) console.log(`fast-check itself failed: ${report.errorInstance ?? 'unknown error'}`);
process.exitCode = stats.failures.length > 0 ? 1 : 0;
