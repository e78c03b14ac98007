// Many facts files at once: one task per file on a pool of worker threads, as many as there
// are cores (and no more than files). Each task reports instead of throwing, so one failure
// never stops the others; a worker that dies is reported as that file's internal error.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { briefingId } from '../api/formats.js';
import { error } from '../diagnostics/index.js';
import type { JobOptions, JobReport } from './job.js';
import type { BatchTask } from './worker.js';

/**
 * The compiled worker beside this module (dist/delivery/worker.js). When this module runs
 * from src/ (a TypeScript-aware test runner), worker threads cannot load .ts, so the
 * compiled copy in dist/ is used.
 */
const beside = fileURLToPath(new URL('./worker.js', import.meta.url));
export const WORKER_FILE = existsSync(beside) ? beside : fileURLToPath(new URL('../../dist/delivery/worker.js', import.meta.url));

export interface BatchOptions {
  /** Upper bound on threads; defaults to the number of cores. */
  threads?: number;
  /** Called as each file finishes, in completion order. */
  onReport?: (report: JobReport) => void;
}

/** Runs every file; reports come back in the order of `files`. */
export async function runBatch(files: readonly string[], options: JobOptions, batch: BatchOptions = {}): Promise<JobReport[]> {
  const threads = Math.max(1, Math.min(files.length, batch.threads ?? availableParallelism()));
  const pool = new Piscina<BatchTask, JobReport>({ filename: WORKER_FILE, minThreads: 0, maxThreads: threads, idleTimeout: 1000 });
  try {
    return await Promise.all(
      files.map(async (file) => {
        let report: JobReport;
        try {
          report = await pool.run({ file, options });
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          report = { file, id: briefingId(file), status: 'internal', outputs: [], warnings: [], errors: [error('BR502', { file }, `internal error: worker failed: ${err.message.split('\n')[0]}`)], timings: {}, totalMs: 0, ...(err.stack ? { stack: err.stack } : {}) };
        }
        batch.onReport?.(report);
        return report;
      }),
    );
  } finally {
    await pool.destroy();
  }
}
