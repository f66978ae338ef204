/**
 * Forward KL(π_ref ‖ π) from tokens sampled by π, as SELF (arXiv 2510.02230) uses in place of
 * the usual reverse KL: with r = π_ref/π = exp(ℓ_ref − ℓ), E_π[r·log r − (r − 1)] = KL(π_ref ‖ π)
 * and every term is ≥ 0 (the forward-direction twin of the k3 estimator). Its derivative with
 * respect to the sampled token's log-prob ℓ is r·(ℓ − ℓ_ref): it pulls up tokens the reference likes
 * more than the policy does — mass-covering, where reverse KL is mode-seeking.
 */
export function forwardKlValue(logp: number, refLogp: number): number {
  const logRatio = Math.min(Math.max(refLogp - logp, -20), 20);
  const r = Math.exp(logRatio);
  return r * logRatio - (r - 1);
}

export function forwardKlGradient(logp: number, refLogp: number): number {
  const logRatio = Math.min(Math.max(refLogp - logp, -20), 20);
  return -Math.exp(logRatio) * logRatio;
}
