// The command-line face: parses arguments, runs jobs (in-process for one file, on worker
// threads for many), writes files, reports, sets the exit code.
// Exit codes: 0 success, 1 invalid input, 2 usage error, 3 internal error.
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ALL_FORMATS, briefingId, FORMATS, type Format } from '../api/formats.js';
import { BriefingInputError, error, promoted, type Diagnostic } from '../diagnostics/index.js';
import { isSupportedLocale, SUPPORTED_LOCALES } from '../format/index.js';
import type { JobOptions, JobReport } from '../delivery/job.js';
import { checkOutputFile, checkWritable, OutputError, parseByteSize } from '../delivery/output.js';
import { DEFAULT_MAX_MEMORY_MB, MIN_MAX_MEMORY_MB } from '../api/heap.js';
import { parseCount, parseMemory, parsePort, parseRedisUrl, parseSeconds, runServe, runWorker, type ServeFlags, type WorkerFlags } from './serve.js';
import { terminalText } from './terminal.js';
import { annotation, detectUi, diagnosticLine, dim, duration, green, jsonDocument, optOutLines, outputLine, progressLine, red, summaryTable, type Ui } from './report.js';

// The pipeline (Chart.js, PDFKit, fonts, nodemailer) is imported when a command needs it
// (builds load it on their worker thread), so --help, --version and usage errors answer
// without loading it.

type FactsInput = string | { kind: 'text'; text: Uint8Array; file: string };

/**
 * What build and validate hand the api for `file`: the path itself, or for `-` the facts read
 * from standard input, bounded as a facts file is (an endless or huge pipe stops at the limit,
 * unread: then the BR101 diagnostic instead).
 */
async function factsInput(file: string, stdin: NodeJS.ReadableStream | undefined): Promise<FactsInput | Diagnostic> {
  if (file !== '-') return file;
  const { MAX_FACTS_BYTES } = await import('../facts/index.js');
  const read = await (await import('./inputs.js')).readStdin(stdin, MAX_FACTS_BYTES);
  if (!read.over) return { kind: 'text', text: read.bytes, file: '<stdin>' };
  const mb = MAX_FACTS_BYTES / (1024 * 1024);
  return error('BR101', { file: '<stdin>' }, `standard input is more than ${mb} MB; the limit for facts is ${mb} MB`, 'split the briefing, or move long texts into source documents');
}

/** Whether factsInput gave a diagnostic rather than an input. */
const isDiagnostic = (x: FactsInput | Diagnostic): x is Diagnostic => typeof x === 'object' && 'code' in x;

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

/** Wrong usage found after commander's own checks (e.g. --to without --eml); `code` when it has one. */
class UsageError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

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
  smtpTimeout?: string;
  timeout?: number;
  maxMemory?: number;
  json?: boolean;
  debug?: boolean;
  strict?: boolean;
  changesSince?: string;
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
    .option('--changes-since <old>', 'compare with this earlier edition (a facts file): a "What changed" section and change bars in the print briefing, a "What changed" slide in the deck')
    .option('--debug', 'show the stack of an internal error')
    .addOption(new Option('--timeout <seconds>', 'stop a file that takes longer to build (exit 1, previous files kept)').argParser(parseSeconds).default(120))
    .addOption(new Option('--max-memory <MB>', `stop a file whose build needs a larger heap (exit 1, previous files kept); default ${DEFAULT_MAX_MEMORY_MB}`).argParser(parseMemory))
    .option('--config <file>', 'read defaults from this file instead of briefing.config.yaml or package.json#briefing')
    .option('--quiet', 'print nothing but errors');
}

