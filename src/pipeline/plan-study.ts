import path from 'node:path';
import { loadStudyFile, type StudyFile, type StudyModel } from '../config/study-file.js';
import { normalizeEndpoint } from '../sample/connect.js';
import { promptRuleFor } from '../sample/prompt-rule.js';
import { ruleStops } from '../sample/prompt-source.js';
import { isPostgresLocation } from '../study/open-store.js';
import { createVerifier } from '../verify/registry.js';
import type { Verifier, VerifierSettings } from '../verify/verifier.js';
import { effectiveSampling } from './presets.js';
import { resolveBenchmarks, type StudyBenchmark } from './resolve-benchmarks.js';
import { SAMPLING_DEFAULTS, type PlannedModel, type RunSpec } from './run-spec.js';

/** A study file turned into everything the stages need, before any store is opened. */
export interface StudyPlan {
  file: string;
  study: StudyFile;
  baseDir: string;
  /** The store: a postgres:// URL as written, a SQLite file resolved against the study file's folder. */
  store: string;
  benchmarks: StudyBenchmark[];
  /** The study's models in file order. */
  models: PlannedModel[];
  /** Benchmark-major, models in study-file order (the order the stages run them). */
  runs: RunSpec[];
  /** One verifier per distinct setting, shared by every run that needs it (their pools too). */
  verifiers: PlanVerifiers;
}

/** Verifier objects by their settings, so runs that need the same verifier share its worker pools. */
export class PlanVerifiers {
  private readonly byKey = new Map<string, Verifier>();
  get(settings: VerifierSettings): Verifier {
    const key = JSON.stringify(settings);
    let v = this.byKey.get(key);
    if (v === undefined) this.byKey.set(key, (v = createVerifier(settings)));
    return v;
  }
  async close(): Promise<void> {
    for (const v of this.byKey.values()) await v.close();
  }
}

/** How a model of the study file is reached (paths made absolute) and recorded. */
export function planModel(model: StudyModel, baseDir: string): PlannedModel {
  const endpoints = model.endpoint === undefined ? undefined : typeof model.endpoint === 'string' ? [model.endpoint] : [...model.endpoint];
  const checkpoint = model.checkpoint === undefined ? undefined : path.resolve(baseDir, model.checkpoint);
  return {
    name: model.name,
    servedName: model.served_name ?? model.name,
    api: model.api,
    ...(endpoints !== undefined ? { endpoints } : {}),
    ...(checkpoint !== undefined ? { checkpoint } : {}),
    ...(model.api_key_env !== undefined ? { apiKeyEnv: model.api_key_env } : {}),
    ...(model.tokenizer_config !== undefined ? { tokenizerConfig: path.resolve(baseDir, model.tokenizer_config) } : {}),
    ...(model.role !== undefined ? { role: model.role } : {}),
    provider: checkpoint !== undefined ? 'lab' : `openai-${model.api}`,
    endpoint: checkpoint !== undefined ? `lab:${checkpoint}` : endpoints!.map(normalizeEndpoint).join(', '),
  };
}

/** The verifier settings a benchmark's verifier kind gets from the study file's `verify` section. */
export function verifierSettings(kind: 'math' | 'code' | 'lab', study: Pick<StudyFile, 'verify'>): VerifierSettings {
  if (kind === 'math')
    return {
      kind: 'math',
      policy: study.verify.math?.policy ?? 'strict',
      ...(study.verify.math?.workers !== undefined ? { workers: study.verify.math.workers } : {}),
    };
  if (kind === 'code') {
    const c = study.verify.code;
    return {
      kind: 'code',
      ...(c?.workers !== undefined ? { workers: c.workers } : {}),
      ...(c?.timeout_s !== undefined ? { timeoutS: c.timeout_s } : {}),
      ...(c?.memory_mb !== undefined ? { memoryMb: c.memory_mb } : {}),
    };
  }
  return { kind: 'lab' };
}

/** Where a study's store lives: a postgres:// URL as written, a file relative to the study file. */
export function studyLocation(study: Pick<StudyFile, 'store'>, baseDir: string): string {
  return isPostgresLocation(study.store) ? study.store : path.resolve(baseDir, study.store);
}

/**
 * `planStudy(file)`: reads and checks the study file, loads its benchmarks and resolves every
 * (benchmark, model) pair into a RunSpec — sampling settings merged (study, preset, model,
 * benchmark entry; then the defaults of SAMPLING_DEFAULTS), the prompt rule built, the verifier
 * chosen. Opens no store and contacts no server.
 */
export async function planStudy(file: string): Promise<StudyPlan> {
  const { study, baseDir } = await loadStudyFile(file);
  const benchmarks = await resolveBenchmarks(study, baseDir);
  const verifiers = new PlanVerifiers();
  const models = study.models.map((m) => planModel(m, baseDir));
  const runs: RunSpec[] = [];
  for (const b of benchmarks) {
    const spec = b.loaded.spec;
    for (const [mi, model] of study.models.entries()) {
      const s = effectiveSampling(study.preset, spec.name, study.sampling, model.sampling, b.n);
      const planned = models[mi];
      const template = b.template ?? model.template ?? spec.defaultTemplate;
      const rule = await promptRuleFor(template, model.api, planned.tokenizerConfig, `models.${mi}.template`);
      runs.push({
        model: planned,
        benchmark: b,
        template,
        rule,
        n: s.n,
        params: {
          temperature: s.temperature ?? SAMPLING_DEFAULTS.temperature,
          topP: s.top_p ?? SAMPLING_DEFAULTS.top_p,
          ...(s.top_k !== undefined ? { topK: s.top_k } : {}),
          maxTokens: s.max_tokens ?? SAMPLING_DEFAULTS.max_tokens,
          stop: [...new Set([...ruleStops(rule), ...(s.stop ?? [])])],
        },
        baseSeed: s.seed ?? SAMPLING_DEFAULTS.seed,
        concurrency: s.concurrency ?? SAMPLING_DEFAULTS.concurrency,
        verifier: verifiers.get(verifierSettings(spec.verifier, study)),
      });
    }
  }
  return { file, study, baseDir, store: studyLocation(study, baseDir), benchmarks, models, runs, verifiers };
}
