import { parentPort } from 'node:worker_threads';
import type { UnitReply, UnitTask } from './pool.js';
import { runTask } from './registry.js';

// A pool worker: runs each task it is sent and replies with its metrics (or the error message).
if (parentPort !== null) {
  const port = parentPort;
  port.on('message', (task: UnitTask) => {
    let reply: UnitReply;
    try {
      reply = { index: task.index, metrics: runTask(task) };
    } catch (e) {
      reply = { index: task.index, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
