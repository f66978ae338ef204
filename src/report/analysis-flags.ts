import { z } from 'zod';
import { InputError } from '../errors.js';
import { verifierKeyFlag } from '../study/verifier-choice.js';
import type { GatherOptions } from './gather/gather-report-data.js';

/** Command-line flags shared by `rlbound report` and `rlbound view` (strings as commander gives them). */
const Flags = z.object({
  title: z.string().min(1).optional(),
  verifier: verifierKeyFlag.optional(),
  compare: z
    .array(z.string().regex(/^[^:]+:[^:]+$/, 'expected BASE:OTHER (model names)'))
    .transform((pairs) => pairs.map((p) => p.split(':') as [string, string]))
    .optional(),
  deltaSeK: z.coerce.number().int('must be an integer').positive().optional(),
  runs: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'expected run ids separated by commas, e.g. 3,5 (rlbound status lists them)')
    .transform((v) => v.split(',').map(Number))
    .optional(),
  bootstrap: z.union([z.literal('auto'), z.coerce.number().int('must be an integer or "auto"').min(1, 'must be at least 1')]),
  bootstrapTolerance: z.coerce.number().positive('must be positive').optional(),
  bootstrapMax: z.coerce.number().int('must be an integer').min(2000, 'must be at least 2000').optional(),
  ci: z.coerce.number().gt(0, 'must be between 0 and 1').lt(1, 'must be between 0 and 1'),
  seed: z.coerce.number().int('must be an integer').min(0),
});

const FLAG_NAMES: Record<string, string> = { deltaSeK: 'delta-se-k', bootstrapTolerance: 'bootstrap-tolerance', bootstrapMax: 'bootstrap-max' };

/** Validates the analysis flags; an error names the flag. */
export function parseAnalysisFlags(raw: unknown): Omit<GatherOptions, 'source' | 'now'> {
  const r = Flags.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const name = String(issue.path[0]);
    throw new InputError(issue.message, { field: `--${FLAG_NAMES[name] ?? name}` });
  }
  const f = r.data;
  return {
    ...(f.title !== undefined ? { title: f.title } : {}),
    ...(f.verifier !== undefined ? { verifier: f.verifier } : {}),
    ...(f.compare !== undefined ? { compare: f.compare } : {}),
    ...(f.deltaSeK !== undefined ? { deltaSEK: f.deltaSeK } : {}),
    ...(f.runs !== undefined ? { selection: { runs: f.runs } } : {}),
    bootstrap: {
      resamples: f.bootstrap,
      ci: f.ci,
      seed: f.seed,
      ...(f.bootstrapTolerance !== undefined ? { tolerance: f.bootstrapTolerance / 100 } : {}),
      ...(f.bootstrapMax !== undefined ? { maxResamples: f.bootstrapMax } : {}),
    },
  };
}
