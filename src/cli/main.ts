// The command-line face: parses arguments, calls the library, writes files, sets the exit
// code. Exit codes: 0 success, 1 invalid input, 2 usage error, 3 internal error.
import { Command, CommanderError, Option } from 'commander';
import { mkdirSync, readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBriefing, briefingId, type Format } from '../api/index.js';
import { BriefingInputError, formatDiagnostic, type Diagnostic } from '../diagnostics/index.js';
import { loadFacts } from '../facts/index.js';
import { renderNarrative } from '../narrative/index.js';

const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Writes via a temporary file and a rename, so a failed build never leaves half a PDF. */
export function writeAtomic(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

function printDiagnostics(list: readonly Diagnostic[]): void {
  for (const d of list) process.stderr.write(`${formatDiagnostic(d)}\n`);
}

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command()
    .name('briefing')
    .description('Turn a file of validated, sourced facts into a PDF briefing and a 16:9 slide deck.')
    .version(version())
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) });

  program
    .command('build')
    .description('build the briefing PDF and slide deck from a facts file')
    .argument('<facts>', 'facts file (YAML or JSON)')
    .option('--out <dir>', 'output folder; files go to <dir>/<id>/', 'out')
    .addOption(new Option('--paper <size>', 'paper size of the print briefing').choices(['a4', 'letter']).default('a4'))
    .option('--format <list>', 'comma-separated outputs: print,slides', 'print,slides')
    .option('--templates <dir>', 'folder of templates overriding the built-in ones')
    .option('--locale <tag>', 'BCP 47 locale overriding the facts file (e.g. en-US)')
    .option('--pdfa', 'produce PDF/A-2b')
    .action(async (factsPath: string, opts: { out: string; paper: 'a4' | 'letter'; format: string; templates?: string; locale?: string; pdfa?: boolean }) => {
      const formats = opts.format.split(',').map((f) => f.trim()).filter(Boolean);
      const bad = formats.filter((f) => f !== 'print' && f !== 'slides');
      if (bad.length || formats.length === 0) {
        process.stderr.write(`error: --format takes print, slides or both, got ${JSON.stringify(opts.format)}\n`);
        exitCode = EXIT.usage;
        return;
      }
      const result = await buildBriefing(factsPath, {
        formats: formats as Format[],
        paper: opts.paper,
        ...(opts.templates ? { templatesDir: opts.templates } : {}),
        ...(opts.locale ? { locale: opts.locale } : {}),
        ...(opts.pdfa ? { pdfa: true } : {}),
      });
      printDiagnostics(result.warnings);
      const dir = join(opts.out, briefingId(factsPath));
      for (const output of result.manifest.outputs) {
        const bytes = result[output.format]!;
        writeAtomic(join(dir, output.file), bytes);
        process.stdout.write(`${join(dir, output.file)}  ${output.pages} pages, ${(output.bytes / 1024).toFixed(1)} KB\n`);
      }
      writeAtomic(join(dir, 'manifest.json'), `${JSON.stringify(result.manifest, null, 2)}\n`);
    });

  program
    .command('validate')
    .description('check a facts file and its templates; writes nothing')
    .argument('<facts>', 'facts file (YAML or JSON)')
    .option('--templates <dir>', 'folder of templates overriding the built-in ones')
    .action((factsPath: string, opts: { templates?: string }) => {
      const facts = loadFacts(factsPath);
      const { narrative, warnings } = renderNarrative(facts, opts.templates ? { templatesDir: opts.templates } : {});
      const all = [...facts.warnings, ...warnings];
      printDiagnostics(all);
      process.stdout.write(`${factsPath}: valid — ${facts.facts.size} facts (${Object.keys(facts.doc.derived).length} derived), ${Object.keys(facts.doc.sources).length} source${Object.keys(facts.doc.sources).length === 1 ? '' : 's'}, ${narrative.charts.length} charts, ${all.filter((d) => d.severity === 'warning').length} warnings\n`);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (e instanceof BriefingInputError) {
      printDiagnostics(e.diagnostics);
      const errors = e.diagnostics.filter((d) => d.severity === 'error').length;
      process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}; nothing was written\n`);
      return EXIT.input;
    }
    const err = e as Error;
    process.stderr.write(`internal error: ${err.message}\n`);
    if (argv.includes('--debug')) process.stderr.write(`${err.stack}\n`);
    return EXIT.internal;
  }
}
