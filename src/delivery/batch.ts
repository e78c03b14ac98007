// Facts files on worker threads: one task per file on a pool of threads, as many as there are
// cores (and no more than files). A worker only builds, in memory; the main thread writes each
// output set (one rename) and sends mail. So the main thread stays free to answer a signal
// at once, and a file that runs past its time limit is stopped by ending its worker, with
// nothing half-written. Each task reports instead of throwing: one failure never stops the
// others, and every file gets a report, so the summary is always printed.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { briefingId, idProblem } from '../api/formats.js';
import { error } from '../diagnostics/index.js';
import { basename } from 'node:path';
import { commitJob, commitSingle, unsafeId } from './commit.js';
import { buildWorkerLimits, DEFAULT_MAX_MEMORY_MB, isOutOfMemory } from '../api/heap.js';
import type { JobOptions, JobReport, PreparedJob } from './job.js';
import type { PreparedSingle, SingleResult, SingleTarget } from './single.js';
import type { BatchTask, SingleTask, StageMessage } from './worker.js';

/**
 * The worker beside this module: in the bundle (dist/bundle/worker.mjs, when this module runs
 * from dist/bundle/) or compiled (dist/delivery/worker.js). When this module runs from src/ (a
 * TypeScript-aware test runner), worker threads cannot load .ts, so the compiled copy in dist/
 * is used.
 */
export const WORKER_FILE = [new URL('./worker.mjs', import.meta.url), new URL('./worker.js', import.meta.url)].map((u) => fileURLToPath(u)).find((f) => existsSync(f)) ?? fileURLToPath(new URL('../../dist/delivery/worker.js', import.meta.url));


/**
 * A build worker started before the command line was fully read (see startWorkerEarly): one
 * thread, already loading the pipeline while the main thread reads the config, expands the
 * inputs and checks the output folder. A cold one-file build starts that much sooner.
 */
let early: { pool: Piscina; maxMemoryMb: number } | undefined;

/**
 * Starts one build worker now (piscina loads the worker's module, the whole pipeline, as the
 * thread starts). A one-file build then takes it (runBatch, runSingleOnWorker) if it was
 * started with the same memory limit; anything else stops it with stopEarlyWorker.
 */
export function startWorkerEarly(maxMemoryMb: number = DEFAULT_MAX_MEMORY_MB): void {
  if (early) return;
  const pool = new Piscina({ filename: WORKER_FILE, minThreads: 1, maxThreads: 1, idleTimeout: 1000, resourceLimits: buildWorkerLimits(maxMemoryMb) });
  // A worker that fails before any task is replaced by piscina; a task's own failure reaches its caller.
  pool.on('error', () => undefined);
  early = { pool, maxMemoryMb };
}

/** Stops the early worker if no build took it (a usage error, --help, a batch of several files). */
export async function stopEarlyWorker(): Promise<void> {
  const e = early;
  early = undefined;
  await e?.pool.destroy();
}

/** A pool of `threads` build workers: the early one when it fits, else a new pool. */
async function buildPool(threads: number, maxMemoryMb: number): Promise<Piscina> {
  if (threads === 1 && early?.maxMemoryMb === maxMemoryMb) {
    const { pool } = early;
    early = undefined;
    return pool;
  }
  await stopEarlyWorker();
  return new Piscina({ filename: WORKER_FILE, minThreads: 0, maxThreads: threads, idleTimeout: 1000, resourceLimits: buildWorkerLimits(maxMemoryMb) });
}

/** Default time limit for one file: generous for real briefings (about a second each). */
export const DEFAULT_TIMEOUT_MS = 120_000;

export interface BatchOptions {
  /** Upper bound on threads; defaults to the number of cores. */
  threads?: number;
  /** Called as each file finishes, in completion order. */
  onReport?: (report: JobReport) => void;
  /** Called as each stage of a file finishes (progress). */
  onStage?: (file: string, stage: string, ms: number, detail?: string) => void;
  /** Longest time one file may take to build, in ms; it is then stopped and reported. */
  timeoutMs?: number;
  /** Most heap one file's build may use, in MB (see api/heap.ts); past it, it is stopped and reported. */
  maxMemoryMb?: number;
}

