// One output to one place: `briefing build FILE -o out.pdf` (or `-o -` for standard output),
// with the facts from a file or from standard input. Builds only the format asked for, writes
// the file atomically (or hands the bytes back for stdout) and never throws: every outcome
// becomes a JobReport, as runJob's do.
import { basename, dirname, resolve } from 'node:path';
import { buildBriefing, type FactsText, type Format, type Stage } from '../api/index.js';
import { recordFailure, type JobOptions, type JobReport } from './job.js';
import { writeFilesAtomic } from './output.js';
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

export async function runSingle(target: SingleTarget, options: Omit<JobOptions, 'out' | 'formats'>, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<SingleResult> {
  const started = performance.now();
  const report: JobReport = { file: target.label, id: target.output === '-' ? 'stdout' : basename(target.output), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
  const result: SingleResult = { report };
  try {
    const built = await buildBriefing(target.input, {
      formats: [target.format],
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.bilingual ? { bilingual: options.bilingual } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(target.baseDir ? { baseDir: target.baseDir } : {}),
      ...(onStage ? { onStage } : {}),
    });
    report.warnings = built.warnings;
    Object.assign(report.timings, built.timings);
    const bytes = built[target.format]!;
    const info = built.manifest.outputs[0]!;
    if (options.maxBytes !== undefined && bytes.byteLength > options.maxBytes) {
      report.status = 'invalid';
      report.errors.push(error('BR500', { file: target.output }, `is ${bytes.byteLength.toLocaleString('en')} bytes, over the --max-bytes budget of ${options.maxBytes.toLocaleString('en')} bytes; nothing was written`));
      return result;
    }
    if (target.output === '-') {
      result.stdout = bytes;
    } else {
      const path = resolve(target.output);
      const writeStart = performance.now();
      writeFilesAtomic(dirname(path), [{ name: basename(path), data: bytes }]);
      report.timings.write = performance.now() - writeStart;
      report.outputs.push({ path: target.output, bytes: info.bytes, pages: info.pages, sha256: info.sha256 });
    }
  } catch (e) {
    recordFailure(report, e);
  } finally {
    report.totalMs = performance.now() - started;
  }
  return result;
}
