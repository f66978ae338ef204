import { z } from 'zod';

/**
 * Query parameters of the JSON API, validated before use. Ids are bounded strings; they are only
 * ever compared with known ids or passed as bound SQL parameters, never used as paths.
 */
const id = z.string().min(1).max(500);

export const ProblemListParams = z
  .object({
    benchmark: id,
    /** all | never solved | solved only by `model` | solved by every model | with duplicate samples */
    filter: z.enum(['all', 'never', 'only', 'every', 'duplicates']).default('all'),
    model: id.optional(),
    /** Substring of the problem id. */
    search: z.string().max(200).optional(),
  })
  .refine((p) => p.filter !== 'only' || p.model !== undefined, { message: 'filter "only" needs a model', path: ['model'] });

export const ProblemParams = z.object({ benchmark: id, problem: id });

export const SampleListParams = z.object({
  benchmark: id,
  problem: id,
  model: id,
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type ProblemListQuery = z.infer<typeof ProblemListParams>;
