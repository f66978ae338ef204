// Code verifier: run model-written Python programs against tests in a bubblewrap sandbox.
export { CodePool, type CodePoolOptions } from './pool.js';
export { DEFAULT_LIMITS, resolveLimits, type SandboxLimits } from './limits.js';
export { TEST_STATUSES, type TestStatus, type SampleStatus } from './status.js';
export type { CallExpected, CallInputs, CallTest, CodeJob, CodeTest, JobResult, ScriptTest, StdioTest, TestResult } from './test-spec.js';
export { completionProgram, extractProgram, lastPythonBlock, type Extraction } from './extract.js';
export { calibratedLimits, backstopWallS, DEFAULT_CALIBRATION, type Calibration } from './calibrate.js';
export {
  evalPlusJob,
  evalPlusSuiteTest,
  humanEvalCheckTest,
  loadEvalPlus,
  prepareEvalPlus,
  referenceProgram,
  type EvalPlusSuite,
  type EvalPlusTask,
  type PreparedEvalPlusTask,
  type PreparedSuite,
} from './humanevalplus.js';
export { LCB_PRELUDE, liveCodeBenchJob, liveCodeBenchTests, loadLiveCodeBench, starterMethod, type LcbProblem } from './livecodebench.js';
export { findBwrap, resolvePython } from './runtime.js';
export { execJsonl, execRowJob, parseExecRows, readExecRows, type ExecResultRow, type ExecRow, type ExecSummary } from './exec-jsonl.js';
export { VerdictCache, verifyCodeResponse, type CodeTarget, type CodeVerdict } from './verify-response.js';
export { codeTargetForProblem } from './problem-target.js';
