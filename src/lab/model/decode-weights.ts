import type { Engine } from '../tensor/engine.js';
import type { PackedMatrix } from '../tensor/packed-gemm.js';
import type { GptConfig } from './config.js';
import type { ModelTensors } from './params.js';

/** One block's projection weights, packed. */
export interface PackedBlock {
  wqkv: PackedMatrix;
  wo: PackedMatrix;
  w1: PackedMatrix;
  w2: PackedMatrix;
}

/**
 * The decoder's weight matrices in the backend's packed form (engine.packedGemm), packed once per
 * sampling call and reused by every decode step instead of being repacked by each gemm. Storage is
 * allocated once per sampler; `pack` refreshes it from the current weights (which therefore may
 * change between sampling calls, never during one).
 */
export class DecodeWeights {
  readonly blocks: PackedBlock[];
  /** The tied output head: logits = h · wteᵀ. */
  readonly head: PackedMatrix;

  private constructor(
    private readonly engine: Engine & { packedGemm: NonNullable<Engine['packedGemm']> },
    config: GptConfig,
  ) {
    const d = config.dModel;
    const hidden = d * config.mlpRatio;
    const make = (N: number, K: number) => engine.packedGemm.create(N, K);
    this.blocks = Array.from({ length: config.layers }, () => ({ wqkv: make(3 * d, d), wo: make(d, d), w1: make(hidden, d), w2: make(d, hidden) }));
    this.head = make(config.vocab, d);
  }

  /** Packed storage for this engine, or null when its backend has no pre-packed products. */
  static create(engine: Engine, config: GptConfig): DecodeWeights | null {
    const { packedGemm } = engine;
    return packedGemm === undefined ? null : new DecodeWeights({ ...engine, packedGemm }, config);
  }

  /** Returns the packed storage to the backend (when it can take it back); dead afterwards. */
  release(): void {
    const { packedGemm } = this.engine;
    if (packedGemm.release === undefined) return;
    for (const b of this.blocks) for (const m of [b.wqkv, b.wo, b.w1, b.w2]) packedGemm.release(m);
    packedGemm.release(this.head);
  }

  pack(p: ModelTensors): void {
    const pg = this.engine.packedGemm;
    const f = (x: ModelTensors['wte']) => x as Float32Array; // float32 engine: backend buffers
    p.layers.forEach((w, l) => {
      const b = this.blocks[l];
      pg.pack(false, f(w.wqkv), b.wqkv);
      pg.pack(false, f(w.wo), b.wo);
      pg.pack(false, f(w.w1), b.w1);
      pg.pack(false, f(w.w2), b.w2);
    });
    pg.pack(true, f(p.wte), this.head);
  }
}
