import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStudy, type SampleInput, type StudyStore, type VerifierKey } from '../../src/study/index.js';

export const STRICT: VerifierKey = { verifier: 'math', policy: 'strict', version: '1' };
export const PAPER: VerifierKey = { verifier: 'math', policy: 'paper', version: '1' };
export const N = 8;

/**
 * Per model and problem, the extracted answer of each of the 8 samples ('' = no answer) and which
 * samples the strict grader accepts. The gold of problem i is i + 1 except p3 (gold 1/2, written
 * three ways). p0: both solve; p1: only rl; p2: only base; p3: both, base with three spellings;
 * p4: neither. Under the paper grader, base's "5.0" on p4 also counts (so p4 moves to "lost").
 */
const ANSWERS: Record<string, string[][]> = {
  base: [
    ['1', '1', '7', '7', '7', '9', '', '1'],
    ['4', '4', '4', '4', '5', '5', '6', ''],
    ['3', '8', '8', '8', '8', '8', '8', '8'],
    ['\\frac{1}{2}', '0.5', '1/2', '2', '2', '3', '3', '3'],
    ['5.0', '6', '6', '6', '6', '6', '6', '6'],
  ],
  rl: [
    ['1', '1', '1', '1', '1', '1', '1', '1'],
    ['2', '2', '4', '4', '4', '4', '4', '4'],
    ['9', '9', '9', '9', '9', '9', '9', '9'],
    ['\\frac12', '\\frac12', '2', '2', '2', '2', '2', '2'],
    ['7', '7', '7', '7', '7', '7', '7', '7'],
  ],
};
const GOLD = ['1', '2', '3', '1/2', '5'];
const strictCorrect = (p: number, a: string): boolean => a !== '' && (p === 3 ? ['\\frac{1}{2}', '0.5', '1/2', '\\frac12'].includes(a) : a === GOLD[p]);
const paperCorrect = (p: number, a: string): boolean => strictCorrect(p, a) || (p === 4 && a === '5.0');

/** A real SQLite study of two models on one 5-problem math benchmark, graded by two policies. */
export async function buildBeyondStudy(): Promise<{ file: string; store: StudyStore; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rlbound-beyond-'));
  const file = path.join(dir, 'study.sqlite');
  const store = await openStudy(file);
  const bench = await store.putBenchmark({ name: 'toy-math', source: 'test', contentHash: 'h' });
  await store.putProblems(
    bench.id,
    GOLD.map((g, i) => ({ index: i, key: `p${i}`, prompt: `Problem ${i}`, gold: g })),
  );
  const problems = await store.listProblems(bench.id);
  for (const name of ['base', 'rl']) {
    const model = await store.putModel({ name, provider: 'import', info: name === 'base' ? { role: 'base' } : {} });
    const { run } = await store.findOrCreateRun({
      modelId: model.id,
      benchmarkId: bench.id,
      sampling: { temperature: 1 },
      targetN: N,
      baseSeed: 1,
      promptTemplateHash: 't',
    });
    const samples: SampleInput[] = problems.flatMap((p, pi) =>
      ANSWERS[name]![pi]!.map((a, s) => ({
        runId: run.id,
        problemId: p.id,
        sampleIndex: s,
        seed: s,
        text: a === '' ? 'I ran out of room' : `so \\boxed{${a}}`,
        // No answer means the response hit the token limit; long responses are the later samples.
        finishReason: a === '' ? 'length' : 'stop',
        completionTokens: a === '' ? 16384 : 1000 * (s + 1),
      })),
    );
    await store.insertSamples(samples);
    const strict = [];
    const paper = [];
    for await (const s of store.iterateSamples(run.id)) {
      const pi = problems.findIndex((p) => p.id === s.problemId);
      const a = ANSWERS[name]![pi]![s.sampleIndex]!;
      const extracted = a === '' ? null : a;
      strict.push({ ...STRICT, sampleId: s.id, correct: strictCorrect(pi, a), extracted, reason: 'test', durationMs: 1 });
      paper.push({ ...PAPER, sampleId: s.id, correct: paperCorrect(pi, a), extracted, reason: 'test', durationMs: 1 });
    }
    await store.putVerdicts([...strict, ...paper]);
  }
  return {
    file,
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
