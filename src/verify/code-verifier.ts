import type { SampleRecord, VerifierKey } from '../study/types.js';
import { VerdictCache, verifyCodeResponse, type CodePool, type CodeTarget } from './code/index.js';
import { CodePool as Pool } from './code/pool.js';
import { codeTargets } from './code/study-targets.js';
import type { Grade, Verifier, VerifierPlugin, VerifierSettings, VerifyScope } from './verifier.js';

/** Version of the code verdicts this build writes (bump when harness semantics change). */
export const CODE_VERIFIER_VERSION = 'code-1';
export const CODE_VERIFIER_KEY: VerifierKey = { verifier: 'code', policy: 'tests', version: CODE_VERIFIER_VERSION };

/** Programs run against the benchmark's tests in the bubblewrap sandbox pool. */
export class CodeVerifier implements Verifier {
  private owned?: Promise<CodePool>;
  /** Targets per benchmark: HumanEval+/MBPP+ expected outputs are computed once per benchmark. */
  private readonly targets = new Map<number, Map<number, CodeTarget>>();
  /**
   * At large n many samples are the same program: each distinct (problem, program) runs once per
   * scope (one verify pass over a run), as before the registry; a long-lived worker does not grow.
   */
  private readonly caches = new WeakMap<VerifyScope, VerdictCache>();

  constructor(
    readonly settings: Extract<VerifierSettings, { kind: 'code' }>,
    /** A pool to run in instead of one this verifier starts (and closes) itself. */
    private readonly given?: CodePool,
  ) {}

  key(): VerifierKey {
    return CODE_VERIFIER_KEY;
  }

  private pool(): Promise<CodePool> {
    if (this.given !== undefined) return Promise.resolve(this.given);
    const s = this.settings;
    return (this.owned ??= Pool.create({
      workers: s.workers,
      unsafeNoSandbox: s.unsafeNoSandbox,
      limits: { ...(s.timeoutS ? { wallS: s.timeoutS } : {}), ...(s.memoryMb ? { memoryMb: s.memoryMb } : {}) },
    }));
  }

  async grade(samples: readonly SampleRecord[], scope: VerifyScope): Promise<(Grade | null)[]> {
    const pool = await this.pool();
    let targets = this.targets.get(scope.benchmark.id);
    const missing = [...new Set(samples.map((s) => s.problemId))].filter((id) => !targets?.has(id));
    if (missing.length > 0) {
      const made = await codeTargets(
        pool,
        scope.benchmark.source,
        missing.map((id) => scope.problems.get(id)!),
      );
      targets = new Map([...(targets ?? []), ...made]);
      this.targets.set(scope.benchmark.id, targets);
    }
    let cache = this.caches.get(scope);
    if (cache === undefined) this.caches.set(scope, (cache = new VerdictCache()));
    return Promise.all(
      samples.map(async (s): Promise<Grade | null> => {
        const t0 = performance.now();
        const v = await verifyCodeResponse(pool, targets!.get(s.problemId)!, s.text ?? '', { cache });
        if (v.status === 'sandbox_error') return null;
        return {
          correct: v.correct,
          extracted: v.program,
          reason: v.status,
          durationMs: performance.now() - t0,
          detail: {
            passed: v.passed,
            total: v.total,
            detail: v.detail.slice(0, 2000),
            ...(v.baseCorrect !== undefined ? { base_correct: v.baseCorrect } : {}),
          },
        };
      }),
    );
  }

  async close(): Promise<void> {
    if (this.owned !== undefined) await (await this.owned).close();
  }
}

export const codeVerifierPlugin: VerifierPlugin<'code'> = { kind: 'code', create: (settings) => new CodeVerifier(settings) };
