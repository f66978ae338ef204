/**
 * READ THIS FIRST: the lab's GPT, forward and backward, on plain arrays.
 *
 * The production model (gpt.ts, gpt-forward.ts, gpt-backward.ts and the kernels under
 * src/lab/tensor) keeps every activation in preallocated flat buffers, runs its matrix products
 * through a swappable backend (TypeScript, WebAssembly SIMD, OpenBLAS), folds biases into gemms and
 * batches ragged sequences. That is what makes it fast, and what makes it hard to read. This file
 * is the same mathematics with none of that: one sequence at a time, `number[][]` matrices, float64
 * arithmetic, exact `Math.tanh` and `Math.exp`, every step in the order a textbook would write it.
 *
 * It is the oracle the fast paths are tested against (test/lab/model/reference-gpt.test.ts: logits,
 * log-probs, entropies, values and every gradient tensor, on every backend), and it is itself
 * checked against central finite differences and against PyTorch (test/lab/model/pytorch-parity.test.ts,
 * fixture made by bench/pytorch_parity.py). Nothing in the product calls it: it is far too slow.
 *
 * The architecture (GPT-2, as in docs/lab-engine.md §1):
 *   x₀[t]   = wte[token t] + wpe[t]                       (learned positions; none with rotary)
 *   block:  a = LN₁(x);  x = x + Attn(a)·Wo + bo;  m = LN₂(x);  x = x + gelu(m·W₁ + b₁)·W₂ + b₂
 *   head:   logits[t] = LN_f(x)[t] · wteᵀ                 (output head tied to the token embeddings)
 *           value[t]  = LN_f(x)[t] · v + c                (optional scalar value head, PPO's critic)
 * LayerNorm uses eps 1e-5 and the biased variance; GELU is the tanh form (GPT-2's "gelu_new");
 * attention is causal, scaled by 1/√(head dim); weight matrices are stored [in, out] (GPT-2's Conv1D).
 */
import { headDim, type GptConfig } from './config.js';
import { paramLayout } from './params.js';

/**
 * PyTorch's LayerNorm default and GPT-2's. Written here rather than imported from the kernels, so the
 * oracle does not move when the code it checks does.
 */
const LAYER_NORM_EPS = 1e-5;

type Vector = number[];
/** A matrix as rows: m[i][j]. */
type Matrix = number[][];

interface Norm {
  gain: Vector;
  bias: Vector;
}

interface Linear {
  /** [in][out], so y = x·w + b reads like the maths. */
  w: Matrix;
  b: Vector;
}

interface Block {
  ln1: Norm;
  /** q, k and v side by side: out = 3·d, columns [0, d) are q, [d, 2d) k, [2d, 3d) v. */
  qkv: Linear;
  proj: Linear;
  ln2: Norm;
  fc: Linear;
  fcProj: Linear;
}

/** Every parameter of the model under a name, as plain arrays. Gradients have the same shape. */
export interface ReferenceWeights {
  wte: Matrix;
  wpe: Matrix | null;
  blocks: Block[];
  lnf: Norm;
  value: { w: Vector; b: Vector } | null;
}

// ── Reading weights out of (and gradients back into) the model's flat parameter layout ──────────

