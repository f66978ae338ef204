import path from 'node:path';
import { ruleStops, type PromptRule } from '../sample/prompt-source.js';
import { registerBenchmark } from '../sample/register-benchmark.js';
import { sampleRun } from '../sample/sample-run.js';
import { scoreRun } from '../sample/score-run.js';
import type { SamplingProgress } from '../sample/run-sampling.js';
import { isPostgresLocation, openStore } from '../study/open-store.js';
import type { StudyStore } from '../study/store.js';
import { reportStudy } from '../report/report-study.js';
import { MathGradingPool } from '../verify/math/pool.js';
import { CodePool } from '../verify/code/index.js';
import { runAnalyses, type AnalysesResult } from './analyses.js';
import { effectiveSampling } from './presets.js';
import { providerFor } from './model-provider.js';
import { promptRuleFor } from '../sample/prompt-rule.js';
import { resolveBenchmarks } from './resolve-benchmarks.js';
import { loadStudyFile, type StudyFile, type StudyModel } from './study-file.js';
import { verifyRun, type VerifyStageResult } from './verify-stage.js';

/** What the runner reports while it works (the CLI turns these into one progress display). */
export type StudyEvent =
  | { stage: 'load'; benchmark: string; problems: number; dropped: number; source: string }
  | { stage: 'sample'; model: string; benchmark: string; runId: number; progress: SamplingProgress; done: boolean }
  | { stage: 'verify'; model: string; benchmark: string; runId: number; result: VerifyStageResult }
  | { stage: 'score'; scorer: string; model: string; benchmark: string; runId: number; scored: number; failed: number }
  | { stage: 'analyze'; result: AnalysesResult }
  | { stage: 'report'; out: string };

export interface RunStudyOptions {
  file: string;
  /** Stop after this stage (default: all of them). */
  until?: 'sample' | 'verify' | 'score' | 'analyze' | 'report';
  onEvent?: (e: StudyEvent) => void;
  signal?: AbortSignal;
}

export interface StudyRunRef {
  model: string;
  benchmark: string;
  runId: number;
  rule: PromptRule;
}

export interface RunStudyResult {
  store: string;
  runs: StudyRunRef[];
  reportOut?: string;
}

const ORDER = ['sample', 'verify', 'score', 'analyze', 'report'] as const;

/** Lazily started verifier pools, shared by every run of the study. */
class Verifiers {
  private math?: MathGradingPool;
  private code?: CodePool;
  constructor(private readonly study: Pick<StudyFile, 'verify'>) {}
  mathPool(): MathGradingPool {
    return (this.math ??= new MathGradingPool({ workers: this.study.verify.math?.workers }));
  }
  async codePool(): Promise<CodePool> {
    const c = this.study.verify.code;
    return (this.code ??= await CodePool.create({ workers: c?.workers, limits: { ...(c?.timeout_s ? { wallS: c.timeout_s } : {}), ...(c?.memory_mb ? { memoryMb: c.memory_mb } : {}) } }));
  }
  async close(): Promise<void> {
    await this.math?.close();
    await this.code?.close();
  }
}

/**
 * `rlbound run STUDY.yaml`: sample every model on every benchmark, verify, score, analyze and
 * report. Every stage reads what the previous ones stored, so running it again after an
 * interruption (or after adding a model) does only the missing work.
 */
