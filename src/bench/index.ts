// Benchmarks: problems, loaders (JSONL/JSON/Parquet, gzip, Hugging Face Hub with cache),
// built-in specs, user specs and prompt templates.
export type { Problem, ProblemKind, CodeProblemData, CodeTest as BenchCodeTest } from './problem.js';
export type { BenchmarkSpec } from './spec.js';
export { BUILTIN_BENCHMARKS, builtinBenchmark, findBenchmarkSpec, registerBenchmarkFamily, type BenchmarkFamily } from './registry.js';
export { loadBenchmark, type LoadedBenchmark, type LoadOptions } from './load-benchmark.js';
export { loadUserSpec, specFromUser, userSpecSchema, type UserSpec } from './user-spec.js';
export { TEMPLATES, getTemplate, livecodebenchQuestion, type PromptTemplate, type ChatMessage as TemplateMessage } from './templates.js';
export { readRows, parseRows, formatOf, type SourceRow, type DataFormat } from './load/rows.js';
export { downloadHubDataset, type HubDatasetRef, type HubDownload, type DownloadedFile } from './hub/dataset.js';
export { hubOptions, type HubOptions } from './hub/options.js';
