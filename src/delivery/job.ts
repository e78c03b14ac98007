// One facts file, start to finish: build, compose the e-mail, check the size budget (all in
// memory: prepareJob, which a worker thread runs and may be stopped at any time), then write
// out/<id>/ as one set and send (commitJob, on the main thread). Never throws: every outcome
// becomes a JobReport, so one bad file cannot take the others down.
import { join } from 'node:path';
import { buildBriefing, briefingId, OUTPUT_FILES, type Format, type Manifest, type Stage } from '../api/index.js';
import { sha256 } from '../digest/index.js';
import { BriefingInputError, error, type Diagnostic } from '../diagnostics/index.js';
import { idProblem } from '../api/formats.js';
import type { ComposeInput, SendResult } from './email.js';
import type { SmtpTimeouts } from './mail-check.js';
import { checkWritable, confinedSetPath, type FileToWrite } from './output.js';
import { commitJob, recordFailure, unsafeId } from './commit.js';
export { recordFailure, redactUrl } from './commit.js';
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
  pdfa?: boolean;
  /** Write <id>/briefing.eml with the PDFs attached. */
  eml?: { from: string; to: string; subject?: string };
  /** Send the e-mail through this SMTP URL (implies composing it). */
  smtp?: string;
  /** SMTP connection, greeting and socket timeouts in ms (defaults 10,000, 10,000, 30,000). */
  smtpTimeouts?: SmtpTimeouts;
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

/** A built job not yet written: the report so far and the files of the new set. */
export interface PreparedJob {
  report: JobReport;
  /** The set to write (manifest last); absent when the build failed. */
  files?: FileToWrite[];
  /** The composed .eml, as written. */
  eml?: Uint8Array;
  /**
   * What the .eml was composed from: commitJob composes it again for sending, with the send
   * time as its Date and a Message-ID of its own (the .eml on disk stays reproducible).
   */
  message?: ComposeInput;
}

/** One facts file, start to finish. */
export async function runJob(file: string, options: JobOptions, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<JobReport> {
  return commitJob(await prepareJob(file, options, onStage), options);
}

/**
 * Builds everything in memory and writes nothing, so it can run on a worker thread that may
 * be stopped at any moment (a signal, a timeout). Never throws.
 */
export async function prepareJob(file: string, options: JobOptions, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<PreparedJob> {
  const started = performance.now();
  const report: JobReport = { file, id: briefingId(file), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
  const done = (files?: FileToWrite[], eml?: Uint8Array, message?: ComposeInput): PreparedJob => {
    report.totalMs = performance.now() - started;
    return { report, ...(files ? { files } : {}), ...(eml ? { eml } : {}), ...(message ? { message } : {}) };
  };
  try {
    // The id becomes a folder name under --out: refuse one that is not a plain file name
    // before spending a build on it.
    const bad = idProblem(report.id);
    if (bad) throw new BriefingInputError([unsafeId(file, bad)]);
    const dir = confinedSetPath(options.out, report.id);
    // Fail before spending a build on a folder that cannot be written.
    checkWritable(dir);
    const wantsMail = options.eml !== undefined || options.smtp !== undefined;
    const result = await buildBriefing(file, {
      formats: options.formats,
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
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
          report.errors.push(error('BR500', { file: join(options.out, report.id, f.name) }, `is ${size.toLocaleString('en')} bytes, over the --max-bytes budget of ${options.maxBytes.toLocaleString('en')} bytes; nothing was written and the previous files were kept`));
        }
      }
      if (report.errors.length) {
        report.status = 'invalid';
        return done();
      }
    }
    files.push({ name: MANIFEST_FILE, data: `${JSON.stringify(manifest, null, 2)}\n` });
    return done(files, eml, message);
  } catch (e) {
    recordFailure(report, e);
    return done();
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
