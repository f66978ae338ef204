import type { ProblemDetail, SampleSource, SampleView } from '../../src/view/index.js';

/** Samples held in memory, keyed by benchmark/problem/model: for tests that need no store. */
export function memorySampleSource(problems: ProblemDetail[], samples: Map<string, SampleView[]>): SampleSource {
  return {
    problem: async (benchmark, problemId) => problems.find((p) => p.benchmark === benchmark && p.problemId === problemId) ?? null,
    samples: async (q) => {
      const all = samples.get(`${q.benchmark}/${q.problemId}/${q.model}`) ?? [];
      return { total: all.length, samples: all.slice(q.offset, q.offset + q.limit) };
    },
  };
}
