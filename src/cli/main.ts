// The command-line face: parses arguments, runs jobs (in-process for one file, on worker
// threads for many), writes files, reports, sets the exit code.
// Exit codes: 0 success, 1 invalid input, 2 usage error, 3 internal error.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { ALL_FORMATS, briefingId, FORMATS, type Format } from '../api/formats.js';
import { BriefingInputError, promoted, type Diagnostic } from '../diagnostics/index.js';
import { isSupportedLocale, SUPPORTED_LOCALES } from '../format/index.js';
import type { JobOptions, JobReport } from '../delivery/job.js';
import { parseByteSize, removeActiveTemporaries } from '../delivery/output.js';
import { annotation, detectUi, diagnosticLine, dim, duration, green, jsonDocument, optOutLines, outputLine, progressLine, red, summaryTable, type Ui } from './report.js';

// The pipeline (Chart.js, PDFKit, fonts, nodemailer) is imported when a command needs it, so
// --help, --version and usage errors answer without loading it.
const pipeline = () => import('../delivery/job.js');

/** The usage error for a locale the tool does not print correctly, listing those it does. */
function localeUsage(tag: string): string {
  return `--locale takes one of the supported locales: ${SUPPORTED_LOCALES.join(', ')}; got ${JSON.stringify(tag)}`;
}

/** --bilingual a,b as two different supported locales; not combined with --locale. */
function bilingualOf(flags: { bilingual?: string; locale?: string }): [string, string] | undefined {
  if (flags.bilingual === undefined) return undefined;
  const tags = flags.bilingual.split(',').map((t) => t.trim());
  if (tags.length !== 2 || !tags.every(isSupportedLocale) || tags[0] === tags[1]) throw new UsageError(`--bilingual takes two different supported locales such as en-GB,zh-CN (from ${SUPPORTED_LOCALES.join(', ')}); got ${JSON.stringify(flags.bilingual)}`);
  if (flags.locale !== undefined) throw new UsageError("--bilingual and --locale cannot be combined: the first locale of --bilingual is the edition's main language");
  return [tags[0]!, tags[1]!];
}

export const EXIT = { ok: 0, input: 1, usage: 2, internal: 3 } as const;

/** Wrong usage found after commander's own checks (e.g. --to without --eml). */
class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = list.filter((f) => !ALL_FORMATS.includes(f as Format));
  if (bad.length || list.length === 0) throw new InvalidArgumentError(`takes ${ALL_FORMATS.join(', ')} or a comma-separated list of them, got ${JSON.stringify(value)}`);
  return [...new Set(list as Format[])];
}

function parseMaxBytes(value: string): number {
  const n = parseByteSize(value);
  if (n === undefined) throw new InvalidArgumentError(`takes a positive size such as 500000, 500k or 2M, got ${JSON.stringify(value)}`);
  return n;
}

interface BuildFlags {
  out: string;
  output?: string;
  baseDir?: string;
  quiet?: boolean;
  config?: string;
  paper: 'a4' | 'letter';
  format: Format[];
  templates?: string;
  locale?: string;
  bilingual?: string;
  pdfa?: boolean;
  notes?: boolean;
  eml?: boolean;
  to?: string;
  from?: string;
  subject?: string;
  smtp?: string;
  maxBytes?: number;
  json?: boolean;
  debug?: boolean;
  strict?: boolean;
}

/** Options shared by build and watch. */
function buildOptions(cmd: Command): Command {
  return cmd
    .option('--out <dir>', 'output folder; files go to <dir>/<id>/', 'out')
    .addOption(new Option('--paper <size>', 'paper size of the print briefing').choices(['a4', 'letter']).default('a4'))
    .addOption(new Option('--format <list>', `outputs to build, comma-separated, from ${ALL_FORMATS.join(', ')}`).argParser(parseFormats).default([...FORMATS], FORMATS.join(',')))
    .option('--notes', 'also build notes.pdf: speaker notes, one page per slide (same as adding notes to --format)')
    .option('--templates <dir>', 'folder of templates overriding the built-in ones')
    .option('--locale <tag>', `locale overriding the facts file, one of ${SUPPORTED_LOCALES.join(', ')}`)
    .option('--bilingual <tags>', 'one parallel edition in two supported locales, e.g. en-GB,zh-CN (sections in both, slide headlines in both)')
    .option('--pdfa', 'produce PDF/A-2b')
    .option('--strict', 'fail (exit 1, nothing written) on any warning, for CI')
    .option('--debug', 'show the stack of an internal error')
    .option('--config <file>', 'read defaults from this file instead of briefing.config.yaml or package.json#briefing')
    .option('--quiet', 'print nothing but errors');
}