export async function runStudy(o: RunStudyOptions): Promise<RunStudyResult> {
  const { study, baseDir } = await loadStudyFile(o.file);
  const upto = ORDER.indexOf(o.until ?? 'report');
  const emit = o.onEvent ?? (() => undefined);
  const storePath = isPostgresLocation(study.store) ? study.store : path.resolve(baseDir, study.store);
  const benchmarks = await resolveBenchmarks(study, baseDir);
  const store: StudyStore = await openStore(storePath);
  const verifiers = new Verifiers(study);
  const runs: StudyRunRef[] = [];
  try {
    for (const b of benchmarks) {
      const spec = b.loaded.spec;
      emit({ stage: 'load', benchmark: spec.name, problems: b.loaded.problems.length, dropped: b.loaded.dropped, source: b.loaded.source });
      const { benchmark, problems } = await registerBenchmark(store, b.loaded);
      for (const [mi, model] of study.models.entries()) {
        const s = effectiveSampling(study.preset, spec.name, study.sampling, model.sampling, b.n);
        const template = b.template ?? model.template ?? spec.defaultTemplate;
        const rule = await promptRuleFor(template, model.api, model.tokenizer_config === undefined ? undefined : path.resolve(baseDir, model.tokenizer_config), `models.${mi}.template`);
        const concurrency = s.concurrency ?? 16;
        const opened = providerFor(model, baseDir, concurrency);
        let runId = -1;
        try {
          const result = await sampleRun({
            store,
            provider: opened.provider,
            modelName: model.name,
            servedName: model.served_name ?? model.name,
            providerKind: opened.kind,
            endpoint: opened.location,
            benchmarkId: benchmark.id,
            problems,
            rule,
            n: s.n,
            params: {
              temperature: s.temperature ?? 0.6,
              topP: s.top_p ?? 0.95,
              topK: s.top_k,
              maxTokens: s.max_tokens ?? 1024,
              stop: [...new Set([...ruleStops(rule), ...(s.stop ?? [])])],
            },
            baseSeed: s.seed ?? 0,
            concurrency: concurrency * opened.servers,
            onProgress: (progress) => emit({ stage: 'sample', model: model.name, benchmark: spec.name, runId, progress, done: false }),
            signal: o.signal,
          });
          runId = result.run.id;
          emit({ stage: 'sample', model: model.name, benchmark: spec.name, runId, done: true, progress: { total: result.summary.planned, planned: result.summary.planned, stored: result.summary.stored, failedSlots: result.summary.failedSlots, failedAttempts: result.summary.failedAttempts, completionTokens: result.summary.completionTokens, inFlight: 0 } });
        } finally {
          opened.close();
        }
        runs.push({ model: model.name, benchmark: spec.name, runId, rule });
        if (upto < ORDER.indexOf('verify')) continue;
        const verified =
          spec.verifier === 'math'
            ? await verifyRun({ store, runId, verifier: 'math', policy: study.verify.math?.policy ?? 'strict', pool: verifiers.mathPool() })
            : spec.verifier === 'code'
              ? await verifyRun({ store, runId, verifier: 'code', pool: await verifiers.codePool() })
              : await verifyRun({ store, runId, verifier: 'lab' });
        emit({ stage: 'verify', model: model.name, benchmark: spec.name, runId, result: verified });
      }
    }

    if (upto >= ORDER.indexOf('score')) {
      for (const sc of study.scoring) {
        const scorer = study.models.find((m) => m.name === sc.scorer)!;
        const opened = providerFor(scorer, baseDir, 16);
        try {
          for (const r of runs) {
            if (!sc.responses_of.includes(r.model) || (sc.benchmarks !== undefined && !sc.benchmarks.includes(r.benchmark))) continue;
            const summary = await scoreRun({ store, provider: opened.provider, runId: r.runId, scorerName: scorer.name, servedName: scorer.served_name ?? scorer.name, providerKind: opened.kind, endpoint: opened.location, rule: r.rule, concurrency: 16, signal: o.signal });
            emit({ stage: 'score', scorer: scorer.name, model: r.model, benchmark: r.benchmark, runId: r.runId, scored: summary.scored, failed: summary.failed });
          }
        } finally {
          opened.close();
        }
      }
    }

    if (upto >= ORDER.indexOf('analyze')) {
      const reportOut = study.report.out === undefined ? undefined : path.resolve(baseDir, study.report.out);
      const result = await runAnalyses({ store, study, baseDir, runs, verifiers, outDir: reportOut ?? path.join(path.dirname(storePath), `${path.basename(storePath).replace(/\.[^.]+$/, '')}-analyses`), signal: o.signal });
      emit({ stage: 'analyze', result });
    }
  } finally {
    await verifiers.close();
    await store.close();
  }

  let reportOut: string | undefined;
  if (upto >= ORDER.indexOf('report')) {
    reportOut = path.resolve(baseDir, study.report.out ?? `${study.store.replace(/\.[^.]+$/, '')}-report`);
    // Exactly the main runs sampled above (not the guessability or temperature-sweep runs).
    await reportStudy({ study: o.file, out: reportOut, selection: { runs: runs.filter((r) => r.runId >= 0).map((r) => r.runId) } });
    emit({ stage: 'report', out: reportOut });
  }
  return { store: storePath, runs, reportOut };
}

export type { Verifiers };
export { Verifiers as StudyVerifiers };
