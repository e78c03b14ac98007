// `briefing worker --redis URL`: takes jobs from the BullMQ queue and builds them on this
// machine's worker threads. Any number of these share one queue. A worker that dies holding
// a job leaves its lock to expire; BullMQ then hands the job to another worker (a stalled
// job is retried once), so a killed worker costs a job its time, not its result.
import { pino, type Logger } from 'pino';
import { Worker, type Job } from 'bullmq';
import { BuildPool } from './pool.js';
import { QUEUE_NAME, redisConnection, toStored, type StoredReply } from './jobs.js';
import type { BuildTask } from './task.js';

export interface WorkerOptions {
  redis: string;
  /** Worker threads, and so jobs at once; default one per core. */
  threads?: number;
  timeoutMs?: number;
  /** Per-build heap limit in MB (api/heap.ts). */
  maxMemoryMb?: number;
  /** How long a job's lock lasts without renewal; a dead worker's job is retried after it. */
  lockMs?: number;
  /** How often stalled jobs are looked for. */
  stalledIntervalMs?: number;
  logger?: Logger;
}

export interface QueueWorker {
  /** Finishes the jobs in hand, takes no more, stops. */
  close(): Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<QueueWorker> {
  const log = options.logger ?? pino({ base: { pid: process.pid, role: 'worker' } });
  const pool = await BuildPool.start({ ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}), ...(options.maxMemoryMb !== undefined ? { maxMemoryMb: options.maxMemoryMb } : {}), maxQueue: 0 });
  const worker = new Worker<BuildTask, StoredReply>(
    QUEUE_NAME,
    async (job: Job<BuildTask, StoredReply>) => {
      const jl = log.child({ jobId: job.id, attempt: job.attemptsStarted });
      jl.info({ event: 'job-started' }, 'job started');
      try {
        const reply = await pool.run(job.data);
        jl.info({ event: 'job-completed', status: reply.status, ms: Math.round(reply.ms) }, 'job completed');
        return toStored(reply);
      } catch (e) {
        jl.error({ event: 'job-failed', err: (e as Error).message }, 'job failed');
        throw e;
      }
    },
    {
      connection: redisConnection(options.redis),
      concurrency: pool.threads,
      lockDuration: options.lockMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: 1,
    },
  );
  worker.on('error', (err) => log.error({ event: 'worker-error', err: err.message }, 'queue connection problem'));
  await worker.waitUntilReady();
  log.info({ event: 'worker-ready', threads: pool.threads, queue: QUEUE_NAME }, 'worker ready');
  return {
    async close() {
      log.info({ event: 'worker-closing' }, 'finishing jobs in hand');
      await worker.close();
      await pool.close();
    },
  };
}
