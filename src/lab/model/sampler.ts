import { InputError } from '../../errors.js';
import type { FloatArray } from '../tensor/float-array.js';
import { cachedKeyIndex } from '../tensor/kernels.js';
import { Rng } from '../tensor/rng.js';
import { activationsFor, type Activations } from './activations.js';
import { headDim } from './config.js';
import { decodeStep, type ActiveRows } from './decode-step.js';
import { DecodeWeights } from './decode-weights.js';
import { DecodeWorkspace, type DecodeCapacity } from './decode-workspace.js';
import type { GptModel } from './gpt.js';
import { forwardPass } from './gpt-forward.js';
import { samplingParamsSchema, type SamplingParams, type SamplingParamsInput } from './sampling-params.js';
import { planChunks } from './sample-chunks.js';
import { TokenChooser } from './token-choice.js';

/** n samples of one prompt; `seeds[i]` alone determines sample i (given model and params). */
export interface PromptSamples {
  /** Prompt token ids (include BOS yourself if the model expects it); at least one token. */
  prompt: ArrayLike<number>;
  seeds: ArrayLike<number>;
}

export type FinishReason = 'stop' | 'length';

export interface TokenSample {
  /** Generated ids, including a final stop token / stop sequence when finishReason is 'stop'. */
  tokens: Int32Array;
  /** Model log-probability (temperature 1, before top-k/top-p) of each generated token. */
  logprobs: Float32Array;
  finishReason: FinishReason;
  /** How many trailing tokens of `tokens` are the matched stop token/sequence (0 if none). */
  stopLength: number;
}

/** Called with each step's logits (for tests and diagnostics); `row` is the sample's slot. */
export type LogitsHook = (group: number, sample: number, step: number, logits: FloatArray, offset: number) => void;

/**
 * Batched autoregressive sampling with a KV cache. Each prompt's prefix is computed once (one
 * forward pass over all prompts) and shared by all its samples; every sample has its own seeded
 * Rng, so sample i of a prompt gives the same tokens whether it runs alone or among 255 others.
 * Buffers are kept between calls and grown when needed.
 */
export class Sampler {
  private ws: DecodeWorkspace | null = null;
  /** Pre-packed weight storage (undefined: not made yet; null: the backend cannot pre-pack). */
  private packed: DecodeWeights | null | undefined;
  private prefillWs: Activations | null = null;
  private readonly chooser: TokenChooser;

  /**
   * `maxRows` bounds the samples decoded together; larger requests are split transparently —
   * results do not depend on how samples are grouped. The default (16) was measured: every decode
   * step reads each row's whole KV cache, which stays in the CPU's L3 cache between steps only if
   * it is small — 16 rows' caches are ≤ 3.2 MB for the d128 L4 reference model at 48 tokens, 256
   * rows' 50 MB. Sampling 256 × 48 tokens ran ~20 % faster in chunks of 64 than in one batch on a
   * quiet machine, and chunks of 16 kept most of that while other processes filled the shared L3,
   * where 64 lost it (BENCHMARKS.md).
   */
  constructor(
    readonly model: GptModel,
    readonly maxRows = 16,
  ) {
    this.chooser = new TokenChooser(model.config.vocab);
  }

  sample(requests: readonly PromptSamples[], paramsInput: SamplingParamsInput, hook?: LogitsHook): TokenSample[][] {
    const params = Sampler.parseParams(paramsInput);
    this.checkRequests(requests);
    const results: TokenSample[][] = requests.map(() => []);
    this.packWeights();
    for (const chunk of planChunks(requests, this.maxRows)) {
      const chunkHook: LogitsHook | undefined = hook && ((g, i, step, logits, offset) => hook(chunk[g].group, chunk[g].first + i, step, logits, offset));
      const out = this.sampleChecked(
        chunk.map((c) => c.req),
        params,
        chunkHook,
        true,
      );
      chunk.forEach((c, j) => results[c.group].push(...out[j]));
    }
    return results;
  }

