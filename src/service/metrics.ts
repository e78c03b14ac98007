// Prometheus metrics (prom-client), one registry per server so that several servers in one
// process (tests) do not share counters: builds by outcome, build durations, queue depth,
// builds in flight, and the process metrics (RSS among them).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { BuildPool } from './pool.js';

export type Outcome = 'ok' | 'invalid' | 'timeout' | 'cancelled' | 'rejected' | 'failed';

export interface Metrics {
  registry: Registry;
  builds: Counter<'outcome' | 'mode'>;
  duration: Histogram<'mode'>;
}

export function createMetrics(pool: BuildPool, jobsDepth: () => Promise<number>): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'briefing_' });
  const builds = new Counter({ name: 'briefing_builds_total', help: 'Builds and validations by outcome', labelNames: ['outcome', 'mode'] as const, registers: [registry] });
  const duration = new Histogram({
    name: 'briefing_build_duration_seconds',
    help: 'Time from a thread taking a build to its answer, for builds that ran',
    labelNames: ['mode'] as const,
    buckets: [0.025, 0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8, 30],
    registers: [registry],
  });
  new Gauge({
    name: 'briefing_queue_depth',
    help: 'Builds waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(pool.queued);
    },
  });
  new Gauge({
    name: 'briefing_builds_in_flight',
    help: 'Builds running on worker threads now',
    registers: [registry],
    collect() {
      this.set(pool.inFlight);
    },
  });
  new Gauge({
    name: 'briefing_jobs_waiting',
    help: 'Queued jobs (POST /v1/jobs) not yet started',
    registers: [registry],
    async collect() {
      this.set(await jobsDepth());
    },
  });
  new Gauge({
    name: 'briefing_rss_bytes',
    help: 'Resident set size of the server process',
    registers: [registry],
    collect() {
      this.set(process.memoryUsage.rss());
    },
  });
  return { registry, builds, duration };
}
