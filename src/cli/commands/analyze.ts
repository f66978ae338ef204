import type { Command } from 'commander';
import { z } from 'zod';
import { snakeCaseKeys } from '../../analyze/index.js';
import { gatherBeyond, type BeyondSections } from '../../report/gather/beyond.js';
import { openStudyForReading } from '../../report/open-study.js';
import { verifierKeyFlag } from '../../study/verifier-choice.js';
import { parseOptions } from '../parse-options.js';
import { runAction } from '../run-action.js';

const intList = z
  .string()
  .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'expected a comma-separated list of positive integers')
  .transform((s) => s.split(',').map((x) => Number(x.trim())))
  .refine((xs) => xs.every((x) => x >= 1), 'every value must be at least 1');

const options = z.object({
  study: z.string().min(1),
  json: z.boolean().optional(),
  verifier: verifierKeyFlag.optional(),
  compare: z
    .array(z.string().regex(/^[^:]+:[^:]+$/, 'expected BASE:OTHER (model names)'))
    .transform((pairs) => pairs.map((p) => p.split(':') as [string, string]))
    .optional(),
  ci: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'),
  bootstrap: z.coerce.number().int('must be an integer').min(1, 'must be at least 1'),
  seed: z.coerce.number().int('must be an integer').min(0).max(Number.MAX_SAFE_INTEGER),
  budgets: intList,
  beyondDraws: z.coerce.number().int('must be an integer').min(1, 'must be at least 1'),
  beyondFactor: z.coerce.number().int('must be an integer').min(1, 'must be at least 1').max(1024),
});

export function register(program: Command): void {
  program
    .command('analyze')
    .description(
      'Beyond-the-paper analyses of a study: support dynamics, certified absence, cover@τ, pass@k beyond n, G-Pass@k, answer entropy and guessing, grader audit, truncation',
    )
    .requiredOption('--study <file>', 'the study: its SQLite store or its YAML study file')
    .option('--json', 'print every section as one JSON object (snake_case keys)')
    .option('--verifier <key>', 'which verdicts count, as VERIFIER/POLICY@VERSION (default: each run’s own)')
    .option(
      '--compare <base:other>',
      'a model pair for the support dynamics (repeatable; default: the base model against every other)',
      (v: string, prev: string[] = []) => [...prev, v],
    )
    .option('--ci <level>', 'level of every interval and bound', '0.95')
    .option('--bootstrap <resamples>', 'problem-level bootstrap resamples', '2000')
    .option('--seed <seed>', 'seed of the bootstrap and of the credible-band draws', '0')
    .option('--budgets <tokens>', 'token budgets of the per-budget pass@k', '4096,8192,16384')
    .option('--beyond-draws <draws>', 'draws of the credible band of pass@k beyond n', '500')
    .option('--beyond-factor <x>', 'extrapolate pass@k up to this multiple of n', '4')
    .action(
      runAction(async (raw: unknown) => {
        const o = parseOptions(options, raw);
        const opened = await openStudyForReading(o.study);
        try {
          const sections = await gatherBeyond(opened.store, {
            ...(o.verifier ? { verifier: o.verifier } : {}),
            ...((o.compare ?? opened.gather.compare) ? { compare: o.compare ?? opened.gather.compare } : {}),
            bootstrap: { resamples: o.bootstrap, ci: o.ci, seed: o.seed },
            budgets: o.budgets,
            beyondDraws: o.beyondDraws,
            beyondFactor: o.beyondFactor,
          });
          process.stdout.write(o.json ? JSON.stringify(snakeCaseKeys(sections)) + '\n' : summarize(sections));
        } finally {
          await opened.store.close();
        }
      }),
    );
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const band = (e: { value: number; lo: number; hi: number } | null): string => (e ? `${pct(e.value)} [${pct(e.lo)}, ${pct(e.hi)}]` : 'n/a');

/** A few lines per section for a person; `--json` has everything. */
function summarize(s: BeyondSections): string {
  const lines: string[] = [];
  for (const r of s.support)
    lines.push(
      `support  ${r.benchmark} ${r.base} → ${r.other} (${r.level}): kept ${r.kept}, found ${r.found}, lost ${r.lost}, never ${r.never}; SRR ${band(r.srr)}, NDR ${band(r.ndr)}, SDS ${band(r.sds)}, NSCR ${r.nscr ? `${r.nscr.value.toFixed(3)} [${r.nscr.lo.toFixed(3)}, ${r.nscr.hi.toFixed(3)}]` : 'n/a'}`,
    );
  for (const r of s.absence)
    lines.push(
      `absence  ${r.benchmark} ${r.model}: ${r.unsolved.length} of ${r.total} problems with 0 correct${r.meanUpper !== null ? `; mean rate over them < ${r.meanUpper.toPrecision(2)} (${pct(r.confidence)})` : ''}`,
    );
  for (const r of s.cover) {
    const at = (t: number): string => band(r.points.find((p) => Math.abs(p.tau - t) < 1e-9) ?? null);
    lines.push(`cover    ${r.benchmark} ${r.model}: cover@0.05 ${at(0.05)}, cover@0.5 ${at(0.5)}, cover@1 ${at(1)}`);
  }
  for (const r of s.passKBeyond) {
    const last = r.points.at(-1)!;
    lines.push(
      `beyond   ${r.benchmark} ${r.model}: pass@${last.k} ${band(last)} (Beta(${r.alpha.toPrecision(3)}, ${r.beta.toPrecision(3)}) prior); Bayes@N ${band(r.bayesAtN)}${r.heldOut ? `; held-out pass@${r.heldOut.k} from ${r.heldOut.fitN} samples ${band(r.heldOut.predicted)} vs ${pct(r.heldOut.observed)}` : ''}`,
    );
  }
  for (const r of s.gPassK) {
    const k = r.curves[0]?.points.at(-1)?.k;
    lines.push(`g-pass   ${r.benchmark} ${r.model}: at k=${k} ${r.curves.map((c) => `τ=${c.tau} ${band(c.points.at(-1) ?? null)}`).join(', ')}`);
  }
  for (const r of s.answers) {
    const g = r.guessing.at(-1);
    const p = r.passAtK.at(-1);
    lines.push(
      `answers  ${r.benchmark} ${r.model}: entropy ${r.entropyBits ? `${r.entropyBits.value.toFixed(2)} bits` : 'n/a'}, ${r.distinctAnswers ? r.distinctAnswers.value.toFixed(1) : 'n/a'} distinct answers; guessing pass@${g?.k} ${band(g ?? null)} vs model ${p ? pct(p.value) : 'n/a'}`,
    );
  }
  for (const r of s.graderAudit)
    for (const m of r.moves)
      lines.push(
        `graders  ${r.benchmark} ${m.model}: pass@1 moves ${pct(m.pass1)}, pass@k ${pct(m.passAtK)}, solved ${m.solved} across ${r.graders.join(', ')}${r.crossoverStable === false ? '; the crossover k changes with the grader' : ''}`,
      );
  for (const r of s.truncation)
    lines.push(
      `truncate ${r.benchmark} ${r.model}: ${r.truncated} of ${r.samples} samples truncated (${pct(r.truncationRate)}); pass@1 as graded ${band(r.asGraded[0] ?? null)}, unscored ${band(r.unscored.points[0] ?? null)}`,
    );
  return lines.length > 0 ? lines.join('\n') + '\n' : 'no graded runs in this study\n';
}
