// Public API of the math answer verifier (see docs/math-verifier.md).
export { gradeMath } from './grade.js';
export { mathAnswerEquivalence, canonicalDecimal } from './answer-equivalence.js';
export { extractAnswer, lastBoxed } from './extract.js';
export { extractGold, MathBenchmark } from './gold.js';
export { extractPaper } from './paper/grade-paper.js';
export { GradeRequest, MathPolicy, type MathVerdict } from './types.js';
export { MATH_VERIFIER_VERSION } from './version.js';
export { MathGradingPool, type PoolOptions, type BatchOptions } from './pool.js';
export { gradeJsonl, type OutputRow, type JsonlOptions } from './jsonl.js';
