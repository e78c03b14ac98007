// Long-running CLI processes for the service tests (serve, worker, redis-server): started on
// loopback ports, their output collected line by line, always stopped by the test.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, cleanEnv, root } from './cli.js';
import { freePort, until } from './service.js';

export interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** stdout lines parsed as JSON (pino), skipping any that are not. */
  json: () => Record<string, unknown>[];
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function start(command: string, args: string[]): Running {
  const child = spawn(command, args, { cwd: root, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    json: () =>
      out.split('\n').flatMap((l) => {
        try {
          return l.trim() ? [JSON.parse(l) as Record<string, unknown>] : [];
        } catch {
          return [];
        }
      }),
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export function startCli(args: string[]): Running {
  return start(process.execPath, [bin, ...args]);
}

/** `briefing serve` on a free port; resolves with its URL once it says where it listens. */
export async function startServe(args: string[] = []): Promise<Running & { url: string }> {
  const r = startCli(['serve', '--port', '0', ...args]);
  await until(() => /serving on (http:\/\/\S+)\//.test(r.stderr()) || r.child.exitCode !== null, 'the server to listen', 60_000);
  const m = /serving on (http:\/\/\S+)\//.exec(r.stderr());
  if (!m) throw new Error(`serve did not start: ${r.stderr()}`);
  return { ...r, url: m[1]! };
}

/** A real redis-server on a free loopback port, with no persistence. */
export async function startRedis(): Promise<Running & { url: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'briefing-redis-'));
  const r = start('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes']);
  await until(() => /Ready to accept connections/.test(r.stdout()) || r.child.exitCode !== null, 'redis-server to start', 20_000);
  if (r.child.exitCode !== null) throw new Error(`redis-server did not start: ${r.stdout()}${r.stderr()}`);
  return { ...r, url: `redis://127.0.0.1:${port}` };
}
