import { describe, expect, it } from 'vitest';
import {
  COUNTDOWN_DIFFICULTY,
  createCountdownTask,
  getTask,
  isHeldOut,
  makeCountdownProblem,
  solutionsOf,
  TASK_ALPHABET,
  TaskRandom,
  verifyCountdown,
} from '../../../src/lab/tasks/index.js';
import { InputError } from '../../../src/errors.js';

const task = createCountdownTask();

describe('countdown verifier', () => {
  const p = makeCountdownProblem([3, 7, 2, 9], 41);
  it.each([
    ['7*2*3-9+... no', false, 'malformed'],
    ['(9-2)*7-3*...', false, 'malformed'],
    ['9*3+7*2', true, 'ok'],
    ['3*9+2*7', true, 'ok'],
    ['9*3+7+2', false, 'wrong-value'],
    ['9*3+7*2+1', false, 'wrong-numbers'],
    ['9*3+14', false, 'wrong-numbers'],
    ['9*3=27,7*2=14,27+14=41', true, 'ok'],
    ['7*2=14,14+27=41', false, 'wrong-numbers'],
    ['9*3=27,7*2=14,27+14=40', false, 'bad-step'],
    ['9*3=27,27+14=41', false, 'wrong-numbers'],
    ['9*3=27,7*2=14,27+14=41,41-0=41', false, 'wrong-numbers'],
    ['9*3=27,', false, 'malformed'],
    ['', false, 'malformed'],
  ])('%s → %s (%s)', (response, correct, reason) => {
    const v = verifyCountdown(p, response);
    expect(v.correct).toBe(correct);
    expect(v.reason).toBe(reason);
  });
});

describe('countdown problems', () => {
  it('are seeded, distinct, solvable, in range, and train/test are disjoint partitions', () => {
    const test = task.problems('test', 200, 1);
    expect(task.problems('test', 200, 1)).toEqual(test);
    expect(task.problems('test', 200, 2)).not.toEqual(test);
    const train = task.problems('train', 2000, 1);
    const testKeys = new Set(test.map((p) => p.key));
    expect(testKeys.size).toBe(200);
    expect(new Set(train.map((p) => p.key)).size).toBe(2000);
    expect(train.some((p) => testKeys.has(p.key))).toBe(false);
    expect(test.every((p) => isHeldOut(p.key))).toBe(true);
    expect(train.some((p) => isHeldOut(p.key))).toBe(false);
    for (const p of test) {
      expect(p.target).toBeGreaterThanOrEqual(10);
      expect(p.target).toBeLessThanOrEqual(99);
      expect(p.numbers.every((n) => n >= 1 && n <= 9)).toBe(true);
      expect(solutionsOf(p).length).toBeGreaterThan(0);
      expect(p.prompt).toMatch(/^#\d,\d,\d,\d>\d\d:$/);
    }
  });

  it('draw targets uniformly over reachable values, so large targets are common', () => {
    const test = task.problems('test', 400, 5);
    const large = test.filter((p) => p.target >= 50).length / test.length;
    expect(large).toBeGreaterThan(0.3);
  });
});

describe('countdown base corpus', () => {
  it('holds correct solved instances and standalone facts, never a step chain after a prompt', () => {
    const rng = new TaskRandom(11);
    let facts = 0;
    for (let i = 0; i < 3000; i++) {
      const ex = task.corpusExample(rng);
      for (const ch of ex.prompt + ex.response) expect(TASK_ALPHABET).toContain(ch);
      expect(ex.prompt.length + ex.response.length + 1).toBeLessThanOrEqual(task.maxSequenceLength);
      if (ex.prompt === '#') {
        facts++;
        expect(ex.response).toMatch(/^\d+[+\-*]\d+=\d+$/);
      } else {
        expect(ex.response).not.toContain('=');
        const m = /^#([\d,]+)>(\d+):$/.exec(ex.prompt)!;
        const p = makeCountdownProblem(m[1].split(',').map(Number), Number(m[2]));
        expect(verifyCountdown(p, ex.response).correct).toBe(true);
      }
    }
    expect(facts / 3000).toBeGreaterThan(0.2);
    expect(facts / 3000).toBeLessThan(0.3);
  });
});

describe('countdown teacher and control', () => {
  it('teacher traces are correct step chains; control traces are correct expressions; teacher problems are never held out', () => {
    const rng = new TaskRandom(4);
    for (let i = 0; i < 300; i++) {
      const p = task.teacherProblem(rng);
      expect(isHeldOut(p.key)).toBe(false);
      const trace = task.teacherTrace(p, rng);
      expect(trace.split(',')).toHaveLength(3);
      expect(verifyCountdown(p, trace)).toEqual({ correct: true, reason: 'ok', format: 'steps' });
      const control = task.controlTrace(p, rng);
      expect(verifyCountdown(p, control)).toEqual({ correct: true, reason: 'ok', format: 'direct' });
      expect(p.prompt.length + trace.length + 1).toBeLessThanOrEqual(task.maxSequenceLength);
    }
  });
});

describe('difficulty and registry', () => {
  it('the knob changes the problem space', () => {
    const easy = createCountdownTask(COUNTDOWN_DIFFICULTY.easy).problems('test', 20, 1);
    expect(easy.every((p) => p.numbers.length === 3)).toBe(true);
    const hard = getTask('countdown', 'hard').problems('test', 50, 1) as ReturnType<typeof task.problems>;
    expect(hard.some((p) => p.target > 99 || p.numbers.some((n) => n > 9))).toBe(true);
  });

  it('bad names are input errors naming the field', () => {
    expect(() => getTask('chess')).toThrow(InputError);
    expect(() => getTask('countdown', 'brutal')).toThrow(/difficulty/);
    expect(() => createCountdownTask({ count: 4, maxNumber: 9, minTarget: 50, maxTarget: 10, factShare: 0 })).toThrow(/minTarget/);
  });
});
