import type { SandboxLimits } from './limits.js';
import type { TestStatus } from './status.js';

interface TestBase {
  /** Python run in the program's namespace before it (e.g. LiveCodeBench's import header). */
  prelude?: string;
  /** Overrides of the job's limits for this test. */
  limits?: Partial<SandboxLimits>;
}

/** Run the program as `__main__` with `stdin`; its stdout must equal `expectedStdout` after
 * trailing-whitespace normalisation (numbers may differ by `floatTolerance` when given). */
export interface StdioTest extends TestBase {
  kind: 'stdio';
  stdin: string;
  expectedStdout: string;
  floatTolerance?: number;
}

/** Run the program followed by `harness`; the test passes when the process exits 0.
 * A failing `assert` is `fail`, any other exception `error`. */
export interface ScriptTest extends TestBase {
  kind: 'script';
  harness: string;
}

/** Arguments of a functional test as raw JSON text, so that ints, floats and big numbers reach
 * Python exactly as written (a JSON.parse round trip in JavaScript would turn 1.0 into 1). */
export type CallInputs =
  | { format: 'json'; /** JSON text of a list of argument lists */ text: string }
  | { format: 'lines'; /** per call: one JSON value per line, one line per argument */ lines: string[] };

/** Expected return values: `rlbound` = the codec text produced by a reference run (keeps tuples,
 * sets, non-finite floats); `json` = plain JSON text of a list of values. */
export interface CallExpected {
  codec: 'rlbound' | 'json';
  text: string;
}

/** Call a function (or `className().name`) once per input in one fresh child and compare each
 * return value. Without `expected` the outputs are recorded (reference run). */
export interface CallTest extends TestBase {
  kind: 'call';
  entry: { name: string; className?: string };
  inputs: CallInputs;
  expected?: CallExpected;
  /** `evalplus`: equality or allclose with `atol`; `poly_root`: HumanEval/32 oracle; `json`:
   * LiveCodeBench (tuples read as lists). */
  compare?: 'evalplus' | 'poly_root' | 'json';
  atol?: number;
  floatTolerance?: number;
  /** Per-input time limits in seconds (the last one repeats); defaults to the wall limit. */
  inputTimeoutsS?: number[];
  /** Stop at the first wrong return value (EvalPlus fast-fail). Default true. */
  stopOnMismatch?: boolean;
}

export type CodeTest = StdioTest | ScriptTest | CallTest;

/** One program and the tests it must pass. */
export interface CodeJob {
  program: string;
  tests: CodeTest[];
  limits?: Partial<SandboxLimits>;
  /** Skip the remaining tests after the first that does not pass. Default true. */
  stopOnFirstFailure?: boolean;
}

export interface TestResult {
  status: TestStatus;
  /** Why it did not pass (first failure, truncated); empty on pass. */
  detail: string;
  durationMs: number;
  cpuMs: number;
  exitCode: number | null;
  signal: string | null;
  stdoutTruncated: boolean;
  stderrTruncated: boolean;
  /** The start of stdout (stdio/script tests) and the end of stderr, for display. */
  stdoutHead: string;
  stderrTail: string;
  /** Functional tests: inputs in the test and inputs that returned. */
  inputsTotal?: number;
  inputsDone?: number;
  /** Reference runs only: codec text of the outputs and per-input seconds. */
  outputs?: string;
  timesS?: number[];
  /** How many times the test ran (timeouts and sandbox errors are retried). */
  attempts: number;
}

export interface JobResult {
  /** `pass` only if every test passed; otherwise the status of the first test that did not. */
  status: TestStatus;
  passed: number;
  total: number;
  durationMs: number;
  detail: string;
  tests: TestResult[];
}
