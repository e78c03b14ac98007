// One facts file, start to finish: build, compose the e-mail, check the size budget, write
// out/<id>/ atomically, send. Never throws: every outcome becomes a JobReport, so the same
// function serves the CLI in-process and the batch worker threads, and one bad file cannot
// take the others down.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildBriefing, briefingId, OUTPUT_FILES, type Format, type Manifest, type Stage } from '../api/index.js';
import { sha256 } from '../digest/index.js';
import { BriefingInputError, error, type Diagnostic } from '../diagnostics/index.js';
import type { ComposeInput, SendResult } from './email.js';
import { writeFilesAtomic, type FileToWrite } from './output.js';
import type { Paper } from '../layout/index.js';

export const EML_FILE = 'briefing.eml';
export const MANIFEST_FILE = 'manifest.json';

export interface JobOptions {
  /** Output folder; files go to <out>/<id>/. */
  out: string;
  formats: readonly Format[];
  paper?: Paper;
  templatesDir?: string;
  locale?: string;
  /** Two locales: one parallel edition (see BuildOptions.bilingual). */
  bilingual?: readonly [string, string];
  pdfa?: boolean;
  /** Write <id>/briefing.eml with the PDFs attached. */
  eml?: { from: string; to: string; subject?: string };
  /** Send the e-mail through this SMTP URL (implies composing it). */
  smtp?: string;
  /** Largest size allowed for any one output file, in bytes. */
  maxBytes?: number;
  /** Every warning fails the build (exit 1, nothing written). */
  strict?: boolean;
}

export interface OutputReport {
  path: string;
  bytes: number;
  /** Pages of a PDF; absent for the e-mail. */
  pages?: number;
  sha256: string;
}

export type JobStatus = 'ok' | 'invalid' | 'internal';

export interface JobReport {
  file: string;
  id: string;
  status: JobStatus;
  outputs: OutputReport[];
  warnings: Diagnostic[];
  errors: Diagnostic[];
  timings: Partial<Record<Stage | 'write' | 'send', number>>;
  totalMs: number;
  /** Set when the e-mail was sent. */
  sent?: SendResult;
  /** Stack of an internal error, shown only with --debug. */
  stack?: string;
  /** Facts exempted from the figure check, located, with their reasons (validate lists them). */
  figureOptOuts?: { path: string; line: number; column: number; reason: string }[];
}

/** What out/<id>/manifest.json holds: the library's manifest plus the e-mail, if written. */
export interface WrittenManifest extends Omit<Manifest, 'outputs'> {
  outputs: (Manifest['outputs'][number] | { format: 'eml'; file: string; bytes: number; sha256: string })[];
}

