import type { TokenBatch } from './batch.js';
import { headDim, type GptConfig } from './config.js';

/** The sizes one forward/backward pass works with. */
export interface PassShape {
  B: number;
  T: number;
  /** Rows = B·T positions. */
  N: number;
  d: number;
  H: number;
  hd: number;
  hidden: number;
  V: number;
  L: number;
  /** Attention score scale 1/sqrt(hd). */
  scale: number;
}

export function passShape(config: GptConfig, batch: TokenBatch): PassShape {
  const hd = headDim(config);
  return {
    B: batch.batch,
    T: batch.width,
    N: batch.batch * batch.width,
    d: config.dModel,
    H: config.heads,
    hd,
    hidden: config.dModel * config.mlpRatio,
    V: config.vocab,
    L: config.layers,
    scale: 1 / Math.sqrt(hd),
  };
}
