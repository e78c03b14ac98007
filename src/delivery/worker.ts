// Batch worker: builds one facts file per task in a worker thread (piscina), in memory only;
// the main thread writes the result. Compiled to dist/delivery/worker.js, which batch.ts
// finds beside itself. Stage progress goes back through the task's MessagePort, if any.
import type { MessagePort } from 'node:worker_threads';
import { prepareJob, type JobOptions, type PreparedJob } from './job.js';

export interface BatchTask {
  file: string;
  options: JobOptions;
  progress?: MessagePort;
}

export interface StageMessage {
  stage: string;
  ms: number;
  detail?: string;
}

export default async function run(task: BatchTask): Promise<PreparedJob> {
  const port = task.progress;
  try {
    return await prepareJob(task.file, task.options, port ? (stage, ms, detail) => port.postMessage({ stage, ms, ...(detail ? { detail } : {}) } satisfies StageMessage) : undefined);
  } finally {
    port?.close();
  }
}
