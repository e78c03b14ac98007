// Batch worker: runs one facts file per task in a worker thread (piscina). Compiled to
// dist/delivery/worker.js, which batch.ts finds beside itself.
import { runJob, type JobOptions, type JobReport } from './job.js';

export interface BatchTask {
  file: string;
  options: JobOptions;
}

export default async function run(task: BatchTask): Promise<JobReport> {
  return runJob(task.file, task.options);
}
