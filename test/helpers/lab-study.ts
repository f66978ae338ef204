import path from 'node:path';
import { createModel, saveCheckpoint } from '../../src/lab/model/index.js';
import { taskTokenizer } from '../../src/lab/experiment/tokenizer.js';
import { spawnServe, type ServeProcess } from '../serve/serve-process.js';

/** Problems and samples per problem of the two-benchmark lab study below. */
export const LAB_STUDY_PROBLEMS = 6 + 5;
export const LAB_STUDY_N = 24;

/**
 * Saves one tiny randomly initialised lab model per (name, seed) under `dir` (task alphabet, so it
 * reads lab task prompts) and serves each with a real `rlbound serve` process.
 */
export async function serveTinyLabModels(dir: string, models: readonly (readonly [string, number])[]): Promise<ServeProcess[]> {
  const tokenizer = taskTokenizer();
  const serves: ServeProcess[] = [];
  for (const [name, seed] of models) {
    const model = createModel({ layers: 1, dModel: 16, heads: 2, context: 64, vocab: tokenizer.vocabSize }, { seed });
    saveCheckpoint(path.join(dir, name), model, { tokenizer, lineage: { kind: 'base', parent: null } });
    serves.push(await spawnServe(path.join(dir, name), name));
  }
  return serves;
}

/**
 * The end-to-end study of the runner and queue tests: models `base` and `rl` behind `urls`, the two
 * lab task benchmarks, base-model scoring of the countdown runs; `extra` YAML is appended.
 */
export function labStudyYaml(store: string, urls: readonly string[], extra = ''): string {
  return `store: ${store}
models:
  - name: base
    endpoint: ${urls[0]}
    template: raw
  - name: rl
    endpoint: ${urls[1]}
    template: raw
benchmarks:
  - name: lab-countdown
    limit: 6
  - name: lab-arithmetic
    limit: 5
sampling: { n: ${LAB_STUDY_N}, temperature: 1, top_p: 1, max_tokens: 24, seed: 7, concurrency: 4 }
scoring:
  - scorer: base
    responses_of: [base, rl]
    benchmarks: [lab-countdown]
${extra}`;
}
