import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { deriveSeed, type CharTokenizer, type Sampler } from '../../model/index.js';
import { generateRollouts } from '../../rl/rollout.js';
import type { TaskFamily, TaskProblem } from '../../tasks/task.js';

const SolveRatesFile = z.object({ samples_per_problem: z.number().int(), temperature: z.number(), rates: z.record(z.string(), z.number()) });

/**
 * The base's solve rate on each training problem — `perProblem` samples at the rollout temperature —
 * which ProRL's curriculum and SELF's selection sort and filter by. Cached in `file` (JSON), so a
 * resumed run reuses it; its samples are extra compute, reported beside the matched RL budget.
 */
export function baseSolveRates(options: {
  file: string;
  sampler: Pick<Sampler, 'sample'>;
  tokenizer: CharTokenizer;
  task: TaskFamily;
  problems: readonly TaskProblem[];
  perProblem: number;
  temperature: number;
  maxTokens: number;
  onProgress?: (done: number, total: number) => void;
}): { rates: Map<string, number>; samples: number } {
  if (existsSync(options.file)) {
    let raw: unknown = null;
    try {
      raw = JSON.parse(readFileSync(options.file, 'utf8'));
    } catch {
      // A cache cut short by a kill: measure again.
    }
    const cached = SolveRatesFile.safeParse(raw);
    if (cached.success && cached.data.samples_per_problem === options.perProblem && Object.keys(cached.data.rates).length === options.problems.length) {
      return { rates: new Map(Object.entries(cached.data.rates)), samples: 0 };
    }
  }
  const rates: Record<string, number> = {};
  const chunk = 64;
  for (let start = 0; start < options.problems.length; start += chunk) {
    const part = options.problems.slice(start, start + chunk);
    const groups = generateRollouts(options.sampler, options.task, options.tokenizer, part, options.perProblem, {
      temperature: options.temperature,
      maxTokens: options.maxTokens,
      seed: deriveSeed(424242, start),
    });
    groups.forEach((g, i) => (rates[part[i].key] = g.reduce((s, r) => s + r.correct, 0) / g.length));
    options.onProgress?.(Math.min(options.problems.length, start + chunk), options.problems.length);
  }
  writeFileSync(options.file, JSON.stringify({ samples_per_problem: options.perProblem, temperature: options.temperature, rates }) + '\n');
  return { rates: new Map(Object.entries(rates)), samples: options.problems.length * options.perProblem };
}
