// Every beyond-the-paper section (support, absence, cover, pass@k beyond n with the held-out
// check, G-Pass@k, answers, grader audit, truncation) for 500 problems × 4 models × 1,024 samples.
// The problems' gold answers are MATH500's (read from ../shared/data); answers are grouped by the
// math verifier. Run: npm run build && flock /tmp/bench.lock npx vite-node bench/analyze-beyond.ts
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapPassAtK, createRng, type ProblemOutcome, type SampleFacts } from '../src/analyze/index.js';
import { buildBeyondSections, type BeyondModelInput } from '../src/report/gather/beyond.js';
import { extractGold, mathAnswerEquivalence } from '../src/verify/math/index.js';

const PROBLEMS = 500;
const N = 1024;
const MODELS = ['base', 'rl-a', 'rl-b', 'distill'];
const here = path.dirname(fileURLToPath(import.meta.url));
const rows = readFileSync(path.join(here, '..', '..', 'shared', 'data', 'math500', 'test.jsonl'), 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l) as unknown);
const golds = rows.slice(0, PROBLEMS).map((r) => extractGold('math500', r));

const rng = createRng(1);
const baseRates = golds.map(() => rng.nextFloat() ** 2.5);
// RL sharpens what the base solves often and loses some of the rare ones; distill adds a few.
const rates: Record<string, number[]> = {
  base: baseRates,
  'rl-a': baseRates.map((p) => (p < 0.02 && rng.nextFloat() < 0.6 ? 0 : Math.min(1, p * 2.2))),
  'rl-b': baseRates.map((p) => (p < 0.05 && rng.nextFloat() < 0.4 ? 0 : Math.min(1, p * 1.6))),
  distill: baseRates.map((p) => Math.min(1, p * 1.3 + (rng.nextFloat() < 0.05 ? 0.01 : 0))),
};

/** A wrong answer: a nearby integer, another problem's gold, or (rarely) a garbage expression. */
function wrongAnswer(p: number, r: number): string {
  if (r < 0.55) return String(((p * 7) % 50) + Math.floor(r * 20));
  if (r < 0.9) return golds[(p + 1 + Math.floor(r * 13)) % golds.length]!;
  return `x^{${Math.floor(r * 1000) % 40}}`;
}

function model(name: string, seed: number): BeyondModelInput {
  const g = createRng(seed);
  const outcomes: ProblemOutcome[] = [];
  const facts: SampleFacts[] = [];
  const strict: ProblemOutcome[] = [];
  const harness: ProblemOutcome[] = [];
  rates[name]!.forEach((p, i) => {
    const scores: (0 | 1)[] = [];
    const answers: (string | null)[] = [];
    const truncated: boolean[] = [];
    const tokens: number[] = [];
    const flipped: (0 | 1)[] = [];
    for (let s = 0; s < N; s++) {
      const len = Math.ceil(-Math.log(1 - g.nextFloat()) * 3000);
      const cut = len > 16384;
      const ok = !cut && g.nextFloat() < p;
      scores.push(ok ? 1 : 0);
      answers.push(cut ? null : ok ? golds[i]! : wrongAnswer(i, g.nextFloat()));
      truncated.push(cut);
      tokens.push(Math.min(len, 16384));
      flipped.push(g.nextFloat() < 0.005 ? ((1 - (ok ? 1 : 0)) as 0 | 1) : ok ? 1 : 0);
    }
    const c = scores.reduce<number>((a, v) => a + v, 0);
    const o = { problemId: `p${i}`, n: N, c, scores, answers };
    outcomes.push(o);
    strict.push(o);
    harness.push({ problemId: `p${i}`, n: N, c: flipped.reduce<number>((a, v) => a + v, 0), scores: flipped });
    facts.push({ problemId: `p${i}`, scores, truncated, tokens });
  });
  return {
    model: name,
    outcomes,
    facts,
    byGrader: new Map([
      ['math/strict@1', strict],
      ['harness/exact@1', harness],
    ]),
  };
}

const t0 = performance.now();
const inputs = MODELS.map((m, i) => model(m, 10 + i));
const tData = performance.now() - t0;
console.log(
  `analyze-beyond: ${PROBLEMS} problems × ${MODELS.length} models × n = ${N} (${(PROBLEMS * MODELS.length * N).toLocaleString('en')} samples), Node ${process.version}; data built in ${(tData / 1000).toFixed(1)} s (not timed below)`,
);

// Anchor measured in the same run: the existing pass@k bootstrap bands (2,000 resamples, pow2 k).
const a0 = performance.now();
for (const m of inputs) bootstrapPassAtK(m.outcomes, 'pow2', { resamples: 2000 });
console.log(`anchor: bootstrapPassAtK ×${MODELS.length} (2,000 resamples, 11 k)      ${((performance.now() - a0) / 1000).toFixed(2)} s`);

/** Wall and CPU seconds of one call (CPU time is less sensitive to the other engineers' load). */
function timed<T>(label: string, fn: () => T): T {
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const r = fn();
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label.padEnd(64)} ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`);
  return r;
}
const pairs = MODELS.slice(1).map((m) => ['base', m] as const);
const sections = timed('all sections (2,000 bootstrap resamples, 500 band draws)', () =>
  buildBeyondSections([{ benchmark: 'math500', models: inputs, pairs, equivalence: mathAnswerEquivalence('strict') }], { bootstrap: { resamples: 2000 } }),
);
timed('  of which without answer grouping (no answers section)', () =>
  buildBeyondSections([{ benchmark: 'math500', models: inputs, pairs, equivalence: null }], { bootstrap: { resamples: 2000 } }),
);

for (const r of sections.passKBeyond) {
  const h = r.heldOut!;
  console.log(
    `held-out ${r.model.padEnd(8)} fit on ${h.fitN}: pass@${h.k} predicted ${h.predicted.value.toFixed(4)} [${h.predicted.lo.toFixed(4)}, ${h.predicted.hi.toFixed(4)}], observed ${h.observed.toFixed(4)} (${h.inside ? 'inside' : 'OUTSIDE'}); pass@${r.points.at(-1)!.k} ${r.points.at(-1)!.value.toFixed(4)}`,
  );
}
for (const r of sections.support.filter((s) => s.level === 'problem'))
  console.log(
    `support base→${r.other}: kept ${r.kept} found ${r.found} lost ${r.lost} never ${r.never} SRR ${r.srr?.value.toFixed(3)} NDR ${r.ndr?.value.toFixed(3)}`,
  );
for (const r of sections.answers)
  console.log(
    `answers ${r.model}: entropy ${r.entropyBits?.value.toFixed(3)} bits, guessing pass@${r.guessing.at(-1)!.k} ${r.guessing.at(-1)!.value.toFixed(3)}, approximate groupings ${r.approximateProblems}`,
  );
