// The piscina worker of `briefing serve` and `briefing worker`: one task at a time per
// thread. Compiled to dist/service/build-worker.js, which pool.ts finds beside itself.
// (The reply is structured-cloned back; a copy of a few hundred KB costs well under a
// millisecond, so no transfer list is set up.)
import { runTask } from './render.js';
import type { BuildTask, TaskReply } from './task.js';

export default function run(task: BuildTask): Promise<TaskReply> {
  return runTask(task);
}
