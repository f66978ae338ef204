import { parentPort } from 'node:worker_threads';
import { gradeMath } from './grade.js';
import type { GradeRequest } from './types.js';

/** Worker-thread entry: grades each chunk of requests in order, one reply per verdict. Runs inside MathGradingPool. */
interface Task {
  id: number;
  request: GradeRequest;
}

parentPort?.on('message', (tasks: Task[]) => {
  for (const task of tasks) parentPort?.postMessage({ id: task.id, verdict: gradeMath(task.request) });
});
// Start-up (module loading) must not eat into the first verdict's budget: say when ready.
parentPort?.postMessage({ ready: true });
