import { InputError } from '../errors.js';
import { humanevalplus, livecodebench, mbppplus } from './specs/code.js';
import { aime24, amc23, gsm8k, math500, minerva_math, olympiadbench } from './specs/math.js';
import { mathvision, mathvista } from './specs/visual.js';
import type { BenchmarkSpec } from './spec.js';

/** Every built-in benchmark by name. */
export const BUILTIN_BENCHMARKS: Record<string, BenchmarkSpec> = Object.fromEntries(
  [math500, aime24, amc23, gsm8k, minerva_math, olympiadbench, humanevalplus, mbppplus, livecodebench, mathvista, mathvision].map((s) => [s.name, s]),
);

/**
 * A family of generated benchmarks a plugin adds (the lab's tasks: `lab-countdown@hard`):
 * `resolve` returns the spec of a name it owns, `names` are examples for messages.
 */
export interface BenchmarkFamily {
  id: string;
  names: readonly string[];
  resolve(name: string): BenchmarkSpec | undefined;
}

const families = new Map<string, BenchmarkFamily>();

/** Adds (or replaces, for the same id) a family of benchmarks. */
export function registerBenchmarkFamily(family: BenchmarkFamily): void {
  families.set(family.id, family);
}

/** The spec of a built-in or plugin benchmark, undefined when no one knows the name. */
export function findBenchmarkSpec(name: string): BenchmarkSpec | undefined {
  const builtin = BUILTIN_BENCHMARKS[name];
  if (builtin !== undefined) return builtin;
  for (const f of families.values()) {
    const spec = f.resolve(name);
    if (spec !== undefined) return spec;
  }
  return undefined;
}

export function builtinBenchmark(name: string): BenchmarkSpec {
  const spec = findBenchmarkSpec(name);
  if (spec === undefined) {
    const known = [...Object.keys(BUILTIN_BENCHMARKS), ...[...families.values()].flatMap((f) => f.names)];
    throw new InputError(`unknown benchmark "${name}" (built-in: ${known.join(', ')}; or give a spec file)`, { field: 'benchmarks' });
  }
  return spec;
}
