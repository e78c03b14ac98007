// The HTTP service against real servers on loopback: every route, located 400s, the bounded
// queue, auth, a worker killed mid-build, a client that goes away, timeouts, jobs, request
// ids in the logs. Outputs are read back with poppler, JSZip and mailparser.
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { simpleParser } from 'mailparser';
import { briefingJsonSchema } from '../src/facts/json-schema.js';
import { LocalJobs } from '../src/service/jobs.js';
import { startService, type Service } from '../src/service/server.js';
import type { BuildTask } from '../src/service/task.js';
import { pdfinfo, pdftotext, toFile } from './helpers/pdf.js';
import { briefing, envelope, logSink, post, sample, until } from './helpers/service.js';

const seed = briefing('shanghai-uk-2023');
const second = briefing('example-renewables');

describe('service: routes and outputs', () => {
  let svc: Service;
  const log = logSink();
  beforeAll(async () => {
    svc = await startService({ port: 0, threads: 2, timeoutMs: 300_000, logger: { level: 'info', stream: log.stream } });
  });
  afterAll(async () => svc?.close());

  it('builds the print PDF from a JSON envelope with inline sources', async () => {
    const res = await post(`${svc.url}/v1/briefings`, envelope(seed));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="shanghai-uk-2023-briefing.pdf"');
    const path = toFile(new Uint8Array(await res.arrayBuffer()));
    const info = pdfinfo(path);
    expect(info.pages).toBeGreaterThan(1);
    expect(info.pageSizes[0]!.width).toBeCloseTo(595.28, 1);
    expect(info.pageSizes[0]!.height).toBeCloseTo(841.89, 1);
    expect(pdftotext(path)).toContain('Jiading');
  });

  it('answers slides, zip, eml and json by format= or Accept, for another briefing too', async () => {
    const slides = await post(`${svc.url}/v1/briefings?format=slides`, envelope(second));
    expect(slides.status).toBe(200);
    const slideInfo = pdfinfo(toFile(new Uint8Array(await slides.arrayBuffer())));
    expect(slideInfo.pageSizes[0]!.width / slideInfo.pageSizes[0]!.height).toBeCloseTo(16 / 9, 2);

    const zipRes = await post(`${svc.url}/v1/briefings`, envelope(second), { headers: { accept: 'application/zip' } });
    expect(zipRes.status).toBe(200);
    expect(zipRes.headers.get('content-type')).toBe('application/zip');
    const zipBytes = new Uint8Array(await zipRes.arrayBuffer());
    const zip = await JSZip.loadAsync(zipBytes);
    expect(Object.keys(zip.files)).toEqual(['briefing.pdf', 'slides.pdf', 'manifest.json']);
    const manifest = JSON.parse(await zip.file('manifest.json')!.async('string')) as { id: string; outputs: { file: string; bytes: number; sha256: string }[] };
    expect(manifest.id).toBe('example-renewables');
    for (const o of manifest.outputs) {
      const bytes = await zip.file(o.file)!.async('uint8array');
      expect(bytes.byteLength).toBe(o.bytes);
      const { createHash } = await import('node:crypto');
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(o.sha256);
    }
    // Deterministic: the same request gives the same bytes.
    const again = new Uint8Array(await (await post(`${svc.url}/v1/briefings?format=zip`, envelope(second))).arrayBuffer());
    expect(Buffer.from(again).equals(Buffer.from(zipBytes))).toBe(true);

    const eml = await post(`${svc.url}/v1/briefings?format=eml`, envelope(seed, { from: 'Desk <desk@example.org>', to: 'a@example.org, b@example.org' }));
    expect(eml.status).toBe(200);
    expect(eml.headers.get('content-type')).toBe('message/rfc822');
    const mail = await simpleParser(Buffer.from(await eml.arrayBuffer()));
    expect(mail.from?.text).toContain('desk@example.org');
    // The outputs as attachments; the chart preview is an inline part of the HTML body.
    expect(mail.attachments.filter((a) => a.contentDisposition === 'attachment').map((a) => a.filename)).toEqual(['briefing.pdf', 'slides.pdf']);

    const json = await post(`${svc.url}/v1/briefings?formats=print,slides,notes`, envelope(seed), { headers: { accept: 'application/json' } });
    expect(json.status).toBe(200);
    const doc = (await json.json()) as { ok: boolean; manifest: { outputs: { file: string; pages: number }[] }; files: Record<string, string> };
    expect(doc.ok).toBe(true);
    expect(Object.keys(doc.files)).toEqual(['briefing.pdf', 'slides.pdf', 'notes.pdf']);
    const notes = pdfinfo(toFile(Buffer.from(doc.files['notes.pdf']!, 'base64')));
    expect(notes.pages).toBe(doc.manifest.outputs.find((o) => o.file === 'notes.pdf')!.pages);
  });

  it('takes a multipart upload of the facts file and its sources', async () => {
    const form = new FormData();
    form.append('facts', new Blob([seed.facts]), seed.file);
    for (const [name, text] of Object.entries(seed.sources)) form.append('source', new Blob([text]), name.split('/').pop());
    form.append('format', 'zip');
    const res = await fetch(`${svc.url}/v1/briefings`, { method: 'POST', body: form });
    expect(res.status).toBe(200);
    const zip = await JSZip.loadAsync(await res.arrayBuffer());
    expect(JSON.parse(await zip.file('manifest.json')!.async('string')).id).toBe('shanghai-uk-2023');
  });

  it('answers invalid facts with 400 and located diagnostics by code, in the --json shape', async () => {
    const broken = seed.facts.replace(/(\n\s+quote: )Shanghai Vice Mayor Xie Dong said/, '$1Shanghai Vice Mayor Xie Dong did not say');
    expect(broken).not.toBe(seed.facts);
    const res = await post(`${svc.url}/v1/briefings`, JSON.stringify({ facts: broken, file: 'edited.yaml', sources: seed.sources }));
    expect(res.status).toBe(400);
    const doc = (await res.json()) as { ok: boolean; outputs: unknown[]; errors: { file: string; line: number; column: number; path: string }[]; warnings: unknown[]; files: { status: string }[] };
    expect(doc.ok).toBe(false);
    expect(doc.outputs).toEqual([]);
    const line = broken.split('\n').findIndex((l) => l.includes('did not say')) + 1;
    expect(doc.errors).toContainEqual(expect.objectContaining({ file: 'edited.yaml', line, path: 'entities.people.xie_dong.quote' }));
    expect(doc.files[0]!.status).toBe('invalid');
  });

  it('never reads a file a request names: a source without inline text is BR701 at its line', async () => {
    const res = await post(`${svc.url}/v1/briefings`, seed.facts, { type: 'application/yaml' });
    expect(res.status).toBe(400);
    const doc = (await res.json()) as { errors: { code: string; line: number; path: string }[] };
    // One BR701 per source document, each at its own line.
    const lines = seed.facts.split('\n').flatMap((l, i) => (/^\s+document:/.test(l) ? [i + 1] : []));
    expect(lines.length).toBe(Object.keys(seed.sources).length);
    expect(doc.errors.map((e) => [e.code, e.line])).toEqual(lines.map((line) => ['BR701', line]));
    expect(doc.errors[0]).toMatchObject({ path: 'sources.article.document' });
    // An absolute path or a path out of the folder is not read either.
    for (const path of ['/etc/hostname', '../../../../etc/hostname']) {
      const facts = seed.facts.replace(/document: \S+/, `document: ${path}`);
      const r = await post(`${svc.url}/v1/validate`, JSON.stringify({ facts, sources: {} }));
      expect(r.status).toBe(400);
      expect(((await r.json()) as { errors: { code: string }[] }).errors.map((e) => e.code)).toEqual(lines.map(() => 'BR701'));
    }
  });

  it('refuses bad parameters and bodies with their codes', async () => {
    const cases: [string, RequestInit & { type?: string }, string, number, string][] = [
      ['?format=docx', {}, envelope(seed), 400, 'BR702'],
      ['?format=eml', {}, envelope(seed), 400, 'BR702'],
      ['?paper=a3', {}, envelope(seed), 400, 'BR702'],
      // A well-formed tag the tool does not print correctly: refused before any build.
      ['?locale=tlh-Latn', {}, envelope(seed), 400, 'BR702'],
      ['', {}, envelope(seed, { strict: 'sometimes' }), 400, 'BR702'],
      ['', { headers: { accept: 'text/html' } }, envelope(seed), 406, 'BR702'],
      ['', { type: 'text/plain' }, seed.facts, 415, 'BR700'],
      ['', {}, JSON.stringify({ facts: seed.facts, colour: 'red' }), 400, 'BR702'],
      ['', {}, JSON.stringify({ facts: '' }), 400, 'BR700'],
    ];
    for (const [query, init, body, status, code] of cases) {
      const res = await post(`${svc.url}/v1/briefings${query}`, body, init);
      expect(res.status, `${query} ${JSON.stringify(init)}`).toBe(status);
      const doc = (await res.json()) as { ok: boolean; errors: { code: string }[] };
      expect(doc.ok).toBe(false);
      expect(doc.errors.map((e) => e.code)).toContain(code);
    }
    // JSON that does not parse is reported by the facts parser at its line.
    const res = await post(`${svc.url}/v1/briefings`, '{\n  "meta": {\n    "title": "x",\n  }\n}');
    expect(res.status).toBe(400);
    const doc = (await res.json()) as { errors: { file: string; line: number }[] };
    expect(doc.errors[0]!.file).toBe('facts.json');
    expect(doc.errors[0]!.line).toBeGreaterThan(0);
  });

  it('answers the editable PowerPoint deck by format=pptx or its Accept type', async () => {
    const slides = pdfinfo(toFile(new Uint8Array(await (await post(`${svc.url}/v1/briefings?format=slides`, envelope(second))).arrayBuffer())));
    const pptxType = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
    for (const [query, headers] of [['?format=pptx', {}], ['', { accept: pptxType }]] as const) {
      const res = await post(`${svc.url}/v1/briefings${query}`, envelope(second), { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(pptxType);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="example-renewables-slides.pptx"');
      const deck = await JSZip.loadAsync(await res.arrayBuffer());
      const slideFiles = Object.keys(deck.files).filter((f) => /^ppt\/slides\/slide\d+\.xml$/.test(f));
      expect(slideFiles.length).toBe(slides.pages);
      const words = (await Promise.all(slideFiles.map((f) => deck.file(f)!.async('string')))).join('').replace(/<[^>]+>/g, ' ');
      expect(words).toContain('Kestrel');
    }
    // In a zip with formats=pptx,print.
    const zip = await JSZip.loadAsync(await (await post(`${svc.url}/v1/briefings?format=zip&formats=print,pptx`, envelope(second))).arrayBuffer());
    expect(Object.keys(zip.files)).toEqual(['briefing.pdf', 'slides.pptx', 'manifest.json']);
  });

  it('strict: a warning fails build and validate with 400, the warning as an error by its code', async () => {
    // A country name Natural Earth does not know: a BR456 warning at its line.
    const facts = seed.facts.replace(/country:\n\s+en-GB: United Kingdom\n\s+zh-CN: \S+/, 'country: Albion');
    expect(facts).not.toBe(seed.facts);
    const line = facts.split('\n').findIndex((l) => l.includes('country: Albion')) + 1;
    const warned = { ...seed, facts };
    const plain = await post(`${svc.url}/v1/validate`, envelope(warned));
    expect(plain.status).toBe(200);
    expect(((await plain.json()) as { warnings: { code: string; line: number }[] }).warnings.map((w) => [w.code, w.line])).toEqual([['BR456', line]]);
    for (const route of ['/v1/validate', '/v1/briefings?strict=true']) {
      const res = await post(`${svc.url}${route}`, envelope(warned, route.includes('strict') ? {} : { strict: true }));
      expect(res.status, route).toBe(400);
      const doc = (await res.json()) as { ok: boolean; warnings: unknown[]; errors: { code: string; severity: string; line: number }[] };
      expect(doc.ok).toBe(false);
      expect(doc.warnings).toEqual([]);
      expect(doc.errors.map((e) => [e.code, e.severity, e.line])).toEqual([['BR456', 'error', line]]);
    }
    // Without warnings, strict changes nothing.
    expect((await post(`${svc.url}/v1/validate`, envelope(second, { strict: true }))).status).toBe(200);
  });

  it('validates without building and reports counts', async () => {
    const res = await post(`${svc.url}/v1/validate`, envelope(second));
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { ok: boolean; summary: { facts: number; sources: number; charts: number } };
    expect(doc.ok).toBe(true);
    expect(doc.summary.sources).toBe(1);
    expect(doc.summary.facts).toBeGreaterThan(3);
  });

  it('serves the schema, OpenAPI, health, readiness, metrics and the studio page', async () => {
    expect(await (await fetch(`${svc.url}/v1/schema`)).json()).toEqual(JSON.parse(JSON.stringify(briefingJsonSchema())));
    const api = (await (await fetch(`${svc.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    expect(api.openapi).toBe('3.0.3');
    expect(Object.keys(api.paths)).toEqual(expect.arrayContaining(['/v1/briefings', '/v1/validate', '/v1/jobs', '/v1/jobs/{id}', '/v1/schema', '/healthz', '/readyz', '/metrics']));
    expect(Object.keys(api.components.schemas.BriefingRequest!.properties!)).toEqual(expect.arrayContaining(['facts', 'sources', 'format', 'from', 'to']));
    expect(await (await fetch(`${svc.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${svc.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { workers: number }).workers).toBe(2);
    const metrics = await (await fetch(`${svc.url}/metrics`)).text();
    expect(sample(metrics, 'briefing_builds_total{outcome="ok",mode="build"}')).toBeGreaterThan(0);
    expect(sample(metrics, 'briefing_builds_total{outcome="invalid",mode="build"}')).toBeGreaterThan(0);
    expect(sample(metrics, 'briefing_build_duration_seconds_count{mode="build"}')).toBeGreaterThan(0);
    expect(sample(metrics, 'briefing_queue_depth')).toBe(0);
    expect(sample(metrics, 'briefing_builds_in_flight')).toBe(0);
    expect(sample(metrics, 'briefing_rss_bytes')).toBeGreaterThan(10_000_000);
    const page = await fetch(`${svc.url}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect((await fetch(`${svc.url}/studio/pdf.min.mjs`)).status).toBe(200);
    expect((await fetch(`${svc.url}/studio/..%2Fpackage.json`)).status).toBe(404);
  });

  it('puts a request id on every request log line and echoes it', async () => {
    const res = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'trace-42' } });
    expect(res.headers.get('x-request-id')).toBe('trace-42');
    const odd = await fetch(`${svc.url}/healthz`, { headers: { 'x-request-id': 'bad id\twith tab' } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const lines = log.lines.filter((l) => l.req || l.res || typeof l.event === 'string');
    const perRequest = lines.filter((l) => l.event !== 'draining');
    expect(perRequest.length).toBeGreaterThan(10);
    for (const l of perRequest) expect(l.requestId, JSON.stringify(l)).toEqual(expect.any(String));
    expect(log.lines.some((l) => l.requestId === 'trace-42')).toBe(true);
  });

  it('queues jobs in-process: 202 with an id, then state and result', async () => {
    const res = await post(`${svc.url}/v1/jobs?format=slides`, envelope(seed));
    expect(res.status).toBe(202);
    const { id, url } = (await res.json()) as { id: string; url: string };
    expect(res.headers.get('location')).toBe(url);
    let job: { state: string; attempts: number; result?: { url: string; contentType: string; bytes: number } } = { state: 'queued', attempts: 0 };
    await until(async () => {
      job = (await (await fetch(`${svc.url}${url}`)).json()) as typeof job;
      return job.state !== 'queued' && job.state !== 'running';
    }, 'the job to finish');
    expect(job.state).toBe('done');
    expect(job.attempts).toBe(1);
    expect(job.result!.contentType).toBe('application/pdf');
    const pdf = await fetch(`${svc.url}${job.result!.url}`);
    expect(pdf.status).toBe(200);
    expect(pdfinfo(toFile(new Uint8Array(await pdf.arrayBuffer()))).pageSizes[0]!.width).toBeGreaterThan(800);
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const bad = (await (await post(`${svc.url}/v1/jobs`, seed.facts, { type: 'application/yaml' })).json()) as { url: string };
    let failed: { state: string; errors?: { code: string }[] } = { state: 'queued' };
    await until(async () => {
      failed = (await (await fetch(`${svc.url}${bad.url}`)).json()) as typeof failed;
      return failed.state === 'invalid';
    }, 'the invalid job');
    // Sent without its sources: one BR701 per source document.
    expect(failed.errors!.map((e) => e.code)).toEqual(Object.keys(seed.sources).map(() => 'BR701'));
    expect((await fetch(`${svc.url}${bad.url}/result`)).status).toBe(409);
    const missing = await fetch(`${svc.url}/v1/jobs/00000000-0000-0000-0000-000000000000`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BR709');
  });

  it('keeps finished in-process jobs within their count and byte bounds, the oldest going first', async () => {
    const task = (b: typeof seed, format: 'pdf' | 'slides'): BuildTask => ({ mode: 'build', facts: b.facts, file: b.file, sources: b.sources, kind: format, formats: [format === 'pdf' ? 'print' : 'slides'] });
    // Room for two answers of the seed's print PDF, not three.
    const one = await svc.pool.run(task(seed, 'pdf'));
    expect(one.status).toBe('ok');
    const pdfBytes = one.status === 'ok' ? one.body!.byteLength : 0;
    const jobs = new LocalJobs(svc.pool, (t, onStart) => svc.pool.run(t, undefined, onStart), 15 * 60_000, 1000, Math.floor(pdfBytes * 2.5));
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      ids.push(await jobs.submit(task(seed, 'pdf')));
      await jobs.close(); // one at a time, so that "oldest" is well defined
    }
    const views = await Promise.all(ids.map((id) => jobs.get(id)));
    // The first two are gone; the last two are kept with their results, within the bound.
    expect(views.map((v) => v?.state)).toEqual([undefined, undefined, 'done', 'done']);
    expect(jobs.kept.jobs).toBe(2);
    expect(jobs.kept.bytes).toBe(views.slice(2).reduce((n, v) => n + (v!.reply?.status === 'ok' ? v!.reply.body!.byteLength : 0), 0));
    expect(jobs.kept.bytes).toBeLessThanOrEqual(Math.floor(pdfBytes * 2.5));
    expect(jobs.retention).toMatch(/\d+ MB/);

    // The count bound alone: at most `keep` finished jobs.
    const few = new LocalJobs(svc.pool, (t, onStart) => svc.pool.run(t, undefined, onStart), 15 * 60_000, 1);
    const a = await few.submit(task(second, 'slides'));
    await few.close();
    const b = await few.submit(task(second, 'slides'));
    await few.close();
    expect(await few.get(a)).toBeUndefined();
    expect((await few.get(b))?.state).toBe('done');
    expect(few.kept.jobs).toBe(1);
  });
});

describe('service: load and faults', () => {
  it('refuses past the bounded queue with 503 and Retry-After', async () => {
    const svc = await startService({ port: 0, threads: 1, maxQueue: 1, timeoutMs: 300_000, logger: false });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => post(`${svc.url}/v1/briefings`, envelope(seed))));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(2);
      const refused = answers.filter((r) => r.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(1);
      for (const r of refused) {
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(((await r.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BR704');
      }
      const metrics = await (await fetch(`${svc.url}/metrics`)).text();
      expect(sample(metrics, 'briefing_builds_total{outcome="rejected",mode="build"}')).toBe(refused.length);
    } finally {
      await svc.close();
    }
  });

  it('needs the bearer token when one is set, compared in constant time', async () => {
    const svc = await startService({ port: 0, threads: 1, token: 's3cret-token', timeoutMs: 300_000, logger: false });
    try {
      const none = await post(`${svc.url}/v1/validate`, envelope(seed));
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toContain('Bearer');
      expect(((await none.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BR707');
      for (const token of ['s3cret-tokeX', 's3cret', 's3cret-token-and-more', '']) {
        expect((await post(`${svc.url}/v1/validate`, envelope(seed), { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
      }
      expect((await post(`${svc.url}/v1/validate`, envelope(seed), { headers: { authorization: 'Bearer s3cret-token' } })).status).toBe(200);
      expect((await fetch(`${svc.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${svc.url}/v1/jobs/x`)).status).toBe(401);
      expect((await fetch(`${svc.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${svc.url}/`)).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('a worker killed mid-build fails only that request; the pool replaces it and the next build succeeds', async () => {
    const svc = await startService({ port: 0, threads: 1, timeoutMs: 300_000, logger: false });
    try {
      await until(() => svc.pool.workers.length === 1, 'the worker thread');
      const victim = post(`${svc.url}/v1/briefings`, envelope(seed));
      await until(() => svc.pool.inFlight === 1, 'the build to start');
      await svc.pool.workers[0]!.terminate();
      const res = await victim;
      expect(res.status).toBe(500);
      const doc = (await res.json()) as { errors: { code: string; message: string }[] };
      expect(doc.errors[0]!.code).toBe('BR706');
      const next = await Promise.all([post(`${svc.url}/v1/briefings`, envelope(seed)), post(`${svc.url}/v1/briefings?format=slides`, envelope(second))]);
      expect(next.map((r) => r.status)).toEqual([200, 200]);
      expect(svc.pool.workers.length).toBe(1);
      const metrics = await (await fetch(`${svc.url}/metrics`)).text();
      expect(sample(metrics, 'briefing_builds_total{outcome="failed",mode="build"}')).toBe(1);
    } finally {
      await svc.close();
    }
  });

  it('a client that disconnects cancels its queued build', async () => {
    const svc = await startService({ port: 0, threads: 1, timeoutMs: 300_000, logger: false });
    try {
      const first = post(`${svc.url}/v1/briefings`, envelope(seed));
      await until(() => svc.pool.inFlight === 1, 'the first build to run');
      const controller = new AbortController();
      const second$ = post(`${svc.url}/v1/briefings`, envelope(second), { signal: controller.signal }).catch((e: Error) => e);
      await until(() => svc.pool.queued === 1, 'the second build to queue');
      controller.abort();
      expect(await second$).toBeInstanceOf(Error);
      await until(() => svc.pool.queued === 0, 'the queued build to be dropped', 5000);
      expect((await first).status).toBe(200);
      const metrics = await (await fetch(`${svc.url}/metrics`)).text();
      expect(sample(metrics, 'briefing_builds_total{outcome="cancelled",mode="build"}')).toBe(1);
      expect(sample(metrics, 'briefing_builds_total{outcome="ok",mode="build"}')).toBe(1);
    } finally {
      await svc.close();
    }
  });

  it('keeps nothing of a finished request on its kept-alive connection', async () => {
    const svc = await startService({ port: 0, threads: 1, timeoutMs: 300_000, logger: false });
    try {
      // Every server-side connection, with the number of 'close' listeners it had as each of
      // its requests came in.
      const served = new Map<Socket, number[]>();
      svc.app.server.on('request', (req: IncomingMessage) => {
        served.set(req.socket, [...(served.get(req.socket) ?? []), req.socket.listenerCount('close')]);
      });
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await post(`${svc.url}/v1/validate`, envelope(i % 2 ? second : seed));
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      for (const b of [seed, second]) {
        const res = await post(`${svc.url}/v1/briefings?format=slides`, envelope(b));
        statuses.push(res.status);
        await res.arrayBuffer();
      }
      expect(statuses).toEqual(Array(10).fill(200));
      // The client reused its connection (else there would be nothing to check), and a
      // connection carries no more 'close' listeners after ten requests than before the
      // first: none is left behind holding an answered request, its body and its reply.
      const reused = [...served].filter(([, counts]) => counts.length > 1);
      expect(reused.length).toBeGreaterThan(0);
      for (const [, counts] of reused) expect(counts).toEqual(Array(counts.length).fill(counts[0]));
      expect(svc.pool.inFlight + svc.pool.queued).toBe(0);
    } finally {
      await svc.close();
    }
  });

  it('stops a build that passes the per-build timeout (504) and keeps serving', async () => {
    const svc = await startService({ port: 0, threads: 1, timeoutMs: 5, logger: false });
    try {
      const res = await post(`${svc.url}/v1/briefings`, envelope(seed));
      expect(res.status).toBe(504);
      expect(((await res.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BR705');
      await until(() => svc.pool.workers.length === 1, 'a fresh worker');
      expect((await fetch(`${svc.url}/readyz`)).status).toBe(200);
    } finally {
      await svc.close();
    }
  });

  it('limits the body size (413, BR703)', async () => {
    const svc = await startService({ port: 0, threads: 1, bodyLimit: 4096, logger: false });
    try {
      const res = await post(`${svc.url}/v1/briefings`, envelope(seed));
      expect(res.status).toBe(413);
      expect(((await res.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('BR703');
      const form = new FormData();
      form.append('facts', new Blob([seed.facts]), seed.file);
      const big = await fetch(`${svc.url}/v1/briefings`, { method: 'POST', body: form });
      expect(big.status).toBe(413);
    } finally {
      await svc.close();
    }
  });
});
