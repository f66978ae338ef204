import type { Engine } from '../tensor/engine.js';
import type { FloatArray } from '../tensor/float-array.js';
import { Rng } from '../tensor/rng.js';
import type { GptConfig } from './config.js';

/**
 * All parameters of a model live in ONE flat buffer (and its gradient in another of the same
 * layout), so the optimizer, gradient clipping and checkpointing are single loops over one array.
 * Names and shapes follow Hugging Face GPT-2 (Conv1D weights stored [in, out]), so a checkpoint
 * reads naturally from Python.
 */
export type InitKind = 'normal' | 'residual' | 'zeros' | 'ones';

export interface ParamSpec {
  name: string;
  shape: number[];
  offset: number;
  size: number;
  /** AdamW weight decay applies to matrices (and embeddings), not to biases or norm gains. */
  decay: boolean;
  init: InitKind;
}

export interface ParamLayout {
  specs: ParamSpec[];
  total: number;
}

export function paramLayout(config: GptConfig): ParamLayout {
  const d = config.dModel;
  const hidden = d * config.mlpRatio;
  const specs: ParamSpec[] = [];
  let offset = 0;
  const add = (name: string, shape: number[], init: InitKind): void => {
    const size = shape.reduce((a, b) => a * b, 1);
    specs.push({ name, shape, offset, size, decay: shape.length === 2, init });
    offset += size;
  };
  add('wte.weight', [config.vocab, d], 'normal');
  if (config.positions === 'learned') add('wpe.weight', [config.context, d], 'normal');
  for (let l = 0; l < config.layers; l++) {
    const p = `h.${l}.`;
    add(`${p}ln_1.weight`, [d], 'ones');
    add(`${p}ln_1.bias`, [d], 'zeros');
    add(`${p}attn.c_attn.weight`, [d, 3 * d], 'normal');
    add(`${p}attn.c_attn.bias`, [3 * d], 'zeros');
    add(`${p}attn.c_proj.weight`, [d, d], 'residual');
    add(`${p}attn.c_proj.bias`, [d], 'zeros');
    add(`${p}ln_2.weight`, [d], 'ones');
    add(`${p}ln_2.bias`, [d], 'zeros');
    add(`${p}mlp.c_fc.weight`, [d, hidden], 'normal');
    add(`${p}mlp.c_fc.bias`, [hidden], 'zeros');
    add(`${p}mlp.c_proj.weight`, [hidden, d], 'residual');
    add(`${p}mlp.c_proj.bias`, [d], 'zeros');
  }
  add('ln_f.weight', [d], 'ones');
  add('ln_f.bias', [d], 'zeros');
  if (config.valueHead) {
    // Zero-initialised so a fresh critic predicts 0 and does not disturb early PPO steps.
    add('value_head.weight', [d], 'zeros');
    add('value_head.bias', [1], 'zeros');
  }
  return { specs, total: offset };
}

export interface LayerTensors {
  ln1g: FloatArray;
  ln1b: FloatArray;
  wqkv: FloatArray;
  bqkv: FloatArray;
  wo: FloatArray;
  bo: FloatArray;
  ln2g: FloatArray;
  ln2b: FloatArray;
  w1: FloatArray;
  b1: FloatArray;
  w2: FloatArray;
  b2: FloatArray;
}

/** Named views into a flat parameter (or gradient) buffer. */
export interface ModelTensors {
  wte: FloatArray;
  /** Learned position table; null with rotary positions. */
  wpe: FloatArray | null;
  layers: LayerTensors[];
  lnfg: FloatArray;
  lnfb: FloatArray;
  valueW: FloatArray | null;
  valueB: FloatArray | null;
}

export function tensorViews(flat: FloatArray, layout: ParamLayout, config: GptConfig): ModelTensors {
  const byName = new Map(layout.specs.map((s) => [s.name, s]));
  const view = (name: string): FloatArray => {
    const s = byName.get(name);
    if (!s) throw new Error(`internal: no parameter ${name}`);
    return flat.subarray(s.offset, s.offset + s.size);
  };
  const layers: LayerTensors[] = [];
  for (let l = 0; l < config.layers; l++) {
    const p = `h.${l}.`;
    layers.push({
      ln1g: view(`${p}ln_1.weight`),
      ln1b: view(`${p}ln_1.bias`),
      wqkv: view(`${p}attn.c_attn.weight`),
      bqkv: view(`${p}attn.c_attn.bias`),
      wo: view(`${p}attn.c_proj.weight`),
      bo: view(`${p}attn.c_proj.bias`),
      ln2g: view(`${p}ln_2.weight`),
      ln2b: view(`${p}ln_2.bias`),
      w1: view(`${p}mlp.c_fc.weight`),
      b1: view(`${p}mlp.c_fc.bias`),
      w2: view(`${p}mlp.c_proj.weight`),
      b2: view(`${p}mlp.c_proj.bias`),
    });
  }
  return {
    wte: view('wte.weight'),
    wpe: config.positions === 'learned' ? view('wpe.weight') : null,
    layers,
    lnfg: view('ln_f.weight'),
    lnfb: view('ln_f.bias'),
    valueW: config.valueHead ? view('value_head.weight') : null,
    valueB: config.valueHead ? view('value_head.bias') : null,
  };
}

/** GPT-2 initialisation: N(0, 0.02); residual output projections scaled by 1/sqrt(2·layers). */
export function initParams(flat: FloatArray, layout: ParamLayout, config: GptConfig, seed: number): void {
  const rng = new Rng(seed);
  const std = 0.02;
  const residualStd = std / Math.sqrt(2 * config.layers);
  for (const s of layout.specs) {
    const v = flat.subarray(s.offset, s.offset + s.size);
    if (s.init === 'zeros') v.fill(0);
    else if (s.init === 'ones') v.fill(1);
    else {
      const sd = s.init === 'residual' ? residualStd : std;
      for (let i = 0; i < v.length; i++) v[i] = rng.normal() * sd;
    }
  }
}

export function allocParams(engine: Engine, layout: ParamLayout): FloatArray {
  return engine.alloc(layout.total);
}
