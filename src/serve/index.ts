// Public API of `rlbound serve`: an OpenAI-compatible /v1/completions and /v1/chat/completions server for lab models.
export { startServer, type RunningServer, type ServeOptions } from './http-server.js';
export { complete, type CompletionBody } from './complete.js';
export { chatComplete, type ChatCompletionBody } from './chat.js';
export { completionRequest, chatCompletionRequest, type CompletionRequest, type ChatCompletionRequest, MAX_N } from './schema.js';
export { ApiError } from './openai-error.js';
export { LabServable, loadLabServable } from './lab-servable.js';
export { cutAtStop, type CutResult } from './stop-strings.js';
export type { ServableModel, SampleOptions, SampledTokens, ScoredTokens, ChatTurn } from './servable-model.js';
