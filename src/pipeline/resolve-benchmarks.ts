import path from 'node:path';
import { loadBenchmark, type LoadedBenchmark } from '../bench/load-benchmark.js';
import { builtinBenchmark } from '../bench/registry.js';
import { loadUserSpec } from '../bench/user-spec.js';
import type { StudyFile } from '../config/study-file.js';

export interface StudyBenchmark {
  loaded: LoadedBenchmark;
  /** Samples per problem asked for by this entry (else the preset's / the study's). */
  n?: number;
  /** Prompt template of this entry (else the model's, else the benchmark's default). */
  template?: string;
}

const SPEC_FILE = /\.(ya?ml|json)$/i;

/** Loads every benchmark entry of a study file (built-in names, spec files, or configured entries). */
export async function resolveBenchmarks(study: StudyFile, baseDir: string): Promise<StudyBenchmark[]> {
  const dataDir = study.data_dir !== undefined ? path.resolve(baseDir, study.data_dir) : undefined;
  const out: StudyBenchmark[] = [];
  for (const entry of study.benchmarks) {
    if (typeof entry === 'string') {
      const spec = SPEC_FILE.test(entry) ? await loadUserSpec(path.resolve(baseDir, entry)) : builtinBenchmark(entry);
      out.push({ loaded: await loadBenchmark(spec, { dataDir }) });
      continue;
    }
    const spec = entry.spec !== undefined ? await loadUserSpec(path.resolve(baseDir, entry.spec)) : builtinBenchmark(entry.builtin ?? entry.name);
    const loaded = await loadBenchmark(spec, { dataDir, file: entry.file === undefined ? undefined : path.resolve(baseDir, entry.file), limit: entry.limit });
    out.push({ loaded, n: entry.n, template: entry.template });
  }
  return out;
}
