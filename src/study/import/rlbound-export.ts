import { z } from 'zod';
import { InputError } from '../../errors.js';
import { verifierKeyFlag } from '../verifier-choice.js';
import type { FormatReader, ImportPart, ImportedProblem, ImportedSample } from './imported.js';
import { checkRow } from './row-check.js';
import { tableRows } from './row-source.js';

/**
 * rlbound's own `export` output (src/study/export.ts), JSONL or Parquet: one row per sample
 * with its run, model, benchmark, problem, slot, seed, text and the verdict of one verifier
 * (named in `verifier`). Each run of the file is one part; samples keep their slots and seeds
 * and verdicts their key, so export → import gives back the same study. Failed slots (`error`
 * set, no text) are not samples and are left out.
 */
const Row = z.object({
  run_id: z.number().int(),
  model: z.string().min(1),
  benchmark: z.string().min(1),
  problem: z.string().min(1),
  problem_index: z.number().int().min(0),
  sample_index: z.number().int().min(0),
  seed: z.number().int().min(0),
  verifier: z.union([verifierKeyFlag, z.null()]).optional(),
  correct: z.union([z.boolean(), z.null()]),
  extracted: z.union([z.string(), z.null()]),
  finish_reason: z.union([z.string(), z.null()]),
  completion_tokens: z.union([z.number().int(), z.null()]).optional(),
  text: z.union([z.string(), z.null()]),
});

async function* problemsOf(file: string, runId: number): AsyncIterable<ImportedProblem> {
  // Rows come in sample-id order, which interleaves problems: one run is grouped in memory.
  const byProblem = new Map<string, { index: number; line: number; samples: ImportedSample[] }>();
  for await (const { value, line } of tableRows(file)) {
    const r = checkRow(Row, value, file, line);
    if (r.run_id !== runId || r.text === null) continue;
    let p = byProblem.get(r.problem);
    if (!p) byProblem.set(r.problem, (p = { index: r.problem_index, line, samples: [] }));
    p.samples.push({
      text: r.text,
      slot: { index: r.sample_index, seed: r.seed },
      finishReason: r.finish_reason,
      completionTokens: r.completion_tokens ?? null,
      ...(r.correct !== null ? { verdict: { correct: r.correct, extracted: r.extracted } } : {}),
    });
  }
  for (const [key, p] of [...byProblem].sort((a, b) => a[1].index - b[1].index)) {
    p.samples.sort((a, b) => a.slot!.index - b.slot!.index);
    yield { file, line: p.line, key, keyIsIndex: false, question: null, gold: null, samples: p.samples, counts: null };
  }
}

export const exportReader: FormatReader = {
  name: 'rlbound-export',
  describes: "rlbound's own `export` output (JSONL or Parquet): the study round-trips",
  detect: (i) =>
    !i.isDirectory &&
    ((/"sample_id"\s*:/.test(i.head) && /"run_id"\s*:/.test(i.head) && /"sample_index"\s*:/.test(i.head)) ||
      (i.path.endsWith('.parquet') && i.head.includes('sample_index') && i.head.includes('run_id'))),
  async parts(file) {
    const runs = new Map<number, { model: string; benchmark: string; verifier: ReturnType<typeof verifierKeyFlag.parse> | null }>();
    for await (const { value, line } of tableRows(file)) {
      const r = checkRow(Row, value, file, line);
      const known = runs.get(r.run_id);
      if (!known) runs.set(r.run_id, { model: r.model, benchmark: r.benchmark, verifier: r.verifier ?? null });
      else if (known.verifier === null && r.verifier) known.verifier = r.verifier;
      else if (known.model !== r.model || known.benchmark !== r.benchmark)
        throw new InputError(`run ${r.run_id} appears with two models or benchmarks`, { file, line, field: 'run_id' });
    }
    if (runs.size === 0) throw new InputError('no rows', { file });
    return [...runs].map(([runId, r]): ImportPart => ({
      format: 'rlbound-export',
      file,
      partId: `run-${runId}`,
      model: r.model,
      dataset: r.benchmark,
      step: null,
      seed: null,
      settings: { exported_run: runId },
      poolsBySeed: false,
      ...(r.verifier !== null ? { verdictKey: r.verifier } : {}),
      problems: () => problemsOf(file, runId),
    }));
  },
};
