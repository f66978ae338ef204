import { InputError } from '../../errors.js';
import type { LabPreset } from '../../lab/experiment/presets.js';
import { ARM_GROUPS, FOLLOWUP_ARMS, type FollowupArm } from '../../lab/rl/followups/interventions.js';
import { pct } from './lab-print.js';

/** --only: `all`, or arms and group names; the edge arm needs the countdown task (its edge is a countdown setting). */
export function parseArms(spec: string, preset: LabPreset): FollowupArm[] {
  const countdown = preset.task.name === 'countdown';
  if (spec === 'all') return FOLLOWUP_ARMS.filter((a) => countdown || a !== 'edge');
  const out = new Set<FollowupArm>();
  for (const name of spec.split(',').map((s) => s.trim())) {
    const group = ARM_GROUPS[name];
    if (group) group.forEach((a) => out.add(a));
    else if ((FOLLOWUP_ARMS as readonly string[]).includes(name)) out.add(name as FollowupArm);
    else
      throw new InputError(`unknown arm "${name}" (expected all or a list of ${[...FOLLOWUP_ARMS, ...Object.keys(ARM_GROUPS)].join(', ')})`, {
        field: '--only',
      });
  }
  if (out.has('edge') && !countdown) throw new InputError('the edge arm is defined for the countdown task only', { field: '--only' });
  return [...out];
}

interface PrintedInterval {
  value: number;
  ci_low: number;
  ci_high: number;
}
interface PrintedSeed {
  pass_at_k: Record<string, PrintedInterval>;
  crossover_k: { k: number | null };
  coverage: { kept: number; found: number; lost: number };
  delta_se: PrintedInterval;
  expands_boundary: boolean;
}

/** One line per arm and seed: pass@1, pass@n with intervals, crossover, coverage, ΔSE, the verdict. */
export function printFollowups(f: Record<string, unknown>, out: NodeJS.WritableStream = process.stdout): void {
  const n = String(f['n']);
  const iv = (x: PrintedInterval): string => `${pct(x.value)} [${pct(x.ci_low)}, ${pct(x.ci_high)}]`;
  const base = f['base'] as { seeds: Record<string, { pass_at_k: Record<string, PrintedInterval> }> };
  out.write(`arm          seed  pass@1 [95% CI]      pass@${n.padEnd(4)} [95% CI]    crossover  kept/found/lost  ΔSE    expands\n`);
  for (const [seed, b] of Object.entries(base.seeds)) {
    out.write(`${'base'.padEnd(12)} ${seed.padStart(4)}  ${iv(b.pass_at_k['1']).padEnd(20)} ${iv(b.pass_at_k[n]).padEnd(22)}\n`);
  }
  for (const [arm, a] of Object.entries(f['arms'] as Record<string, { seeds: Record<string, PrintedSeed> }>)) {
    for (const [seed, r] of Object.entries(a.seeds)) {
      out.write(
        `${arm.padEnd(12)} ${seed.padStart(4)}  ${iv(r.pass_at_k['1']).padEnd(20)} ${iv(r.pass_at_k[n]).padEnd(22)} ${String(r.crossover_k.k ?? '–').padStart(9)}  ${`${r.coverage.kept}/${r.coverage.found}/${r.coverage.lost}`.padStart(15)}  ${pct(r.delta_se.value).padStart(5)}  ${r.expands_boundary ? 'yes' : 'no'}\n`,
      );
    }
  }
}
