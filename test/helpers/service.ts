// Helpers for the service tests: real servers on loopback ports, requests with fetch, and
// the seed and second briefing as request bodies (facts text plus inline sources).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { root } from './cli.js';

export interface Briefing {
  name: string;
  facts: string;
  file: string;
  sources: Record<string, string>;
}

export function briefing(name: 'shanghai-uk-2023' | 'example-renewables'): Briefing {
  const file = `${name}.yaml`;
  const facts = readFileSync(join(root, 'data', file), 'utf8');
  // Every source document the facts name, as a request carries them.
  const documents = [...facts.matchAll(/document:\s*(\S+)/g)].map((m) => m[1]!);
  return { name, facts, file, sources: Object.fromEntries(documents.map((d) => [d, readFileSync(join(root, 'data', d), 'utf8')])) };
}

export function envelope(b: Briefing, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ facts: b.facts, file: b.file, sources: b.sources, ...extra });
}

export async function post(url: string, body: string, init: RequestInit & { type?: string } = {}): Promise<Response> {
  const { type, headers, ...rest } = init;
  return fetch(url, { method: 'POST', body, ...rest, headers: { 'content-type': type ?? 'application/json', ...(headers as Record<string, string> | undefined) } });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A pino destination that keeps every line, parsed. */
export function logSink(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  let buffered = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      buffered += chunk.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, lines };
}

export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The value of one Prometheus sample, e.g. briefing_builds_total{outcome="ok",mode="build"}. */
export function sample(metrics: string, name: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : undefined;
}
