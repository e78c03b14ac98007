// The long-running commands: `serve` (HTTP API and studio), `worker` (BullMQ jobs) and
// `preview` (the studio following a local facts file). Each runs until SIGTERM or SIGINT,
// then finishes the builds in hand and exits 0; a second signal exits at once.
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { MIN_MAX_MEMORY_MB } from '../api/heap.js';

export interface ServeFlags {
  port: number;
  host: string;
  threads?: number;
  maxQueue?: number;
  timeout: number;
  maxMemory?: number;
  maxBody?: number;
  tokenFile?: string;
  redis?: string;
  logLevel: string;
}

export interface WorkerFlags {
  redis: string;
  threads?: number;
  timeout: number;
  maxMemory?: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`takes a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

export function parsePort(value: string): number {
  const n = parseCount(value);
  if (n > 65535) throw new InvalidArgumentError(`takes a port from 0 to 65535, got ${value}`);
  return n;
}

/** Seconds for --timeout (build, serve, worker): more than 0, at most a day. */
export function parseSeconds(value: string): number {
  const n = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || !(n > 0 && n <= 86_400)) throw new InvalidArgumentError(`takes a number of seconds between 0 and 86400, got ${JSON.stringify(value)}`);
  return n;
}

/** MB for --max-memory (build, serve, worker): a whole number from MIN_MAX_MEMORY_MB to 64 GB. */
export function parseMemory(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < MIN_MAX_MEMORY_MB || n > 65_536) throw new InvalidArgumentError(`takes a whole number of MB from ${MIN_MAX_MEMORY_MB} to 65536, got ${JSON.stringify(value)}`);
  return n;
}

export function parseRedisUrl(value: string): string {
  if (!/^rediss?:\/\/[^\s]+$/i.test(value)) throw new InvalidArgumentError(`takes a URL such as redis://127.0.0.1:6379, got ${JSON.stringify(value)}`);
  return value;
}

/** Resolves on the first SIGTERM or SIGINT after running `stop`; a second signal exits at once. */
function untilSignal(stop: () => Promise<void>): Promise<number> {
  return new Promise((resolveExit) => {
    let stopping = false;
    const on = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
      stopping = true;
      stop().then(
        () => resolveExit(0),
        () => resolveExit(3),
      );
    };
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

function readToken(file: string): string {
  const token = readFileSync(file, 'utf8').trim();
  if (!token) throw new Error(`the token file ${file} is empty`);
  return token;
}

export async function runServe(flags: ServeFlags, err: (s: string) => void, preview?: string): Promise<number> {
  const { startService } = await import('../service/server.js');
  const previewSource = preview ? (await import('../service/preview.js')).localPreview(preview) : undefined;
  const service = await startService({
    port: flags.port,
    host: flags.host,
    timeoutMs: flags.timeout * 1000,
    ...(flags.maxMemory !== undefined ? { maxMemoryMb: flags.maxMemory } : {}),
    logger: { level: flags.logLevel },
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    ...(flags.maxQueue !== undefined ? { maxQueue: flags.maxQueue } : {}),
    ...(flags.maxBody !== undefined ? { bodyLimit: flags.maxBody } : {}),
    ...(flags.tokenFile ? { token: readToken(flags.tokenFile) } : {}),
    ...(flags.redis ? { redis: flags.redis } : {}),
    ...(previewSource ? { preview: previewSource } : {}),
  });
  err(`briefing: ${preview ? `previewing ${preview} at` : 'serving on'} ${service.url}/\n`);
  return untilSignal(() => service.close());
}

export async function runWorker(flags: WorkerFlags, err: (s: string) => void): Promise<number> {
  const { startWorker } = await import('../service/queue-worker.js');
  const worker = await startWorker({
    redis: flags.redis,
    timeoutMs: flags.timeout * 1000,
    ...(flags.maxMemory !== undefined ? { maxMemoryMb: flags.maxMemory } : {}),
    ...(flags.threads !== undefined ? { threads: flags.threads } : {}),
    ...(flags.lockDuration !== undefined ? { lockMs: flags.lockDuration } : {}),
    ...(flags.stalledInterval !== undefined ? { stalledIntervalMs: flags.stalledInterval } : {}),
  });
  err(`briefing: worker taking jobs from ${flags.redis.replace(/\/\/[^@/]*@/, '//***@')}\n`);
  return untilSignal(() => worker.close());
}
