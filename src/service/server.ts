// `briefing serve`: the HTTP face over src/api (Fastify). Builds run on the worker pool
// behind a bounded queue; jobs run in-process or through BullMQ on Redis; the studio page
// and `briefing preview` are served from here too. Every route calls the api through the
// pool's tasks (render.ts); nothing here runs a pipeline stage itself.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import multipart from '@fastify/multipart';
import { briefingId } from '../api/formats.js';
import { briefingJsonSchema } from '../api/schema.js';
import { problemDocument, serviceProblem, jsonDiagnostic } from './errors.js';
import { LocalJobs, RedisJobs, type JobStore, type JobView } from './jobs.js';
import { createMetrics, type Outcome } from './metrics.js';
import { openApiDocument } from './openapi.js';
import { BuildCancelledError, BuildMemoryError, BuildPool, BuildTimeoutError, QueueFullError, WorkerFailedError } from './pool.js';
import { RequestProblem, taskFromRequest, YAML_TYPES } from './request.js';
import { registerStudio, type PreviewSource } from './studio.js';
import type { BuildTask, TaskReply } from './task.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route needs the bearer token when one is set. */
    auth?: boolean;
    /** The route starts a build: refused while draining. */
    build?: boolean;
  }
}

export interface ServeOptions {
  port?: number;
  host?: string;
  /** Worker threads; default one per core. */
  threads?: number;
  /** Builds allowed to wait for a thread before new ones get 503. */
  maxQueue?: number;
  /** Per-build time limit. */
  timeoutMs?: number;
  /** Per-build heap limit in MB (api/heap.ts); past it 507, code BR711. */
  maxMemoryMb?: number;
  /** Largest request body in bytes. */
  bodyLimit?: number;
  /** When set, every /v1 route and /metrics need `Authorization: Bearer <token>`. */
  token?: string;
  /** redis:// URL: jobs go through BullMQ for `briefing worker` processes. */
  redis?: string;
  /** Fastify logger: pino options or false. Default: JSON lines at info to stdout. */
  logger?: FastifyServerOptions['logger'];
  /** Serves `briefing preview`: the page follows one local facts file. */
  preview?: PreviewSource;
}

export interface Service {
  app: FastifyInstance;
  pool: BuildPool;
  jobs: JobStore;
  url: string;
  /** Refuses new builds, lets running and queued ones finish, then stops. */
  close(): Promise<void>;
}

const MB = 1024 * 1024;

