import { perTokenPerplexity, summarizeDistribution } from '../../analyze/index.js';
import type { BenchmarkRecord, ModelRecord, RunRecord, ScoredSample, StudyStore } from '../../study/index.js';
import type { PerplexityGroup } from '../report-data.js';

/** Up to this many scored problems per benchmark, each problem gets its own panel (paper Fig. 6 has two). */
const PER_PROBLEM_PANELS = 4;

/**
 * PPL_scorer(Y_responder) for every (scorer, run) with stored scores. A benchmark whose scores
 * cover only a few problems — the paper's protocol scores a couple of problems — is split into one
 * panel per problem; otherwise the benchmark is one panel.
 */
export async function perplexityGroups(store: StudyStore, models: ModelRecord[], benchmarks: BenchmarkRecord[], runs: RunRecord[]): Promise<PerplexityGroup[]> {
  const found: Array<{ scorer: ModelRecord; run: RunRecord; scores: ScoredSample[] }> = [];
  for (const scorer of models) {
    for (const run of runs) {
      const scores = await store.loadScores(run.id, scorer.id);
      if (scores.length > 0) found.push({ scorer, run, scores });
    }
  }
  const problemsScored = new Map<number, Set<string>>();
  for (const f of found) {
    const set = problemsScored.get(f.run.benchmarkId) ?? new Set<string>();
    for (const s of f.scores) set.add(s.problemKey);
    problemsScored.set(f.run.benchmarkId, set);
  }
  const groups: PerplexityGroup[] = [];
  for (const { scorer, run, scores } of found) {
    const bench = benchmarks.find((b) => b.id === run.benchmarkId)!.name;
    const responder = models.find((m) => m.id === run.modelId)!.name;
    const perProblem = problemsScored.get(run.benchmarkId)!.size <= PER_PROBLEM_PANELS;
    const panels = new Map<string, number[]>();
    for (const s of scores) {
      // An empty response has no tokens and so no perplexity; it is not a value of 1 or 0.
      if (s.tokenCount === 0) continue;
      const panel = perProblem ? `${bench} · ${s.problemKey}` : bench;
      let values = panels.get(panel);
      if (!values) panels.set(panel, (values = []));
      values.push(perTokenPerplexity({ nllSum: s.nllSum, tokens: s.tokenCount }));
    }
    for (const [panel, values] of panels) groups.push({ panel, scorer: scorer.name, responder, values, summary: summarizeDistribution(values) });
  }
  return groups;
}
