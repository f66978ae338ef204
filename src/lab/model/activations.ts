import { releaseBuffers, type Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import type { GptConfig } from './config.js';

/** What one layer's forward pass keeps for its backward pass. */
export interface LayerActivations {
  /** Input of the layer (residual stream), N × d. */
  x: FloatArray;
  ln1: FloatArray;
  mean1: FloatArray;
  rstd1: FloatArray;
  /** Head-major q, k, v: [B, H, T, hd]. */
  q: FloatArray;
  k: FloatArray;
  v: FloatArray;
  /** Attention probabilities [B, H, T, T]. */
  att: FloatArray;
  /** Attention output merged back to rows, N × d (input of c_proj). */
  y: FloatArray;
  /** Residual stream after attention, N × d. */
  mid: FloatArray;
  ln2: FloatArray;
  mean2: FloatArray;
  rstd2: FloatArray;
  /** MLP pre-activation and GELU output, N × hidden. */
  fc: FloatArray;
  act: FloatArray;
  /** tanh inside GELU, saved so the backward pass need not recompute it. */
  tanh: FloatArray;
}

/**
 * Preallocated buffers for a forward + backward pass over up to `rows` = B·T positions with up to
 * `attn` = B·T·T attention entries per head. Grown (never shrunk) when a larger batch arrives, so a
 * training loop allocates once.
 */
export class Activations {
  readonly rows: number;
  readonly attnPerHead: number;
  readonly layers: LayerActivations[];
  /** Final residual stream (input of ln_f), N × d. */
  readonly xf: FloatArray;
  readonly lnf: FloatArray;
  readonly meanf: FloatArray;
  readonly rstdf: FloatArray;
  /** Logits, replaced in place by probabilities, N × V. */
  readonly probs: FloatArray;
  /** Row-aligned head outputs (row r predicts token r+1). */
  readonly rowLogp: FloatArray;
  readonly rowEntropy: FloatArray;
  readonly rowValue: FloatArray;
  /** Token-aligned outputs handed to callers (index b·T + t describes token t). */
  readonly logp: FloatArray;
  readonly entropy: FloatArray;
  readonly values: FloatArray;
  readonly targets: Int32Array;
  readonly positions: Int32Array;
  readonly tokens: Int32Array;
  /** Scratch: qkv rows (N × 3d) in forward, their gradient in backward. */
  readonly qkv: FloatArray;
  /** Scratch: head-major [B, H, T, hd] attention output (forward) or its gradient (backward). */
  readonly heads: FloatArray;
  // Backward scratch.
  readonly dx: FloatArray;
  readonly dTmp: FloatArray;
  readonly dq: FloatArray;
  readonly dk: FloatArray;
  readonly dv: FloatArray;
  readonly dAtt: FloatArray;
  readonly dFc: FloatArray;
  readonly dLogits: FloatArray;
  readonly dRowLogp: FloatArray;
  readonly dRowEntropy: FloatArray;

  /** Every buffer allocated for this workspace (returned to the backend by `release`). */
  private readonly owned: FloatArray[] = [];

  constructor(engine: Engine, config: GptConfig, rows: number, attnPerHead: number, maxWidth: number) {
    this.rows = rows;
    this.attnPerHead = attnPerHead;
    const d = config.dModel;
    const hidden = d * config.mlpRatio;
    const H = config.heads;
    const f = (n: number): FloatArray => {
      const buffer = engine.alloc(Math.max(1, n));
      this.owned.push(buffer);
      return buffer;
    };
    this.layers = [];
    for (let l = 0; l < config.layers; l++) {
      this.layers.push({
        x: f(rows * d),
        ln1: f(rows * d),
        mean1: f(rows),
        rstd1: f(rows),
        q: f(rows * d),
        k: f(rows * d),
        v: f(rows * d),
        att: f(attnPerHead * H),
        y: f(rows * d),
        mid: f(rows * d),
        ln2: f(rows * d),
        mean2: f(rows),
        rstd2: f(rows),
        fc: f(rows * hidden),
        act: f(rows * hidden),
        tanh: f(rows * hidden),
      });
    }
    this.xf = f(rows * d);
    this.lnf = f(rows * d);
    this.meanf = f(rows);
    this.rstdf = f(rows);
    this.probs = f(rows * config.vocab);
    this.rowLogp = f(rows);
    this.rowEntropy = f(rows);
    this.rowValue = f(rows);
    this.logp = f(rows);
    this.entropy = f(rows);
    this.values = f(rows);
    this.targets = new Int32Array(rows);
    this.positions = new Int32Array(rows);
    this.tokens = new Int32Array(rows);
    this.qkv = f(rows * 3 * d);
    this.heads = f(rows * d);
    this.dx = f(rows * d);
    this.dTmp = f(rows * d);
    this.dq = f(rows * d);
    this.dk = f(rows * d);
    this.dv = f(rows * d);
    this.dAtt = f(maxWidth * maxWidth);
    this.dFc = f(rows * hidden);
    this.dLogits = f(rows * config.vocab);
    this.dRowLogp = f(rows);
    this.dRowEntropy = f(rows);
  }

  /** Returns every buffer to `engine` (the one that allocated them); the workspace is dead afterwards. */
  release(engine: Engine): void {
    releaseBuffers(engine, this.owned.splice(0));
  }
}

/**
 * `current` if it can hold a B × T batch, else a new, larger workspace (`current` is released: its
 * views — e.g. a previous forward pass's outputs — are dead). Grows geometrically so a loop with
 * slowly varying batch shapes reallocates rarely.
 */
export function activationsFor(engine: Engine, config: GptConfig, current: Activations | null, B: number, T: number): Activations {
  const rows = B * T;
  const attn = B * T * T;
  if (current !== null && current.rows >= rows && current.attnPerHead >= attn) return current;
  const grow = (need: number, have: number): number => (need <= have ? have : Math.max(need, Math.ceil(have * 1.5)));
  current?.release(engine);
  return new Activations(engine, config, grow(rows, current?.rows ?? 0), grow(attn, current?.attnPerHead ?? 0), config.context);
}
