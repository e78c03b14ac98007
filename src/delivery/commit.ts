// Writing a prepared job and sending its e-mail: the part of a job with side effects, kept on
// the main thread (a worker building the files may be stopped at any moment; this part is
// short, and the output set switches in one rename). Loads no pipeline stage, so the CLI's
// main thread stays light while a worker builds.
import { join } from 'node:path';
import { BriefingInputError, error, type Diagnostic } from '../diagnostics/index.js';
import { confinedSetPath, OutputError, writeOutputSet, type WriteIo } from './output.js';
import type { JobOptions, JobReport, PreparedJob } from './job.js';

/** Writes the prepared set to `<out>/<id>/` and sends the e-mail if asked; never throws. */
export async function commitJob(prepared: PreparedJob, options: JobOptions, io?: WriteIo): Promise<JobReport> {
  const { report } = prepared;
  if (report.status !== 'ok' || !prepared.files) return report;
  const started = performance.now();
  try {
    const dir = confinedSetPath(options.out, report.id);
    await writeOutputSet(dir, prepared.files, io);
    report.timings.write = performance.now() - started;
    const manifest = prepared.files.find((f) => f.name === 'manifest.json');
    const listed = manifest ? (JSON.parse(String(typeof manifest.data === 'string' ? manifest.data : Buffer.from(manifest.data))) as { outputs: { file: string; bytes: number; pages?: number; sha256: string }[] }).outputs : [];
    // Paths as the user wrote --out (relative stays relative).
    for (const o of listed) report.outputs.push({ path: join(options.out, report.id, o.file), bytes: o.bytes, ...(o.pages !== undefined ? { pages: o.pages } : {}), sha256: o.sha256 });
  } catch (e) {
    recordFailure(report, e);
    report.totalMs += performance.now() - started;
    return report;
  }
  if (options.smtp && prepared.eml && options.eml) {
    const sendStart = performance.now();
    try {
      const { composeEml, sendEml } = await import('./email.js');
      // The .eml on disk stays the reproducible artifact; what is sent is the same message
      // with the send time as its Date and a Message-ID of its own.
      const sending = prepared.message ? await composeEml({ ...prepared.message, sentAt: new Date() }) : Buffer.from(prepared.eml);
      report.sent = await sendEml(options.smtp, options.eml, sending, options.smtpTimeouts);
    } catch (e) {
      // The files are written; only the delivery failed. Reported as an environment
      // failure (exit 3), not as invalid input.
      report.status = 'internal';
      report.errors.push(error('BR501', { file: report.file }, `could not send the e-mail via ${redactUrl(options.smtp)}: ${(e as Error).message}`, 'the files were written; check the server, or raise --smtp-timeout'));
      report.stack = (e as Error).stack;
    }
    report.timings.send = performance.now() - sendStart;
  }
  report.totalMs += performance.now() - started;
  return report;
}

/** The located error for a facts file whose name cannot become an output folder. */
export function unsafeId(file: string, problem: string): Diagnostic {
  return error('BR510', { file }, `cannot name the output folder after this file: ${problem}`, 'rename the facts file (letters, digits, spaces, - _ and . are fine)');
}

/** Turns what a job threw into its report: invalid input, a user-fixable output problem, or a bug. */
export function recordFailure(report: JobReport, e: unknown): void {
  if (e instanceof BriefingInputError) {
    report.status = 'invalid';
    report.errors = [...report.errors, ...e.diagnostics.filter((d) => d.severity === 'error')];
    report.warnings = [...report.warnings, ...e.diagnostics.filter((d) => d.severity === 'warning')];
  } else if (e instanceof OutputError) {
    report.status = 'invalid';
    report.errors.push(error(e.code, { file: e.path }, `${e.message}; the previous files were kept`));
  } else {
    const err = e instanceof Error ? e : new Error(String(e));
    report.status = 'internal';
    report.errors.push(error('BR502', { file: report.file }, `internal error: ${err.message.split('\n')[0]}`));
    if (err.stack) report.stack = err.stack;
  }
}

/** An SMTP URL for messages: the password never reaches a log. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(malformed SMTP URL)';
  }
}

