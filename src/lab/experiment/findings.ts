import type { RunSummary } from './summary.js';

/** One of the paper's findings, checked on a summary: does it hold here, and the numbers that say so. */
export interface Finding {
  id: 'pass1-up-passn-down' | 'coverage-subset' | 'perplexity' | 'algorithms' | 'training-steps' | 'distillation';
  claim: string;
  /** null when the summary lacks the models this finding needs. */
  holds: boolean | null;
  evidence: string;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}`;

/**
 * Checks the issue's acceptance list on a summary (one seed, or the seed average). The thresholds
 * are the issue's; nothing here is tuned to the data.
 */
export function checkFindings(s: RunSummary): Finding[] {
  const n = String(s.n);
  const base = Object.entries(s.models).find(([, m]) => m.kind === 'base');
  if (!base) return [];
  const [, b] = base;
  const rl = Object.entries(s.models).filter(([, m]) => m.kind === 'rl');
  // The main RL model: GRPO's last checkpoint (or the first RL model).
  const grpo = rl.filter(([, m]) => m.algorithm === 'grpo').sort((x, y) => (y[1].step ?? 0) - (x[1].step ?? 0));
  const main = grpo[0] ?? rl[0];
  const out: Finding[] = [];
  if (main) {
    const [name, m] = main;
    const separated = m.ci_low['1'] > b.ci_high['1'];
    const holds = separated && b.pass_at_k[n] > m.pass_at_k[n];
    out.push({
      id: 'pass1-up-passn-down',
      claim: `RL pass@1 > base pass@1 (intervals apart) and base pass@${n} > RL pass@${n}`,
      holds,
      evidence: `${name}: pass@1 ${pct(m.pass_at_k['1'])} [${pct(m.ci_low['1'])}, ${pct(m.ci_high['1'])}] vs base ${pct(b.pass_at_k['1'])} [${pct(b.ci_low['1'])}, ${pct(b.ci_high['1'])}]; pass@${n} ${pct(m.pass_at_k[n])} vs base ${pct(b.pass_at_k[n])}; crossover k = ${s.crossover_k[name] ?? 'none'}`,
    });
    const c = s.coverage[name];
    if (c) {
      const solved = c.both + c.rl_only;
      const ratio = solved === 0 ? NaN : c.both / solved;
      out.push({
        id: 'coverage-subset',
        claim: `≥ 90% of the problems RL solves at k = ${n} are solved by the base too`,
        // Vacuous when RL solves nothing: say so instead of claiming a subset.
        holds: solved === 0 ? null : ratio >= 0.9,
        evidence: `${name}: ${c.both} of ${solved}${solved === 0 ? '' : ` (${pct(ratio)}%)`}; base-only ${c.base_only}, RL-only ${c.rl_only}, neither ${c.neither}`,
      });
    }
    out.push({
      id: 'perplexity',
      claim: 'median base-model perplexity of RL samples ≤ that of the base’s own samples',
      holds: m.ppl_under_base_median <= b.ppl_under_base_median,
      evidence: `${name}: ${m.ppl_under_base_median.toFixed(3)} vs base ${b.ppl_under_base_median.toFixed(3)}`,
    });
  }
  const finals = new Map<string, [string, RunSummary['models'][string]]>();
  for (const [name, m] of rl) {
    const prev = finals.get(m.algorithm ?? name);
    if (!prev || (m.step ?? 0) > (prev[1].step ?? 0)) finals.set(m.algorithm ?? name, [name, m]);
  }
  if (finals.size >= 2) {
    const rows = [...finals.values()];
    const ok = rows.every(([name, m]) => (s.delta_se[name] ?? 0) > 0 && m.pass_at_k[n] <= b.pass_at_k[n]);
    out.push({
      id: 'algorithms',
      claim: `every algorithm has ΔSE > 0 and pass@${n} not above the base’s`,
      holds: ok,
      evidence: rows
        .map(([name, m]) => `${m.algorithm}: ΔSE ${pct(s.delta_se[name] ?? NaN)}, pass@1 ${pct(m.pass_at_k['1'])}, pass@${n} ${pct(m.pass_at_k[n])}`)
        .join('; '),
    });
  }
  if (grpo.length >= 3) {
    const series = [...grpo].reverse();
    const up = series.every((x, i) => i === 0 || x[1].pass_at_k['1'] > series[i - 1][1].pass_at_k['1']);
    const down = series.every((x, i) => i === 0 || x[1].pass_at_k[n] < series[i - 1][1].pass_at_k[n]);
    out.push({
      id: 'training-steps',
      claim: `across GRPO checkpoints pass@1 rises and pass@${n} falls`,
      holds: up && down,
      evidence: series.map(([, m]) => `step ${m.step}: ${pct(m.pass_at_k['1'])} / ${pct(m.pass_at_k[n])}`).join('; '),
    });
  }
  const distilled = s.models['distill'];
  if (distilled) {
    const ks = Object.keys(b.pass_at_k);
    const below = ks.filter((k) => distilled.pass_at_k[k] < b.pass_at_k[k]);
    out.push({
      id: 'distillation',
      claim: `distilled pass@k ≥ base pass@k for every k and > at k = ${n}`,
      holds: below.length === 0 && distilled.pass_at_k[n] > b.pass_at_k[n],
      evidence: `pass@1 ${pct(distilled.pass_at_k['1'])} vs ${pct(b.pass_at_k['1'])}; pass@${n} ${pct(distilled.pass_at_k[n])} vs ${pct(b.pass_at_k[n])}; below the base at ${below.length} of ${ks.length} k${below.length ? ` (first k = ${below[0]})` : ''}`,
    });
  }
  return out;
}
