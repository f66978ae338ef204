import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractGold, type MathBenchmark } from '../../../src/verify/math/gold.js';

/** The six benchmarks of the `paper` fidelity corpus, in the order the corpus was generated. */
export const FIDELITY_BENCHMARKS = ['math500', 'minerva_math', 'olympiadbench', 'gsm8k', 'aime24', 'amc23'] as const satisfies readonly MathBenchmark[];

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'shared', 'data');

/**
 * Gold answers of one benchmark, in row order, read from ../shared/data (never copied into the
 * repository). Fails fast, saying where the data was expected, when the folder is missing.
 */
export function loadBenchmarkGolds(bench: MathBenchmark): string[] {
  const file = path.join(dataDir, bench, 'test.jsonl');
  if (!existsSync(file)) throw new Error(`benchmark data missing: ${file} (the golds are read from ../shared/data, next to the repository)`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => extractGold(bench, JSON.parse(l) as unknown));
}
