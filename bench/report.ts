// Speed of `rlbound report` on a MATH500-sized study: 500 problems × 4 models (a base and three RL
// checkpoints) × N samples, all verified, with perplexity scores for 2 problems × 16 responses.
// Usage: npx vite-node bench/report.ts [N=128]   (writes bench/out/report-study.sqlite and bench/out/report/)
// Resampling is the report's default (adaptive); figures are written at both page widths as SVG, PNG and PDF.
import { rmSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { gatherReportData, writeReport } from '../src/report/index.js';
import { openStudy, type SampleInput } from '../src/study/index.js';
import { StudySampleSource } from '../src/view/index.js';

const N = Number(process.argv[2] ?? 128);
const PROBLEMS = 500;
const out = path.resolve('bench/out');
const file = path.join(out, 'report-study.sqlite');
mkdirSync(out, { recursive: true });
for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });

let state = 42;
const rand = (): number => ((state = (state * 1103515245 + 12345) % 2147483648), state / 2147483648);

const t0 = performance.now();
const store = await openStudy(file);
const bench = await store.putBenchmark({ name: 'math500', source: 'bench', contentHash: 'bench' });
await store.putProblems(
  bench.id,
  Array.from({ length: PROBLEMS }, (_, i) => ({ index: i, key: `test/${i}`, prompt: `Problem ${i}: compute $\\frac{${2 * i}}{2}$.`, gold: String(i) })),
);
const problems = await store.listProblems(bench.id);
const difficulty = problems.map(() => rand());
const models = [
  { name: 'Qwen2.5-7B', stage: 'pretrain', step: null },
  { name: 'GRPO-step150', stage: 'rl', step: 150 },
  { name: 'GRPO-step300', stage: 'rl', step: 300 },
  { name: 'GRPO-step450', stage: 'rl', step: 450 },
];
const key = { verifier: 'math', policy: 'strict', version: '1' };
const scored: number[] = [];
for (const [mi, m] of models.entries()) {
  await store.putLabCheckpoint({ name: m.name, stage: m.stage, step: m.step, ...(mi > 0 ? { parentName: models[0]!.name } : {}) });
  const model = await store.putModel({ name: m.name, provider: 'bench' });
  const { run } = await store.findOrCreateRun({
    modelId: model.id,
    benchmarkId: bench.id,
    sampling: { temperature: 0.6 },
    targetN: N,
    baseSeed: 1,
    promptTemplateHash: 'bench',
  });
  // Base: broad but unreliable; RL: sharper on easy problems, loses the hardest ones.
  const p = difficulty.map((d) => (mi === 0 ? Math.max(0, 0.95 - d) * 0.5 : d > 0.9 - 0.02 * mi ? 0 : Math.min(1, (1 - d) * (1 + 0.25 * mi))));
  for (let start = 0; start < PROBLEMS; start += 50) {
    const batch: SampleInput[] = [];
    for (let pi = start; pi < start + 50; pi++) {
      for (let s = 0; s < N; s++) {
        const ok = rand() < p[pi]!;
        const answer = ok ? String(pi) : String(1000 + Math.floor(rand() * 50));
        batch.push({
          runId: run.id,
          problemId: problems[pi]!.id,
          sampleIndex: s,
          seed: s,
          text: `Sample ${s}. We halve ${2 * pi}: $$\\frac{${2 * pi}}{2} = ${answer}$$ so \\boxed{${answer}}.`,
          finishReason: rand() < 0.02 ? 'length' : 'stop',
          completionTokens: 40,
        });
      }
    }
    await store.insertSamples(batch);
  }
  const verdicts = [];
  for await (const s of store.iterateSamples(run.id, { pageSize: 5000 })) {
    const answer = /\\boxed\{(\d+)\}/.exec(s.text ?? '')![1]!;
    const gold = String(problems.find((x) => x.id === s.problemId)!.index);
    verdicts.push({ ...key, sampleId: s.id, correct: answer === gold, extracted: answer, reason: answer === gold ? 'equal' : 'not equal', durationMs: 0.1 });
    if (s.problemId <= problems[1]!.id && s.sampleIndex < 16) scored.push(s.id);
  }
  await store.putVerdicts(verdicts);
}
const base = (await store.getModel(models[0]!.name))!;
await store.putScores(
  scored.map((sampleId, i) => ({ scorerModelId: base.id, sampleId, tokenCount: 40, nllSum: 40 * (0.05 + 0.1 * rand() * (i < 32 ? 1 : 0.5)), byteCount: 160 })),
);
await store.close();
const built = performance.now() - t0;

const ro = await openStudy(file, { readonly: true, mustExist: true });
const t1 = performance.now();
const data = await gatherReportData(ro, { title: 'Benchmark study (synthetic, MATH500-sized)', source: path.basename(file) });
const t2 = performance.now();
const files = await writeReport(data, path.join(out, 'report'));
const t3 = performance.now();
const source = new StudySampleSource(ro, key);
await source.samples({ benchmark: 'math500', problemId: 'test/7', model: models[1]!.name, offset: 0, limit: 50 });
const t4 = performance.now();
await source.samples({ benchmark: 'math500', problemId: 'test/8', model: models[1]!.name, offset: 0, limit: 50 });
const t5 = performance.now();
await ro.close();

const samples = PROBLEMS * models.length * N;
console.log(
  JSON.stringify({
    samples,
    studyMiB: +(statSync(file).size / 2 ** 20).toFixed(1),
    buildSeconds: +(built / 1000).toFixed(1),
    gatherSeconds: +((t2 - t1) / 1000).toFixed(2),
    writeReportSeconds: +((t3 - t2) / 1000).toFixed(2),
    reportEndToEndSeconds: +((t3 - t1) / 1000).toFixed(2),
    svgSeconds: +(files.timings.svgMs / 1000).toFixed(2),
    pngSeconds: +(files.timings.pngMs / 1000).toFixed(2),
    pdfExportSeconds: +(files.timings.pdfMs / 1000).toFixed(2),
    maxResamples: data.bootstrapResamples,
    crossovers: data.comparisons.map((c) => c.crossover.k),
    figures: files.figures.length,
    viewerFirstPageMs: Math.round(t4 - t3),
    viewerNextPageMs: Math.round(t5 - t4),
  }),
);
