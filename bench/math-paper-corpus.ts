/**
 * Builds the `paper` fidelity corpus: realistic model responses (and a few already extracted
 * predictions) against the real golds of the six math benchmarks in ../shared/data — right
 * answers in many notations, near misses, units, formats, lists, intervals, choice letters,
 * boxed and unboxed finals. Rows reference (benchmark, problem index); the gold itself is never
 * written to the committed file, only to the real grader's input.
 *
 * Usage: npx vite-node bench/math-paper-corpus.ts OUT_DIR [variants-per-gold]
 *   OUT_DIR/corpus.jsonl       {id, bench, idx, response | pred}            (committed, gzipped, with verdicts)
 *   OUT_DIR/grader-in.jsonl    {id, gold, response | pred}                 (input of the real grader's run.py)
 * Then: python3 ../shared/reference-graders/qwen25-math/run.py [--env current] grader-in.jsonl out.jsonl
 * and bench/math-paper-record.ts joins the verdicts into test/verify/math/paper-fidelity.jsonl.gz.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/verify/math/random.js';
import { loadBenchmarkGolds, FIDELITY_BENCHMARKS } from '../test/verify/math/shared-golds.js';

const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: npx vite-node bench/math-paper-corpus.ts OUT_DIR [variants-per-gold]');
  process.exit(2);
}
const perGold = Number(process.argv[3] ?? 10);
const rand = seededRandom('rlbound paper fidelity corpus v1');
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/** A few lines of worked reasoning with numbers in them, as models write before the answer. */
function reasoning(): string {
  const a = int(2, 40);
  const b = int(2, 40);
  return pick([
    `Let's think step by step.\nFirst, ${a} + ${b} = ${a + b}, and multiplying by 2 gives ${2 * (a + b)}.\n`,
    `We set up the equation and simplify. Note that $${a} \\cdot ${b} = ${a * b}$.\n\n`,
    `## Step 1: Understand the problem\nWe need to count carefully.\n\n## Step 2: Compute\nThere are ${a} cases, each with ${b} options.\n\n`,
    `Substituting $x = ${a}$ gives $y = ${a * b}$, so we check the remaining cases.\n`,
    '',
    `To solve this, recall the identity $(a+b)^2 = a^2 + 2ab + b^2$. With $a = ${a}$ we get a bound of ${a * a}.\n`,
  ]);
}

const number = /^-?\d+(\.\d+)?$/;
const isInt = (g: string): boolean => /^-?\d+$/.test(g);