/** Config-file defaults for every option the user did not give on the command line. */
async function applyConfig(cmd: Command, flags: BuildFlags): Promise<void> {
  const { loadConfig, ConfigError } = await import('./config.js');
  let loaded;
  try {
    loaded = await loadConfig(flags.config, process.cwd());
  } catch (e) {
    if (e instanceof ConfigError) throw new UsageError(e.message, e.code);
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
  const { parseAddresses, smtpUrlProblem, headerProblem, parseSmtpTimeouts } = await import('../delivery/mail-check.js');
  if (!mail) {
    for (const f of ['to', 'from', 'subject'] as const) if (flags[f] !== undefined) throw new UsageError(`--${f} needs --eml or --smtp`);
    if (flags.smtpTimeout !== undefined) throw new UsageError('--smtp-timeout needs --smtp');
  } else {
    const needs = flags.eml ? '--eml' : '--smtp';
    if (flags.from === undefined) throw new UsageError(`${needs} needs --from with one e-mail address`, 'BR550');
    if (flags.to === undefined) throw new UsageError(`${needs} needs --to with at least one e-mail address`, 'BR550');
    for (const [option, value, one] of [['--from', flags.from, true], ['--to', flags.to, false]] as const) {
      const parsed = parseAddresses(option, value, one);
      if ('code' in parsed) throw new UsageError(parsed.message, parsed.code);
    }
    const subject = flags.subject !== undefined ? headerProblem('--subject', flags.subject) : undefined;
    if (subject) throw new UsageError(subject.message, subject.code);
  }
  // Checked before building, so a mistyped URL costs no build.
  const smtp = flags.smtp !== undefined ? smtpUrlProblem(flags.smtp) : undefined;
  if (smtp) throw new UsageError(smtp.message, smtp.code);
  const timeouts = flags.smtpTimeout !== undefined ? parseSmtpTimeouts(flags.smtpTimeout) : undefined;
  if (flags.smtpTimeout !== undefined && !timeouts) throw new UsageError(`--smtp-timeout takes seconds, one number or three (connection,greeting,socket) such as 10,10,30; got ${JSON.stringify(flags.smtpTimeout)}`, 'BR554');
  // -o FILE writes no folder: its own path is checked in buildSingle.
  if (flags.output === undefined) {
    try {
      checkWritable(flags.out);
    } catch (e) {
      if (e instanceof OutputError) throw new UsageError(`--out: ${e.message}`, e.code);
      throw e;
    }
  }
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
    ...(timeouts ? { smtpTimeouts: timeouts } : {}),
    ...(flags.maxBytes !== undefined ? { maxBytes: flags.maxBytes } : {}),
    ...(flags.strict ? { strict: true } : {}),
    ...(flags.changesSince !== undefined ? { changesSince: flags.changesSince } : {}),
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

/**
 * Whether `argv` looks like a build of one facts file, read without the option parser: only
 * whether to start the build worker early depends on it (startWorkerEarly), never what is built.
 */
function oneFileBuild(argv: readonly string[]): boolean {
  if (argv[0] !== 'build' || argv.some((a) => a === '--help' || a === '-h')) return false;
  let files = 0;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--changes-since' || a === '--config') i++;
    else if (a === '-' || (!a.startsWith('-') && /\.(ya?ml|json)$/i.test(a) && !/[*?[{]/.test(a))) files++;
  }
  return files === 1;
}

/** The --max-memory of `argv` if it is plainly given, for the early worker; the option parser checks it properly. */
function earlyMaxMemory(argv: readonly string[]): number | undefined {
  const i = argv.findIndex((a) => a === '--max-memory' || a.startsWith('--max-memory='));
  if (i < 0) return undefined;
  const value = argv[i]!.includes('=') ? argv[i]!.slice(argv[i]!.indexOf('=') + 1) : argv[i + 1];
  return value !== undefined && /^\d+$/.test(value) && Number(value) >= MIN_MAX_MEMORY_MB ? Number(value) : undefined;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  // A one-file build starts its worker now, so that the worker loads the pipeline while this
  // thread reads the command line, the config and the output folder (about a sixth of a cold
  // build's time). It is stopped in `finally` if no build took it.
  const early = oneFileBuild(argv) ? await import('../delivery/batch.js') : undefined;
  early?.startWorkerEarly(earlyMaxMemory(argv));
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
        io.err(`${terminalText(r.file)}: ${n} error${n === 1 ? '' : 's'}; nothing was written\n`);
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
      // commander's own lines may quote an argument: escaped line by line.
      writeErr: (s) => (jsonMode ? (usageMessage += s) : io.err(s.split('\n').map(terminalText).join('\n'))),
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
    .option('--smtp-timeout <seconds>', 'SMTP connection, greeting and socket timeouts: one number, or three such as 10,10,30 (the default)')
    .addOption(new Option('--max-bytes <n>', 'fail (exit 1, previous files kept) if any output is larger; accepts 500000, 500k, 2M').argParser(parseMaxBytes))
    .option('--json', 'print one JSON document: { ok, outputs, warnings, errors } and nothing else on stdout')
    .action(async (args: string[], flags: BuildFlags, cmd: Command) => {
      await applyConfig(cmd, flags);
      const files = (await (await import('./inputs.js')).expandInputs(args, process.cwd())).files;
      const options = await jobOptions(flags);
      if (flags.changesSince !== undefined && files.length > 1) throw new UsageError(`--changes-since compares one briefing with its earlier edition; got ${files.length} facts files`);
      if (flags.output !== undefined || files.includes('-')) {
        const r = await buildSingle(files, flags, options, cmd);
        exitCode = exitCodeOf([r]);
        if (!ui.json && !quiet && flags.output !== '-') for (const o of r.outputs) io.out(`${decorate ? outputLine(o) : terminalText(o.path)}\n`);
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
      // Every build runs on a worker thread, even a single file: this thread stays free to
      // stop it on Ctrl-C or SIGTERM at once, and to stop a file that runs past --timeout.
      if (ui.interactive) io.err(files.length === 1 ? `building ${terminalText(files[0]!)}\n` : `building ${files.length} files on worker threads\n`);
      const { runBatch } = await import('../delivery/batch.js');
      const reports = await runBatch(files, options, {
        timeoutMs: (flags.timeout ?? 120) * 1000,
        ...(flags.maxMemory !== undefined ? { maxMemoryMb: flags.maxMemory } : {}),
        ...(ui.interactive && files.length === 1 ? { onStage: (_file: string, stage: string, ms: number, detail?: string) => io.err(`${dim(ui, progressLine(stage, ms, detail))}\n`) } : {}),
        onReport: (r) => {
          if (ui.interactive && files.length > 1) io.err(`${r.status === 'ok' ? green(ui, 'ok    ') : red(ui, 'failed')} ${terminalText(r.file)}  ${duration(r.totalMs)}\n`);
        },
      });
      // On a terminal each file with its pages and size; in a pipe only the paths, one per line.
      if (!ui.json && !quiet) for (const r of reports) for (const o of r.outputs) io.out(`${decorate ? outputLine(o) : terminalText(o.path)}\n`);
      report(reports, started);
      exitCode = exitCodeOf(reports);
    });

  program
    .command('validate')
    .description('check facts files and their templates; writes nothing')
    .argument('<facts...>', 'facts files (YAML or JSON), glob patterns, or - for standard input')
    .option('--templates <dir>', 'folder of templates overriding the built-in ones')
    .option('--changes-since <old>', 'also check the comparison with this earlier edition (a facts file), as build --changes-since makes it')
    .option('--base-dir <dir>', 'folder the sources of facts read from standard input are relative to (default: the current folder)')
    // The layout is run too (no PDF is written), for the outputs and paper build would make.
    .addOption(new Option('--paper <size>', 'paper size of the print briefing').choices(['a4', 'letter']).default('a4'))
    .addOption(new Option('--format <list>', `outputs to lay out, comma-separated, from ${ALL_FORMATS.join(', ')}`).argParser(parseFormats).default([...FORMATS], FORMATS.join(',')))
    .option('--notes', 'also lay out the speaker notes (same as adding notes to --format)')
    .option('--locale <tag>', `locale overriding the facts file, one of ${SUPPORTED_LOCALES.join(', ')}`)
    .option('--bilingual <tags>', 'check the parallel edition in two supported locales, e.g. en-GB,zh-CN')
    .option('--json', 'print one JSON document: { ok, outputs: [], warnings, errors }')
    .option('--strict', 'fail (exit 1) on any warning, for CI')
    .option('--debug', 'show the stack of an internal error')
    .action(async (args: string[], flags: { templates?: string; paper: 'a4' | 'letter'; format: Format[]; notes?: boolean; locale?: string; bilingual?: string; strict?: boolean; changesSince?: string; baseDir?: string }) => {
      if (flags.locale !== undefined && !isSupportedLocale(flags.locale)) throw new UsageError(localeUsage(flags.locale));
      const bilingual = bilingualOf(flags);
      const files = (await (await import('./inputs.js')).expandInputs(args, process.cwd())).files;
      if (flags.changesSince !== undefined && files.length > 1) throw new UsageError(`--changes-since compares one briefing with its earlier edition; got ${files.length} facts files`);
      if (files.includes('-') && files.length > 1) throw new UsageError('facts from standard input (-) are checked alone');
      if (flags.baseDir !== undefined && !files.includes('-')) throw new UsageError('--base-dir is for facts from standard input (-)');
      const { validateBriefing } = await import('../api/index.js');
      const reports: JobReport[] = [];
      for (const file of files) {
        const started = performance.now();
        const r: JobReport = { file: file === '-' ? '<stdin>' : file, id: file === '-' ? 'stdin' : briefingId(file), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
        try {
          const formats = flags.notes && !flags.format.includes('notes') ? [...flags.format, 'notes' as const] : flags.format;
          const input = await factsInput(file, io.stdin);
          if (isDiagnostic(input)) throw new BriefingInputError([input]);
          const { facts, warnings, charts } = await validateBriefing(input, { formats, paper: flags.paper, ...(flags.templates ? { templatesDir: flags.templates } : {}), ...(flags.locale ? { locale: flags.locale } : {}), ...(bilingual ? { bilingual } : {}), ...(flags.changesSince !== undefined ? { changesSince: flags.changesSince } : {}), ...(flags.baseDir !== undefined ? { baseDir: flags.baseDir } : {}) });
          r.warnings = warnings.filter((d) => d.severity === 'warning');
          r.figureOptOuts = facts.figureOptOuts.map((o) => ({ path: o.path, ...facts.locate(['facts', o.id, 'figureOptOut']), reason: o.reason }));
          const sources = Object.keys(facts.doc.sources).length;
          if (!ui.json && !(flags.strict && r.warnings.length > 0)) io.out(`${terminalText(r.file)}: valid — ${facts.facts.size} facts (${Object.keys(facts.doc.derived).length} derived), ${sources} source${sources === 1 ? '' : 's'}, ${charts} charts, ${r.warnings.length} warning${r.warnings.length === 1 ? '' : 's'}\n${optOutLines(r.file, r.figureOptOuts)}`);
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
        if (r.status !== 'ok' && !ui.json) io.err(`${terminalText(r.file)}: invalid — ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
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
    .command('init')
    .description('write a new briefing folder that builds at once: facts file, Markdown prose and a sample source')
    .argument('<dir>', 'a new or empty folder')
    .option('--quiet', 'print nothing but errors')
    .action(async (dir: string) => {
      const { initBriefing } = await import('../api/init.js');
      try {
        const { facts, files } = initBriefing(dir);
        if (!quiet) for (const f of files) io.out(`${f}\n`);
        if (ui.interactive) io.err(`${dim(ui, `next: edit ${facts}, then run: briefing build ${facts}`)}\n`);
      } catch (e) {
        if (!(e instanceof BriefingInputError)) throw e;
        tell(e.diagnostics);
        exitCode = EXIT.input;
      }
    });

  program
    .command('draft')
    .description('propose a facts-file skeleton from a source text: every figure, dated event and titled person, each marked for review')
    .argument('<source>', 'the source text (plain text, as published)')
    .option('--id <prefix>', 'prefix for every proposed id')
    .option('--json', 'print the proposals as one JSON document instead of YAML')
    .action(async (source: string, flags: { id?: string }) => {
      const { readDraft } = await import('../api/draft.js');
      try {
        const draft = readDraft(source, flags.id ? { idPrefix: flags.id } : {});
        if (ui.json) io.out(`${JSON.stringify({ ok: true, facts: draft.facts, events: draft.events, people: draft.people, yaml: draft.yaml })}\n`);
        else io.out(draft.yaml);
        if (ui.interactive) io.err(`${dim(ui, `${draft.facts.length} figures, ${draft.events.length} events, ${draft.people.length} people proposed; review each, delete what you do not need`)}\n`);
      } catch (e) {
        if (!(e instanceof BriefingInputError)) throw e;
        if (ui.json) io.out(`${JSON.stringify({ ok: false, errors: e.diagnostics })}\n`);
        tell(e.diagnostics);
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
    // The output's own place is checked before building, as --out is: a mistake costs no build.
    if (flags.output !== '-') {
      try {
        checkOutputFile(flags.output, file === '-' ? undefined : file);
      } catch (e) {
        if (e instanceof OutputError) throw new UsageError(`-o: ${e.message}`, e.code);
        throw e;
      }
    }
    const input = await factsInput(file, io.stdin);
    if (isDiagnostic(input)) return { file, id: flags.output === '-' ? 'stdout' : basename(flags.output), status: 'invalid', outputs: [], warnings: [], errors: [input], timings: {}, totalMs: 0 };
    if (ui.interactive) io.err(`building ${file === '-' ? 'standard input' : terminalText(file)}\n`);
    const onStage = ui.interactive ? (stage: string, ms: number, detail?: string) => io.err(`${dim(ui, progressLine(stage, ms, detail))}\n`) : undefined;
    // On a worker thread, as every build: Ctrl-C and --timeout stop it at once, nothing written.
    const { runSingleOnWorker } = await import('../delivery/batch.js');
    const { report: r, stdout } = await runSingleOnWorker({ input, label: file, format: formats[0]!, output: flags.output, ...(flags.baseDir ? { baseDir: flags.baseDir } : {}) }, options, { timeoutMs: (flags.timeout ?? 120) * 1000, ...(flags.maxMemory !== undefined ? { maxMemoryMb: flags.maxMemory } : {}), ...(onStage ? { onStage } : {}) });
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

  // The service: HTTP API, queue worker and live preview (src/service; see serve.ts).
  const serveOptions = (cmd: Command, port: number) =>
    cmd
      .addOption(new Option('--port <n>', 'port to listen on (0: any free port)').argParser(parsePort).default(port))
      .option('--host <address>', 'address to listen on', '127.0.0.1')
      .addOption(new Option('--threads <n>', 'worker threads (default: one per core)').argParser(parseCount))
      .addOption(new Option('--timeout <seconds>', 'per-build time limit').argParser(parseSeconds).default(30))
      .addOption(new Option('--max-memory <MB>', `per-build heap limit (default ${DEFAULT_MAX_MEMORY_MB})`).argParser(parseMemory))
      .option('--log-level <level>', 'pino log level', 'info');
  serveOptions(program.command('serve').description('serve the HTTP API and the studio page (Ctrl-C or SIGTERM finishes builds in flight, then stops)'), 8080)
    .addOption(new Option('--max-queue <n>', 'builds that may wait for a thread before new ones get 503').argParser(parseCount))
    .addOption(new Option('--max-body <size>', 'largest request body; accepts 500k, 16M').argParser(parseMaxBytes))
    .option('--token-file <file>', 'require Authorization: Bearer <the token in this file> on /v1 and /metrics')
    .addOption(new Option('--redis <url>', 'queue jobs through BullMQ on this Redis for `briefing worker` processes').argParser(parseRedisUrl))
    .action(async (flags: ServeFlags) => {
      exitCode = await runServe(flags, io.err);
    });
  program
    .command('worker')
    .description('build queued jobs from Redis (BullMQ); run as many as you like, on any machine')
    .requiredOption('--redis <url>', 'the Redis that `briefing serve --redis` queues to', parseRedisUrl)
    .addOption(new Option('--threads <n>', 'worker threads, i.e. jobs at once (default: one per core)').argParser(parseCount))
    .addOption(new Option('--timeout <seconds>', 'per-build time limit').argParser(parseSeconds).default(30))
    .addOption(new Option('--max-memory <MB>', `per-build heap limit (default ${DEFAULT_MAX_MEMORY_MB})`).argParser(parseMemory))
    .addOption(new Option('--lock-duration <ms>', 'job lock time; a dead worker\'s job is retried after it').argParser(parseCount))
    .addOption(new Option('--stalled-interval <ms>', 'how often to look for jobs of dead workers').argParser(parseCount))
    .action(async (flags: WorkerFlags) => {
      exitCode = await runWorker(flags, io.err);
    });
  serveOptions(program.command('preview').description('serve the studio page for a local facts file; it reloads when the facts, sources or templates change').argument('<facts>', 'facts file (YAML or JSON)'), 8090).action(
    async (file: string, flags: ServeFlags) => {
      exitCode = await runServe(flags, io.err, file);
    },
  );

  const onSignal = (signal: NodeJS.Signals) => {
    // Builds run on worker threads and an output set is switched in one synchronous rename,
    // so this runs at once and never between two files of a set: ending the process leaves
    // the previous set (or the whole new one) and at most a staging folder, which the next
    // build of that id removes.
    if (!ui.json) io.err(`${red(ui, `interrupted (${signal}); the previous files were kept`)}\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const isWatch = ['watch', 'serve', 'worker', 'preview'].includes(argv[0] ?? '');
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
      const head = e.code ? `error[${e.code}]` : 'error';
      if (jsonMode) io.out(`${JSON.stringify(usageJson(`${head}: ${terminalText(e.message)}`, e.code))}\n`);
      else io.err(`${red(ui, `${head}: ${terminalText(e.message)}`)}\n`);
      return EXIT.usage;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    if (jsonMode) io.out(`${JSON.stringify(usageJson(`internal error: ${err.message.split('\n')[0]}`, 'BR502'))}\n`);
    else io.err(`${red(ui, `internal error: ${terminalText(err.message.split('\n')[0]!)}`)}\n`);
    if (ui.debug && err.stack) io.err(`${err.stack}\n`);
    return EXIT.internal;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await early?.stopEarlyWorker();
  }
}

/** The JSON document of a run that ended before any file was built: a usage error (BR503 unless it has a code of its own) or an internal error (BR502). */
function usageJson(message: string, code = 'BR503') {
  return { ok: false, outputs: [], warnings: [], errors: [{ code, severity: 'error', file: '', line: 0, column: 0, path: '', message }], files: [] };
}
