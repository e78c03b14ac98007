// The studio page (GET /) and its assets, including pdf.js from node_modules. With a
// PreviewSource (briefing preview) the page follows a local facts file and is told of
// changes through server-sent events.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { cjkFontPath } from '../fonts/cjk.js';

/** The studio's static files: studio/ at the package root, beside templates/. */
const STUDIO_DIR = fileURLToPath(new URL('../../studio/', import.meta.url));
const PDFJS_DIR = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'build');

const ASSETS: Record<string, [string, string]> = {
  'studio.js': [STUDIO_DIR, 'text/javascript; charset=utf-8'],
  'studio.css': [STUDIO_DIR, 'text/css; charset=utf-8'],
  'pdf.min.mjs': [PDFJS_DIR, 'text/javascript; charset=utf-8'],
  'pdf.worker.min.mjs': [PDFJS_DIR, 'text/javascript; charset=utf-8'],
};

/** What `briefing preview` serves: the facts text and its sources, read afresh on each call. */
export interface PreviewSource {
  read(): { facts: string; file: string; sources: Record<string, string>; problems: string[] };
  /** Calls `onChange` whenever an input changes; returns a stop function. */
  watch(onChange: (names: string[]) => void): () => void;
}

export async function registerStudio(app: FastifyInstance, preview?: PreviewSource): Promise<{ close(): void }> {
  const cache = new Map<string, Buffer>();
  const asset = (name: string, dir: string) => {
    let data = cache.get(name);
    if (!data) {
      data = readFileSync(join(dir, name));
      cache.set(name, data);
    }
    return data;
  };
  // The page allows nothing from elsewhere: scripts, styles and the pdf.js worker are ours.
  const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
  const page = (reply: FastifyReply) => reply.header('content-type', 'text/html; charset=utf-8').header('content-security-policy', csp).header('cache-control', 'no-cache').send(asset('index.html', STUDIO_DIR));
  app.get('/', async (_request, reply) => page(reply));
  app.get('/favicon.ico', async (_request, reply) => reply.code(204).send());
  // The bundled Chinese face, so facts with Chinese text show it in any browser rather than as
  // boxes where the machine has no CJK font. studio.css names it for CJK code points only
  // (unicode-range), so a page without Chinese never loads it; streamed, never held in memory.
  app.get('/studio/noto-sans-sc.ttf', async (_request, reply) => reply.header('content-type', 'font/ttf').header('cache-control', 'max-age=86400').send(createReadStream(cjkFontPath('regular'))));
  app.get<{ Params: { name: string } }>('/studio/:name', async (request, reply) => {
    const entry = ASSETS[request.params.name];
    if (!entry) return reply.code(404).send({ ok: false });
    return reply.header('content-type', entry[1]).header('cache-control', 'no-cache').send(asset(request.params.name, entry[0]));
  });

  const streams = new Set<NodeJS.WritableStream & { end(): void }>();
  let stop: (() => void) | undefined;
  if (preview) {
    app.get('/preview/state', async () => ({ preview: true, ...preview.read() }));
    app.get('/preview/events', (request, reply) => {
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-request-id': request.id });
      res.write('retry: 1000\n\n');
      streams.add(res);
      const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
      res.on('close', () => {
        clearInterval(beat);
        streams.delete(res);
      });
    });
    stop = preview.watch((names) => {
      app.log.info({ event: 'changed', files: names }, 'inputs changed; telling the page');
      for (const s of streams) s.write(`event: change\ndata: ${JSON.stringify({ files: names })}\n\n`);
    });
  } else {
    app.get('/preview/state', async () => ({ preview: false }));
  }
  return {
    close() {
      stop?.();
      for (const s of streams) s.end();
      streams.clear();
    },
  };
}
