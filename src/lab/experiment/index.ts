// The lab experiment: pretraining, distillation, evaluation through the study store, summaries,
// the paper's findings, presets and shipped checkpoints (docs/lab.md). `runLabDemo` is in ../demo.ts.
export { taskTokenizer } from './tokenizer.js';
export { labEngine } from './engine.js';
export {
  SupervisedRecipeSchema,
  encodePair,
  trainSupervised,
  type SupervisedRecipe,
  type SupervisedRecipeInput,
  type SupervisedProgress,
} from './supervised.js';
export { pretrainBase } from './pretrain.js';
export { distill, type DistillFormat } from './distill.js';
export {
  EvalSettingsSchema,
  sampleAndVerify,
  scoreResponses,
  type EvalSettings,
  type EvalSettingsInput,
  type EvaluatedResponse,
  type ProblemSamples,
} from './evaluate.js';
export { labVerifierKey, putLabBenchmark, recordEvaluation, recordScores, type RecordedRun } from './study-record.js';
export { evaluateCheckpoint, type EvaluationContext, type CheckpointInfo } from './model-evaluation.js';
export { RunSummarySchema, buildRunSummary, averageSummaries, type RunSummary, type EvaluatedModel } from './summary.js';
export { checkFindings, type Finding } from './findings.js';
export { summarizeStudy } from './summarize-study.js';
export { combineRuns } from './combine.js';
export { PRESETS, PAPER_PRESET, SMALL_PRESET, TINY_PRESET, type LabPreset } from './presets.js';
export { shippedCheckpoint, isShipped, type ShippedRole } from './shipped.js';
export { rlFromCheckpoint, distillFromCheckpoint, evaluateCheckpointDirs } from './standalone.js';
export { ProgressLine } from './progress.js';
