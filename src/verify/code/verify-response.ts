import { createHash } from 'node:crypto';
import { completionProgram, extractProgram, type Extraction } from './extract.js';
import { evalPlusJob, type PreparedEvalPlusTask } from './humanevalplus.js';
import { liveCodeBenchJob, type LcbProblem } from './livecodebench.js';
import type { CodePool } from './pool.js';
import type { SampleStatus } from './status.js';
import type { CodeJob, TestResult } from './test-spec.js';

/** What a model response is verified against. EvalPlus responses are chat answers (last code
 * block) unless `responseMode` is `completion` (the text continues the task's prompt). */
export type CodeTarget =
  { kind: 'evalplus'; task: PreparedEvalPlusTask; responseMode?: 'chat' | 'completion' } | { kind: 'livecodebench'; problem: LcbProblem };

export interface CodeVerdict {
  /** `pass`, a test status, or `no_code`. `sandbox_error` is not the model's failure: re-run it,
   * never count it as wrong. */
  status: SampleStatus;
  correct: boolean;
  /** EvalPlus only: the base inputs passed (HumanEval, as opposed to HumanEval+). */
  baseCorrect?: boolean;
  passed: number;
  total: number;
  detail: string;
  /** The program that ran, or null when the response had none. */
  program: string | null;
  tests: TestResult[];
}

/**
 * Verdicts by (target, program). At large k many samples of a problem are the same program;
 * each distinct one runs once. Timeouts and sandbox errors are not kept (they may not repeat).
 */
export class VerdictCache {
  private readonly verdicts = new Map<string, CodeVerdict>();
  hits = 0;

  static key(target: CodeTarget, program: string): string {
    const id = target.kind === 'evalplus' ? `evalplus:${target.task.taskId}` : `lcb:${target.problem.index}:${target.problem.problem.length}`;
    return createHash('sha256').update(id).update('\0').update(program).digest('hex');
  }

  get(key: string): CodeVerdict | undefined {
    const v = this.verdicts.get(key);
    if (v) this.hits++;
    return v;
  }

  set(key: string, v: CodeVerdict): void {
    if (v.status !== 'timeout' && v.status !== 'sandbox_error') this.verdicts.set(key, v);
  }

  get size(): number {
    return this.verdicts.size;
  }
}

function programOf(target: CodeTarget, response: string): Extraction {
  if (target.kind === 'evalplus' && target.responseMode === 'completion') return completionProgram(target.task.prompt, response);
  return extractProgram(response);
}

function jobOf(target: CodeTarget, program: string): CodeJob {
  return target.kind === 'evalplus' ? evalPlusJob(target.task, program) : liveCodeBenchJob(target.problem, program);
}

/** Extracts the program from a response and runs it against the target's tests (once per
 * distinct program when given a cache). */
export async function verifyCodeResponse(pool: CodePool, target: CodeTarget, response: string, options: { cache?: VerdictCache } = {}): Promise<CodeVerdict> {
  const extraction = programOf(target, response);
  if (!extraction.ok)
    return { status: 'no_code', correct: false, passed: 0, total: 0, detail: 'the response contains no Python code block', program: null, tests: [] };
  const key = options.cache ? VerdictCache.key(target, extraction.program) : '';
  const cached = options.cache?.get(key);
  if (cached) return cached;
  const verdict = await runProgram(pool, target, extraction.program);
  options.cache?.set(key, verdict);
  return verdict;
}

async function runProgram(pool: CodePool, target: CodeTarget, program: string): Promise<CodeVerdict> {
  const r = await pool.run(jobOf(target, program));
  const verdict: CodeVerdict = { status: r.status, correct: r.status === 'pass', passed: r.passed, total: r.total, detail: r.detail, program, tests: r.tests };
  if (target.kind === 'evalplus') verdict.baseCorrect = r.tests[0]?.status === 'pass';
  return verdict;
}
