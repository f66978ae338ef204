/**
 * `strict` against the mathematically right label on a labelled subset built from the real golds
 * of the six benchmarks (../shared/data). Every pair is made by a construction whose label is
 * known by mathematics, not by a grader:
 *   right — the gold boxed as written, rewritten with \dfrac, a/b for a simple \frac, spaces
 *           removed, \left( \right), `x = gold`, a \text{} unit after a number, thousands
 *           separators (1{,}000, 1,\!000), a trailing .0, \frac{2n}{2} for an integer n,
 *           a "Final Answer:" sentence instead of a box;
 *   wrong — gold + 1, −gold (gold ≠ 0), 10·gold (gold ≠ 0), gold with one digit changed,
 *           the next problem's gold when it is a different number, the gold's first list
 *           element alone (lists), the gold with a sign flipped inside (expressions).
 * Pairs whose construction does not apply are skipped. Usage: npx vite-node bench/math-strict-labelled.ts
 */
import { gradeMath } from '../src/verify/math/index.js';
import { FIDELITY_BENCHMARKS, loadBenchmarkGolds } from '../test/verify/math/shared-golds.js';

interface Pair {
  bench: string;
  idx: number;
  kind: string;
  response: string;
  gold: string;
  label: boolean;
}
const isInt = (g: string): boolean => /^-?\d+$/.test(g);
const isNum = (g: string): boolean => /^-?\d+(\.\d+)?$/.test(g);
const boxed = (a: string): string => `Let us compute step by step. We find 12 cases.\nTherefore the answer is $\\boxed{${a}}$.`;

function constructions(g: string, next: string): [string, string, boolean][] {
  const out: [string, string, boolean][] = [['as written', boxed(g), true]];
  if (g.includes('\\frac')) out.push(['dfrac', boxed(g.replace(/\\frac/g, '\\dfrac')), true]);
  const simple = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/.exec(g);
  if (simple) out.push(['a/b', boxed(`${simple[1]}${simple[2]}/${simple[3]}`), true]);
  if (/ /.test(g)) out.push(['spaces removed', boxed(g.replace(/ /g, '')), true]);
  if (/^\(.*\)$/.test(g)) out.push(['\\left( \\right)', boxed(`\\left${g.slice(0, -1)}\\right)`), true]);
  if (!g.includes('=') && !/[<>]|\\le|\\ge/.test(g) && !g.includes(',')) out.push(['x = gold', boxed(`x = ${g}`), true]);
  if (isNum(g)) {
    const n = Number(g);
    out.push(
      ['unit', boxed(`${g} \\text{ cm}`), true],
      ['.0', boxed(isInt(g) ? `${g}.0` : `${g}0`), true],
      ['Final Answer sentence', `We are done.\nFinal Answer: The value is ${g}.`, true],
    );
    out.push(['gold + 1', boxed(String(n + 1)), false], ['10 gold', boxed(String(n * 10)), n === 0]);
    if (n !== 0) out.push(['-gold', boxed(String(-n)), false]);
    if (isInt(g) && Math.abs(n) >= 1000) {
      const grouped = BigInt(g).toLocaleString('en-US');
      out.push(['1{,}000', boxed(grouped.replace(/,/g, '{,}')), true], ['1,\\!000', boxed(grouped.replace(/,/g, ',\\!')), true]);
    }
    if (isInt(g) && Math.abs(n) < 1e6) out.push(['\\frac{2n}{2}', boxed(`\\frac{${2 * n}}{2}`), true]);
    const changed = g.replace(/\d(?=\D*$)/, (d) => String((Number(d) + 1) % 10));
    if (changed !== g) out.push(['digit changed', boxed(changed), false]);
    if (isNum(next) && Number(next) !== n) out.push(['next gold', boxed(next), false]);
  }
  const items = g.split(',').map((x) => x.trim());
  if (!/[([{]/.test(g) && items.length > 1 && new Set(items).size === items.length) out.push(['first element only', boxed(items[0]), false]);
  if (/[a-z]/.test(g.replace(/\\[a-zA-Z]+/g, '')) && /[a-z]\s*\+\s*\d/.test(g) && !g.includes('='))
    out.push(['sign flipped', boxed(g.replace(/([a-z])\s*\+\s*(\d)/, '$1 - $2')), false]);
  return out;
}

const pairs: Pair[] = [];
for (const bench of FIDELITY_BENCHMARKS) {
  const golds = loadBenchmarkGolds(bench);
  golds.forEach((gold, idx) => {
    for (const [kind, response, label] of constructions(gold, golds[(idx + 1) % golds.length])) pairs.push({ bench, idx, kind, response, gold, label });
  });
}
let right = 0;
const misses: string[] = [];
const byKind = new Map<string, [number, number]>();
for (const p of pairs) {
  const v = gradeMath({ response: p.response, gold: p.gold, benchmark: p.bench as never });
  const ok = v.correct === p.label;
  if (ok) right++;
  else
    misses.push(
      `${p.bench}[${p.idx}] ${p.kind}: gold ${JSON.stringify(p.gold)} extracted ${JSON.stringify(v.extracted)} → ${v.correct} (${v.reason}), label ${p.label}`,
    );
  const k = byKind.get(p.kind) ?? [0, 0];
  byKind.set(p.kind, [k[0] + (ok ? 1 : 0), k[1] + 1]);
}
console.log(`strict vs mathematically right label: ${right}/${pairs.length} = ${((100 * right) / pairs.length).toFixed(2)} %`);
console.log(Object.fromEntries([...byKind].map(([k, [a, n]]) => [k, `${a}/${n}`])));
console.log(misses.join('\n'));
