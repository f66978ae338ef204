import { MathBenchmark, MATH_VERIFIER_VERSION, type MathPolicy } from './math/index.js';
import { MathGradingPool } from './math/pool.js';
import type { Grade, Verifier, VerifierPlugin, VerifierSettings, VerifyScope } from './verifier.js';
import type { VerifierKey } from '../study/types.js';

export function mathVerifierKey(policy: MathPolicy): VerifierKey {
  return { verifier: 'math', policy, version: MATH_VERIFIER_VERSION };
}

/** Final answers graded by the math verifier's worker pool under the `strict` or `paper` policy. */
export class MathVerifier implements Verifier {
  private owned?: MathGradingPool;
  constructor(
    readonly settings: Extract<VerifierSettings, { kind: 'math' }>,
    /** A pool to grade with instead of one this verifier starts (and closes) itself. */
    private readonly given?: MathGradingPool,
  ) {}

  key(): VerifierKey {
    return mathVerifierKey(this.settings.policy);
  }

  async grade(samples: readonly { problemId: number; text: string | null }[], scope: VerifyScope): Promise<Grade[]> {
    const pool = this.given ?? (this.owned ??= new MathGradingPool({ workers: this.settings.workers }));
    const benchmark = MathBenchmark.safeParse(scope.benchmark.name);
    const t0 = performance.now();
    const graded = await pool.gradeBatch(
      samples.map((s) => ({ response: s.text ?? '', gold: String(scope.problems.get(s.problemId)?.gold ?? ''), policy: this.settings.policy, benchmark: benchmark.success ? benchmark.data : undefined })),
    );
    // The pool grades a batch at once; each verdict is charged an equal share of the time.
    const each = samples.length === 0 ? 0 : (performance.now() - t0) / samples.length;
    return graded.map((v) => ({ correct: v.correct, extracted: v.extracted, reason: v.reason, durationMs: each }));
  }

  async close(): Promise<void> {
    await this.owned?.close();
  }
}

export const mathVerifierPlugin: VerifierPlugin<'math'> = {
  kind: 'math',
  create: (settings) => new MathVerifier(settings),
  // A math benchmark by name, or any benchmark whose gold answers are plain strings.
  claims: (benchmark, firstGold) => MathBenchmark.safeParse(benchmark.name).success || typeof firstGold === 'string',
};
