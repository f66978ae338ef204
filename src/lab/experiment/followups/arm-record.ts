import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { EvaluatedModel } from '../summary.js';

/** What a finished (arm, seed) leaves behind so a resumed run skips it: its evaluation and its training log. */
export const ArmRecordSchema = z.object({
  evaluated: z.object({
    name: z.string(),
    kind: z.enum(['base', 'rl', 'distill']),
    algorithm: z.string().nullable(),
    step: z.number().int().nullable(),
    outcomes: z.array(
      z.object({
        problemId: z.string(),
        n: z.number().int(),
        c: z.number().int(),
        scores: z.array(z.union([z.literal(0), z.literal(1)])).optional(),
        answers: z.array(z.string().nullable()).optional(),
      }),
    ),
    pplUnderBase: z.array(z.object({ nllSum: z.number(), tokens: z.number() })),
    reasons: z.record(z.string(), z.number()),
  }),
  training: z
    .object({
      arm: z.string(),
      settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
      samples_generated: z.number().int(),
      optimizer_steps: z.number().int(),
      samples_per_optimizer_step: z.number(),
      seconds: z.number(),
      /** CPU seconds of training (both threads); absent in records of older builds. */
      cpu_s: z.number().optional(),
      history: z.array(z.object({ step: z.number().int(), reward: z.number(), entropy: z.number() })),
    })
    .nullable(),
});
export type ArmRecord = z.infer<typeof ArmRecordSchema>;
export type ArmTraining = NonNullable<ArmRecord['training']>;

/** The record in `file`, or null if there is none yet (or a kill cut it short: that arm runs again). */
export function readArmRecord(file: string): ArmRecord | null {
  if (!existsSync(file)) return null;
  try {
    const parsed = ArmRecordSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Written through a temporary file and a rename, so a record is either complete or absent. */
export function writeArmRecord(file: string, evaluated: EvaluatedModel, training: ArmTraining | null): void {
  const record: ArmRecord = {
    evaluated: {
      ...evaluated,
      outcomes: evaluated.outcomes.map((o) => ({ ...o, scores: o.scores ? [...o.scores] : undefined, answers: o.answers ? [...o.answers] : undefined })),
    },
    training,
  };
  writeFileSync(`${file}.tmp`, JSON.stringify(record) + '\n');
  renameSync(`${file}.tmp`, file);
}
