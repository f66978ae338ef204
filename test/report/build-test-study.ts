import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStudy, type SampleInput, type StudyStore, type VerifierKey } from '../../src/study/index.js';

export const VERIFIER: VerifierKey = { verifier: 'math', policy: 'strict', version: '1' };

export const XSS_TEXT =
  '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> and $\\href{javascript:window.__xss=4}{click}$ then \\boxed{<b>7</b>}';
export const XSS_EXTRACTED = '<img src=x onerror="window.__xss=3">';

export const FAILED_SLOT_ERROR = 'HTTP 503 after 5 attempts <b>overloaded</b>';

/** Correct samples per problem (n = 8) for each model: RL sharpens the easy problems and loses some hard ones. */
const CORRECT: Record<string, number[]> = {
  base: [2, 1, 3, 1, 0, 4, 2, 1, 0, 1, 5, 0],
  'rl-100': [6, 5, 7, 0, 0, 7, 6, 4, 0, 0, 8, 0],
  'rl-200': [7, 6, 8, 0, 0, 8, 7, 5, 0, 0, 8, 1],
};
export const N = 8;
export const PROBLEMS = CORRECT['base']!.length;

/** Known run-health facts of the fixture, to check the report against. */
export const DUPLICATES_PER_RUN = 3; // samples 5..7 of problem p0 repeat sample 4's text
export const TRUNCATED_PER_RUN = 2; // samples 0 and 1 of problem p1 stop at the token limit

/**
 * A real SQLite study in a temp dir: three models (a base and two RL checkpoints with steps),
 * one benchmark of 12 problems plus one holding an XSS payload, 8 samples per problem with
 * verdicts, duplicate and truncated samples, and perplexity scores under the base model.
 */
export async function buildTestStudy(): Promise<{ file: string; store: StudyStore; dir: string; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-study-'));
  const file = path.join(dir, 'study.sqlite');
  const store = await openStudy(file);
  const bench = await store.putBenchmark({ name: 'toy-math', source: 'test', contentHash: 'h1' });
  await store.putProblems(bench.id, [
    ...Array.from({ length: PROBLEMS }, (_, i) => ({
      index: i,
      key: `p${i}`,
      prompt: `Compute $\\frac{${2 * (i + 1)}}{2}$ and put it in \\boxed{}.`,
      gold: String(i + 1),
    })),
    { index: PROBLEMS, key: 'xss', prompt: 'What is <b>bold</b>? <script>window.__xss=5</script>', gold: '<img src=x onerror="window.__xss=6">' },
  ]);
  const problems = await store.listProblems(bench.id);
  await store.putLabCheckpoint({ name: 'base', stage: 'pretrain' });
  await store.putLabCheckpoint({ name: 'rl-100', parentName: 'base', stage: 'rl', algorithm: 'grpo', step: 100 });
  await store.putLabCheckpoint({ name: 'rl-200', parentName: 'base', stage: 'rl', algorithm: 'grpo', step: 200 });
  const modelIds = new Map<string, number>();
  for (const name of Object.keys(CORRECT)) {
    const model = await store.putModel({ name, provider: 'lab', info: name === 'base' ? { role: 'base' } : {} });
    modelIds.set(name, model.id);
    const { run } = await store.findOrCreateRun({
      modelId: model.id,
      benchmarkId: bench.id,
      sampling: { temperature: 0.6 },
      targetN: N,
      baseSeed: 1,
      promptTemplateHash: 't',
    });
    const samples: SampleInput[] = [];
    problems.forEach((p, pi) => {
      const correct = p.key === 'xss' ? 0 : CORRECT[name]![pi]!;
      for (let s = 0; s < N; s++) {
        const ok = s < correct;
        const answer = ok ? String(pi + 1) : String(100 + s);
        let text = `Attempt ${s}. We simplify: $$\\frac{${2 * (pi + 1)}}{2} = ${answer}$$ so the answer is \\boxed{${answer}}.\n\`\`\`python\nprint(${2 * (pi + 1)} // 2)  # check\n\`\`\``;
        if (p.key === 'p0' && s >= 5) text = `Repeated answer \\boxed{${100 + 4}}.`;
        if (p.key === 'p0' && s === 4) text = `Repeated answer \\boxed{${100 + 4}}.`;
        if (p.key === 'xss') text = `${XSS_TEXT} (attempt ${s})`;
        samples.push({
          runId: run.id,
          problemId: p.id,
          sampleIndex: s,
          seed: s,
          text,
          finishReason: p.key === 'p1' && s < 2 ? 'length' : 'stop',
          completionTokens: 20,
        });
      }
    });
    await store.insertSamples(samples);
    const verdicts = [];
    for await (const s of store.iterateSamples(run.id)) {
      const p = problems.find((x) => x.id === s.problemId)!;
      const pi = problems.indexOf(p);
      const ok = p.key !== 'xss' && s.sampleIndex < CORRECT[name]![pi]!;
      const extracted = p.key === 'xss' ? XSS_EXTRACTED : ok ? String(pi + 1) : String(p.key === 'p0' && s.sampleIndex >= 4 ? 104 : 100 + s.sampleIndex);
      verdicts.push({
        ...VERIFIER,
        sampleId: s.id,
        correct: ok,
        extracted,
        reason: ok ? `equal: ${extracted} = ${pi + 1}` : `not equal: ${extracted} ≠ ${pi + 1}`,
        durationMs: 1,
      });
    }
    await store.putVerdicts(verdicts);
  }
  // A slot whose request failed for good (beyond n, so it changes no statistic).
  const baseRun = (await store.listRuns()).find((r) => r.modelId === modelIds.get('base'))!;
  await store.recordFailedSlot({ runId: baseRun.id, problemId: problems[2]!.id, sampleIndex: N, seed: N, error: FAILED_SLOT_ERROR });
  // Perplexity of base and rl-100 responses under the base model.
  const runs = await store.listRuns();
  for (const responder of ['base', 'rl-100']) {
    const run = runs.find((r) => r.modelId === modelIds.get(responder))!;
    const scores = [];
    for await (const s of store.iterateSamples(run.id)) {
      if (s.text === null) continue;
      const tokens = 20 + (s.sampleIndex % 5);
      scores.push({
        scorerModelId: modelIds.get('base')!,
        sampleId: s.id,
        tokenCount: tokens,
        nllSum: tokens * (responder === 'base' ? 0.12 + 0.01 * (s.sampleIndex % 4) : 0.06 + 0.005 * (s.sampleIndex % 4)),
        byteCount: tokens * 4,
      });
    }
    await store.putScores(scores);
  }
  return {
    file,
    store,
    dir,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