/** Config-file defaults for every option the user did not give on the command line. */
async function applyConfig(cmd: Command, flags: BuildFlags): Promise<void> {
  const { loadConfig, ConfigError } = await import('./config.js');
  let loaded;
  try {
    loaded = loadConfig(flags.config, process.cwd());
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(`${e.code} ${e.message}`);
    throw e;
  }
  if (!loaded) return;
  const c = loaded.config;
  const pairs: [keyof BuildFlags, unknown][] = [['out', c.out], ['paper', c.paper], ['locale', c.locale], ['format', c.formats], ['templates', c.templates], ['pdfa', c.pdfa]];
  for (const [key, value] of pairs) {
    const source = cmd.getOptionValueSource(key);
    // A --bilingual edition names its own languages; a configured locale does not apply to it.
    if (key === 'locale' && flags.bilingual !== undefined) continue;
    if (value !== undefined && (source === undefined || source === 'default')) cmd.setOptionValueWithSource(key, value, 'config');
  }
  Object.assign(flags, cmd.opts());
}


async function jobOptions(flags: BuildFlags): Promise<JobOptions> {
  if (flags.out === '-') throw new UsageError('--out takes a folder; use -o - to write one output to standard output');
  if (flags.locale !== undefined && !isSupportedLocale(flags.locale)) throw new UsageError(localeUsage(flags.locale));
  const bilingual = bilingualOf(flags);
  const mail = flags.eml === true || flags.smtp !== undefined;
  if (!mail) {
    for (const f of ['to', 'from', 'subject'] as const) if (flags[f] !== undefined) throw new UsageError(`--${f} needs --eml or --smtp`);
  } else {
    const { addresses } = await import('../delivery/email.js');
    if (!flags.from || addresses(flags.from).length !== 1) throw new UsageError(`${flags.eml ? '--eml' : '--smtp'} needs --from with one e-mail address${flags.from ? `, got ${JSON.stringify(flags.from)}` : ''}`);
    if (!flags.to || addresses(flags.to).length === 0) throw new UsageError(`${flags.eml ? '--eml' : '--smtp'} needs --to with at least one e-mail address${flags.to ? `, got ${JSON.stringify(flags.to)}` : ''}`);
  }
  if (flags.smtp !== undefined && !/^smtps?:\/\/[^/]/i.test(flags.smtp)) throw new UsageError(`--smtp takes a URL such as smtp://user:password@host:587 or smtps://host:465`);
  return {
    out: flags.out,
    formats: flags.notes && !flags.format.includes('notes') ? [...flags.format, 'notes'] : flags.format,
    paper: flags.paper,
    ...(flags.templates ? { templatesDir: flags.templates } : {}),
    ...(flags.locale ? { locale: flags.locale } : {}),
    ...(bilingual ? { bilingual: [bilingual[0]!, bilingual[1]!] as const } : {}),
    ...(flags.pdfa ? { pdfa: true } : {}),
    ...(mail ? { eml: { from: flags.from!, to: flags.to!, ...(flags.subject !== undefined ? { subject: flags.subject } : {}) } } : {}),
    ...(flags.smtp ? { smtp: flags.smtp } : {}),
    ...(flags.maxBytes !== undefined ? { maxBytes: flags.maxBytes } : {}),
    ...(flags.strict ? { strict: true } : {}),
  };
}

