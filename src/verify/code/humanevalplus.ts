import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { EnvironmentError } from '../../errors.js';
import { parseJsonlLines } from './jsonl.js';
import { backstopWallS, calibratedLimits, DEFAULT_CALIBRATION, type Calibration } from './calibrate.js';
import type { CodePool } from './pool.js';
import { rawTopLevelFields } from './raw-json.js';
import type { CallExpected, CallTest, CodeJob, ScriptTest } from './test-spec.js';

const rowSchema = z.object({
  task_id: z.string().min(1),
  prompt: z.string(),
  entry_point: z.string().min(1),
  canonical_solution: z.string(),
  test: z.string(),
  atol: z.number().nonnegative(),
  base_input: z.array(z.unknown()),
  plus_input: z.array(z.unknown()),
});

/** One HumanEval+ / MBPP+ task; inputs are kept as raw JSON text (see raw-json.ts). */
export interface EvalPlusTask {
  taskId: string;
  prompt: string;
  entryPoint: string;
  canonicalSolution: string;
  /** The original assert-style test code defining `check(candidate)`. */
  test: string;
  atol: number;
  baseInputs: { text: string; count: number };
  plusInputs: { text: string; count: number };
}

/** Reads an EvalPlus release file (.jsonl or .jsonl.gz). Bad rows name file, line and field. */
export function loadEvalPlus(file: string): EvalPlusTask[] {
  let bytes = readFileSync(file);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return parseJsonlLines(bytes.toString('utf8'), file, rowSchema).map(({ value: r, line }) => {
    const raw = rawTopLevelFields(line, ['base_input', 'plus_input']);
    return {
      taskId: r.task_id,
      prompt: r.prompt,
      entryPoint: r.entry_point,
      canonicalSolution: r.canonical_solution,
      test: r.test,
      atol: r.atol,
      baseInputs: { text: raw.get('base_input') ?? '[]', count: r.base_input.length },
      plusInputs: { text: raw.get('plus_input') ?? '[]', count: r.plus_input.length },
    };
  });
}

export type EvalPlusSuite = 'base' | 'plus';

/** Expected outputs and reference timings of one suite, from running the canonical solution. */
export interface PreparedSuite {
  inputs: { text: string; count: number };
  expected: CallExpected;
  referenceTimesS: number[];
}

export interface PreparedEvalPlusTask {
  taskId: string;
  entryPoint: string;
  prompt: string;
  atol: number;
  compare: 'evalplus' | 'poly_root';
  test: string;
  base: PreparedSuite;
  plus: PreparedSuite;
}

/** Tasks whose answers are checked by an oracle instead of equality (EvalPlus special cases). */
const ORACLES: Record<string, 'poly_root'> = { 'HumanEval/32': 'poly_root' };
const REFERENCE_INPUT_LIMIT_S = 30;

/** The canonical solution as a program: HumanEval's continues the prompt (a function header);
 * MBPP+'s is a whole program and its prompt is prose. */
export function referenceProgram(t: Pick<EvalPlusTask, 'taskId' | 'prompt' | 'canonicalSolution'>): string {
  return t.taskId.startsWith('Mbpp/') ? t.canonicalSolution : t.prompt + t.canonicalSolution;
}

function recordTest(entryPoint: string, inputs: { text: string }): CallTest {
  return {
    kind: 'call',
    entry: { name: entryPoint },
    inputs: { format: 'json', text: inputs.text },
    inputTimeoutsS: [REFERENCE_INPUT_LIMIT_S],
    limits: { wallS: 600 },
  };
}

/**
 * Runs every canonical solution (in the sandbox) on its base and plus inputs and keeps the
 * outputs and per-input times: the ground truth that candidates are compared with, as EvalPlus
 * does. Throws if a canonical solution does not run.
 */
export async function prepareEvalPlus(pool: CodePool, tasks: readonly EvalPlusTask[]): Promise<PreparedEvalPlusTask[]> {
  return Promise.all(
    tasks.map(async (t) => {
      const job: CodeJob = {
        program: referenceProgram(t),
        tests: [recordTest(t.entryPoint, t.baseInputs), recordTest(t.entryPoint, t.plusInputs)],
      };
      const res = await pool.run(job);
      if (res.status !== 'pass')
        throw new EnvironmentError(
          `${t.taskId}: the canonical solution did not run in the sandbox (${res.status}: ${res.detail}); check python3 and bubblewrap (rlbound exec --help)`,
        );
      const suite = (i: number, inputs: { text: string; count: number }): PreparedSuite => ({
        inputs,
        expected: { codec: 'rlbound', text: res.tests[i].outputs ?? '[]' },
        referenceTimesS: res.tests[i].timesS ?? [],
      });
      return {
        taskId: t.taskId,
        entryPoint: t.entryPoint,
        prompt: t.prompt,
        atol: t.atol,
        compare: ORACLES[t.taskId] ?? 'evalplus',
        test: t.test,
        base: suite(0, t.baseInputs),
        plus: suite(1, t.plusInputs),
      };
    }),
  );
}

/** Functional test of one suite with EvalPlus semantics and calibrated per-input time limits. */
export function evalPlusSuiteTest(task: PreparedEvalPlusTask, suite: EvalPlusSuite, calibration: Calibration = DEFAULT_CALIBRATION): CallTest {
  const s = task[suite];
  const perInput = calibratedLimits(s.referenceTimesS, calibration);
  const inputTimeoutsS = perInput.length > 0 ? perInput : [calibration.floorS];
  return {
    kind: 'call',
    entry: { name: task.entryPoint },
    inputs: { format: 'json', text: s.inputs.text },
    expected: s.expected,
    compare: task.compare,
    atol: task.atol,
    inputTimeoutsS,
    limits: { wallS: backstopWallS(inputTimeoutsS, s.referenceTimesS, calibration) },
  };
}

/** The candidate job: base inputs, then plus inputs (a sample passes HumanEval+ if both pass). */
export function evalPlusJob(task: PreparedEvalPlusTask, program: string, options: { suites?: EvalPlusSuite[]; calibration?: Calibration } = {}): CodeJob {
  const suites = options.suites ?? ['base', 'plus'];
  return { program, tests: suites.map((s) => evalPlusSuiteTest(task, s, options.calibration)) };
}

/** The original HumanEval assert-style test: the program, the task's test code, `check(entry_point)`. */
export function humanEvalCheckTest(task: Pick<EvalPlusTask, 'test' | 'entryPoint'>, wallS = 10): ScriptTest {
  return { kind: 'script', harness: `${task.test}\ncheck(${task.entryPoint})\n`, limits: { wallS } };
}
