// A toy verifiable task a random 1-layer model solves ~5% of the time: an answer starting with 7.
import type { TaskFamily, TaskProblem } from '../../../src/lab/tasks/index.js';

export const seven: TaskFamily = {
  name: 'seven',
  description: 'say 7',
  maxSequenceLength: 10,
  problems: () => [],
  verify: (_p, r) => ({ correct: r.startsWith('7'), reason: r.startsWith('7') ? 'ok' : 'wrong-value', format: 'direct' }),
  corpusExample: () => ({ prompt: '#', response: '7' }),
  teacherProblem: () => ({ key: 'x', prompt: '#1:' }),
  teacherTrace: () => '7',
  controlTrace: () => '7',
};

export const sevenProblems: TaskProblem[] = ['#1:', '#2:', '#3:', '#4:'].map((p) => ({ key: p, prompt: p }));
