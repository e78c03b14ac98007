// The heap of a build worker thread: the CLI's builds (one file or a batch) and the service's
// pool run every build on a worker with these V8 limits, so that one build's memory is
// bounded like its time, and a long-running process stays small.
//
// Why both limits, measured (bench/HISTORY.md, issue #17): a warm process over hundreds of
// builds peaked at about 300 MB of RSS with V8's defaults, for a live heap of about 40 MB. What
// V8 kept was garbage: a young generation let grow to 3 × 16 MB, and an old generation let grow
// to three or four times the live data before a full collection, because with no limit V8 sizes
// its heap for throughput. Capping the young generation, and giving the old generation a
// ceiling (V8 then grows it by a smaller factor), took the same process to about 180 MB.
import type { ResourceLimits } from 'node:worker_threads';

/**
 * Default ceiling of a build worker's old generation, in MB (`--max-memory`). A build that
 * needs more is stopped and reported (BR520, BR711), not the process. Far above any briefing
 * seen: 2,000,000 characters of template output (384 pages) build under 64 MB, and a 30 MB
 * source document (the limit is 32 MB) under 256 MB. Even so high, the ceiling makes V8 grow
 * the old generation by a smaller factor: a warm worker peaked at about 180 MB instead of 270.
 *
 * A limitation of Node: when a worker reaches its limit, Node gives it 16 MB more to stop
 * gracefully. One single allocation larger than that (a string of tens of MB) at the limit
 * ends the whole process instead (V8's fatal out-of-memory), which is why the default is not
 * tight, and why a very low --max-memory with very large source documents can end the process.
 */
export const DEFAULT_MAX_MEMORY_MB = 1024;

/** Smallest `--max-memory` accepted: below it even a small briefing cannot be built. */
export const MIN_MAX_MEMORY_MB = 64;

/**
 * The young generation's size, in MB (a third of it is each semi-space). V8's default is 48;
 * what it holds between scavenges is mostly garbage, so a smaller one saves RSS, but a build
 * keeps a few MB of its own data alive at any moment, and each scavenge copies that: too small
 * and scavenges come so often that they cost time. Measured on a warm worker over 400 builds
 * (quiet machine, median build): 8 MB 23.7 ms and 168 MB of RSS, 16 MB 21.5 ms and 180 MB,
 * 48 MB 23 ms and 204 MB; a batch of 200 on two workers ran 8 % faster at 16 than at 8.
 */
const YOUNG_GENERATION_MB = 16;

/** V8 limits for a build worker whose heap may grow to `maxMemoryMb`. */
export function buildWorkerLimits(maxMemoryMb: number = DEFAULT_MAX_MEMORY_MB): ResourceLimits {
  return { maxOldGenerationSizeMb: maxMemoryMb, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
}

/** Whether `e` is the error of a worker stopped because its build ran out of heap. */
export function isOutOfMemory(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY';
}
