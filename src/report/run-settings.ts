import type { JsonObject } from '../study/json.js';
import type { RunRecord } from '../study/index.js';

/**
 * What distinguishes two runs of the same model on the same benchmark: the sampling settings the
 * run was created with, its target n, prompt template and base seed. `status`, the report's
 * provenance block and the refusal of an ambiguous store all print these, so two runs never
 * look identical to a user.
 */
export interface RunSettings {
  temperature: number | null;
  top_p: number | null;
  max_tokens: number | null;
  n: number;
  /** Short prompt-template hash (the first 8 characters), or the marker an importer wrote. */
  template: string;
  seed: number;
  /** Where the run came from when it was not sampled here ("import", …), from its sampling record. */
  source: string | null;
}

const num = (o: JsonObject, ...keys: string[]): number | null => {
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
};

export function runSettings(run: RunRecord): RunSettings {
  const s = run.sampling;
  const source = typeof s['source'] === 'string' ? s['source'] : null;
  return {
    temperature: num(s, 'temperature'),
    top_p: num(s, 'top_p', 'topP'),
    max_tokens: num(s, 'max_tokens', 'maxTokens'),
    n: run.targetN,
    template: run.promptTemplateHash.length > 12 ? run.promptTemplateHash.slice(0, 8) : run.promptTemplateHash,
    seed: run.baseSeed,
    source,
  };
}

const show = (v: number | null): string => (v === null ? '—' : String(v));

/** One line: "T 0.6 · top-p 0.95 · max 16384 tokens · n 128 · template 3fa2c1d0 · seed 0". */
export function formatRunSettings(s: RunSettings): string {
  return [
    `T ${show(s.temperature)}`,
    `top-p ${show(s.top_p)}`,
    `max ${show(s.max_tokens)} tokens`,
    `n ${s.n}`,
    `template ${s.template}`,
    `seed ${s.seed}`,
    ...(s.source ? [`source ${s.source}`] : []),
  ].join(' · ');
}
