// Queued builds (POST /v1/jobs). Without Redis they run in this process on the build pool;
// with Redis they go through BullMQ, so that any number of `briefing worker` processes,
// here or on other machines, share them. Either way a job is a BuildTask and its result
// the same TaskReply, so GET /v1/jobs/:id answers alike.
import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import type { BuildPool } from './pool.js';
import type { BuildTask, TaskReply } from './task.js';

export const QUEUE_NAME = 'briefing-builds';
/** Finished jobs Redis keeps (the most recent), besides its age limit. */
const REDIS_KEEP = 1000;

export type JobState = 'queued' | 'running' | 'done' | 'invalid' | 'failed';

export interface JobView {
  id: string;
  state: JobState;
  /** Times the job was started (more than 1 after a worker died holding it). */
  attempts: number;
  reply?: TaskReply;
  /** Why the job failed (not for invalid input, which is in reply). */
  error?: string;
  createdAt: number;
  finishedAt?: number;
}

export interface JobStore {
  /** Queues a task; resolves with its id. Throws QueueFullError when the pool refuses. */
  submit(task: BuildTask): Promise<string>;
  get(id: string): Promise<JobView | undefined>;
  /** Jobs not yet started. */
  depth(): Promise<number>;
  /** Stops taking jobs and waits for the running ones (in-process) or disconnects. */
  close(): Promise<void>;
  /** How long finished jobs are kept, in words for a 404's hint. */
  readonly retention: string;
}

/**
 * In-process jobs on the build pool. Finished ones are kept in memory for `ttlMs`, at most
 * `keep` of them and `maxBytes` of results (their answer bodies); past either bound the
 * oldest finished jobs go first, so that a server answering jobs all day holds a bounded
 * amount of results however large the documents are.
 */
export class LocalJobs implements JobStore {
  private readonly jobs = new Map<string, JobView>();
  private readonly pending = new Set<Promise<unknown>>();
  /** Bytes of the finished jobs' answer bodies now kept. */
  private keptBytes = 0;
  readonly retention: string;
  constructor(
    private readonly pool: BuildPool,
    /** Runs one task (the server's counted run on `pool`). */
    private readonly runTask: (task: BuildTask, onStart: () => void) => Promise<TaskReply>,
    private readonly ttlMs = 15 * 60_000,
    private readonly keep = 1000,
    private readonly maxBytes = 256 * 1024 * 1024,
  ) {
    this.retention = `finished jobs are kept for ${Math.round(ttlMs / 60_000)} min, the most recent ${keep} and ${Math.round(maxBytes / 1024 / 1024)} MB of results at most`;
  }

  /** Finished jobs and the bytes of their results now kept (what the bounds apply to). */
  get kept(): { jobs: number; bytes: number } {
    let jobs = 0;
    for (const j of this.jobs.values()) if (j.finishedAt !== undefined) jobs++;
    return { jobs, bytes: this.keptBytes };
  }

  async submit(task: BuildTask): Promise<string> {
    this.prune();
    // Refuse now, not later: a job the pool cannot queue is a 503 to its submitter.
    if (this.pool.inFlight >= this.pool.threads && this.pool.queued >= this.pool.maxQueue) {
      const { QueueFullError } = await import('./pool.js');
      throw new QueueFullError(this.pool.retryAfter());
    }
    const id = randomUUID();
    const view: JobView = { id, state: 'queued', attempts: 0, createdAt: Date.now() };
    this.jobs.set(id, view);
    const run = (async () => {
      try {
        const reply = await this.runTask(task, () => {
          view.attempts++;
          view.state = 'running';
        });
        view.reply = reply;
        view.state = reply.status === 'ok' ? 'done' : 'invalid';
      } catch (e) {
        view.state = 'failed';
        view.error = e instanceof Error ? e.message : String(e);
      } finally {
        view.finishedAt = Date.now();
        this.keptBytes += bodyBytes(view);
        this.prune();
      }
    })();
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
    return id;
  }

  async get(id: string): Promise<JobView | undefined> {
    this.prune();
    return this.jobs.get(id);
  }