export async function runJob(file: string, options: JobOptions, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<JobReport> {
  const started = performance.now();
  const report: JobReport = { file, id: briefingId(file), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
  const dir = join(options.out, report.id);
  try {
    // Fail before spending a build on a folder that cannot be written.
    checkWritable(dir);
    const wantsMail = options.eml !== undefined || options.smtp !== undefined;
    const result = await buildBriefing(file, {
      formats: options.formats,
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.bilingual ? { bilingual: options.bilingual } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.strict ? { strict: true } : {}),
      ...(wantsMail ? { email: { attachments: options.formats.map((f) => attachmentName(report.id, f)) } } : {}),
      ...(onStage ? { onStage } : {}),
    });
    report.warnings = result.warnings;
    Object.assign(report.timings, result.timings);

    const files: FileToWrite[] = result.manifest.outputs.map((o) => ({ name: o.file, data: result[o.format]! }));
    const manifest: WrittenManifest = { ...result.manifest, outputs: [...result.manifest.outputs] };
    let eml: Buffer | undefined;
    let message: ComposeInput | undefined;
    if (wantsMail && options.eml && result.email) {
      // nodemailer loads only when mail is asked for: it is a tenth of a second of start-up.
      const { composeEml } = await import('./email.js');
      message = {
        from: options.eml.from,
        to: options.eml.to,
        ...(options.eml.subject !== undefined ? { subject: options.eml.subject } : {}),
        body: result.email,
        date: result.date,
        attachments: result.manifest.outputs.map((o) => ({ filename: attachmentName(report.id, o.format), content: result[o.format]! })),
      };
      eml = await composeEml(message);
      files.push({ name: EML_FILE, data: eml });
      manifest.outputs.push({ format: 'eml', file: EML_FILE, bytes: eml.byteLength, sha256: sha256(eml) });
    }

    // The budget is checked before anything is written, so the previous good files stay.
    if (options.maxBytes !== undefined) {
      for (const f of files) {
        const size = typeof f.data === 'string' ? Buffer.byteLength(f.data) : f.data.byteLength;
        if (size > options.maxBytes) {
          report.errors.push(
            error('BR500', { file: join(dir, f.name) }, `is ${size.toLocaleString('en')} bytes, over the --max-bytes budget of ${options.maxBytes.toLocaleString('en')} bytes; nothing was written and the previous files were kept`),
          );
        }
      }
      if (report.errors.length) {
        report.status = 'invalid';
        return report;
      }
    }

    files.push({ name: MANIFEST_FILE, data: `${JSON.stringify(manifest, null, 2)}\n` });
    const writeStart = performance.now();
    writeFilesAtomic(dir, files);
    report.timings.write = performance.now() - writeStart;
    for (const o of manifest.outputs) report.outputs.push({ path: join(dir, o.file), bytes: o.bytes, ...('pages' in o ? { pages: o.pages } : {}), sha256: o.sha256 });

    if (options.smtp && eml && options.eml) {
      const sendStart = performance.now();
      try {
        const { composeEml, sendEml } = await import('./email.js');
        // The .eml on disk stays the reproducible artifact; what is sent is the same message
        // with the send time as its Date and a Message-ID of its own.
        const sending = message ? await composeEml({ ...message, sentAt: new Date() }) : eml;
        report.sent = await sendEml(options.smtp, options.eml, sending);
      } catch (e) {
        // The files are written; only the delivery failed. Reported as an internal
        // (environment) failure, not as invalid input.
        report.status = 'internal';
        report.errors.push(error('BR501', { file }, `could not send the e-mail via ${redactUrl(options.smtp)}: ${(e as Error).message}`));
        report.stack = (e as Error).stack;
      }
      report.timings.send = performance.now() - sendStart;
    }
  } catch (e) {
    recordFailure(report, e);
  } finally {
    report.totalMs = performance.now() - started;
  }
  return report;
}

/** A build that threw: invalid input (its located diagnostics) or an internal error. */
export function recordFailure(report: JobReport, e: unknown): void {
  if (e instanceof BriefingInputError) {
    report.status = 'invalid';
    report.errors = e.diagnostics.filter((d) => d.severity === 'error');
    report.warnings = [...report.warnings, ...e.diagnostics.filter((d) => d.severity === 'warning')];
  } else {
    const err = e instanceof Error ? e : new Error(String(e));
    report.status = 'internal';
    report.errors.push(error('BR502', { file: report.file }, `internal error: ${err.message.split('\n')[0]}`));
    if (err.stack) report.stack = err.stack;
  }
}

/**
 * The name a PDF carries as an e-mail attachment: the briefing id and the output's own name,
 * e.g. `<id>-briefing.pdf`, so that attachments from different briefings stay apart in a
 * mail client or a downloads folder. Characters a file system may refuse become "-".
 */
export function attachmentName(id: string, format: Format): string {
  const safe = id.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '') || 'briefing';
  return `${safe}-${OUTPUT_FILES[format]}`;
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

/** Throws unless `dir` exists as a writable folder or could be created as one. */
export function checkWritable(dir: string): void {
  let at = dir;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch {
      const up = dirname(at);
      if (up === at) return;
      at = up;
      continue;
    }
    if (!isDir) throw new Error(`cannot write to ${dir}: ${at} is not a folder`);
    accessSync(at, constants.W_OK);
    return;
  }
}
