// Running the compiled CLI (bin/briefing.js -> dist/) as a child process, as users do.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../..');
export const bin = join(root, 'bin/briefing.js');
export const seed = join(root, 'data/shanghai-uk-2023.yaml');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the CI and GitHub variables of the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of ['CI', 'GITHUB_ACTIONS', 'NO_COLOR', 'FORCE_COLOR', 'SOURCE_DATE_EPOCH']) delete env[k];
  return { ...env, ...extra };
}

export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: cleanEnv(options.env), encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same, asynchronously, so a test can keep a server in this process answering. */
export function runCliAsync(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: options.cwd ?? root, env: cleanEnv(options.env) });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Copies the seed facts file (under `names`) and its source documents into `dir`. */
export function copySeed(dir: string, names: string[]): string[] {
  mkdirSync(dir, { recursive: true });
  cpSync(join(root, 'data/sources'), join(dir, 'sources'), { recursive: true });
  return names.map((n) => {
    const path = join(dir, n);
    cpSync(seed, path);
    return path;
  });
}
