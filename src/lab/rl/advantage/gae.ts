import type { TokenRows } from '../tokens.js';
import { maskedWhiten } from '../whiten.js';
import type { AdvantageInput, AdvantageOutput } from './types.js';

export interface GaeOptions {
  gamma?: number;
  lambda?: number;
}

/**
 * PPO's generalised advantage estimation (rlvr-algorithms.md §2.1). `values[i][t]` is the critic's
 * value of the prefix before token t. The value after the last valid token is 0 (truncation is
 * treated as terminal). Masked positions carry the running value and advantage through, as verl
 * HEAD does. Returns are the raw advantages plus values (critic targets); the actor gets the raw
 * advantages whitened over the batch.
 */
export function gaeAdvantages(input: AdvantageInput & { values: TokenRows }, options: GaeOptions = {}): AdvantageOutput & { raw: TokenRows } {
  const gamma = options.gamma ?? 1;
  const lambda = options.lambda ?? 1;
  const { tokenRewards, mask, values } = input;
  const raw = tokenRewards.map((row, i) => {
    const out = new Array<number>(row.length).fill(0);
    let nextValue = 0;
    let nextAdv = 0;
    for (let t = row.length - 1; t >= 0; t--) {
      if (mask[i][t] > 0) {
        const delta = row[t] + gamma * nextValue - values[i][t];
        nextAdv = delta + gamma * lambda * nextAdv;
        nextValue = values[i][t];
        out[t] = nextAdv;
      }
    }
    return out;
  });
  const returns = raw.map((row, i) => row.map((a, t) => (a + values[i][t]) * mask[i][t]));
  const { whitened } = maskedWhiten(raw, mask);
  return { advantages: whitened, returns, raw };
}