/** The flat parameter buffer of a model (`model.params`, layout of params.ts) as named arrays. */
export function referenceWeights(config: GptConfig, flat: ArrayLike<number>): ReferenceWeights {
  const specs = new Map(paramLayout(config).specs.map((s) => [s.name, s]));
  const vector = (name: string): Vector => {
    const s = specs.get(name);
    if (s === undefined) throw new Error(`internal: no parameter ${name}`);
    return Array.from({ length: s.size }, (_, i) => flat[s.offset + i]);
  };
  const matrix = (name: string): Matrix => {
    const s = specs.get(name);
    if (s === undefined || s.shape.length !== 2) throw new Error(`internal: no matrix ${name}`);
    const [rows, cols] = s.shape;
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[s.offset + r * cols + c]));
  };
  const norm = (name: string): Norm => ({ gain: vector(`${name}.weight`), bias: vector(`${name}.bias`) });
  const linear = (name: string): Linear => ({ w: matrix(`${name}.weight`), b: vector(`${name}.bias`) });
  return {
    wte: matrix('wte.weight'),
    wpe: config.positions === 'learned' ? matrix('wpe.weight') : null,
    blocks: Array.from({ length: config.layers }, (_, l) => ({
      ln1: norm(`h.${l}.ln_1`),
      qkv: linear(`h.${l}.attn.c_attn`),
      proj: linear(`h.${l}.attn.c_proj`),
      ln2: norm(`h.${l}.ln_2`),
      fc: linear(`h.${l}.mlp.c_fc`),
      fcProj: linear(`h.${l}.mlp.c_proj`),
    })),
    lnf: norm('ln_f'),
    value: config.valueHead ? { w: vector('value_head.weight'), b: vector('value_head.bias') } : null,
  };
}

/** Named arrays back into one flat buffer in the model's layout (to compare with `model.grads`). */
export function flattenWeights(config: GptConfig, w: ReferenceWeights): Float64Array {
  const layout = paramLayout(config);
  const out = new Float64Array(layout.total);
  const byName = new Map<string, Vector | Matrix>([
    ['wte.weight', w.wte],
    ['ln_f.weight', w.lnf.gain],
    ['ln_f.bias', w.lnf.bias],
  ]);
  if (w.wpe !== null) byName.set('wpe.weight', w.wpe);
  if (w.value !== null) {
    byName.set('value_head.weight', w.value.w);
    byName.set('value_head.bias', w.value.b);
  }
  w.blocks.forEach((b, l) => {
    const put = (name: string, lin: Linear): void => {
      byName.set(`h.${l}.${name}.weight`, lin.w);
      byName.set(`h.${l}.${name}.bias`, lin.b);
    };
    byName.set(`h.${l}.ln_1.weight`, b.ln1.gain);
    byName.set(`h.${l}.ln_1.bias`, b.ln1.bias);
    put('attn.c_attn', b.qkv);
    put('attn.c_proj', b.proj);
    byName.set(`h.${l}.ln_2.weight`, b.ln2.gain);
    byName.set(`h.${l}.ln_2.bias`, b.ln2.bias);
    put('mlp.c_fc', b.fc);
    put('mlp.c_proj', b.fcProj);
  });
  for (const s of layout.specs) {
    const values = byName.get(s.name);
    if (values === undefined) throw new Error(`internal: no values for ${s.name}`);
    out.set(values.flat(), s.offset);
  }
  return out;
}

const zeros = (n: number): Vector => new Array<number>(n).fill(0);
const zerosMatrix = (rows: number, cols: number): Matrix => Array.from({ length: rows }, () => zeros(cols));
const zerosLike = (m: Matrix): Matrix => zerosMatrix(m.length, m[0]?.length ?? 0);

function zeroGradients(w: ReferenceWeights): ReferenceWeights {
  const norm = (n: Norm): Norm => ({ gain: zeros(n.gain.length), bias: zeros(n.bias.length) });
  const linear = (l: Linear): Linear => ({ w: zerosLike(l.w), b: zeros(l.b.length) });
  return {
    wte: zerosLike(w.wte),
    wpe: w.wpe === null ? null : zerosLike(w.wpe),
    blocks: w.blocks.map((b) => ({ ln1: norm(b.ln1), qkv: linear(b.qkv), proj: linear(b.proj), ln2: norm(b.ln2), fc: linear(b.fc), fcProj: linear(b.fcProj) })),
    lnf: norm(w.lnf),
    value: w.value === null ? null : { w: zeros(w.value.w.length), b: [0] },
  };
}

// ── The pieces, each with its backward right below it ──────────────────────────────────────────

/** y = x·w + b, row by row. */
function linear(x: Matrix, p: Linear): Matrix {
  return x.map((row) =>
    p.b.map((bias, o) => {
      let s = bias;
      for (let i = 0; i < row.length; i++) s += row[i] * p.w[i][o];
      return s;
    }),
  );
}

