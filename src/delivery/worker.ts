// Build worker: builds one facts file per task on a worker thread (piscina), in memory only;
// the main thread writes the result. Compiled to dist/delivery/worker.js, which batch.ts
// finds beside itself. Stage progress goes back through the task's MessagePort, if any.
// `default` builds an output set (build --out), `single` one output (build -o).
import type { MessagePort } from 'node:worker_threads';
import { prepareJob, type JobOptions, type PreparedJob } from './job.js';
import { prepareSingle, type PreparedSingle, type SingleTarget } from './single.js';

export interface BatchTask {
  file: string;
  options: JobOptions;
  progress?: MessagePort;
  /** Lay the e-mail's chart picture out for the main thread to draw (canvas must not load here). */
  deferPicture?: boolean;
}

export interface SingleTask {
  target: SingleTarget;
  options: Omit<JobOptions, 'out' | 'formats'>;
  progress?: MessagePort;
}

export interface StageMessage {
  stage: string;
  ms: number;
  detail?: string;
}

function progress(port: MessagePort | undefined) {
  return port ? (stage: string, ms: number, detail?: string) => port.postMessage({ stage, ms, ...(detail ? { detail } : {}) } satisfies StageMessage) : undefined;
}

export default async function run(task: BatchTask): Promise<PreparedJob> {
  const onStage = progress(task.progress);
  try {
    return await prepareJob(task.file, task.options, { ...(onStage ? { onStage } : {}), ...(task.deferPicture ? { deferPicture: true } : {}) });
  } finally {
    task.progress?.close();
  }
}

export async function single(task: SingleTask): Promise<PreparedSingle> {
  try {
    return await prepareSingle(task.target, task.options, progress(task.progress));
  } finally {
    task.progress?.close();
  }
}
