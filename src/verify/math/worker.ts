import { parentPort } from 'node:worker_threads';
import { gradeValidated, type ValidRequest } from './grade.js';

/** Worker-thread entry: grades each chunk of requests in order, one reply per verdict. Runs inside MathGradingPool. */
interface Task {
  id: number;
  /** Validated by the pool before it was sent. */
  request: ValidRequest;
}

parentPort?.on('message', (tasks: Task[]) => {
  for (const task of tasks) parentPort?.postMessage({ id: task.id, verdict: gradeValidated(task.request) });
});
// Start-up (module loading) must not eat into the first verdict's budget: say when ready.
parentPort?.postMessage({ ready: true });