  /** Parse sampling parameters (InputError naming the field). */
  static parseParams(input: SamplingParamsInput): SamplingParams {
    const parsed = samplingParamsSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(issue?.message ?? 'invalid sampling parameters', { field: issue?.path.join('.') ?? 'params' });
    }
    return parsed.data;
  }

  /** Check prompts and seeds of a request list (InputError naming request and position). */
  checkRequests(requests: readonly PromptSamples[]): void {
    requests.forEach((req, g) => this.checkRequest(req, g));
  }

  /**
   * Decode one chunk of already validated requests (at most maxRows samples) together. Used by
   * `sample` and by the parallel sampler's threads. `weightsPacked`: the caller has just called
   * packWeights() with the current weights (else this call packs them).
   */
  sampleChecked(requests: readonly PromptSamples[], params: SamplingParams, hook?: LogitsHook, weightsPacked = false): TokenSample[][] {
    const { config, engine, tensors } = this.model;
    const G = requests.length;

    // Slots and limits. The whole prompt is the shared prefix: one forward pass gives its K/V and
    // the first token's distribution, shared by all of the prompt's samples.
    let R = 0;
    let ownLength = 1;
    let prefixCap = 1;
    const maxNew = new Int32Array(G);
    const prefixLength = new Int32Array(G);
    requests.forEach((req, g) => {
      const P = req.prompt.length;
      maxNew[g] = Math.min(params.maxTokens, config.context - P);
      prefixLength[g] = P;
      R += req.seeds.length;
      // The last generated token is never fed back, so the own cache needs maxNew − 1 places.
      ownLength = Math.max(ownLength, maxNew[g] - 1);
      prefixCap = Math.max(prefixCap, P);
    });
    const results: TokenSample[][] = requests.map(() => []);
    if (R === 0) return results;

    const ws = this.workspace({ rows: R, ownLength, groups: G, prefixLength: prefixCap });
    this.prefill(requests, ws);
    if (!weightsPacked) this.packWeights();

    // Per-slot state.
    const slotGroup = new Int32Array(R);
    const slotIndex = new Int32Array(R);
    const lastToken = new Int32Array(R);
    const genTokens: Int32Array[] = [];
    const genLogprobs: Float32Array[] = [];
    const rngs: Rng[] = [];
    const finish: (FinishReason | null)[] = [];
    const stopLen = new Int32Array(R);
    let slot = 0;
    requests.forEach((req, g) => {
      for (let i = 0; i < req.seeds.length; i++, slot++) {
        slotGroup[slot] = g;
        slotIndex[slot] = i;
        genTokens.push(new Int32Array(maxNew[g]));
        genLogprobs.push(new Float32Array(maxNew[g]));
        rngs.push(new Rng(req.seeds[i]));
        finish.push(maxNew[g] === 0 ? 'length' : null);
      }
    });
    const stopTokens = new Set(params.stopTokens);

    const rows: ActiveRows = {
      count: 0,
      slots: new Int32Array(R),
      tokens: new Int32Array(R),
      positions: new Int32Array(R),
      runCount: 0,
      runStart: new Int32Array(G),
      runLength: new Int32Array(G),
      runGroup: new Int32Array(G),
      prefixLength,
    };
    const V = config.vocab;
    /** Sample generated token `index` of slot s from the logits row at `offset`; update its state. */
    const pick = (s: number, index: number, logits: FloatArray, offset: number): void => {
      const g = slotGroup[s];
      if (hook) hook(g, slotIndex[s], index, logits, offset);
      const tok = this.chooser.choose(logits, offset, params, rngs[s]);
      genTokens[s][index] = tok;
      genLogprobs[s][index] = this.chooser.lastLogprob;
      lastToken[s] = tok;
      const n = index + 1;
      if (stopTokens.has(tok)) {
        finish[s] = 'stop';
        stopLen[s] = 1;
      } else {
        const matched = matchStopSequence(genTokens[s], n, params.stopSequences);
        if (matched > 0) {
          finish[s] = 'stop';
          stopLen[s] = matched;
        } else if (n >= maxNew[g]) finish[s] = 'length';
      }
      if (finish[s] !== null) {
        genTokens[s] = genTokens[s].slice(0, n);
        genLogprobs[s] = genLogprobs[s].slice(0, n);
      }
    };
    for (let s = 0; s < R; s++) if (finish[s] === null) pick(s, 0, ws.firstLogits, slotGroup[s] * V);
    // Step k feeds each active sample's token k (at position P + k) and samples token k + 1.
    for (let step = 0; ; step++) {
      this.collectActive(rows, finish, slotGroup, lastToken, requests, step);
      if (rows.count === 0) break;
      decodeStep(engine, config, tensors, ws, rows, step, this.packed ?? null);
      for (let i = 0; i < rows.count; i++) pick(rows.slots[i], step + 1, ws.logits, i * V);
    }
    for (let s = 0; s < R; s++)
      results[slotGroup[s]].push({
        tokens: genTokens[s],
        logprobs: genLogprobs[s],
        finishReason: finish[s] ?? 'length',
        stopLength: stopLen[s],
      });
    return results;
  }

  /**
   * Packs the current weights for the decoder (when the backend can): once per call, since the
   * weights cannot change during one, and never reused across calls, since they may change between.
   */
  private packWeights(): void {
    if (this.packed === undefined) this.packed = DecodeWeights.create(this.model.engine, this.model.config);
    this.packed?.pack(this.model.tensors);
  }

  private checkRequest({ prompt, seeds }: PromptSamples, g: number): void {
    const { context, vocab } = this.model.config;
    for (let i = 0; i < seeds.length; i++)
      if (!Number.isFinite(seeds[i])) throw new InputError(`seed ${seeds[i]} is not a finite number`, { field: `requests[${g}].seeds[${i}]` });
    const P = prompt.length;
    if (P < 1) throw new InputError('a prompt needs at least one token (e.g. BOS)', { field: `requests[${g}].prompt` });
    if (P > context) throw new InputError(`prompt of ${P} tokens exceeds the model context ${context}`, { field: `requests[${g}].prompt` });
    for (let t = 0; t < P; t++) {
      const id = prompt[t];
      if (!Number.isInteger(id) || id < 0 || id >= vocab)
        throw new InputError(`token id ${id} outside the vocabulary 0..${vocab - 1}`, { field: `requests[${g}].prompt[${t}]` });
    }
  }

  /** Active rows for this step, grouped in prompt order (finished samples drop out). */
  private collectActive(
    rows: ActiveRows,
    finish: readonly (FinishReason | null)[],
    slotGroup: Int32Array,
    lastToken: Int32Array,
    requests: readonly PromptSamples[],
    step: number,
  ): void {
    let count = 0;
    let runs = 0;
    for (let s = 0; s < finish.length; s++) {
      if (finish[s] !== null) continue;
      const g = slotGroup[s];
      if (runs === 0 || rows.runGroup[runs - 1] !== g) {
        rows.runGroup[runs] = g;
        rows.runStart[runs] = count;
        rows.runLength[runs] = 0;
        runs++;
      }
      rows.runLength[runs - 1]++;
      rows.slots[count] = s;
      rows.tokens[count] = lastToken[s];
      rows.positions[count] = requests[g].prompt.length + step;
      count++;
    }
    rows.count = count;
    rows.runCount = runs;
  }

  /**
   * One forward pass over all prompts: copies their K/V into the shared prefix cache and leaves each
   * prompt's next-token logits (the first generated token's distribution) in `ws.firstLogits`.
   */
  private prefill(requests: readonly PromptSamples[], ws: DecodeWorkspace): void {
    const groups: number[] = [];
    requests.forEach((req, g) => {
      if (req.seeds.length > 0) groups.push(g);
    });
    if (groups.length === 0) return;
    // Own activation workspace: sampling between a training forward and its backward must not
    // overwrite the activations that backward needs.
    const batch = this.model.pack(groups.map((g) => requests[g].prompt));
    const { engine, tensors, config } = this.model;
    this.prefillWs = activationsFor(engine, config, this.prefillWs, batch.batch, batch.width);
    const acts = this.prefillWs;
    forwardPass(engine, config, tensors, acts, batch);
    const H = config.heads;
    const hd = headDim(config);
    const d = config.dModel;
    const V = config.vocab;
    const T = batch.width;
    const P = ws.prefixStride;
    groups.forEach((g, b) => {
      const len = requests[g].prompt.length;
      for (let l = 0; l < config.layers; l++) {
        const { k, v } = acts.layers[l];
        for (let h = 0; h < H; h++) {
          const src = (b * H + h) * T * hd;
          const dst = (g * H + h) * P * hd;
          ws.vPre[l].set(v.subarray(src, src + len * hd), dst);
          // Keys go into the blocked layout the decode kernel reads.
          for (let t = 0; t < len; t++) for (let e = 0; e < hd; e++) ws.kPre[l][cachedKeyIndex(dst, t, e, hd)] = k[src + t * hd + e];
        }
      }
      // Logits of the last prompt position (the forward pass keeps only probabilities).
      const row = (b * T + len - 1) * d;
      engine.gemm(false, true, 1, V, d, acts.lnf.subarray(row, row + d), tensors.wte, ws.firstLogits.subarray(g * V, (g + 1) * V), false);
    });
  }

  /**
   * Returns the sampler's buffers (KV cache, prefill activations, packed weights) to the backend.
   * The sampler stays usable: a later `sample` allocates them again.
   */
  dispose(): void {
    const { engine } = this.model;
    this.ws?.release(engine);
    this.ws = null;
    this.prefillWs?.release(engine);
    this.prefillWs = null;
    this.packed?.release();
    this.packed = undefined;
  }

  private workspace(need: DecodeCapacity): DecodeWorkspace {
    if (this.ws !== null && this.ws.fits(need)) return this.ws;
    const old = this.ws?.cap;
    // The outgrown cache holds nothing this call needs.
    this.ws?.release(this.model.engine);
    const grow = (n: number, have: number | undefined): number => (have === undefined || n > have ? Math.max(n, Math.ceil((have ?? 0) * 1.5)) : have);
    this.ws = new DecodeWorkspace(this.model.engine, this.model.config, {
      rows: grow(need.rows, old?.rows),
      ownLength: Math.min(this.model.config.context, grow(need.ownLength, old?.ownLength)),
      groups: grow(need.groups, old?.groups),
      prefixLength: Math.min(this.model.config.context, grow(need.prefixLength, old?.prefixLength)),
    });
    return this.ws;
  }
}

/** Length of the stop sequence the first n generated tokens end with (0 if none). */
function matchStopSequence(tokens: Int32Array, n: number, sequences: readonly number[][]): number {
  for (const seq of sequences) {
    const m = seq.length;
    if (m > n) continue;
    let ok = true;
    for (let j = 0; j < m; j++)
      if (tokens[n - m + j] !== seq[j]) {
        ok = false;
        break;
      }
    if (ok) return m;
  }
  return 0;
}