/** Splits a top-level comma list (commas outside brackets and braces). */
function topLevelItems(g: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of g) {
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** The answer written in other (equal) notations. */
function rightNotations(g: string): string[] {
  const v: string[] = [g, `${g} `, `\\left. ${g} \\right.`.replace('\\left. ', '').replace(' \\right.', '')];
  v.push(g.replace(/\\frac/g, '\\dfrac'), g.replace(/\\frac\{([^{}]+)\}\{([^{}]+)\}/g, '$1/$2'), g.replace(/\\frac\{(\d)\}\{(\d)\}/g, '\\frac$1$2'));
  v.push(g.replace(/\\sqrt\{(\d+)\}/g, '\\sqrt$1'), g.replace(/ /g, ''), g.replace(/\\pi/g, 'π'), g.replace(/\\cdot/g, '\\times'));
  v.push(`\\text{${g}}`, `\\mathbf{${g}}`, `x = ${g}`, `k = ${g}`, `n=${g}`, `= ${g}`);
  if (number.test(g)) {
    const n = Number(g);
    v.push(
      `${g}.0`,
      `${g}.00`,
      `\\$${g}`,
      `${g}\\%`,
      `${g}^\\circ`,
      `${g}^{\\circ}`,
      `${g} \\text{ cm}`,
      `${g} \\text{ dollars}`,
      `${g} sec`,
      `${g} lt`,
      `${g} a`,
      `${g} meters`,
      `${g} \\mbox{ units}`,
    );
    v.push(`${n / 100}`, `${n * 100}`, `${g} \\approx ${n.toFixed(1)}`, `\\frac{${2 * n}}{2}`, `${n}e0`, `${n < 0 ? '' : '+'}${g}`);
    if (isInt(g) && Math.abs(n) >= 1000)
      v.push(n.toLocaleString('en-US'), n.toLocaleString('en-US').replace(/,/g, '{,}'), n.toLocaleString('en-US').replace(/,/g, ',\\!'));
    if (isInt(g) && n >= 0 && n < 100) v.push(`${n.toString(3)}_3`, `${n.toString(2)}_{2}`);
  }
  const frac = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/.exec(g);
  if (frac) {
    const val = (frac[1] ? -1 : 1) * (Number(frac[2]) / Number(frac[3]));
    v.push(String(val), val.toFixed(4), val.toFixed(2), `${frac[1]}${frac[2]}/${frac[3]}`, `${frac[1]}\\frac{${2 * Number(frac[2])}}{${2 * Number(frac[3])}}`);
  }
  const items = topLevelItems(g);
  if (items.length > 1) {
    v.push([...items].reverse().join(', '), `(${g})`, `[${g}]`, `\\{${g}\\}`, items.join(' \\text{ or } '), items.join(' and '), items.join(';'));
  }
  const interval = /^([[(])(.*),(.*)([\])])$/.exec(g);
  if (interval) {
    v.push(
      `${interval[1] === '(' ? '[' : '('}${interval[2]},${interval[3]}${interval[4]}`,
      `${interval[1]}${interval[3]},${interval[2]}${interval[4]}`,
      g.replace(/\\infty/g, 'infty'),
      `x \\in ${g}`,
    );
  }
  if (/[a-z]/.test(g.replace(/\\[a-zA-Z]+/g, ''))) {
    v.push(g.replace(/x/g, 't'), `${g} + 0`, `(${g})`, `1 \\cdot ${g}`, `y = ${g}`, g.replace(/\^\{?2\}?/g, '^3'));
  }
  if (g.includes('=')) {
    const [l, r] = g.split('=');
    v.push(`${r} = ${l}`, r, `${l} - (${r}) = 0`, `${l}=${r}+0`);
  }
  return [...new Set(v)].filter((s) => s.trim() !== '');
}

/** Plausible wrong answers close to the gold. */
function nearMisses(g: string, other: string): string[] {
  const v: string[] = [other];
  if (number.test(g)) {
    const n = Number(g);
    v.push(
      String(n + 1),
      String(n - 1),
      String(-n),
      String(n * 10),
      String(n / 10),
      String(n + 0.001),
      (n * 1.00005).toPrecision(8),
      (n * 1.0002).toPrecision(8),
      `\\sqrt{${g}}`,
      `${g}^2`,
    );
  }
  v.push(
    g.replace(/\d/, (d) => String((Number(d) + 1) % 10)),
    g.replace(/-/g, '+'),
    g.replace(/\+/g, '-'),
    g.replace(/\\sqrt/g, ''),
    `${g}i`,
    `2${g}`,
    g.replace(/\\pi/g, ''),
  );
  const items = topLevelItems(g);
  if (items.length > 1) v.push(items.slice(1).join(', '), items[0], [...items, '0'].join(', '), `(${items[0]})`);
  v.push(pick(['A', 'B', 'C', 'D', 'E', '(B)', '\\text{(C)}', 'AB', 'x', 'y+1', '\\emptyset', 'none', '\\infty', '']));
  return [...new Set(v)].filter((s) => s !== g);
}

/** The final answer as it appears in a response. */
function wrap(ans: string, right: string, wrong: string): string {
  const r = reasoning();
  return pick([
    () => `${r}Therefore, the answer is $\\boxed{${ans}}$.`,
    () => `${r}So the final answer is \\boxed{${ans}}.`,
    () => `${r}The final answer is $${ans}$. I hope it is correct.`,
    () => `${r}Final Answer: ${ans}`,
    () => `${r}Final Answer: The final answer is ${ans}.`,
    () => `${r}The answer is ${ans}.`,
    () => `${r}The answer is $${ans}$.`,
    () => `${r}Answer \\[ ${ans} \\]`,
    () => `${r}**Answer:** $${ans}$`,
    () => `${r}Thus \\[\\boxed{${ans}}\\]`,
    () => `${r}We get $\\boxed{${wrong}}$ for the first part, and finally the answer is $\\boxed{${ans}}$.`,
    () => `${r}Our answer is $\\boxed{${ans}}$. Double-checking: an intermediate value was $\\boxed{${right === ans ? wrong : right}}$.`,
    () => `${r}$\\boxed ${ans}$`,
    () => `${r}Hence the answer is \\boxed{${ans}`,
    () => `${r}答案是 ${ans}`,
    () => `${r}The result is ${ans}`,
    () => `${r}\\boxed{\\text{${ans}}}`,
    () => `${r}The answer: \\(\\boxed{${ans}}\\).`,
  ])();
}

interface CorpusRow {
  id: string;
  bench: string;
  idx: number;
  response?: string;
  pred?: string;
}

mkdirSync(outDir, { recursive: true });
const rows: CorpusRow[] = [];
const graderIn: string[] = [];
for (const bench of FIDELITY_BENCHMARKS) {
  const golds = loadBenchmarkGolds(bench);
  golds.forEach((gold, idx) => {
    const other = golds[(idx + 1 + int(0, golds.length - 2)) % golds.length];
    const right = rightNotations(gold);
    const wrong = nearMisses(gold, other);
    for (let k = 0; k < perGold; k++) {
      const isRight = rand() < 0.55;
      const ans = isRight ? pick(right) : pick(wrong);
      const id = `${bench}-${idx}-${k}`;
      const row: CorpusRow = rand() < 0.15 ? { id, bench, idx, pred: ans } : { id, bench, idx, response: wrap(ans, gold, pick(wrong)) };
      rows.push(row);
      graderIn.push(JSON.stringify({ id, gold, ...(row.pred !== undefined ? { pred: row.pred } : { response: row.response }) }));
    }
  });
}
writeFileSync(path.join(outDir, 'corpus.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(path.join(outDir, 'grader-in.jsonl'), graderIn.join('\n') + '\n');
console.log(`${rows.length} rows → ${outDir}`);
