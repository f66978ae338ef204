import type { Finding } from '../../lab/experiment/findings.js';
import type { RunSummary } from '../../lab/experiment/summary.js';

/** A fraction as a percentage with one decimal (– when absent). */
export const pct = (x: number | undefined): string => (x === undefined ? '–' : `${(100 * x).toFixed(1)}`);

/** The table `rlbound lab demo` and `lab combine` print: pass@1, pass@n, ΔSE, crossover, coverage, then each finding. */
export function printSummary(s: RunSummary, out: NodeJS.WritableStream = process.stdout): void {
  const last = Object.keys(s.models[Object.keys(s.models)[0]!]!.pass_at_k).at(-1)!;
  out.write(`model                 pass@1  pass@${last.padEnd(4)} ΔSE   crossover k  base-only/rl-only\n`);
  for (const [name, m] of Object.entries(s.models)) {
    const cov = s.coverage[name];
    const dse = s.delta_se[name] === undefined ? '–' : pct(s.delta_se[name]);
    out.write(
      `${name.padEnd(20)} ${pct(m.pass_at_k['1']).padStart(6)}  ${pct(m.pass_at_k[last]).padStart(7)}  ${dse.padStart(5)}  ${String(s.crossover_k[name] ?? '–').padStart(11)}  ${cov ? `${cov.base_only}/${cov.rl_only}` : ''}\n`,
    );
  }
  const findings = (s.details?.['findings'] ?? []) as Finding[];
  for (const f of findings) out.write(`${f.holds === null ? '?' : f.holds ? 'yes' : 'NO '}  ${f.claim}\n     ${f.evidence}\n`);
}
