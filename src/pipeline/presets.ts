import type { SamplingSettings } from '../config/study-file.js';

/**
 * The paper's protocol (Yue et al. 2025, §3 and App. A.2): T 0.6, top-p 0.95, up to 16,384 new
 * tokens, zero-shot, the same prompt for base and RL models, and n equal to the largest k plotted.
 *
 * Where the released evaluation code differs: it starts vLLM with max_model_len=4096, so prompt +
 * response are capped at 4,096 tokens whatever max_tokens says (16,000 in its scripts). Set
 * `max_tokens: 4096` minus the prompt length to reproduce the released code rather than the paper.
 */
export const PAPER_SAMPLING: Required<Pick<SamplingSettings, 'temperature' | 'top_p' | 'max_tokens'>> = {
  temperature: 0.6,
  top_p: 0.95,
  max_tokens: 16_384,
};

/** Samples per problem in the paper, by built-in benchmark (Olympiad: 128 for Qwen models). */
export const PAPER_N: Record<string, number> = {
  math500: 128,
  minerva_math: 128,
  gsm8k: 128,
  olympiadbench: 128,
  aime24: 1024,
  amc23: 1024,
  livecodebench: 128,
  humanevalplus: 128,
  mbppplus: 128,
};

/** Default samples per problem when neither the study nor a preset says. */
export const DEFAULT_N = 16;

/**
 * Effective sampling settings for one (model, benchmark): study defaults, then the preset, then the
 * model's own overrides, then the benchmark's `n` — later wins.
 */
export function effectiveSampling(
  preset: 'paper' | 'none',
  benchmark: string,
  study: SamplingSettings,
  model: SamplingSettings | undefined,
  benchmarkN: number | undefined,
): SamplingSettings & { n: number } {
  const fromPreset: SamplingSettings = preset === 'paper' ? { ...PAPER_SAMPLING, n: PAPER_N[benchmark] } : {};
  const merged: SamplingSettings = { ...fromPreset, ...stripUndefined(study), ...stripUndefined(model ?? {}) };
  const n = benchmarkN ?? merged.n ?? DEFAULT_N;
  return { ...merged, n };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
