// Public API of the lab model (docs/lab-engine.md). Other areas import from here only.
export { gptConfigSchema, parseGptConfig, headDim, type GptConfig, type GptConfigInput } from './config.js';
export { GptModel, createModel, type ForwardOutputs } from './gpt.js';
export type { OutputGradients } from './gpt-backward.js';
export { packBatch, type TokenBatch } from './batch.js';
export { paramLayout, type ParamLayout, type ParamSpec } from './params.js';
export { Sampler, type PromptSamples, type TokenSample, type FinishReason, type LogitsHook } from './sampler.js';
export { ParallelSampler, type ParallelSamplerOptions } from './parallel-sampler.js';
export { samplingParamsSchema, type SamplingParams, type SamplingParamsInput } from './sampling-params.js';
export { scoreContinuations, type ScoreItem, type ContinuationScore } from './score.js';
export { generate, generateBatch, samplerFor, scoreText, type Completion, type GenerateParams, type GenerateRequest, type TextScore } from './generate.js';
export {
  saveCheckpoint,
  loadCheckpoint,
  lineageSchema,
  checkpointConfigSchema,
  WEIGHTS_FILE,
  CONFIG_FILE,
  type CheckpointConfig,
  type CheckpointMeta,
  type Lineage,
  type LineageInput,
  type LoadedCheckpoint,
} from './checkpoint.js';
export { LAB_CHAT_TEMPLATE } from './chat-template.js';
export { encodeSafetensors, decodeSafetensors, type NamedTensor, type DecodedSafetensors } from './safetensors.js';
// Re-exports so callers need one import for model work.
export { CharTokenizer, DEFAULT_SPECIALS, tokenizerSpecSchema, type TokenizerSpec, type TokenizerSpecInput } from '../tokenizer/char-tokenizer.js';
export { defaultEngine, float32Engine, float64Engine, type Engine } from '../tensor/engine.js';
export { referenceBackend } from '../tensor/reference-backend.js';
export { Rng, deriveSeed } from '../tensor/rng.js';
export type { FloatArray } from '../tensor/float-array.js';
export type { ComputeBackend } from '../tensor/backend.js';
export type { PackedGemm, PackedMatrix } from '../tensor/packed-gemm.js';
