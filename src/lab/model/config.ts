import { z } from 'zod';
import { InputError, type InputLocation } from '../../errors.js';

/**
 * Shape of a lab GPT. The default lab model (lab-prototype.md §1.3) is
 * { layers: 3, dModel: 64, heads: 4, context: 64, vocab: 24 } ≈ 155k parameters.
 */
export const gptConfigSchema = z
  .object({
    layers: z.number().int().min(1).max(64),
    dModel: z.number().int().min(1).max(4096),
    heads: z.number().int().min(1).max(256),
    /** Maximum sequence length (learned position table size). */
    context: z.number().int().min(2).max(8192),
    vocab: z.number().int().min(2).max(1_000_000),
    /** MLP hidden width as a multiple of dModel (GPT uses 4). */
    mlpRatio: z.number().int().min(1).max(16).default(4),
    /** Add a scalar value head on the final hidden state (PPO's critic). */
    valueHead: z.boolean().default(false),
    /**
     * Position information: a learned table added to the token embeddings (GPT-2), or rotary
     * embeddings applied to queries and keys (relative positions; no position table).
     */
    positions: z.enum(['learned', 'rotary']).default('learned'),
  })
  .strict()
  .refine((c) => c.dModel % c.heads === 0, { message: 'dModel must be divisible by heads', path: ['heads'] })
  .refine((c) => c.positions !== 'rotary' || (c.dModel / c.heads) % 2 === 0, {
    message: 'rotary positions need an even head dimension (dModel / heads)',
    path: ['positions'],
  });

export type GptConfig = z.output<typeof gptConfigSchema>;
export type GptConfigInput = z.input<typeof gptConfigSchema>;

export function headDim(config: GptConfig): number {
  return config.dModel / config.heads;
}

/** Validate a model config; problems become an InputError naming the field (and file, if given). */
export function parseGptConfig(input: unknown, where: InputLocation = {}): GptConfig {
  const parsed = gptConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = [where.field, ...(issue?.path ?? []).map(String)].filter((x) => x !== undefined && x !== '').join('.');
  throw new InputError(`invalid model config: ${issue?.message ?? 'unknown problem'}`, { ...where, field: field || undefined });
}
