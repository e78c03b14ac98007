// The service as users run it: `briefing serve` draining on SIGTERM, and jobs through BullMQ
// on a real redis-server with two `briefing worker` processes, one of them killed mid-job.
import { afterAll, describe, expect, it } from 'vitest';
import { pdfinfo, toFile } from './helpers/pdf.js';
import { startCli, startRedis, startServe, type Running } from './helpers/process.js';
import { briefing, envelope, post, until } from './helpers/service.js';

const seed = briefing('shanghai-uk-2023');
const second = briefing('example-renewables');

describe('briefing serve as a process', () => {
  it('on SIGTERM finishes the builds in flight and queued, refuses new ones, and exits 0', { timeout: 240_000 }, async () => {
    const svc = await startServe(['--threads', '1', '--timeout', '300']);
    try {
      await until(async () => (await fetch(`${svc.url}/readyz`)).status === 200, 'readiness');
      const a = post(`${svc.url}/v1/briefings`, envelope(seed));
      const b = post(`${svc.url}/v1/briefings?format=slides`, envelope(second));
      await until(async () => {
        const m = await (await fetch(`${svc.url}/metrics`)).text();
        return /^briefing_queue_depth 1$/m.test(m) && /^briefing_builds_in_flight 1$/m.test(m);
      }, 'one build running and one queued');
      svc.child.kill('SIGTERM');
      await until(() => svc.json().some((l) => l.event === 'draining'), 'the drain to start');
      // A new connection is refused (the server stopped listening) or answered 503.
      const late = await post(`${svc.url}/v1/briefings`, envelope(seed)).then(
        (r) => r.status,
        () => 'refused',
      );
      expect([503, 'refused']).toContain(late);
      const [ra, rb] = await Promise.all([a, b]);
      expect(ra.status).toBe(200);
      expect(rb.status).toBe(200);
      expect(pdfinfo(toFile(new Uint8Array(await rb.arrayBuffer()))).pages).toBeGreaterThan(1);
      expect(await svc.exited).toBe(0);
      // Every request line of the log carries its request id.
      for (const l of svc.json().filter((x) => x.req || x.res)) expect(l.requestId).toEqual(expect.any(String));
    } finally {
      await svc.stop('SIGKILL');
    }
  });
});

describe('jobs through BullMQ on a real redis-server', () => {
  const running: Running[] = [];
  afterAll(async () => {
    for (const r of running.reverse()) await r.stop('SIGKILL');
  });

  it('two workers share the jobs; a worker killed mid-job leaves its job to be retried and completed once', { timeout: 300_000 }, async () => {
    const redis = await startRedis();
    running.push(redis);
    const svc = await startServe(['--threads', '1', '--timeout', '300', '--redis', redis.url]);
    running.push(svc);
    const workerArgs = ['worker', '--redis', redis.url, '--threads', '1', '--timeout', '300', '--lock-duration', '2000', '--stalled-interval', '1000'];
    const workers = [startCli(workerArgs), startCli(workerArgs)];
    running.push(...workers);
    for (const w of workers) await until(() => w.json().some((l) => l.event === 'worker-ready'), 'a worker to be ready', 60_000);

    const submit = async (body: string, query = '') => {
      const res = await post(`${svc.url}/v1/jobs${query}`, body);
      expect(res.status).toBe(202);
      return ((await res.json()) as { id: string }).id;
    };
    type Job = { state: string; attempts: number; result?: { url: string }; errors?: { code: string }[] };
    const job = async (id: string) => {
      const res = await fetch(`${svc.url}/v1/jobs/${id}`);
      const doc = (await res.json()) as Job;
      if (res.status !== 200) throw new Error(`GET /v1/jobs/${id}: ${res.status} ${JSON.stringify(doc)}`);
      return doc;
    };
    const finished = async (id: string) => {
      let j = await job(id);
      await until(async () => {
        j = await job(id);
        return !['queued', 'running'].includes(j.state);
      }, `job ${id}`, 120_000);
      return j;
    };

    // A round trip: several jobs, shared by both workers.
    const ids = await Promise.all([submit(envelope(seed)), submit(envelope(second), '?format=slides'), submit(envelope(seed), '?format=zip'), submit(envelope(second))]);
    for (const id of ids) expect((await finished(id)).state).toBe('done');
    const pdf = await fetch(`${svc.url}/v1/jobs/${ids[1]}/result`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdfinfo(toFile(new Uint8Array(await pdf.arrayBuffer()))).pages).toBeGreaterThan(1);
    const completedBy = (w: Running, id: string) => w.json().filter((l) => l.event === 'job-completed' && l.jobId === id).length;
    expect(workers.every((w) => ids.some((id) => completedBy(w, id) === 1))).toBe(true);
    for (const id of ids) expect(completedBy(workers[0]!, id) + completedBy(workers[1]!, id)).toBe(1);

    // Invalid input is a result (state invalid, located errors), not a retry.
    const bad = await submit(JSON.stringify({ facts: seed.facts }));
    const badJob = await finished(bad);
    expect(badJob.state).toBe('invalid');
    // Sent without its sources: one BR701 per source document.
    expect(badJob.errors!.map((e) => e.code)).toEqual(Object.keys(seed.sources).map(() => 'BR701'));
    expect(badJob.attempts).toBe(1);

    // Kill whichever worker takes the next job, while it builds.
    const victimJob = await submit(envelope(seed), '?format=zip');
    let victim: Running | undefined;
    await until(() => {
      victim = workers.find((w) => w.json().some((l) => l.event === 'job-started' && l.jobId === victimJob));
      return victim !== undefined;
    }, 'a worker to start the job');
    victim!.child.kill('SIGKILL');
    await victim!.exited;
    const survivor = workers.find((w) => w !== victim)!;
    const done = await finished(victimJob);
    expect(done.state).toBe('done');
    expect(done.attempts).toBe(2);
    expect(completedBy(victim!, victimJob)).toBe(0);
    expect(completedBy(survivor, victimJob)).toBe(1);
    const zip = await fetch(`${svc.url}${done.result!.url}`);
    expect(zip.headers.get('content-type')).toBe('application/zip');

    // The next jobs still go through.
    const after = await submit(envelope(second));
    expect((await finished(after)).state).toBe('done');
  });
});
