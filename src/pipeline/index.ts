// The study pipeline: the plan (study file → RunSpecs), `rlbound run` (sample → verify → score →
// analyze → report), the verify stage, reviews of the CoT inspection queue.
export { planStudy, planModel, studyLocation, verifierSettings, PlanVerifiers, type StudyPlan } from './plan-study.js';
export { SAMPLING_DEFAULTS, type RunSpec, type PlannedModel } from './run-spec.js';
export { registerRunSpec } from './study-runs.js';
export { runStudy, STAGES, type RunStudyOptions, type RunStudyResult, type Stage, type StudyEvent, type StudyRunRef } from './run-study.js';
export { loadStudyFile, studyFileSchema, defaultStoreName, MODEL_ROLES, type StudyFile, type StudyModel, type SamplingSettings } from '../config/study-file.js';
export { PAPER_SAMPLING, PAPER_N, effectiveSampling } from './presets.js';
export { verifyRun, verifyScope, type VerifyStageOptions, type VerifyStageResult } from './verify-stage.js';
export { verifyStudy, verifierFor, type VerifyStudyOptions } from './verify-study.js';
export { runAnalyses, type AnalysesResult, type GuessabilityResult, type CotQueueItem } from './analyses.js';
export { recordReview, listReviews } from './review.js';
export { parseYamlConfig } from '../config/yaml-config.js';
