// Builds on worker threads (piscina), one per core by default, behind a bounded queue. A
// build is stopped by its timeout or by its caller's signal (a client that went away): a
// queued one is simply dropped, a running one takes its worker down and piscina starts a
// fresh one. A worker that crashes fails only the task it was running.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { keepPngLoaded } from '../api/index.js';
import { buildWorkerLimits, DEFAULT_MAX_MEMORY_MB, isOutOfMemory } from '../api/heap.js';
import type { BuildTask, TaskReply } from './task.js';

/** The worker beside this module (bundled .mjs or compiled .js), or in dist/ when this module runs from src/. */
const WORKER_FILE = [new URL('./build-worker.mjs', import.meta.url), new URL('./build-worker.js', import.meta.url)].map((u) => fileURLToPath(u)).find((f) => existsSync(f)) ?? fileURLToPath(new URL('../../dist/service/build-worker.js', import.meta.url));

export interface PoolOptions {
  /** Worker threads; default one per core. */
  threads?: number;
  /** Builds allowed to wait for a thread; past it, `run` refuses with QueueFullError. */
  maxQueue?: number;
  /** Per-build limit in milliseconds, queue wait not included. */
  timeoutMs?: number;
  /** Heap limit of a build in MB (api/heap.ts); a build past it loses its worker, not the service. */
  maxMemoryMb?: number;
}

export class QueueFullError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('the build queue is full');
  }
}
export class BuildTimeoutError extends Error {}
export class BuildCancelledError extends Error {}
/** The worker died (crash, terminated) while running this build. */
export class WorkerFailedError extends Error {}
/** The build needed more heap than the pool's limit; its worker was stopped. */
export class BuildMemoryError extends Error {}

export class BuildPool {
  readonly threads: number;
  readonly maxQueue: number;
  readonly timeoutMs: number;
  readonly maxMemoryMb: number;
  private readonly piscina: Piscina<BuildTask, TaskReply>;
  private running = 0;
  /**
   * Builds waiting for a thread. The queue is ours, not piscina's, so that we know when a
   * build starts (its timeout counts from then) and can drop a waiting one cheaply.
   */
  private readonly waiting: { go: () => void }[] = [];
  /** Recent build times, for a Retry-After that reflects the load. */
  private readonly recentMs: number[] = [];

  /** A started pool; its threads may load the optional native canvas (see keepPngLoaded). */
  static async start(options: PoolOptions = {}): Promise<BuildPool> {
    await keepPngLoaded();
    return new BuildPool(options);
  }

  private constructor(options: PoolOptions = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.maxQueue = Math.max(0, options.maxQueue ?? this.threads * 8);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxMemoryMb = options.maxMemoryMb ?? DEFAULT_MAX_MEMORY_MB;
    this.piscina = new Piscina<BuildTask, TaskReply>({
      filename: WORKER_FILE,
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: Number.MAX_SAFE_INTEGER,
      // Bounded as the CLI's build workers are (api/heap.ts: the limits and why).
      resourceLimits: buildWorkerLimits(this.maxMemoryMb),
    });
    // A worker that dies with no task is replaced by piscina; nothing to report to a caller.
    this.piscina.on('error', () => undefined);
  }

  /** Builds waiting for a thread. */
  get queued(): number {
    return this.waiting.length;
  }
  /** Builds on a thread now. */
  get inFlight(): number {
    return this.running;
  }
  /** The worker threads (tests use this to kill one mid-build). */
  get workers(): readonly Worker[] {
    return this.piscina.threads;
  }

  async run(task: BuildTask, signal?: AbortSignal, onStart?: () => void): Promise<TaskReply> {
    if (signal?.aborted) throw new BuildCancelledError('the client went away');
    if (this.running < this.threads) this.running++;
    else {
      if (this.waiting.length >= this.maxQueue) throw new QueueFullError(this.retryAfter());
      // Wait for a thread; a finishing build hands its slot straight over (see release).
      await new Promise<void>((resolve, reject) => {
        const entry = {
          go: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(new BuildCancelledError('the client went away'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.waiting.push(entry);
      });
    }
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), this.timeoutMs);
    const stop = signal ? AbortSignal.any([signal, timeout.signal]) : timeout.signal;
    const t0 = performance.now();
    try {
      onStart?.();
      const reply = await this.piscina.run(task, { signal: stop });
      this.remember(performance.now() - t0);
      return reply;
    } catch (e) {
      if (timeout.signal.aborted) throw new BuildTimeoutError(`the build took longer than ${this.timeoutMs} ms`);
      if (signal?.aborted) throw new BuildCancelledError('the client went away');
      if (isOutOfMemory(e)) throw new BuildMemoryError(`the build needed more than the memory limit of ${this.maxMemoryMb} MB`);
      const message = e instanceof Error ? e.message : String(e);
      throw new WorkerFailedError(message.split('\n')[0] ?? message);
    } finally {
      clearTimeout(timer);
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.running--;
  }

  /** Seconds a refused client should wait: the time for the work ahead to drain, at least 1. */
  retryAfter(): number {
    const avg = this.recentMs.length ? this.recentMs.reduce((a, b) => a + b, 0) / this.recentMs.length : 1000;
    return Math.max(1, Math.ceil(((this.waiting.length + this.running) * avg) / this.threads / 1000));
  }

  private remember(ms: number): void {
    this.recentMs.push(ms);
    if (this.recentMs.length > 50) this.recentMs.shift();
  }

  /** Waits for running and queued builds, then stops the threads. */
  async close(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
    await this.piscina.close();
  }

  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
