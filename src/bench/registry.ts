import { InputError } from '../errors.js';
import { humanevalplus, livecodebench, mbppplus } from './specs/code.js';
import { aime24, amc23, gsm8k, math500, minerva_math, olympiadbench } from './specs/math.js';
import { mathvision, mathvista } from './specs/visual.js';
import { labTaskSpec } from './specs/lab.js';
import type { BenchmarkSpec } from './spec.js';

/** Every built-in benchmark by name. */
export const BUILTIN_BENCHMARKS: Record<string, BenchmarkSpec> = Object.fromEntries(
  [math500, aime24, amc23, gsm8k, minerva_math, olympiadbench, humanevalplus, mbppplus, livecodebench, mathvista, mathvision].map((s) => [s.name, s]),
);

export function builtinBenchmark(name: string): BenchmarkSpec {
  const spec = BUILTIN_BENCHMARKS[name] ?? labTaskSpec(name);
  if (spec === undefined) throw new InputError(`unknown benchmark "${name}" (built-in: ${Object.keys(BUILTIN_BENCHMARKS).join(', ')}, lab-countdown, lab-arithmetic; or give a spec file)`, { field: 'benchmarks' });
  return spec;
}
