// Finishing a prepared job and sending its e-mail: the part of a job with side effects, kept
// on the main thread (a worker building the files may be stopped at any moment; this part is
// short, and the output set switches in one rename). The e-mail is composed here, after its
// chart picture is drawn: canvas, a native addon, crashes the process when a worker thread
// that loaded it ends, so it is only ever loaded on this thread. Loads no other pipeline
// stage, so the CLI's main thread stays light while a worker builds.
import { join } from 'node:path';
import { sha256 } from '../digest/index.js';
import { BriefingInputError, error, type Diagnostic } from '../diagnostics/index.js';
import { confinedSetPath, OutputError, writeFileAtomic, writeOutputSet, type FileToWrite, type WriteIo } from './output.js';
import type { JobOptions, JobReport, PreparedJob } from './job.js';
import type { PreparedSingle, SingleResult } from './single.js';

export const EML_FILE = 'briefing.eml';
export const MANIFEST_FILE = 'manifest.json';

/**
 * Composes the e-mail, checks the size budget, writes the set to `<out>/<id>/` and sends the
 * e-mail if asked; never throws.
 */
export async function commitJob(prepared: PreparedJob, options: JobOptions, io?: WriteIo): Promise<JobReport> {
  const { report, manifest, message } = prepared;
  if (report.status !== 'ok' || !prepared.files || !manifest) return report;
  const started = performance.now();
  const files: FileToWrite[] = [...prepared.files];
  try {
    if (message) {
      const emailStart = performance.now();
      // A picture laid out on a worker thread is drawn here (see above).
      if (message.body.images.some((i) => i.pending)) await (await import('../api/email-preview.js')).drawEmailImages(message.body);
      // nodemailer loads only when mail is asked for: it is a tenth of a second of start-up.
      const { composeEml } = await import('./email.js');
      const eml = await composeEml(message);
      files.push({ name: EML_FILE, data: eml });
      manifest.outputs.push({ format: 'eml', file: EML_FILE, bytes: eml.byteLength, sha256: sha256(eml) });
      report.timings.email = (report.timings.email ?? 0) + performance.now() - emailStart;
    }
    // The budget is checked before anything is written, so the previous good files stay.
    if (options.maxBytes !== undefined) {
      for (const f of files) {
        const size = typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength;
        if (size > options.maxBytes) {
          report.errors.push(error('BR500', { file: join(options.out, report.id, f.name) }, `is ${size.toLocaleString('en')} bytes, over the --max-bytes budget of ${options.maxBytes.toLocaleString('en')} bytes; nothing was written and the previous files were kept`));
        }
      }
      if (report.errors.length) {
        report.status = 'invalid';
        report.totalMs += performance.now() - started;
        return report;
      }
    }
    files.push({ name: MANIFEST_FILE, data: `${JSON.stringify(manifest, null, 2)}\n` });
    const writeStart = performance.now();
    await writeOutputSet(confinedSetPath(options.out, report.id), files, io);
    report.timings.write = performance.now() - writeStart;
    // Paths as the user wrote --out (relative stays relative).
    for (const o of manifest.outputs) report.outputs.push({ path: join(options.out, report.id, o.file), bytes: o.bytes, ...('pages' in o ? { pages: o.pages } : {}), sha256: o.sha256 });
  } catch (e) {
    recordFailure(report, e);
    report.totalMs += performance.now() - started;
    return report;
  }
  if (options.smtp && message && options.eml) {
    const sendStart = performance.now();
    try {
      const { composeEml, sendEml } = await import('./email.js');
      // The .eml on disk stays the reproducible artifact; what is sent is the same message
      // with the send time as its Date and a Message-ID of its own.
      const sending = await composeEml({ ...message, sentAt: new Date() });
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

/**
 * Writes a prepared single output (`-o FILE`) atomically, or hands its bytes back for
 * standard output (`-o -`); never throws.
 */
export function commitSingle(prepared: PreparedSingle, output: string, io?: WriteIo): SingleResult {
  const { report, built } = prepared;
  if (report.status !== 'ok' || !built) return { report };
  if (output === '-') return { report, stdout: built.bytes };
  const started = performance.now();
  try {
    writeFileAtomic(output, built.bytes, io);
    report.timings.write = performance.now() - started;
    report.outputs.push({ path: output, bytes: built.bytes.byteLength, pages: built.pages, sha256: built.sha256 });
  } catch (e) {
    recordFailure(report, e);
  }
  report.totalMs += performance.now() - started;
  return { report };
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

