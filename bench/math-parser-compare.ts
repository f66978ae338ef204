/**
 * Our LaTeX answer parser vs @cortex-js/compute-engine 0.140.0 on the gold answers of MATH500,
 * Minerva and OlympiadBench: parse throughput, and parse-and-compare throughput (our gradeMath
 * vs compute-engine's parse + isEqual) on (gold, gold) and (gold, other gold) pairs.
 * Usage: flock /tmp/bench.lock npx vite-node bench/math-parser-compare.ts
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComputeEngine } from '@cortex-js/compute-engine';
import { extractGold, gradeMath, type MathBenchmark } from '../src/verify/math/index.js';
import { parseLatex } from '../src/verify/math/latex/parse.js';
import { normalizeAnswer } from '../src/verify/math/normalize.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const golds: string[] = [];
for (const b of ['math500', 'minerva_math', 'olympiadbench'] as MathBenchmark[]) {
  const rows = readFileSync(path.resolve(root, '..', 'shared', 'data', b, 'test.jsonl'), 'utf8')
    .trim()
    .split('\n');
  for (const l of rows) golds.push(extractGold(b, JSON.parse(l)));
}
const ce = new ComputeEngine();

function rate(label: string, fn: () => number): void {
  fn(); // warm-up
  const t0 = performance.now();
  const n = fn();
  const s = (performance.now() - t0) / 1000;
  console.log(`${label}: ${Math.round(n / s)} per second (${n} in ${s.toFixed(2)} s)`);
}

let ours = 0;
let theirs = 0;
for (const g of golds) {
  try {
    parseLatex(normalizeAnswer(g).s);
    ours++;
  } catch {
    /* counted as a failure */
  }
  const e = ce.parse(g);
  if (e.isValid) theirs++;
}
console.log(`golds: ${golds.length}; parsed without error: ours ${ours}, compute-engine ${theirs}`);
rate('ours: normalize + parse', () => {
  for (const g of golds) {
    try {
      parseLatex(normalizeAnswer(g).s);
    } catch {
      /* ignore */
    }
  }
  return golds.length;
});
rate('compute-engine: parse', () => {
  for (const g of golds) ce.parse(g);
  return golds.length;
});
const pairs = golds.map((g, i) => [g, golds[(i + 1) % golds.length]] as const);
rate('ours: gradeMath (self + other pair)', () => {
  for (const [g, o] of pairs) {
    gradeMath({ pred: g, gold: g });
    gradeMath({ pred: o, gold: g });
  }
  return pairs.length * 2;
});
rate('compute-engine: parse + isEqual (self + other pair)', () => {
  for (const [g, o] of pairs) {
    const a = ce.parse(g);
    a.isEqual(ce.parse(g));
    a.isEqual(ce.parse(o));
  }
  return pairs.length * 2;
});
