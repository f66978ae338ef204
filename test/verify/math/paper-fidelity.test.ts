import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MathBenchmark } from '../../../src/verify/math/gold.js';
import { gradeMath } from '../../../src/verify/math/index.js';
import { loadBenchmarkGolds } from './shared-golds.js';

/**
 * `paper` against the real Qwen2.5-Math grader (../shared/reference-graders/qwen25-math/run.py,
 * files of QwenLM/Qwen2.5-Math a45202b) on the corpus of bench/math-paper-corpus.ts: 28,360
 * responses and predictions against the real golds of the six benchmarks, with the verdicts that
 * grader recorded in its pinned environment (SymPy 1.12, antlr4 4.11.1 — the study's) and in
 * today's (SymPy 1.14, antlr4 4.13.2). The golds are read from ../shared/data by (bench, idx).
 * Rows are graded as run.py grades them: no benchmark, the gold stripped once.
 */
const Row = z.object({
  id: z.string(),
  bench: MathBenchmark,
  idx: z.number().int(),
  response: z.string().optional(),
  pred: z.string().optional(),
  pinned: z.boolean(),
  current: z.boolean(),
  pinned_pred: z.string().nullable(),
});
type Row = z.infer<typeof Row>;

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'paper-fidelity.jsonl.gz');
const rows: Row[] = gunzipSync(readFileSync(file))
  .toString('utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => Row.parse(JSON.parse(l)));
const golds = new Map<string, string[]>();
const goldOf = (r: Row): string => {
  if (!golds.has(r.bench)) golds.set(r.bench, loadBenchmarkGolds(r.bench));
  const g = golds.get(r.bench)?.[r.idx];
  if (g === undefined) throw new Error(`${r.id}: no problem ${r.idx} in ../shared/data/${r.bench}`);
  return g;
};

interface Disagreement {
  id: string;
  real: boolean;
  reason: string;
  ours: string | null;
  theirs: string | null;
}

/** Our verdicts, graded once for both comparisons. */
let ours: ReturnType<typeof gradeMath>[] | null = null;
const oursFor = (): ReturnType<typeof gradeMath>[] =>
  (ours ??= rows.map((r) => gradeMath({ ...(r.pred !== undefined ? { pred: r.pred } : { response: r.response ?? '' }), gold: goldOf(r), policy: 'paper' })));

function agreement(env: 'pinned' | 'current'): { agree: number; extraction: number; off: Disagreement[] } {
  let agree = 0;
  let extraction = 0;
  const off: Disagreement[] = [];
  const verdicts = oursFor();
  for (const [i, r] of rows.entries()) {
    const v = verdicts[i];
    // The reference runs a word2number stand-in that leaves digit strings alone; the real package
    // (and paper) turns "0901" into 901 — the one known extraction difference, never a verdict one.
    const sameText = v.extracted === r.pinned_pred || (r.pinned_pred !== null && /^\d+$/.test(r.pinned_pred) && v.extracted === String(BigInt(r.pinned_pred)));
    if (env === 'pinned' && sameText) extraction++;
    if (v.correct === r[env]) agree++;
    else off.push({ id: r.id, real: r[env], reason: v.reason, ours: v.extracted, theirs: r.pinned_pred });
  }
  return { agree, extraction, off };
}

/** Disagreements grouped by which side accepts and the layer of ours that decided. */
function classes(off: Disagreement[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const d of off) {
    const k = `${d.real ? 'grader accepts, paper rejects' : 'grader rejects, paper accepts'} (${d.reason})`;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

describe('paper fidelity to the real Qwen2.5-Math grader', () => {
  it('the corpus covers the six benchmarks with both verdicts', () => {
    expect(rows.length).toBe(28_360);
    expect(new Set(rows.map((r) => r.bench))).toEqual(new Set(['math500', 'minerva_math', 'olympiadbench', 'gsm8k', 'aime24', 'amc23']));
    // Far from trivial: the grader accepts about half of the rows, and the environments differ.
    const accepted = rows.filter((r) => r.pinned).length;
    expect(accepted / rows.length).toBeGreaterThan(0.4);
    expect(accepted / rows.length).toBeLessThan(0.7);
    expect(rows.filter((r) => r.pinned !== r.current).length).toBeGreaterThan(100);
  });

  it("agrees with the pinned environment (the study's) on ≥ 99 % of rows", () => {
    const { agree, extraction, off } = agreement('pinned');
    const rate = agree / rows.length;
    console.log(`paper vs pinned grader: ${agree}/${rows.length} = ${(100 * rate).toFixed(2)} %; extracted answer identical on ${extraction} rows`);
    console.log('disagreement classes:', classes(off));
    expect(rate).toBeGreaterThanOrEqual(0.99);
    // Extraction and normalization are reproduced exactly; what is left is SymPy's own parsing.
    expect(extraction).toBe(rows.length);
  });

  it('agrees with the current environment on ≥ 99 % of rows too', () => {
    const { agree, off } = agreement('current');
    console.log(`paper vs current grader: ${agree}/${rows.length} = ${((100 * agree) / rows.length).toFixed(2)} %`, classes(off));
    expect(agree / rows.length).toBeGreaterThanOrEqual(0.99);
  });
});
