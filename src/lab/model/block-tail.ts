import { geluForwardOn, layerNormForwardOn, rowsPlusBiasOn, weightGemmOn } from '../tensor/kernel-dispatch.js';
import type { Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import type { LayerActivations } from './activations.js';
import type { PackedBlock } from './decode-weights.js';
import type { LayerTensors } from './params.js';

/** Buffers of a block's tail; `out` may alias `x` (x is not read after `mid` is formed). */
export type BlockTailBuffers = Pick<LayerActivations, 'x' | 'y' | 'mid' | 'ln2' | 'mean2' | 'rstd2' | 'fc' | 'act'> & {
  out: FloatArray;
  /** Where to keep GELU's tanh for a backward pass (null when decoding). */
  tanh: FloatArray | null;
};

/**
 * Everything in a pre-LN block after attention, shared by the training forward pass and the
 * KV-cache decoder:  mid = x + y·Wo + bo;  out = mid + gelu(LN2(mid)·W1 + b1)·W2 + b2.
 * The decoder passes its pre-packed weights (`packed`, see decode-weights.ts).
 */
export function blockTail(engine: Engine, w: LayerTensors, b: BlockTailBuffers, rows: number, d: number, hidden: number, packed?: PackedBlock): void {
  // Each gemm starts from bias (+ residual) and accumulates: no separate passes over the rows.
  rowsPlusBiasOn(engine, b.x, w.bo, b.mid, rows, d);
  weightGemmOn(engine, false, rows, d, d, b.y, w.wo, packed?.wo, b.mid, true);
  layerNormForwardOn(engine, b.mid, w.ln2g, w.ln2b, b.ln2, b.mean2, b.rstd2, rows, d);
  rowsPlusBiasOn(engine, null, w.b1, b.fc, rows, hidden);
  weightGemmOn(engine, false, rows, hidden, d, b.ln2, w.w1, packed?.w1, b.fc, true);
  geluForwardOn(engine, b.fc, b.act, rows * hidden, b.tanh);
  rowsPlusBiasOn(engine, b.mid, w.b2, b.out, rows, d);
  weightGemmOn(engine, false, rows, d, hidden, b.act, w.w2, packed?.w2, b.out, true);
}