function exitCodeOf(reports: readonly JobReport[]): number {
  if (reports.some((r) => r.status === 'internal')) return EXIT.internal;
  if (reports.some((r) => r.status === 'invalid')) return EXIT.input;
  return EXIT.ok;
}

export interface CliIo {
  out: (s: string) => void;
  /** Binary output (-o -); defaults to process.stdout. */
  outBytes?: (b: Uint8Array) => void;
  /** stdout is a terminal: output lines carry pages and size; in a pipe, paths only. */
  stdoutIsTty?: boolean;
  /** Standard input, for `-` as the facts file. */
  stdin?: NodeJS.ReadableStream;
  err: (s: string) => void;
  env: NodeJS.ProcessEnv;
  stderrIsTty: boolean;
}

const processIo = (): CliIo => ({
  out: (s) => void process.stdout.write(s),
  outBytes: (b) => void process.stdout.write(b),
  stdoutIsTty: process.stdout.isTTY === true,
  stdin: process.stdin,
  err: (s) => void process.stderr.write(s),
  env: process.env,
  stderrIsTty: process.stderr.isTTY === true,
});

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const jsonMode = argv.includes('--json');
  // --quiet: errors only, so no progress, no warnings, no list of files, no summary.
  const quiet = argv.includes('--quiet');
  const ui: Ui = detectUi(io.env, io.stderrIsTty && !quiet, { json: jsonMode, debug: argv.includes('--debug') });
  // Written files with pages and size on a terminal; in a pipe or on CI, bare paths.
  const decorate = io.stdoutIsTty === true && ui.interactive;
  let exitCode: number = EXIT.ok;
  // In --json mode commander's own messages are kept for the JSON document instead.
  let usageMessage = '';

  /** Diagnostics to stderr (never in --json mode) and, under GitHub Actions, as annotations. */
  const tell = (list: readonly Diagnostic[]) => {
    for (const d of list) {
      if (quiet && d.severity === 'warning') continue;
      if (!ui.json) io.err(`${diagnosticLine(ui, d)}\n`);
      // Annotations go to stdout, where the runner reads workflow commands, unless stdout is
      // reserved for the JSON document; the runner reads them from stderr too.
      if (ui.github) (ui.json ? io.err : io.out)(`${annotation(d)}\n`);
    }
  };

  const report = (reports: readonly JobReport[], started: number) => {
    for (const r of reports) {
      tell(r.warnings);
      tell(r.errors);
      if (ui.debug && r.stack && !ui.json) io.err(`${r.stack}\n`);
      if (r.status === 'invalid' && !ui.json) {
        const n = r.errors.length;
        io.err(`${r.file}: ${n} error${n === 1 ? '' : 's'}; nothing was written\n`);
      }
    }
    if (ui.json) {
      io.out(`${JSON.stringify(jsonDocument(reports))}\n`);
      return;
    }
    // In a pipe stdout carries only the written files, so the table goes to stderr there.
    if (reports.length > 1 && !quiet) (decorate ? io.out : io.err)(summaryTable(reports));
    else if (ui.interactive && reports[0]?.status === 'ok') io.err(`${dim(ui, `done in ${duration(performance.now() - started)}`)}\n`);
  };

  const program = new Command()
    .name('briefing')
    .description('Turn a file of validated, sourced facts into a PDF briefing and a 16:9 slide deck.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.out(s),
      writeErr: (s) => (jsonMode ? (usageMessage += s) : io.err(s)),
      outputError: (s, write) => write(jsonMode ? s : red(ui, s)),
    });

  buildOptions(
    program
      .command('build')
      .description('build the briefing PDF and slide deck from one or more facts files (many run in parallel)')
      .argument('<facts...>', 'facts files (YAML or JSON), glob patterns (quoted ones are expanded), or - for standard input'),
  )
    .option('-o, --output <file>', 'write one output (the one --format names; print by default) to this file, or - for standard output')
    .option('--base-dir <dir>', 'folder the sources of facts read from standard input are relative to (default: the current folder)')
    .option('--eml', 'also write <id>/briefing.eml: an e-mail with the PDFs attached (needs --from, --to)')
    .option('--to <addresses>', 'e-mail recipients, comma-separated')
    .option('--from <address>', 'e-mail sender')
    .option('--subject <text>', 'e-mail subject (default: the briefing title)')
    .option('--smtp <url>', 'send the e-mail via this SMTP server, e.g. smtp://user:pass@host:587 (writes the .eml too)')
    .addOption(new Option('--max-bytes <n>', 'fail (exit 1, previous files kept) if any output is larger; accepts 500000, 500k, 2M').argParser(parseMaxBytes))
    .option('--json', 'print one JSON document: { ok, outputs, warnings, errors } and nothing else on stdout')
    .action(async (args: string[], flags: BuildFlags, cmd: Command) => {
      await applyConfig(cmd, flags);
      const files = (await import('./inputs.js')).expandInputs(args, process.cwd()).files;
      const options = await jobOptions(flags);
      if (flags.output !== undefined || files.includes('-')) {
        const r = await buildSingle(files, flags, options, cmd);
        exitCode = exitCodeOf([r]);
        if (!ui.json && !quiet && flags.output !== '-') for (const o of r.outputs) io.out(`${decorate ? outputLine(o) : o.path}\n`);
        report([r], performance.now());
        return;
      }
      const ids = new Map<string, string>();
      for (const f of files) {
        const id = briefingId(f);
        if (ids.has(id)) throw new UsageError(`${ids.get(id)} and ${f} would both write to ${options.out}/${id}/; build them with different --out folders`);
        ids.set(id, f);
      }
      const started = performance.now();
      let reports: JobReport[];
      if (files.length === 1) {
        const file = files[0]!;
        if (ui.interactive) io.err(`building ${file}\n`);
        const onStage = ui.interactive ? (stage: string, ms: number, detail?: string) => io.err(`${dim(ui, progressLine(stage, ms, detail))}\n`) : undefined;
        const { runJob } = await pipeline();
        reports = [await runJob(file, options, onStage)];
      } else {
        if (ui.interactive) io.err(`building ${files.length} files on worker threads\n`);
        const { runBatch } = await import('../delivery/batch.js');
        reports = await runBatch(files, options, {
          onReport: (r) => {
            if (ui.interactive) io.err(`${r.status === 'ok' ? green(ui, 'ok    ') : red(ui, 'failed')} ${r.file}  ${duration(r.totalMs)}\n`);
          },
        });
      }
      // On a terminal each file with its pages and size; in a pipe only the paths, one per line.
      if (!ui.json && !quiet) for (const r of reports) for (const o of r.outputs) io.out(`${decorate ? outputLine(o) : o.path}\n`);
      report(reports, started);
      exitCode = exitCodeOf(reports);
    });

  program
    .command('validate')
    .description('check facts files and their templates; writes nothing')
    .argument('<facts...>', 'facts files (YAML or JSON)')
    .option('--templates <dir>', 'folder of templates overriding the built-in ones')
    // The layout is run too (no PDF is written), for the outputs and paper build would make.
    .addOption(new Option('--paper <size>', 'paper size of the print briefing').choices(['a4', 'letter']).default('a4'))
    .addOption(new Option('--format <list>', `outputs to lay out, comma-separated, from ${ALL_FORMATS.join(', ')}`).argParser(parseFormats).default([...FORMATS], FORMATS.join(',')))
    .option('--notes', 'also lay out the speaker notes (same as adding notes to --format)')
    .option('--locale <tag>', `locale overriding the facts file, one of ${SUPPORTED_LOCALES.join(', ')}`)
    .option('--bilingual <tags>', 'check the parallel edition in two supported locales, e.g. en-GB,zh-CN')
    .option('--json', 'print one JSON document: { ok, outputs: [], warnings, errors }')
    .option('--strict', 'fail (exit 1) on any warning, for CI')
    .option('--debug', 'show the stack of an internal error')
    .action(async (args: string[], flags: { templates?: string; paper: 'a4' | 'letter'; format: Format[]; notes?: boolean; locale?: string; bilingual?: string; strict?: boolean }) => {
      if (flags.locale !== undefined && !isSupportedLocale(flags.locale)) throw new UsageError(localeUsage(flags.locale));
      const bilingual = bilingualOf(flags);
      const files = (await import('./inputs.js')).expandInputs(args, process.cwd()).files;
      const { validateBriefing } = await import('../api/index.js');
      const reports: JobReport[] = [];
      for (const file of files) {
        const started = performance.now();
        const r: JobReport = { file, id: briefingId(file), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
        try {
          const formats = flags.notes && !flags.format.includes('notes') ? [...flags.format, 'notes' as const] : flags.format;
          const { facts, warnings, charts } = await validateBriefing(file, { formats, paper: flags.paper, ...(flags.templates ? { templatesDir: flags.templates } : {}), ...(flags.locale ? { locale: flags.locale } : {}), ...(bilingual ? { bilingual } : {}) });
          r.warnings = warnings.filter((d) => d.severity === 'warning');
          r.figureOptOuts = facts.figureOptOuts.map((o) => ({ path: o.path, ...facts.locate(['facts', o.id, 'figureOptOut']), reason: o.reason }));
          const sources = Object.keys(facts.doc.sources).length;
          if (!ui.json && !(flags.strict && r.warnings.length > 0)) io.out(`${file}: valid — ${facts.facts.size} facts (${Object.keys(facts.doc.derived).length} derived), ${sources} source${sources === 1 ? '' : 's'}, ${charts} charts, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}\n${optOutLines(file, r.figureOptOuts)}`);
        } catch (e) {
          if (!(e instanceof BriefingInputError)) throw e;
          r.status = 'invalid';
          r.errors = e.diagnostics.filter((d) => d.severity === 'error');
          r.warnings = e.diagnostics.filter((d) => d.severity === 'warning');
        }
        if (flags.strict && r.warnings.length > 0) {
          r.status = 'invalid';
          r.errors = [...r.errors, ...r.warnings.map(promoted)];
          r.warnings = [];
        }
        r.totalMs = performance.now() - started;
        reports.push(r);
      }
      for (const r of reports) {
        tell(r.warnings);
        tell(r.errors);
        if (r.status !== 'ok' && !ui.json) io.err(`${r.file}: invalid — ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
      }
      if (ui.json) io.out(`${JSON.stringify(jsonDocument(reports))}\n`);
      exitCode = exitCodeOf(reports);
    });

  program
    .command('schema')
    .description('print the JSON Schema of the facts file format')
    .action(async () => {
      const { briefingJsonSchema } = await import('../facts/json-schema.js');
      io.out(`${JSON.stringify(briefingJsonSchema(), null, 2)}\n`);
    });

  program
    .command('diff')
    .description('report what changed between two editions of a briefing: facts, qualifiers, periods, events, charts')
    .argument('<old>', 'facts file of the earlier edition')
    .argument('<new>', 'facts file of the later edition')
    .option('--locale <tag>', 'locale of the printed figures and dates (default: the new edition\'s)')
    .option('--json', 'print the report as one JSON document')
    .option('--debug', 'show the stack of an internal error')
    .action(async (before: string, after: string, flags: { locale?: string; json?: boolean }) => {
      if (flags.locale !== undefined && !isSupportedLocale(flags.locale)) throw new UsageError(localeUsage(flags.locale));
      const { diffBriefings, diffText } = await import('../api/diff.js');
      try {
        const diff = await diffBriefings(before, after, flags.locale ? { locale: flags.locale } : {});
        io.out(ui.json ? `${JSON.stringify({ ok: true, diff })}\n` : diffText(diff));
      } catch (e) {
        if (!(e instanceof BriefingInputError)) throw e;
        const errors = e.diagnostics.filter((d) => d.severity === 'error');
        tell(errors);
        if (ui.json) io.out(`${JSON.stringify({ ok: false, errors })}\n`);
        exitCode = EXIT.input;
      }
    });

  program
    .command('completion')
    .description('print a shell completion script: source <(briefing completion bash) or zsh')
    .argument('<shell>', 'bash or zsh')
    .action(async (shell: string) => {
      const { completionScript, SHELLS } = await import('./completion.js');
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`completion takes ${SHELLS.join(' or ')}, got ${JSON.stringify(shell)}`);
      io.out(completionScript(shell as (typeof SHELLS)[number], program));
    });

  /** -o/--output and facts from standard input: one format, one file or stdout. */
  const buildSingle = async (files: string[], flags: BuildFlags, options: JobOptions, cmd: Command): Promise<JobReport> => {
    if (files.length !== 1) throw new UsageError(flags.output === undefined ? 'facts from standard input (-) are built alone' : '-o/--output writes one output from one facts file; use --out DIR for several');
    if (flags.output === undefined) throw new UsageError('facts from standard input (-) need -o FILE, or -o - for standard output');
    if (options.eml || options.smtp) throw new UsageError('-o/--output writes one PDF; --eml and --smtp write to --out DIR');
    if (flags.output === '-' && ui.json) throw new UsageError('-o - writes the PDF to standard output, which --json keeps for its document');
    const source = cmd.getOptionValueSource('format');
    const formats = source === undefined || source === 'default' ? (flags.notes ? ['notes' as const] : ['print' as const]) : options.formats;
    if (formats.length !== 1) throw new UsageError(`-o/--output writes one output; --format names ${formats.length} (${formats.join(', ')}): choose one`);
    const file = files[0]!;
    const input = file === '-' ? { kind: 'text' as const, text: await (await import('./inputs.js')).readStdin(io.stdin), file: '<stdin>' } : file;
    if (ui.interactive) io.err(`building ${file === '-' ? 'standard input' : file}\n`);
    const onStage = ui.interactive ? (stage: string, ms: number, detail?: string) => io.err(`${dim(ui, progressLine(stage, ms, detail))}\n`) : undefined;
    const { runSingle } = await import('../delivery/single.js');
    const { report: r, stdout } = await runSingle({ input, label: file, format: formats[0]!, output: flags.output, ...(flags.baseDir ? { baseDir: flags.baseDir } : {}) }, options, onStage);
    if (stdout) (io.outBytes ?? ((b: Uint8Array) => void process.stdout.write(b)))(stdout);
    return r;
  };

  buildOptions(
    program
      .command('watch')
      .description('build, then rebuild whenever the facts file, a source document or a template changes (Ctrl-C to stop)')
      .argument('<facts>', 'facts file (YAML or JSON)'),
  ).action(async (file: string, flags: BuildFlags, cmd: Command) => {
    await applyConfig(cmd, flags);
    const options = await jobOptions(flags);
    const { watchBuild } = await import('./watch.js');
    exitCode = await watchBuild(file, options, ui, io);
  });

  const onSignal = (signal: NodeJS.Signals) => {
    // Writes are synchronous, so a signal lands between files; drop what is half-staged.
    removeActiveTemporaries();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const isWatch = argv[0] === 'watch';
  if (!isWatch) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return EXIT.ok;
      if (jsonMode) io.out(`${JSON.stringify(usageJson(usageMessage.trim() || e.message))}\n`);
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      if (jsonMode) io.out(`${JSON.stringify(usageJson(`error: ${e.message}`))}\n`);
      else io.err(`${red(ui, `error: ${e.message}`)}\n`);
      return EXIT.usage;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (jsonMode) io.out(`${JSON.stringify(usageJson(`internal error: ${err.message.split('\n')[0]}`))}\n`);
    else io.err(`${red(ui, `internal error: ${err.message.split('\n')[0]}`)}\n`);
    if (ui.debug && err.stack) io.err(`${err.stack}\n`);
    return EXIT.internal;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

function usageJson(message: string) {
  return { ok: false, outputs: [], warnings: [], errors: [{ code: 'BR503', severity: 'error', file: '', line: 0, column: 0, path: '', message }], files: [] };
}
