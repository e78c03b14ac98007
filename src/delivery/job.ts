// One facts file, start to finish: build, compose the e-mail, check the size budget (all in
// memory: prepareJob, which a worker thread runs and may be stopped at any time), then write
// out/<id>/ as one set and send (commitJob, on the main thread). Never throws: every outcome
// becomes a JobReport, so one bad file cannot take the others down.
import { buildBriefing, briefingId, OUTPUT_FILES, type Format, type Manifest, type Stage } from '../api/index.js';
import { BriefingInputError, type Diagnostic } from '../diagnostics/index.js';
import { idProblem } from '../api/formats.js';
import type { ComposeInput, SendResult } from './email.js';
import type { SmtpTimeouts } from './mail-check.js';
import { checkWritable, confinedSetPath, type FileToWrite } from './output.js';
import { commitJob, recordFailure, unsafeId } from './commit.js';
export { recordFailure, redactUrl } from './commit.js';
import type { Paper } from '../layout/index.js';

export { EML_FILE, MANIFEST_FILE } from './commit.js';

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
  /** SMTP connection, greeting and socket timeouts in ms (defaults 10,000, 10,000, 30,000). */
  smtpTimeouts?: SmtpTimeouts;
  /** Largest size allowed for any one output file, in bytes. */
  maxBytes?: number;
  /** Every warning fails the build (exit 1, nothing written). */
  strict?: boolean;
  /** The earlier edition's facts file: adds what changed since it (BuildOptions.changesSince). */
  changesSince?: string;
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

/** A built job not yet written: the report so far and what the new set is made of. */
export interface PreparedJob {
  report: JobReport;
  /** The outputs (PDFs, deck); absent when the build failed. commitJob adds the e-mail and the manifest. */
  files?: FileToWrite[];
  /** The manifest so far (the e-mail's entry is added when it is composed). */
  manifest?: WrittenManifest;
  /**
   * The e-mail to compose: commitJob writes it as the .eml and, when sending, composes it
   * again with the send time as its Date and a Message-ID of its own (the .eml stays
   * reproducible). A chart picture laid out on a worker thread is drawn there first.
   */
  message?: ComposeInput;
}

export interface PrepareOptions {
  onStage?: (stage: Stage, ms: number, detail?: string) => void;
  /** Lay the e-mail's chart picture out without drawing it (on a worker thread; see commit.ts). */
  deferPicture?: boolean;
}

/** One facts file, start to finish, in this thread. */
export async function runJob(file: string, options: JobOptions, onStage?: (stage: Stage, ms: number, detail?: string) => void): Promise<JobReport> {
  return commitJob(await prepareJob(file, options, onStage ? { onStage } : {}), options);
}

/**
 * Builds everything in memory and writes nothing, so it can run on a worker thread that may
 * be stopped at any moment (a signal, a timeout). Never throws.
 */
export async function prepareJob(file: string, options: JobOptions, prepare: PrepareOptions = {}): Promise<PreparedJob> {
  const started = performance.now();
  const report: JobReport = { file, id: briefingId(file), status: 'ok', outputs: [], warnings: [], errors: [], timings: {}, totalMs: 0 };
  const done = (rest: Omit<PreparedJob, 'report'> = {}): PreparedJob => {
    report.totalMs = performance.now() - started;
    return { report, ...rest };
  };
  try {
    // The id becomes a folder name under --out: refuse one that is not a plain file name
    // before spending a build on it.
    const bad = idProblem(report.id);
    if (bad) throw new BriefingInputError([unsafeId(file, bad)]);
    // Fail before spending a build on a folder that cannot be written.
    checkWritable(confinedSetPath(options.out, report.id));
    const wantsMail = options.eml !== undefined || options.smtp !== undefined;
    const attachments = options.formats.map((f) => attachmentName(report.id, f));
    const result = await buildBriefing(file, {
      formats: options.formats,
      ...(options.paper ? { paper: options.paper } : {}),
      ...(options.templatesDir ? { templatesDir: options.templatesDir } : {}),
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.bilingual ? { bilingual: options.bilingual } : {}),
      ...(options.pdfa ? { pdfa: true } : {}),
      ...(options.changesSince !== undefined ? { changesSince: options.changesSince } : {}),
      ...(options.strict ? { strict: true } : {}),
      ...(wantsMail ? { email: { attachments, ...(prepare.deferPicture ? { preview: 'deferred' as const } : {}) } } : {}),
      ...(prepare.onStage ? { onStage: prepare.onStage } : {}),
    });
    report.warnings = result.warnings;
    Object.assign(report.timings, result.timings);

    const files: FileToWrite[] = result.manifest.outputs.map((o) => ({ name: o.file, data: result[o.format]! }));
    const manifest: WrittenManifest = { ...result.manifest, outputs: [...result.manifest.outputs] };
    const message: ComposeInput | undefined =
      wantsMail && options.eml && result.email
        ? {
            from: options.eml.from,
            to: options.eml.to,
            ...(options.eml.subject !== undefined ? { subject: options.eml.subject } : {}),
            body: result.email,
            date: result.date,
            attachments: result.manifest.outputs.map((o) => ({ filename: attachmentName(report.id, o.format), content: result[o.format]! })),
          }
        : undefined;
    return done({ files, manifest, ...(message ? { message } : {}) });
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