/** Given dL/dy, adds dL/dw and dL/db into `g` and returns dL/dx. */
function linearBackward(dy: Matrix, x: Matrix, p: Linear, g: Linear): Matrix {
  return dy.map((dRow, t) => {
    for (let o = 0; o < dRow.length; o++) {
      g.b[o] += dRow[o];
      for (let i = 0; i < x[t].length; i++) g.w[i][o] += x[t][i] * dRow[o];
    }
    return p.w.map((wRow) => wRow.reduce((s, wio, o) => s + wio * dRow[o], 0));
  });
}

interface NormSaved {
  /** The normalised rows (x − mean)·rstd, before gain and bias. */
  xhat: Matrix;
  rstd: Vector;
}

/** LayerNorm of each row: (x − mean)/√(var + eps) · gain + bias, with the biased variance (÷ d). */
function layerNorm(x: Matrix, p: Norm): { y: Matrix; saved: NormSaved } {
  const xhat: Matrix = [];
  const rstd: Vector = [];
  for (const row of x) {
    const d = row.length;
    const mean = row.reduce((s, v) => s + v, 0) / d;
    const variance = row.reduce((s, v) => s + (v - mean) ** 2, 0) / d;
    const r = 1 / Math.sqrt(variance + LAYER_NORM_EPS);
    rstd.push(r);
    xhat.push(row.map((v) => (v - mean) * r));
  }
  return { y: xhat.map((row) => row.map((v, j) => v * p.gain[j] + p.bias[j])), saved: { xhat, rstd } };
}

/**
 * With g = dy ⊙ gain: dx = rstd · (g − mean(g) − xhat · mean(g ⊙ xhat)). The two means are what the
 * row's mean and variance contribute: every input moved them.
 */
function layerNormBackward(dy: Matrix, s: NormSaved, p: Norm, grad: Norm): Matrix {
  return dy.map((dRow, t) => {
    const xhat = s.xhat[t];
    const d = dRow.length;
    const g = dRow.map((v, j) => v * p.gain[j]);
    const meanG = g.reduce((a, v) => a + v, 0) / d;
    const meanGX = g.reduce((a, v, j) => a + v * xhat[j], 0) / d;
    for (let j = 0; j < d; j++) {
      grad.gain[j] += dRow[j] * xhat[j];
      grad.bias[j] += dRow[j];
    }
    return g.map((v, j) => s.rstd[t] * (v - meanG - xhat[j] * meanGX));
  });
}

const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** GELU, tanh form: ½x(1 + tanh(√(2/π)(x + 0.044715x³))). */
function gelu(x: number): number {
  return 0.5 * x * (1 + Math.tanh(GELU_C * (x + GELU_A * x ** 3)));
}

/** d gelu / dx, by the product and chain rules on the formula above. */
function geluGrad(x: number): number {
  const t = Math.tanh(GELU_C * (x + GELU_A * x ** 3));
  return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GELU_C * (1 + 3 * GELU_A * x * x);
}

/**
 * Rotary positions: pair (2i, 2i+1) of a head vector at position p turns by the angle
 * p·10000^(−2i/hd), so q·k depends on the distance between the two positions only. Turning by
 * the opposite angle is the transpose of the rotation, which is its backward.
 */
