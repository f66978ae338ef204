import { releaseBuffers, type Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import { KEY_BLOCK } from '../tensor/kernels.js';
import type { GptConfig } from './config.js';

/** Capacity of a decode workspace. */
export interface DecodeCapacity {
  /** Samples (KV-cache slots). */
  rows: number;
  /** Cached positions per sample after the shared prompt prefix (its generated tokens but the last). */
  ownLength: number;
  /** Prompts (prefix groups). */
  groups: number;
  /** Longest shared prefix. */
  prefixLength: number;
}

/**
 * Buffers for batched KV-cache decoding. The cache has two parts:
 *  - prefix: K/V of each prompt's tokens, computed ONCE per prompt and shared by all its samples,
 *    `prefixStride` positions per (group, head);
 *  - own: K/V of each sample's own tokens, `ownStride` positions per (slot, head).
 * Values are stored one row per position ([group or slot, head, position, hd]); keys in blocks of
 * four positions, head-dim-major inside a block (KEY_BLOCK in tensor/kernels.ts), so a decode step
 * scores four keys per vector operation. Per-step buffers hold only the active rows, so finished
 * samples cost nothing.
 */
export class DecodeWorkspace {
  readonly cap: DecodeCapacity;
  /** Prefix-cache positions per (group, head): cap.prefixLength rounded up to a multiple of KEY_BLOCK. */
  readonly prefixStride: number;
  /** Own-cache positions per (slot, head): cap.ownLength rounded up to a multiple of KEY_BLOCK. */
  readonly ownStride: number;
  readonly kPre: FloatArray[] = [];
  readonly vPre: FloatArray[] = [];
  readonly kOwn: FloatArray[] = [];
  readonly vOwn: FloatArray[] = [];
  readonly tokens: Int32Array;
  readonly positions: Int32Array;
  readonly x: FloatArray;
  readonly ln: FloatArray;
  readonly mid: FloatArray;
  readonly mean: FloatArray;
  readonly rstd: FloatArray;
  readonly qkv: FloatArray;
  /** Attention output, rows × d (heads side by side). */
  readonly y: FloatArray;
  readonly fc: FloatArray;
  readonly act: FloatArray;
  readonly logits: FloatArray;
  /** Next-token logits after each prompt (the first generated token's distribution), groups × V. */
  readonly firstLogits: FloatArray;

  /** Every buffer allocated for this workspace (returned to the backend by `release`). */
  private readonly owned: FloatArray[] = [];

  constructor(engine: Engine, config: GptConfig, cap: DecodeCapacity) {
    this.cap = cap;
    const d = config.dModel;
    const hidden = d * config.mlpRatio;
    const f = (n: number): FloatArray => {
      const buffer = engine.alloc(Math.max(1, n));
      this.owned.push(buffer);
      return buffer;
    };
    const wholeBlocks = (n: number): number => Math.ceil(n / KEY_BLOCK) * KEY_BLOCK;
    this.prefixStride = wholeBlocks(cap.prefixLength);
    this.ownStride = wholeBlocks(cap.ownLength);
    for (let l = 0; l < config.layers; l++) {
      this.kPre.push(f(cap.groups * this.prefixStride * d));
      this.vPre.push(f(cap.groups * this.prefixStride * d));
      this.kOwn.push(f(cap.rows * this.ownStride * d));
      this.vOwn.push(f(cap.rows * this.ownStride * d));
    }
    const R = cap.rows;
    this.tokens = new Int32Array(R);
    this.positions = new Int32Array(R);
    this.x = f(R * d);
    this.ln = f(R * d);
    this.mid = f(R * d);
    this.mean = f(R);
    this.rstd = f(R);
    this.qkv = f(R * 3 * d);
    this.y = f(R * d);
    this.fc = f(R * hidden);
    this.act = f(R * hidden);
    this.logits = f(R * config.vocab);
    this.firstLogits = f(cap.groups * config.vocab);
  }

  /** Returns every buffer to `engine` (the one that allocated them); the workspace is dead afterwards. */
  release(engine: Engine): void {
    releaseBuffers(engine, this.owned.splice(0));
  }

  fits(need: DecodeCapacity): boolean {
    const c = this.cap;
    return need.rows <= c.rows && need.ownLength <= c.ownLength && need.groups <= c.groups && need.prefixLength <= c.prefixLength;
  }
}
