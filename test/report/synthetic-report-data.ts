import type { ReportData } from '../../src/report/index.js';

/**
 * A complete `ReportData` made from a seeded random c/n table, for rendering tests that need no
 * study. The numbers are internally consistent (pass@k from the product formula, coverage and
 * histograms from the same counts) but are not produced by src/analyze.
 */
export function syntheticReportData(options: { models?: number; problems?: number; samples?: number } = {}): ReportData {
  const modelCount = options.models ?? 4;
  const problemCount = options.problems ?? 40;
  const n = options.samples ?? 64;
  let state = 12345;
  const rand = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const models = Array.from({ length: modelCount }, (_, i) =>
    i === 0 ? { id: 'base', label: 'Base-7B', role: 'base' } : { id: `rl${i}`, label: `RL step ${i * 100}`, role: 'rl', step: i * 100 },
  );
  const benchmarks = [
    { id: 'math500', label: 'MATH500', problemCount },
    { id: 'aime24', label: 'AIME24', problemCount },
  ];
  const counts = new Map<string, number[]>();
  for (const b of benchmarks) {
    const difficulty = Array.from({ length: problemCount }, () => rand());
    models.forEach((m, mi) => {
      counts.set(
        `${b.id}/${m.id}`,
        difficulty.map((d) => {
          // RL sharpens: easy problems get easier, the hardest ones unsolvable.
          const p = mi === 0 ? Math.max(0, 0.9 - d) * 0.6 : d > 0.8 ? 0 : Math.min(1, (0.95 - d) * (1 + mi * 0.3));
          let c = 0;
          for (let s = 0; s < n; s++) if (rand() < p) c++;
          return c;
        }),
      );
    });
  }
  const passAt = (c: number, k: number): number => {
    if (n - c < k) return 1;
    let prod = 1;
    for (let i = n - c + 1; i <= n; i++) prod *= 1 - k / i;
    return 1 - prod;
  };
  const ks: number[] = [];
  for (let k = 1; k <= n; k *= 2) ks.push(k);
  const curveValue = (key: string, k: number): number => {
    const cs = counts.get(key)!;
    return cs.reduce((s, c) => s + passAt(c, k), 0) / cs.length;
  };
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  const passK = benchmarks.flatMap((b) =>
    models.map((m) => ({
      benchmark: b.id,
      model: m.id,
      problems: problemCount,
      samplesPerProblem: n,
      points: ks.map((k) => {
        const v = curveValue(`${b.id}/${m.id}`, k);
        return { k, value: v, lo: clamp(v - 0.05), hi: clamp(v + 0.05) };
      }),
    })),
  );
  const comparisons = benchmarks.flatMap((b) =>
    models.slice(1).map((m) => {
      const points = ks.map((k) => {
        const d = curveValue(`${b.id}/base`, k) - curveValue(`${b.id}/${m.id}`, k);
        return { k, diff: d, lo: Math.max(-1, d - 0.06), hi: Math.min(1, d + 0.06) };
      });
      const first = points.find((p) => p.diff >= 0);
      return {
        benchmark: b.id,
        base: 'base',
        other: m.id,
        points,
        crossover: first
          ? { k: first.k, lo: Math.max(1, first.k / 2), hi: Math.min(n, first.k * 2), summary: `base ahead from k = ${first.k}` }
          : { k: null, lo: null, hi: null, summary: `no crossover up to k = ${n}` },
      };
    }),
  );
  const coverage = benchmarks.map((b) => {
    const regions = new Map<string, string[]>();
    for (let p = 0; p < problemCount; p++) {
      const members = models.filter((m) => counts.get(`${b.id}/${m.id}`)![p]! > 0).map((m) => m.id);
      const key = members.join('|');
      regions.set(key, [...(regions.get(key) ?? []), `${b.id}-${p}`]);
    }
    return {
      benchmark: b.id,
      models: models.map((m) => m.id),
      regions: [...regions].map(([key, ids]) => ({ members: key === '' ? [] : key.split('|'), problemIds: ids })),
    };
  });
  const binLabels = ['0', '(0,0.1]', '(0.1,0.2]', '(0.2,0.3]', '(0.3,0.4]', '(0.4,0.5]', '(0.5,0.6]', '(0.6,0.7]', '(0.7,0.8]', '(0.8,0.9]', '(0.9,1)', '1'];
  const binOf = (acc: number): number => (acc === 0 ? 0 : acc === 1 ? 11 : Math.min(10, Math.ceil(acc * 10)));
  const histograms = benchmarks.flatMap((b) =>
    models.map((m) => {
      const bins = binLabels.map((label) => ({ label, count: 0 }));
      for (const c of counts.get(`${b.id}/${m.id}`)!) bins[binOf(c / n)]!.count++;
      return { benchmark: b.id, model: m.id, bins };
    }),
  );
  const summarize = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    const q = (f: number): number => s[Math.min(s.length - 1, Math.floor(f * (s.length - 1)))]!;
    return { count: s.length, min: s[0]!, p5: q(0.05), p25: q(0.25), median: q(0.5), p75: q(0.75), p95: q(0.95), max: s[s.length - 1]! };
  };
  const perplexity = ['problem 4', 'problem 11'].flatMap((panel) =>
    [
      ['base', 'base'],
      ['base', models[1]!.id],
      [models[1]!.id, models[1]!.id],
    ].map(([scorer, responder]) => {
      const values = Array.from({ length: 16 }, () => 1 + rand() * (scorer === responder ? 0.3 : 0.12));
      return { panel, scorer: scorer!, responder: responder!, values, summary: summarize(values) };
    }),
  );
  const top = ks[ks.length - 1]!;
  const deltaSE = benchmarks.flatMap((b) =>
    models.slice(1).map((m) => {
      const basePassK = curveValue(`${b.id}/base`, top);
      const rlPass1 = curveValue(`${b.id}/${m.id}`, 1);
      return { benchmark: b.id, base: 'base', rl: m.id, k: top, basePassK, rlPass1, deltaSE: basePassK - rlPass1 };
    }),
  );
  const algorithmComparisons = benchmarks.map((b) => ({ benchmark: b.id, base: 'base', models: models.slice(1).map((m) => m.id), k: top }));
  const trainingSteps = benchmarks.map((b) => ({
    benchmark: b.id,
    k: top,
    points: models.map((m) => ({ model: m.id, step: m.step ?? 0, pass1: curveValue(`${b.id}/${m.id}`, 1), passK: curveValue(`${b.id}/${m.id}`, top) })),
  }));
  const runHealth = benchmarks.flatMap((b) =>
    models.map((m, i) => {
      const samples = problemCount * n;
      const duplicates = Math.round(samples * 0.02 * (i + 1));
      const truncated = Math.round(samples * 0.01 * (modelCount - i));
      return {
        run: `${m.id}@${b.id}`,
        model: m.id,
        benchmark: b.id,
        samples,
        duplicates,
        truncated,
        duplicateRate: duplicates / samples,
        truncationRate: truncated / samples,
      };
    }),
  );
  const problems = benchmarks.flatMap((b) =>
    Array.from({ length: problemCount }, (_, p) => ({
      benchmark: b.id,
      problemId: `${b.id}-${p}`,
      cells: models.map((m) => ({ model: m.id, correct: counts.get(`${b.id}/${m.id}`)![p]!, samples: n, duplicates: p % 7 === 0 ? 2 : 0 })),
    })),
  );
  return {
    schemaVersion: 1,
    title: 'Synthetic study',
    generatedAt: '2026-01-01T00:00:00.000Z',
    source: 'synthetic test data',
    confidence: 0.95,
    bootstrapResamples: 200,
    models,
    benchmarks,
    passK,
    comparisons,
    coverage,
    histograms,
    perplexity,
    deltaSE,
    algorithmComparisons,
    trainingSteps,
    runHealth,
    problems,
  };
}
