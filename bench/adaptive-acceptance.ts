/**
 * Acceptance of adaptive sampling in simulation (docs/adaptive.md): a realistic base/RL rate table
 * (syntheticRatePair: mass at 0 and near 1, heavy tail between; 500 problems, like MATH500) sampled
 * uniformly at n and adaptively at a fraction of that budget, with common random numbers, REPS
 * times per setting. Prints one JSON line per setting: how often the adaptive crossover interval
 * contains the true crossover (and the uniform one's, side by side), the width ratio, coverage
 * agreement up to certified absence, and whether the adaptive pass@n lies in the uniform interval.
 * Usage: npx vite-node bench/adaptive-acceptance.ts [reps] [problems] [n,n,…] [budget,budget,…]
 */
import { adaptiveConfigSchema, resolveAdaptiveConfig } from '../src/sample/adaptive/config.js';
import { compareWithUniform, type ComparisonResult } from '../src/sample/adaptive/uniform-comparison.js';
import { syntheticRatePair } from '../src/sample/adaptive/synthetic-rates.js';

const reps = Number(process.argv[2] ?? 50);
const problems = Number(process.argv[3] ?? 500);
const ns = (process.argv[4] ?? '128,256,1024').split(',').map(Number);
const budgets = (process.argv[5] ?? '0.3').split(',').map(Number);
const rates = syntheticRatePair(problems, 1);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
for (const n of ns) {
  for (const budget of budgets) {
    if (budget * n < 16) continue; // the pilot alone would exceed the budget
    const config = resolveAdaptiveConfig(adaptiveConfigSchema.parse({ n_max: n, budget }));
    const runs: ComparisonResult[] = [];
    const t0 = Date.now();
    for (let r = 0; r < reps; r++) runs.push(compareWithUniform(rates, config, 1000 + r, { draws: 1000 }));
    const ratios = runs.map((x) => x.adaptive.crossoverWidth / x.uniform.crossoverWidth);
    const share = (f: (x: ComparisonResult) => boolean): number => runs.filter(f).length / reps;
    console.log(
      JSON.stringify({
        n,
        budget,
        reps,
        problems,
        true_crossover: runs[0]!.trueCrossover,
        budget_used: runs.reduce((s, x) => s + x.budgetUsed, 0) / reps,
        adaptive_contains_truth: share((x) => x.adaptive.containsTruth),
        uniform_contains_truth: share((x) => x.uniform.containsTruth),
        width_uniform_median: median(runs.map((x) => x.uniform.crossoverWidth)),
        width_adaptive_median: median(runs.map((x) => x.adaptive.crossoverWidth)),
        width_ratio_mean_of_widths: runs.reduce((s, x) => s + x.adaptive.crossoverWidth, 0) / runs.reduce((s, x) => s + x.uniform.crossoverWidth, 0),
        width_ratio_le_1_25: share((x) => x.adaptive.crossoverWidth <= 1.25 * x.uniform.crossoverWidth),
        width_ratio_median: median(ratios),
        pass_at_n_inside_uniform: share((x) => x.passAtKInside[0] && x.passAtKInside[1]),
        coverage_differing_mean: runs.reduce((s, x) => s + x.coverageDiffering, 0) / reps,
        coverage_unexplained_total: runs.reduce((s, x) => s + x.coverageUnexplained, 0),
        seconds: (Date.now() - t0) / 1000,
      }),
    );
  }
}