/** Runs every file; reports come back in the order of `files`. */
export async function runBatch(files: readonly string[], options: JobOptions, batch: BatchOptions = {}): Promise<JobReport[]> {
  const threads = Math.max(1, Math.min(files.length, batch.threads ?? availableParallelism()));
  const limits = { timeoutMs: batch.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxMemoryMb: batch.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB };
  const pool = await buildPool(threads, limits.maxMemoryMb);
  // The e-mail's chart picture needs canvas, which must never load on a worker thread (it
  // crashes the process when the thread ends): when it loads here, workers lay the picture
  // out and commitJob draws it on this thread.
  const deferPicture = options.eml !== undefined || options.smtp !== undefined ? await (await import('../api/email-preview.js')).pngSupport() : false;
  try {
    return await Promise.all(
      files.map(async (file) => {
        const started = performance.now();
        let report: JobReport;
        const bad = idProblem(briefingId(file));
        if (bad) {
          // Known before any build: no thread is spent on it.
          report = { file, id: briefingId(file), status: 'invalid', outputs: [], warnings: [], errors: [unsafeId(file, bad)], timings: {}, totalMs: 0 };
          batch.onReport?.(report);
          return report;
        }
        const outcome = await onWorker<PreparedJob>(pool, { file, options, ...(deferPicture ? { deferPicture } : {}) } satisfies BatchTask, 'default', limits.timeoutMs, batch.onStage && ((stage, ms, detail) => batch.onStage!(file, stage, ms, detail)));
        report = 'prepared' in outcome ? await commitJob(outcome.prepared, options) : failedOnWorker(file, briefingId(file), outcome.error, limits, started);
        batch.onReport?.(report);
        return report;
      }),
    );
  } finally {
    await pool.destroy();
  }
}

/**
 * One output (`-o FILE`, `-o -`) built on a worker thread, so that a signal or --timeout
 * stops it at once with nothing written, then written on this thread.
 */
export async function runSingleOnWorker(target: SingleTarget, options: Omit<JobOptions, 'out' | 'formats'>, run: Pick<BatchOptions, 'timeoutMs' | 'maxMemoryMb'> & { onStage?: (stage: string, ms: number, detail?: string) => void } = {}): Promise<SingleResult> {
  const limits = { timeoutMs: run.timeoutMs ?? DEFAULT_TIMEOUT_MS, maxMemoryMb: run.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB };
  const pool = await buildPool(1, limits.maxMemoryMb);
  const started = performance.now();
  try {
    const outcome = await onWorker<PreparedSingle>(pool, { target, options } satisfies SingleTask, 'single', limits.timeoutMs, run.onStage);
    if ('prepared' in outcome) return commitSingle(outcome.prepared, target.output);
    return { report: failedOnWorker(target.label, target.output === '-' ? 'stdout' : basename(target.output), outcome.error, limits, started) };
  } finally {
    await pool.destroy();
  }
}

/** Runs one task under the time limit, passing its stage progress on; what it returned or threw. */
async function onWorker<T>(pool: Piscina, task: BatchTask | SingleTask, name: 'default' | 'single', timeoutMs: number, onStage?: (stage: string, ms: number, detail?: string) => void): Promise<{ prepared: T } | { error: Error }> {
  let channel: MessageChannel | undefined;
  try {
    if (onStage) {
      channel = new MessageChannel();
      channel.port1.on('message', (m: StageMessage) => onStage(m.stage, m.ms, m.detail));
      task.progress = channel.port2;
    }
    // The clock starts when the task is queued: a file waiting for a thread is waiting too.
    return { prepared: (await pool.run(task, { name, signal: AbortSignal.timeout(timeoutMs), ...(channel ? { transferList: [channel.port2] } : {}) })) as T };
  } catch (e) {
    return { error: e instanceof Error ? e : new Error(String(e)) };
  } finally {
    channel?.port1.close();
  }
}

/** The report of a build stopped by the time limit (BR517) or the memory limit (BR520), or lost with its worker (BR502). */
function failedOnWorker(file: string, id: string, err: Error, limits: { timeoutMs: number; maxMemoryMb: number }, started: number): JobReport {
  const report: JobReport = { file, id, status: 'invalid', outputs: [], warnings: [], errors: [], timings: {}, totalMs: performance.now() - started };
  if (err.name === 'AbortError' || err.name === 'TimeoutError') {
    report.errors.push(error('BR517', { file }, `took longer than the time limit of ${limits.timeoutMs / 1000} s and was stopped; nothing was written and the previous files were kept`, 'raise --timeout if the file is really that large, or split it'));
  } else if (isOutOfMemory(err)) {
    report.errors.push(error('BR520', { file }, `needed more than the memory limit of ${limits.maxMemoryMb} MB to build and was stopped; nothing was written and the previous files were kept`, 'raise --max-memory if the file is really that large, or split it'));
  } else {
    report.status = 'internal';
    report.errors.push(error('BR502', { file }, `internal error: worker failed: ${err.message.split('\n')[0]}`));
    if (err.stack) report.stack = err.stack;
  }
  return report;
}
