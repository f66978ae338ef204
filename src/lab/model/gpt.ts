import { defaultEngine, releaseBuffers, type Engine } from '../tensor/engine.js';
import { allocLike, type FloatArray } from '../tensor/float-array.js';
import { activationsFor, type Activations } from './activations.js';
import { packBatch, type TokenBatch } from './batch.js';
import { parseGptConfig, type GptConfig, type GptConfigInput } from './config.js';
import { backwardPass, type OutputGradients } from './gpt-backward.js';
import { forwardPass } from './gpt-forward.js';
import { initParams, paramLayout, tensorViews, type ModelTensors, type ParamLayout } from './params.js';

/**
 * Per-token outputs of a forward pass, token-aligned: index b·T + t describes token t of sequence
 * b, for 1 ≤ t < lengths[b]; every other entry is 0.
 *   logp[b·T+t]    = log p(token t | tokens < t)
 *   entropy[b·T+t] = entropy of that next-token distribution
 *   values[b·T+t]  = value head output on the state that predicted token t (0 without a value head)
 * These are views into the model's workspace: valid until the next forward call.
 */
export interface ForwardOutputs {
  batch: TokenBatch;
  logp: FloatArray;
  entropy: FloatArray;
  values: FloatArray;
}

/** A GPT decoder with its parameters, gradients and activation workspace. */
export class GptModel {
  readonly config: GptConfig;
  readonly engine: Engine;
  readonly layout: ParamLayout;
  /** All parameters, one flat buffer (see `layout` for names and offsets). */
  readonly params: FloatArray;
  /** Gradient buffer with the same layout; `backward` accumulates into it. */
  readonly grads: FloatArray;
  readonly tensors: ModelTensors;
  readonly gradTensors: ModelTensors;
  private workspace: Activations | null = null;
  private lastBatch: TokenBatch | null = null;
  private readonly disposers: (() => void)[] = [];
  private isDisposed = false;

  constructor(config: GptConfig, engine: Engine = defaultEngine()) {
    this.config = config;
    this.engine = engine;
    this.layout = paramLayout(config);
    this.params = engine.alloc(this.layout.total);
    this.grads = engine.alloc(this.layout.total);
    this.tensors = tensorViews(this.params, this.layout, config);
    this.gradTensors = tensorViews(this.grads, this.layout, config);
  }

  get numParams(): number {
    return this.layout.total;
  }

  /** Re-initialise all parameters deterministically from `seed`. */
  init(seed: number): this {
    initParams(this.params, this.layout, this.config, seed);
    return this;
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  /** Pack token sequences (each 1..context tokens) into a batch for `forward`. */
  pack(sequences: readonly ArrayLike<number>[]): TokenBatch {
    return packBatch(sequences, this.config.vocab, this.config.context);
  }

  /**
   * Returns the model's memory — parameters, gradients, activations and whatever was registered with
   * `onDispose` (its cached sampler) — to the backend. Call it when the model is dropped: the wasm
   * heap cannot know on its own (docs/lab-engine.md §5). Afterwards `params`, `grads`, the tensor
   * views and every earlier output are dead; `forward`/`backward` throw. Idempotent.
   */
  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    for (const fn of this.disposers.splice(0)) fn();
    this.workspace?.release(this.engine);
    this.workspace = null;
    this.lastBatch = null;
    releaseBuffers(this.engine, [this.params, this.grads]);
  }

  get disposed(): boolean {
    return this.isDisposed;
  }

  /** Runs `fn` when the model is disposed (for helpers that own buffers on its behalf, e.g. its sampler). */
  onDispose(fn: () => void): void {
    this.assertLive();
    this.disposers.push(fn);
  }

  /** Forward pass; keeps activations for a following `backward`. */
  forward(batch: TokenBatch): ForwardOutputs {
    this.assertLive();
    if (batch.width > this.config.context) throw new RangeError(`batch width ${batch.width} exceeds context ${this.config.context}`);
    const ws = this.ensureWorkspace(batch.batch, batch.width);
    forwardPass(this.engine, this.config, this.tensors, ws, batch);
    this.lastBatch = batch;
    return { batch, logp: ws.logp, entropy: ws.entropy, values: ws.values };
  }

  /**
   * Backpropagate per-token gradients of the LAST forward pass into `grads` (accumulating).
   * Every RL loss reduces to dL/d logp_t (+ optional entropy and value gradients); SFT is
   * dL/d logp_t = −w_t.
   */
  backward(grads: OutputGradients): void {
    this.assertLive();
    if (this.lastBatch === null || this.workspace === null) throw new Error('backward() called before forward()');
    const n = this.lastBatch.batch * this.lastBatch.width;
    for (const [name, g] of [
      ['dLogp', grads.dLogp],
      ['dEntropy', grads.dEntropy],
      ['dValues', grads.dValues],
    ] as const)
      if (g != null && g.length < n) throw new RangeError(`${name} has ${g.length} entries; the last forward batch has B·T = ${n}`);
    backwardPass(this.engine, this.config, this.tensors, this.gradTensors, this.workspace, this.lastBatch, grads);
  }

  /** The activation workspace of the last forward pass (the sampler reads the prompts' K/V from it). */
  activations(): Activations {
    if (this.workspace === null) throw new Error('activations() called before forward()');
    return this.workspace;
  }

  /**
   * A zero-filled token-aligned buffer for a batch (for building OutputGradients). A plain typed
   * array, not a backend buffer: only JavaScript loops read it, and the garbage collector frees it.
   */
  tokenBuffer(batch: TokenBatch): FloatArray {
    return allocLike(this.engine.precision, batch.batch * batch.width);
  }

  private assertLive(): void {
    if (this.isDisposed) throw new Error('this model was disposed: its buffers are back in the heap');
  }

  private ensureWorkspace(B: number, T: number): Activations {
    this.workspace = activationsFor(this.engine, this.config, this.workspace, B, T);
    return this.workspace;
  }
}

/** Validate a config (zod) and build a model initialised from `seed`. */
export function createModel(config: GptConfigInput, options: { seed: number; engine?: Engine }): GptModel {
  return new GptModel(parseGptConfig(config, { field: 'model' }), options.engine ?? defaultEngine()).init(options.seed);
}
