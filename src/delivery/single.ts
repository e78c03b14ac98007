// One output to one place: `briefing build FILE -o out.pdf` (or `-o -` for standard output),
// with the facts from a file or from standard input. prepareSingle builds only the format
// asked for, in memory, and checks the size budget (on a worker thread, like every build, so
// a signal or --timeout stops it at once); commitSingle (commit.ts, on the main thread)
// writes the file atomically or hands the bytes back for stdout. Neither throws: every
// outcome becomes a JobReport, as runJob's do.
import { basename } from 'node:path';
import { buildBriefing, type FactsText, type Format, type Stage } from '../api/index.js';
import { recordFailure, type JobOptions, type JobReport } from './job.js';
import { commitSingle } from './commit.js';
import { error } from '../diagnostics/index.js';

export interface SingleTarget {
  /** The facts: a path, or the text of standard input. */
  input: string | FactsText;
  /** What messages call the input (the path, or `-`). */
  label: string;
  format: Format;
  /** A file path, or `-` for standard output. */
  output: string;
  baseDir?: string;
}

export interface SingleResult {
  report: JobReport;
  /** The bytes for standard output, when `output` is `-` and the build succeeded. */
  stdout?: Uint8Array;
}

/** A built output not yet written. */
export interface PreparedSingle {
  report: JobReport;
  /** The output's bytes and what the manifest says of them; absent when the build failed. */
  built?: { bytes: Uint8Array; pages: number; sha256: string };
}

/** Builds, in memory, and checks the size budget; writes nothing and never throws. */
export async function prepareSingle(target: SingleTarget, options: Omit<JobOptions, 'out' | 'formats'>, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<PreparedSingle> {
  const started = performance.now();
  const report: JobReport = { file: target.label, id: target.output === '-' ? 'stdout' : basename(target.output), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
  const prepared: PreparedSingle = { report };
  try {
    const built = await buildBriefing(target.input, {
      formats: [target.format],
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.bilingual ? { bilingual: options.bilingual } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.strict ? { strict: true } : {}),
      ...(options.changesSince !== undefined ? { changesSince: options.changesSince } : {}),
      ...(target.baseDir ? { baseDir: target.baseDir } : {}),
      ...(onStage ? { onStage } : {}),
    });
    report.warnings = built.warnings;
    Object.assign(report.timings, built.timings);
    const bytes = built[target.format]!;
    const info = built.manifest.outputs[0]!;
    if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) {
      report.status = 'invalid';
      report.errors.push(error('BR500', { file: target.output }, `is ${bytes.byteLength.toLocaleString('en')} bytes, over the --max-bytes budget of ${options.maxBytes.toLocaleString('en')} bytes; nothing was written${target.output === '-' ? '' : ' and the previous file was kept'}`));
    } else {
      prepared.built = { bytes, pages: info.pages, sha256: info.sha256 };
    }
  } catch (e) {
    recordFailure(report, e);
  } finally {
    report.totalMs = performance.now() - started;
  }
  return prepared;
}

/** One output, start to finish, in this thread. */
export async function runSingle(target: SingleTarget, options: Omit<JobOptions, 'out' | 'formats'>, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<SingleResult> {
  return commitSingle(await prepareSingle(target, options, onStage), target.output);
}
