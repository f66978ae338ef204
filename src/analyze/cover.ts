import { InputError } from '../errors.js';
import type { BootstrapOptions } from './bootstrap.js';
import { meanWithBands, type Estimate } from './mean-bands.js';
import { validateOutcomes, type ProblemOutcome } from './outcome.js';

/**
 * Cover@τ ("Beyond Pass@k", Dragoi et al. 2025): the share of problems whose success rate is at
 * least τ, G(τ) = (1/T) Σᵢ 1{pᵢ ≥ τ}. Low τ measures breadth (what the model can sometimes do),
 * high τ depth (what it does reliably). Estimated with each problem's observed rate cᵢ/nᵢ; the
 * comparison cᵢ ≥ τ·nᵢ is made in integers (with a 1e-9 slack) so τ = 1/n counts c = 1.
 */
export interface CoverPoint extends Estimate {
  tau: number;
}

/** τ = 0.01, 0.05, 0.10, …, 1. */
export const DEFAULT_COVER_TAUS: readonly number[] = [0.01, ...Array.from({ length: 20 }, (_, i) => Math.round((i + 1) * 5) / 100)];

export const coveredAt = (o: ProblemOutcome, tau: number): boolean => o.c >= tau * o.n - 1e-9;

/** The cover curve at the given τ with problem-level bootstrap intervals. */
export function coverCurve(outcomes: readonly ProblemOutcome[], taus: readonly number[] = DEFAULT_COVER_TAUS, options: BootstrapOptions = {}): CoverPoint[] {
  validateOutcomes(outcomes);
  for (const t of taus) if (!(t >= 0 && t <= 1)) throw new InputError(`τ must be in [0, 1] (got ${t})`, { field: 'tau' });
  const m = outcomes.length;
  const T = taus.length;
  const matrix = new Float64Array(m * T);
  outcomes.forEach((o, i) => taus.forEach((t, j) => (matrix[i * T + j] = coveredAt(o, t) ? 1 : 0)));
  return meanWithBands(matrix, m, T, options).map((e, j) => ({ tau: taus[j]!, ...e }));
}

/**
 * The cover curve exactly, as the step function it is: its value just at and below each distinct
 * observed rate r₁ < r₂ < … (G is non-increasing and constant on (rⱼ₋₁, rⱼ]).
 */
export function coverSteps(outcomes: readonly ProblemOutcome[]): Array<{ tau: number; value: number }> {
  validateOutcomes(outcomes);
  const rates = outcomes
    .map((o) => o.c / o.n)
    .filter((r) => r > 0)
    .sort((x, y) => x - y);
  const m = outcomes.length;
  const steps: Array<{ tau: number; value: number }> = [];
  for (let i = 0; i < rates.length; i++) if (i === 0 || rates[i] !== rates[i - 1]) steps.push({ tau: rates[i]!, value: (rates.length - i) / m });
  return steps;
}

/**
 * The identity of "Beyond Pass@k": pass@k = ∫₀¹ G(τ) · k(1 − τ)^(k−1) dτ, the cover curve averaged
 * under a Beta(1, k) density (which piles its weight near τ = 0: large-k pass@k rewards lucky
 * hits). For a step curve the integral is Σⱼ G(rⱼ) · [(1 − rⱼ₋₁)^k − (1 − rⱼ)^k] with r₀ = 0.
 * Applied to the observed rates it gives the plug-in pass@k mean(1 − (1 − cᵢ/nᵢ)^k); the tests
 * check both that and the population form with known rates.
 */
export function passAtKFromCover(steps: ReadonlyArray<{ tau: number; value: number }>, k: number): number {
  if (!(k >= 1)) throw new InputError(`k must be ≥ 1 (got ${k})`, { field: 'k' });
  let total = 0;
  let prev = 0;
  for (const { tau, value } of steps) {
    total += value * (Math.pow(1 - prev, k) - Math.pow(1 - tau, k));
    prev = tau;
  }
  return total;
}
