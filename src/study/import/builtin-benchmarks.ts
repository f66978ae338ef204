import { existsSync } from 'node:fs';
import path from 'node:path';
import { loadBenchmark } from '../../bench/load-benchmark.js';
import { BUILTIN_BENCHMARKS } from '../../bench/registry.js';
import { registerBenchmark } from '../../sample/register-benchmark.js';
import type { BuiltinResolver } from './match-problems.js';

/**
 * The names other tools give the built-in benchmarks (task names, folder names, dataset abbrs),
 * compared lower-case with everything but letters and digits removed.
 */
const ALIASES: Record<string, string> = {
  math500: 'math500',
  math: 'math500',
  hendrycksmath500: 'math500',
  mathoai: 'math500',
  aime24: 'aime24',
  aime2024: 'aime24',
  amc23: 'amc23',
  amc2023: 'amc23',
  amc: 'amc23',
  gsm8k: 'gsm8k',
  minervamath: 'minerva_math',
  minerva: 'minerva_math',
  olympiadbench: 'olympiadbench',
  humanevalplus: 'humanevalplus',
  humaneval: 'humanevalplus',
  mbppplus: 'mbppplus',
  mbpp: 'mbppplus',
  livecodebench: 'livecodebench',
};

/** The built-in benchmark a tool's dataset name stands for, if any. */
export function builtinNameOf(name: string): string | null {
  if (BUILTIN_BENCHMARKS[name] !== undefined) return name;
  return ALIASES[name.toLowerCase().replace(/[^a-z0-9]/g, '')] ?? null;
}

/**
 * Resolves built-in benchmarks for an import from `dataDir` (RLBOUND_DATA_DIR by default). A
 * name the user gave may be loaded however the benchmark loads (data dir, else its Hub cache); a
 * name only detected from the file is used only when its data is already on this machine.
 */
export function builtinResolver(dataDir: string | undefined = process.env.RLBOUND_DATA_DIR): BuiltinResolver {
  return async (store, name, explicit) => {
    const builtin = builtinNameOf(name);
    if (builtin === null) return null;
    const spec = BUILTIN_BENCHMARKS[builtin]!;
    const local = dataDir !== undefined && spec.localFile !== undefined && existsSync(path.join(dataDir, spec.localFile));
    if (!explicit && !local) return null;
    const loaded = await loadBenchmark(spec, local ? { dataDir } : {});
    return registerBenchmark(store, loaded);
  };
}