  async depth(): Promise<number> {
    return [...this.jobs.values()].filter((j) => j.state === 'queued').length;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private prune(): void {
    const now = Date.now();
    // Oldest finished first.
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== undefined).sort((a, b) => a.finishedAt! - b.finishedAt!);
    let count = finished.length;
    for (const j of finished) {
      if (now - j.finishedAt! <= this.ttlMs && count <= this.keep && this.keptBytes <= this.maxBytes) break;
      this.jobs.delete(j.id);
      this.keptBytes -= bodyBytes(j);
      count--;
    }
  }
}

const bodyBytes = (j: JobView): number => (j.reply?.status === 'ok' ? (j.reply.body?.byteLength ?? 0) : 0);

/** The BullMQ connection for a redis:// URL (host, port, password, database). */
export function redisConnection(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`expected a redis:// URL, got ${JSON.stringify(url)}`);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    // BullMQ workers block on Redis; a producer should fail fast instead of queueing forever.
    maxRetriesPerRequest: null,
  };
}

/** Wire form of a reply: bytes as base64 (BullMQ stores results as JSON). */
type OkReply = Extract<TaskReply, { status: 'ok' }>;
export type StoredReply = (Omit<OkReply, 'body'> & { body?: string }) | Extract<TaskReply, { status: 'invalid' }>;

export function toStored(reply: TaskReply): StoredReply {
  if (reply.status !== 'ok') return reply;
  const { body, ...rest } = reply;
  return body ? { ...rest, body: Buffer.from(body).toString('base64') } : rest;
}

export function fromStored(stored: StoredReply): TaskReply {
  if (stored.status !== 'ok') return stored;
  const { body, ...rest } = stored;
  return body !== undefined ? { ...rest, body: new Uint8Array(Buffer.from(body, 'base64')) } : rest;
}

/** Jobs through BullMQ on Redis; `briefing worker` processes run them. */
export class RedisJobs implements JobStore {
  private readonly queue: Queue;
  constructor(
    url: string,
    private readonly maxWaiting = 10_000,
    private readonly ttlSeconds = 3600,
  ) {
    this.queue = new Queue(QUEUE_NAME, { connection: redisConnection(url) });
    this.queue.on('error', () => undefined); // reported by readiness, not as a crash
  }

  async submit(task: BuildTask): Promise<string> {
    if ((await this.depth()) >= this.maxWaiting) {
      const { QueueFullError } = await import('./pool.js');
      throw new QueueFullError(5);
    }
    const id = randomUUID();
    await this.queue.add('build', task, {
      jobId: id,
      // A thrown error (not invalid input, which is a result) is tried once more.
      attempts: 2,
      backoff: { type: 'fixed', delay: 500 },
      removeOnComplete: { age: this.ttlSeconds, count: REDIS_KEEP },
      removeOnFail: { age: this.ttlSeconds, count: REDIS_KEEP },
    });
    return id;
  }

  async get(id: string): Promise<JobView | undefined> {
    // The state first, then the job: a job read before its state could have finished in
    // between, and would then look completed without its result.
    const state = await this.queue.getJobState(id);
    const job = await this.queue.getJob(id);
    if (!job || state === 'unknown') return undefined;
    const view: JobView = { id, state: 'queued', attempts: job.attemptsStarted, createdAt: job.timestamp, ...(job.finishedOn ? { finishedAt: job.finishedOn } : {}) };
    if (state === 'completed' && job.returnvalue) {
      view.reply = fromStored(job.returnvalue as StoredReply);
      view.state = view.reply.status === 'ok' ? 'done' : 'invalid';
    } else if (state === 'active' || state === 'completed') view.state = 'running';
    else if (state === 'failed') {
      view.state = 'failed';
      view.error = job.failedReason;
    }
    return view;
  }

  async depth(): Promise<number> {
    return this.queue.getWaitingCount();
  }

  /** Answers when Redis does. */
  async ping(): Promise<boolean> {
    try {
      await Promise.race([this.queue.getWaitingCount(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 1000).unref())]);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  get retention(): string {
    return `finished jobs are kept for ${Math.round(this.ttlSeconds / 60)} min, the most recent ${REDIS_KEEP}`;
  }
}
