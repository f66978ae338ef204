/**
 * Full-vocabulary entropy of softmax(logits / T) at one position and its gradient with respect to
 * the raw logits: ∂H/∂z_v = −p_v·(log p_v + H) / T. Used by the entropy bonus (−c_H·Agg(H)).
 */
export function entropyWithGradient(logits: ArrayLike<number>, temperature = 1): { entropy: number; logitGradient: Float64Array } {
  const n = logits.length;
  let max = -Infinity;
  for (let v = 0; v < n; v++) max = Math.max(max, logits[v] / temperature);
  let z = 0;
  const p = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    p[v] = Math.exp(logits[v] / temperature - max);
    z += p[v];
  }
  let entropy = 0;
  const logp = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    p[v] /= z;
    logp[v] = logits[v] / temperature - max - Math.log(z);
    if (p[v] > 0) entropy -= p[v] * logp[v];
  }
  const logitGradient = new Float64Array(n);
  for (let v = 0; v < n; v++) logitGradient[v] = (-p[v] * (logp[v] + entropy)) / temperature;
  return { entropy, logitGradient };
}
