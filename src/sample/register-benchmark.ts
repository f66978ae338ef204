import type { LoadedBenchmark } from '../bench/load-benchmark.js';
import type { StudyStore } from '../study/store.js';
import type { JsonObject, JsonValue } from '../study/json.js';
import type { BenchmarkRecord, ProblemRecord } from '../study/types.js';

/**
 * Puts a loaded benchmark and its problems into the study (idempotent: a benchmark with the same
 * name and content hash is reused, problems already there are left unchanged). The problem's
 * stored prompt is its question; templates are applied at sampling time and hashed into the run.
 */
export async function registerBenchmark(store: StudyStore, loaded: LoadedBenchmark): Promise<{ benchmark: BenchmarkRecord; problems: ProblemRecord[] }> {
  const benchmark = await store.putBenchmark({ name: loaded.spec.name, source: loaded.source, contentHash: loaded.contentHash });
  await store.putProblems(
    benchmark.id,
    loaded.problems.map((p) => ({
      index: p.index,
      key: p.id,
      prompt: p.question,
      gold: toJson(p.gold ?? p.code ?? p.lab ?? null),
      metadata: toJson({ kind: p.kind, ...p.meta, ...(p.choices ? { choices: p.choices } : {}), ...(p.images ? { images: p.images } : {}) }) as JsonObject,
    })),
  );
  // Only the problems of this load (a smaller --limit than before must not sample the rest).
  const wanted = new Set(loaded.problems.map((p) => p.index));
  return { benchmark, problems: (await store.listProblems(benchmark.id)).filter((p) => wanted.has(p.index)) };
}

/** Drops what JSON cannot hold (undefined, functions) so the store's JSON columns accept it. */
function toJson(v: unknown): JsonValue {
  return JSON.parse(JSON.stringify(v ?? null)) as JsonValue;
}
