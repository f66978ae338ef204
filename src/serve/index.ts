// Public API of `rlbound serve`: an OpenAI-compatible /v1/completions server for lab models.
export { startServer, type RunningServer, type ServeOptions } from './http-server.js';
export { complete, type CompletionBody } from './complete.js';
export { completionRequest, type CompletionRequest, MAX_N } from './schema.js';
export { ApiError } from './openai-error.js';
export { LabServable, loadLabServable } from './lab-servable.js';
export { cutAtStop, type CutResult } from './stop-strings.js';
export type { ServableModel, SampleOptions, SampledTokens, ScoredTokens } from './servable-model.js';