function rotate(v: Vector, position: number, inverse: boolean): Vector {
  const out = v.slice();
  const hd = v.length;
  for (let i = 0; i < hd / 2; i++) {
    const angle = (inverse ? -1 : 1) * position * Math.pow(10000, (-2 * i) / hd);
    const [a, b] = [v[2 * i], v[2 * i + 1]];
    out[2 * i] = a * Math.cos(angle) - b * Math.sin(angle);
    out[2 * i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
  }
  return out;
}

interface HeadSaved {
  /** q, k (after rotation, if any) and v of every position: [t][i]. */
  q: Matrix;
  k: Matrix;
  v: Matrix;
  /** Attention probabilities p[t][s], s ≤ t. */
  p: Matrix;
}

/**
 * One head of causal attention: position t attends to positions s ≤ t with weights
 * softmax_s(q_t·k_s / √hd) and returns Σ_s p_ts v_s.
 */
function attendHead(q: Matrix, k: Matrix, v: Matrix): { y: Matrix; p: Matrix } {
  const scale = 1 / Math.sqrt(q[0].length);
  const p = q.map((qt, t) => {
    const scores = k.slice(0, t + 1).map((ks) => scale * qt.reduce((s, x, i) => s + x * ks[i], 0));
    const max = Math.max(...scores);
    const e = scores.map((s) => Math.exp(s - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / sum);
  });
  const y = p.map((pt) => v[0].map((_, i) => pt.reduce((s, pts, j) => s + pts * v[j][i], 0)));
  return { y, p };
}

/** Backward of one head: dq, dk, dv from dL/dy. Softmax: dscore_ts = p_ts (dp_ts − Σ_u p_tu dp_tu). */
function attendHeadBackward(dy: Matrix, h: HeadSaved): { dq: Matrix; dk: Matrix; dv: Matrix } {
  const hd = h.q[0].length;
  const scale = 1 / Math.sqrt(hd);
  const dq = zerosLike(h.q);
  const dk = zerosLike(h.k);
  const dv = zerosLike(h.v);
  for (let t = 0; t < dy.length; t++) {
    const dp = h.p[t].map((pts, s) => {
      for (let i = 0; i < hd; i++) dv[s][i] += pts * dy[t][i];
      return dy[t].reduce((a, g, i) => a + g * h.v[s][i], 0);
    });
    const dot = h.p[t].reduce((a, pts, s) => a + pts * dp[s], 0);
    h.p[t].forEach((pts, s) => {
      const dScore = scale * pts * (dp[s] - dot);
      for (let i = 0; i < hd; i++) {
        dq[t][i] += dScore * h.k[s][i];
        dk[s][i] += dScore * h.q[t][i];
      }
    });
  }
  return { dq, dk, dv };
}

// ── The whole model, one sequence at a time ────────────────────────────────────────────────────

interface BlockSaved {
  x: Matrix;
  ln1: { y: Matrix; saved: NormSaved };
  heads: HeadSaved[];
  y: Matrix;
  mid: Matrix;
  ln2: { y: Matrix; saved: NormSaved };
  fc: Matrix;
  act: Matrix;
}

interface SequencePass {
  tokens: number[];
  blocks: BlockSaved[];
  lnf: { y: Matrix; saved: NormSaved };
  /** logits[t] = LN_f(x)[t]·wteᵀ and probs[t] = softmax(logits[t]): the distribution over token t+1. */
  logits: Matrix;
  probs: Matrix;
}

/**
 * Per-sequence results. Row t of `logits` is the distribution over token t+1 (every position of the
 * sequence, the last one too). The other three are token-aligned like the production model's
 * outputs: entry t describes token t (predicted from position t−1), entry 0 is 0.
 */
export interface ReferencePass {
  config: GptConfig;
  weights: ReferenceWeights;
  logits: Matrix[];
  logp: Vector[];
  entropy: Vector[];
  values: Vector[];
  sequences: SequencePass[];
}

/** Per-sequence, token-aligned gradients of a loss with respect to the outputs (entry 0 unused). */
export interface ReferenceOutputGradients {
  dLogp: Vector[];
  dEntropy?: Vector[];
  dValues?: Vector[];
}

/** The forward pass of every sequence (each 1..context token ids), keeping what backward needs. */
export function referenceForward(config: GptConfig, flatParams: ArrayLike<number>, sequences: readonly (readonly number[])[]): ReferencePass {
  const w = referenceWeights(config, flatParams);
  const pass: ReferencePass = { config, weights: w, logits: [], logp: [], entropy: [], values: [], sequences: [] };
  for (const tokens of sequences) {
    if (tokens.length < 1 || tokens.length > config.context) throw new RangeError(`a sequence needs 1..${config.context} tokens, got ${tokens.length}`);
    const s = forwardSequence(config, w, [...tokens]);
    pass.sequences.push(s);
    pass.logits.push(s.logits);
    // Token alignment: token t's log-prob comes from the distribution at position t−1.
    pass.logp.push(tokens.map((tok, t) => (t === 0 ? 0 : Math.log(s.probs[t - 1][tok]))));
    pass.entropy.push(tokens.map((_, t) => (t === 0 ? 0 : entropyOf(s.probs[t - 1]))));
    const value = w.value;
    pass.values.push(tokens.map((_, t) => (t === 0 || value === null ? 0 : s.lnf.y[t - 1].reduce((a, x, j) => a + x * value.w[j], value.b[0]))));
  }
  return pass;
}

function softmax(z: Vector): Vector {
  const max = Math.max(...z);
  const e = z.map((v) => Math.exp(v - max));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

function entropyOf(p: Vector): number {
  return -p.reduce((a, pi) => a + (pi > 0 ? pi * Math.log(pi) : 0), 0);
}

function forwardSequence(config: GptConfig, w: ReferenceWeights, tokens: number[]): SequencePass {
  const d = config.dModel;
  const hd = headDim(config);
  const wpe = w.wpe;
  let x: Matrix = tokens.map((tok, t) => w.wte[tok].map((e, j) => e + (wpe === null ? 0 : wpe[t][j])));
  const blocks: BlockSaved[] = [];
  for (const b of w.blocks) {
    const ln1 = layerNorm(x, b.ln1);
    const qkv = linear(ln1.y, b.qkv);
    const heads: HeadSaved[] = [];
    const y: Matrix = tokens.map(() => zeros(d));
    for (let h = 0; h < config.heads; h++) {
      const column = (part: number, t: number): Vector => qkv[t].slice(part * d + h * hd, part * d + (h + 1) * hd);
      const turn = (v: Vector, t: number): Vector => (config.positions === 'rotary' ? rotate(v, t, false) : v);
      const q = tokens.map((_, t) => turn(column(0, t), t));
      const k = tokens.map((_, t) => turn(column(1, t), t));
      const v = tokens.map((_, t) => column(2, t));
      const out = attendHead(q, k, v);
      heads.push({ q, k, v, p: out.p });
      out.y.forEach((row, t) => row.forEach((val, i) => (y[t][h * hd + i] = val)));
    }
    const attnOut = linear(y, b.proj);
    const mid = x.map((row, t) => row.map((v, j) => v + attnOut[t][j]));
    const ln2 = layerNorm(mid, b.ln2);
    const fc = linear(ln2.y, b.fc);
    const act = fc.map((row) => row.map(gelu));
    const mlpOut = linear(act, b.fcProj);
    blocks.push({ x, ln1, heads, y, mid, ln2, fc, act });
    x = mid.map((row, t) => row.map((v, j) => v + mlpOut[t][j]));
  }
  const lnf = layerNorm(x, w.lnf);
  // The output head is the token embedding matrix itself (weight tying): logit v = n · wte[v].
  const logits = lnf.y.map((n) => w.wte.map((embedding) => n.reduce((a, x, j) => a + x * embedding[j], 0)));
  return { tokens, blocks, lnf, logits, probs: logits.map(softmax) };
}

/**
 * Backpropagates output gradients through every sequence of `pass` and returns dL/d(parameter) in
 * the model's flat layout (the same layout as `model.grads`).
 */
export function referenceBackward(pass: ReferencePass, dOut: ReferenceOutputGradients): Float64Array {
  const { config, weights: w } = pass;
  const g = zeroGradients(w);
  pass.sequences.forEach((s, b) => backwardSequence(config, w, g, s, dOut.dLogp[b], dOut.dEntropy?.[b] ?? null, dOut.dValues?.[b] ?? null));
  return flattenWeights(config, g);
}

function backwardSequence(
  config: GptConfig,
  w: ReferenceWeights,
  g: ReferenceWeights,
  s: SequencePass,
  dLogp: Vector,
  dEntropy: Vector | null,
  dValues: Vector | null,
): void {
  const T = s.tokens.length;
  const d = config.dModel;
  const hd = headDim(config);
  // Head. Position t predicts token t+1; its logits z get
  //   from log p(target):  onehot(target) − p
  //   from the entropy:    −p ⊙ (log p + H)
  // and the value head, v·n + c, sends its gradient straight into the normalised state n.
  const dLnf: Matrix = zerosMatrix(T, d);
  for (let t = 0; t + 1 < T; t++) {
    const p = s.probs[t];
    const H = entropyOf(p);
    const gl = dLogp[t + 1] ?? 0;
    const ge = dEntropy?.[t + 1] ?? 0;
    const dz = p.map((pi, v) => -gl * pi - (pi > 0 ? ge * pi * (Math.log(pi) + H) : 0));
    dz[s.tokens[t + 1]] += gl;
    const n = s.lnf.y[t];
    dz.forEach((dzv, v) => {
      for (let j = 0; j < d; j++) {
        dLnf[t][j] += dzv * w.wte[v][j];
        g.wte[v][j] += dzv * n[j];
      }
    });
    const gv = dValues?.[t + 1] ?? 0;
    if (w.value !== null && g.value !== null && gv !== 0) {
      for (let j = 0; j < d; j++) {
        dLnf[t][j] += gv * w.value.w[j];
        g.value.w[j] += gv * n[j];
      }
      g.value.b[0] += gv;
    }
  }
  let dx = layerNormBackward(dLnf, s.lnf.saved, w.lnf, g.lnf);

  // Blocks, last to first. dx is the gradient of the residual stream leaving the block.
  for (let l = config.layers - 1; l >= 0; l--) {
    const b = w.blocks[l];
    const gb = g.blocks[l];
    const a = s.blocks[l];
    // x_out = mid + gelu(LN₂(mid)·W₁ + b₁)·W₂ + b₂: the residual passes dx through unchanged.
    const dAct = linearBackward(dx, a.act, b.fcProj, gb.fcProj);
    const dFc = dAct.map((row, t) => row.map((v, j) => v * geluGrad(a.fc[t][j])));
    const dLn2 = linearBackward(dFc, a.ln2.y, b.fc, gb.fc);
    const dMidFromMlp = layerNormBackward(dLn2, a.ln2.saved, b.ln2, gb.ln2);
    const dMid = dx.map((row, t) => row.map((v, j) => v + dMidFromMlp[t][j]));
    // mid = x + y·Wo + bo, with y the heads' outputs side by side.
    const dy = linearBackward(dMid, a.y, b.proj, gb.proj);
    const dQkv: Matrix = zerosMatrix(T, 3 * d);
    a.heads.forEach((head, h) => {
      const dyHead = dy.map((row) => row.slice(h * hd, (h + 1) * hd));
      const { dq, dk, dv } = attendHeadBackward(dyHead, head);
      // q and k were rotated after the projection: their gradients rotate back.
      const unturn = (v: Vector, t: number): Vector => (config.positions === 'rotary' ? rotate(v, t, true) : v);
      for (let t = 0; t < T; t++) {
        const [gq, gk] = [unturn(dq[t], t), unturn(dk[t], t)];
        for (let i = 0; i < hd; i++) {
          dQkv[t][h * hd + i] = gq[i];
          dQkv[t][d + h * hd + i] = gk[i];
          dQkv[t][2 * d + h * hd + i] = dv[t][i];
        }
      }
    });
    const dLn1 = linearBackward(dQkv, a.ln1.y, b.qkv, gb.qkv);
    const dXFromAttn = layerNormBackward(dLn1, a.ln1.saved, b.ln1, gb.ln1);
    dx = dMid.map((row, t) => row.map((v, j) => v + dXFromAttn[t][j]));
  }

  // Embeddings: the token's row and the position's row each receive the stream's gradient.
  s.tokens.forEach((tok, t) => {
    for (let j = 0; j < d; j++) {
      g.wte[tok][j] += dx[t][j];
      if (g.wpe !== null) g.wpe[t][j] += dx[t][j];
    }
  });
}
