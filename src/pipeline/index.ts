// The study pipeline: `rlbound run` (study file → sample → verify → score → analyze → report),
// the verify stage, reviews of the CoT inspection queue.
export { runStudy, type RunStudyOptions, type RunStudyResult, type StudyEvent, type StudyRunRef } from './run-study.js';
export { loadStudyFile, studyFileSchema, type StudyFile, type StudyModel, type SamplingSettings } from './study-file.js';
export { PAPER_SAMPLING, PAPER_N, effectiveSampling } from './presets.js';
export { verifyRun, verifierKey, CODE_VERIFIER_VERSION, type VerifyStageOptions, type VerifyStageResult } from './verify-stage.js';
export { verifyStudy, verifierFor, type VerifyStudyOptions, type VerifierName } from './verify-study.js';
export { runAnalyses, type AnalysesResult, type GuessabilityResult, type CotQueueItem } from './analyses.js';
export { recordReview, listReviews } from './review.js';
export { parseYamlConfig } from './yaml-config.js';