export async function startService(options: ServeOptions = {}): Promise<Service> {
  const bodyLimit = options.bodyLimit ?? 16 * MB;
  const pool = await BuildPool.start({
    ...(options.threads !== undefined ? { threads: options.threads } : {}),
    ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.maxMemoryMb !== undefined ? { maxMemoryMb: options.maxMemoryMb } : {}),
  });
  let draining = false;

  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    bodyLimit,
    // Our own id: a caller's X-Request-Id is kept when it is a sane token, else a fresh one.
    requestIdHeader: false,
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  const counted = async (task: BuildTask, signal?: AbortSignal, onStart?: () => void): Promise<TaskReply> => {
    const mode = task.mode;
    let outcome: Outcome = 'failed';
    try {
      const reply = await pool.run(task, signal, onStart);
      outcome = reply.status === 'ok' ? 'ok' : 'invalid';
      metrics.duration.observe({ mode }, reply.ms / 1000);
      return reply;
    } catch (e) {
      outcome = e instanceof QueueFullError ? 'rejected' : e instanceof BuildTimeoutError ? 'timeout' : e instanceof BuildCancelledError ? 'cancelled' : 'failed';
      throw e;
    } finally {
      metrics.builds.inc({ outcome, mode });
    }
  };

  const jobs: JobStore = options.redis ? new RedisJobs(options.redis) : new LocalJobs(pool, (task, onStart) => counted(task, undefined, onStart));
  const metrics = createMetrics(pool, () => jobs.depth());

  // Bodies come as raw text: the facts parser locates problems in what was sent.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(['application/json', ...YAML_TYPES], { parseAs: 'string' }, (_req, body, done) => done(null, body));
  await app.register(multipart, { limits: { fileSize: bodyLimit, files: 64, fields: 64, parts: 160 } });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Bearer-token auth, compared in constant time (digests, so lengths do not leak either).
  const tokenDigest = options.token ? createHash('sha256').update(options.token).digest() : undefined;
  app.addHook('onRequest', async (request, reply) => {
    const cfg = request.routeOptions.config;
    if (cfg.build && draining) {
      reply.header('connection', 'close').header('retry-after', '5').code(503).send(serviceProblem('BR708', 'the server is shutting down and takes no new builds', 'send it to another instance, or retry shortly'));
      return reply;
    }
    if (!tokenDigest || !cfg.auth) return;
    const header = request.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    const given = createHash('sha256').update(m ? m[1]!.trim() : '').digest();
    if (!m || !timingSafeEqual(given, tokenDigest)) {
      request.log.warn({ event: 'auth-refused' }, 'missing or wrong bearer token');
      reply.header('www-authenticate', 'Bearer realm="briefing"').code(401).send(serviceProblem('BR707', 'missing or wrong bearer token', 'send Authorization: Bearer <token>'));
      return reply;
    }
  });

  app.setErrorHandler((err: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (err instanceof RequestProblem) return reply.code(err.status).send(problemDocument(err.diagnostics));
    if (err instanceof QueueFullError) return reply.code(503).header('retry-after', String(err.retryAfterSeconds)).send(serviceProblem('BR704', `the build queue is full (${pool.maxQueue} waiting)`, `retry after ${err.retryAfterSeconds} s`));
    if (err instanceof BuildTimeoutError) return reply.code(504).send(serviceProblem('BR705', err.message, 'split the briefing, or raise --timeout'));
    // The briefing is larger than this server is willing to build: 413, as for a body past --max-body.
    if (err instanceof BuildMemoryError) return reply.code(413).send(serviceProblem('BR711', `${err.message} and was stopped`, 'split the briefing, or raise --max-memory; other builds are unaffected'));
    if (err instanceof BuildCancelledError) {
      request.log.info({ event: 'cancelled' }, 'the client went away; its build was cancelled');
      return reply.code(499).send(serviceProblem('BR706', 'cancelled: the client went away'));
    }
    if (err instanceof WorkerFailedError) {
      request.log.error({ event: 'worker-failed', err: err.message }, 'the build failed inside its worker');
      return reply.code(500).send(serviceProblem('BR706', `the build failed inside its worker: ${err.message}`, 'other builds are unaffected; retry, and report it if it repeats'));
    }
    const status = err.statusCode ?? 500;
    if (status === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE' || err.code === 'FST_FILES_LIMIT' || err.code === 'FST_PARTS_LIMIT') return reply.code(413).send(serviceProblem('BR703', `the request is too large: ${err.message}`, `the limit is ${bodyLimit} bytes`));
    if (status === 415) return reply.code(415).send(serviceProblem('BR700', err.message, 'send application/json, application/yaml or multipart/form-data'));
    if (status >= 400 && status < 500) return reply.code(status).send(serviceProblem('BR700', err.message));
    request.log.error({ err }, 'internal error');
    return reply.code(500).send(serviceProblem('BR706', `internal error: ${err.message.split('\n')[0]}`));
  });

  const multipartLimits = { maxFiles: 64, maxFileBytes: bodyLimit };

  /**
   * Aborts when the client goes away before its answer is sent. The socket's listener is
   * removed once the response closes (sent, or the connection dropped): a kept-alive
   * connection carries request after request, and a listener left on it would keep every
   * earlier request, its body and its reply alive for as long as the connection lasts.
   */
  const clientGone = (request: FastifyRequest, reply: FastifyReply): AbortController => {
    const controller = new AbortController();
    const socket = request.raw.socket;
    const onClose = () => {
      if (!reply.raw.writableEnded) controller.abort();
    };
    reply.raw.once('close', () => {
      socket?.removeListener('close', onClose);
      onClose();
    });
    socket?.once('close', onClose);
    return controller;
  };

  const answerInvalid = (reply: FastifyReply, task: BuildTask, r: Extract<TaskReply, { status: 'invalid' }>) =>
    reply.code(400).send(problemDocument(r.errors, r.warnings, { file: task.file, id: briefingId(task.file), status: 'invalid', ms: Math.round(r.ms) }));

  app.post('/v1/briefings', { config: { auth: true, build: true } }, async (request, reply) => {
    const task = await taskFromRequest(request, 'build', multipartLimits);
    const controller = clientGone(request, reply);
    const r = await counted(task, controller.signal);
    if (r.status === 'invalid') return answerInvalid(reply, task, r);
    request.log.info({ event: 'built', kind: task.kind, bytes: r.body?.byteLength, ms: Math.round(r.ms), warnings: r.warnings.length }, 'built');
    return reply
      .header('content-type', r.contentType!)
      .header('content-disposition', `attachment; filename="${r.filename!.replace(/["\\\r\n]/g, '_')}"`)
      .header('x-briefing-warnings', String(r.warnings.length))
      .send(Buffer.from(r.body!.buffer, r.body!.byteOffset, r.body!.byteLength));
  });

  app.post('/v1/validate', { config: { auth: true, build: true } }, async (request, reply) => {
    const task = await taskFromRequest(request, 'validate', multipartLimits);
    const controller = clientGone(request, reply);
    const r = await counted(task, controller.signal);
    if (r.status === 'invalid') return answerInvalid(reply, task, r);
    return { ok: true, outputs: [], warnings: r.warnings.map(jsonDiagnostic), errors: [], files: [{ file: task.file, id: briefingId(task.file), status: 'ok', ms: Math.round(r.ms) }], summary: r.summary };
  });

  app.post('/v1/jobs', { config: { auth: true, build: true } }, async (request, reply) => {
    const task = await taskFromRequest(request, 'build', multipartLimits);
    const id = await jobs.submit(task);
    request.log.info({ event: 'job-queued', jobId: id }, 'job queued');
    return reply.code(202).header('location', `/v1/jobs/${id}`).send({ id, state: 'queued', url: `/v1/jobs/${id}` });
  });

  app.get<{ Params: { id: string } }>('/v1/jobs/:id', { config: { auth: true } }, async (request, reply) => {
    const view = await jobs.get(request.params.id);
    if (!view) return reply.code(404).send(serviceProblem('BR709', `no job ${JSON.stringify(request.params.id)}`, jobs.retention, 'id'));
    return jobDocument(view);
  });

  app.get<{ Params: { id: string } }>('/v1/jobs/:id/result', { config: { auth: true } }, async (request, reply) => {
    const view = await jobs.get(request.params.id);
    if (!view) return reply.code(404).send(serviceProblem('BR709', `no job ${JSON.stringify(request.params.id)}`, jobs.retention, 'id'));
    const r = view.reply;
    if (view.state !== 'done' || !r || r.status !== 'ok' || !r.body) return reply.code(409).send(serviceProblem('BR710', `job ${view.id} is ${view.state}; it has no result to download`, 'GET /v1/jobs/:id for its state and errors'));
    return reply.header('content-type', r.contentType!).header('content-disposition', `attachment; filename="${r.filename}"`).send(Buffer.from(r.body));
  });

  app.get('/v1/schema', async (_request, reply) => reply.header('content-type', 'application/schema+json; charset=utf-8').send(JSON.stringify(briefingJsonSchema())));
  app.get('/openapi.json', async () => openApiDocument());
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const redis = jobs instanceof RedisJobs ? await jobs.ping() : undefined;
    const ready = !draining && pool.workers.length > 0 && redis !== false;
    return reply.code(ready ? 200 : 503).send({ ready, draining, threads: pool.threads, workers: pool.workers.length, queued: pool.queued, inFlight: pool.inFlight, ...(redis !== undefined ? { redis } : {}) });
  });
  app.get('/metrics', { config: { auth: true } }, async (_request, reply) => reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()));

  const studio = await registerStudio(app, options.preview);

  await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
  const address = app.server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      app.log.info({ event: 'draining', inFlight: pool.inFlight, queued: pool.queued }, 'shutting down: finishing builds in flight, refusing new ones');
      studio.close();
      // Stops listening, waits for requests in flight (their builds), closes idle connections.
      await app.close();
      await jobs.close();
      await pool.close();
    })());
  return { app, pool, jobs, url, close };
}

function jobDocument(view: JobView) {
  const r = view.reply;
  return {
    id: view.id,
    state: view.state,
    attempts: view.attempts,
    createdAt: new Date(view.createdAt).toISOString(),
    ...(view.finishedAt ? { finishedAt: new Date(view.finishedAt).toISOString() } : {}),
    ...(r && r.status === 'ok'
      ? { result: { url: `/v1/jobs/${view.id}/result`, contentType: r.contentType, filename: r.filename, bytes: r.body?.byteLength ?? 0, outputs: r.outputs, ms: Math.round(r.ms) }, warnings: r.warnings.map(jsonDiagnostic), errors: [] }
      : {}),
    ...(r && r.status === 'invalid' ? { warnings: r.warnings.map(jsonDiagnostic), errors: r.errors.map(jsonDiagnostic) } : {}),
    ...(view.error ? { error: view.error } : {}),
  };
}
